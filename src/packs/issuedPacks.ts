/** Issued packs as the API and GraphQL list them: the public kind spelling and where to fetch each again. */
import type { PartnershipState } from "../../projections/partnership.js";
import { packKindName } from "../../schemas/events/pack.js";

/** Where an issued pack is fetched again, byte for byte. */
export const issuedPackPath = (packId: string) => `/api/v1/packs/issued/${encodeURIComponent(packId)}.pdf`;

/** An issued pack as the API lists it: public kind spelling and where to download it. */
export const issuedPackOut = (p: PartnershipState["packs"][number]) => ({
  ...p,
  kind: packKindName(p.kind),
  download: issuedPackPath(p.packId),
});

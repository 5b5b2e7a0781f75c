import { z } from "zod";
import { isoDateTime, plainText } from "../common.js";
import { defineFamily, type EventOf, eventData } from "../eventDefinition.js";

export const packKind = z.enum(["sef", "dataRequest", "cases"]);

export const packFamily = defineFamily(
  "pack",
  "An evidence pack issued to inspectors, with the hash that proves what was sent.",
  {
    PackIssued: eventData(1, {
      kind: packKind,
      /** The global log position the pack was built at. */
      position: z.number().int().min(0),
      sha256: z.string().regex(/^[a-f0-9]{64}$/, "must be a lower-case hex SHA-256"),
      recipient: plainText(200),
      issuedAt: isoDateTime,
      caseIds: z.array(z.string()).max(30).optional(),
      /** What the pack was asked for (inspection, cases, options), so it can be rebuilt exactly. */
      request: z.record(z.string(), z.union([z.string(), z.boolean(), z.array(z.string())])).optional(),
    }),
  },
);

export type PackEvent = EventOf<typeof packFamily.events>;

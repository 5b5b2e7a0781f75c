/**
 * Who is calling, once their token is known: an actor, a role and — for inspectors — the one inspection
 * they are bound to; any principal may carry an expiry. Shared by HTTP, GraphQL and the pages to come.
 */
import { z } from "zod";
import { entityId, isoDateTime, role } from "../../schemas/common.js";

export const principal = z.strictObject({
  actor: z.string().trim().min(1).max(120),
  role,
  /** Inspectors only: the inspection whose data they may read. */
  inspectionId: entityId.optional(),
  /** After this moment the principal is refused (403, expired). */
  expiresAt: isoDateTime.optional(),
});

export type Principal = z.infer<typeof principal>;

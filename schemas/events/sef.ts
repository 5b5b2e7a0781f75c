import { z } from "zod";
import { criterionCode, evidenceRef, isoDate, narrative, plainText } from "../common.js";
import { defineFamily, type EventOf, eventData } from "../eventDefinition.js";

/** The parts of a good SEF entry per criterion (Stockton, Essex, Dudley style). */
export const statementKind = z.enum([
  "what good looks like",
  "current position",
  "strength",
  "impact",
  "area for development",
]);

const signatory = z.strictObject({
  name: plainText(120),
  role: plainText(120),
});

export const sefFamily = defineFamily(
  "sef",
  "The area's self-evaluation: statements per evaluation criterion, each linked to evidence, and sign-off.",
  {
    SefStatementDrafted: eventData(1, {
      statementId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "must be letters, digits, '-' or '_'"),
      criterion: criterionCode,
      kind: statementKind,
      text: narrative(4000),
      evidence: z.array(evidenceRef).max(30),
      actionRef: plainText(40).optional(),
    }),
    SefStatementRevised: eventData(1, {
      statementId: plainText(40),
      kind: statementKind.optional(),
      text: narrative(4000).optional(),
      evidence: z.array(evidenceRef).max(30).optional(),
      reason: narrative(500),
    }),
    SefStatementWithdrawn: eventData(1, {
      statementId: plainText(40),
      reason: narrative(500),
    }),
    SefSignedOff: eventData(1, {
      version: plainText(20),
      signedOn: isoDate,
      council: signatory,
      icb: signatory,
      parentCarerForum: signatory,
    }),
  },
);

export type SefEvent = EventOf<typeof sefFamily.events>;

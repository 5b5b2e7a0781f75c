import { z } from "zod";
import { entityId, isoDate, narrative, plainText } from "../common.js";
import { defineFamily, type EventOf, eventData } from "../eventDefinition.js";

export const documentKind = z.enum([
  "strategy",
  "action plan",
  "jsna",
  "minutes",
  "policy",
  "report",
  "survey",
  "case record",
  "other",
]);

export const documentFamily = defineFamily(
  "document",
  "A document held as evidence (strategy, JSNA, minutes, survey): where it is and a hash of its content.",
  {
    DocumentRegistered: eventData(1, {
      title: narrative(300),
      kind: documentKind,
      uri: plainText(1000),
      sha256: z.string().regex(/^[a-f0-9]{64}$/, "must be a lower-case hex SHA-256"),
      version: plainText(40),
      publishedOn: isoDate.optional(),
      caseId: entityId.optional(),
    }),
    DocumentSuperseded: eventData(1, {
      supersededBy: entityId,
      supersededOn: isoDate,
    }),
  },
);

export type DocumentEvent = EventOf<typeof documentFamily.events>;

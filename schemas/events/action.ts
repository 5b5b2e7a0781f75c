import { z } from "zod";
import { criterionCode, evidenceRef, isoDate, narrative, plainText, rag } from "../common.js";
import { defineFamily, type EventOf, eventData } from "../eventDefinition.js";

export const actionSource = z.strictObject({
  kind: z.enum([
    "inspection finding",
    "qa audit",
    "self-evaluation",
    "complaint or tribunal",
    "self-identified",
  ]),
  ref: plainText(200).optional(),
});

export const actionFamily = defineFamily(
  "action",
  "One action in the SEND & AP action plan (or priority action plan): raised, updated, completed with impact.",
  {
    ActionRaised: eventData(1, {
      title: narrative(300),
      priorityArea: plainText(120),
      criteria: z.array(criterionCode).min(1).max(11),
      owner: plainText(120),
      dueOn: isoDate,
      source: actionSource,
    }),
    ActionProgressUpdated: eventData(1, {
      updatedOn: isoDate,
      rag,
      narrative: narrative(4000),
      evidence: z.array(evidenceRef).max(20),
    }),
    ActionDueDateChanged: eventData(1, {
      dueOn: isoDate,
      reason: narrative(500),
    }),
    ActionCompleted: eventData(1, {
      completedOn: isoDate,
      impact: narrative(4000),
      evidence: z.array(evidenceRef).max(20),
    }),
    ActionReopened: eventData(1, {
      reopenedOn: isoDate,
      reason: narrative(1000),
    }),
  },
);

export type ActionEvent = EventOf<typeof actionFamily.events>;

import { z } from "zod";
import { caseId, entityId, isoDate, isoDateTime, narrative, plainText } from "../common.js";
import { defineFamily, type EventOf, eventData } from "../eventDefinition.js";

export const inspectionOutcome = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const inspectionFamily = defineFamily(
  "inspection",
  "One inspection: notification, items provided, cases tracked and sampled, the outcome and its follow-up dates.",
  {
    InspectionNotified: eventData(1, {
      notifiedAt: isoDateTime,
      kind: z.enum(["full", "monitoring"]),
      leadInspector: plainText(120).optional(),
    }),
    DataRequestItemProvided: eventData(1, {
      itemKey: z.string().regex(/^[a-z][a-zA-Z0-9]*$/, "must be a camelCase catalogue key"),
      providedAt: isoDateTime,
      documentId: entityId.optional(),
      note: narrative(1000).optional(),
    }),
    CasesSelectedForTracking: eventData(1, {
      selectedAt: isoDateTime,
      caseIds: z.array(caseId).min(1).max(12),
    }),
    CaseSamplingTopicSet: eventData(1, {
      setAt: isoDateTime,
      topic: narrative(300),
      caseIds: z.array(caseId).max(30),
    }),
    InspectionOutcomeRecorded: eventData(1, {
      outcome: inspectionOutcome,
      publishedOn: isoDate,
      nextFullInspectionBy: isoDate,
      monitoringInspectionBy: isoDate.optional(),
      priorityActionPlanRequired: z.boolean(),
    }),
  },
);

export type InspectionEvent = EventOf<typeof inspectionFamily.events>;

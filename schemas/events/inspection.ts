import { z } from "zod";
import { caseId, entityId, isoDate, isoDateTime, narrative, plainText } from "../common.js";
import { defineFamily, type EventOf, eventData } from "../eventDefinition.js";

export const inspectionOutcome = z.union([z.literal(1), z.literal(2), z.literal(3)]);

/**
 * The three outcomes as reports word them (area SEND framework, June 2025 handbook; DOMAIN.md §2), and what
 * follows each (the dates are worked out by `recordInspectionOutcome`).
 */
export const outcomes = {
  1: {
    wording:
      "The local area partnership's SEND arrangements typically lead to positive experiences and outcomes for children and young people with SEND. The local area partnership is taking action where improvements are needed.",
    follows: "the next full inspection, usually within about 5 years",
  },
  2: {
    wording:
      "The local area partnership's arrangements lead to inconsistent experiences and outcomes for children and young people with SEND. The local area partnership must work jointly to make improvements.",
    follows:
      "the next full inspection within about 3 years; the partnership updates and publishes its strategic plan",
  },
  3: {
    wording:
      "There are widespread and/or systemic failings leading to significant concerns about the experiences and outcomes of children and young people with SEND, which the local area partnership must address urgently.",
    follows:
      "a priority action plan to HMCI; a monitoring inspection usually about 18 months after the final report; full reinspection usually within about 3 years",
  },
} as const;

/** Which partner a report says should take forward an area for improvement ("Leaders in health should …"). */
export const improvementOwner = z.enum(["local authority", "ICB", "both"]);

/** Consent for a tracked child's records to be looked at, recorded per child (June 2025 handbook). */
export const trackingConsent = z.enum(["given", "refused"]);

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
    TrackingConsentRecorded: eventData(1, {
      caseId,
      consent: trackingConsent,
      recordedAt: isoDateTime,
    }),
    /** An area for improvement from the report, with the partner that owns it; `ref` is how actions cite it. */
    AreaForImprovementRecorded: eventData(1, {
      ref: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$/, "must be a short reference such as AFI-1"),
      text: narrative(2000),
      owner: improvementOwner,
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

/**
 * Deciders for `inspection-<id>` (and `document-<id>`, which inspections lean on). Rules: an inspection is
 * notified once and everything else follows the notification; the outcome is recorded once, with its
 * follow-up dates worked out from the publication date (DOMAIN §2).
 */
import { documentFamily } from "../../schemas/events/document.js";
import { inspectionFamily } from "../../schemas/events/inspection.js";
import { addMonths, addYears } from "../../projections/calendar.js";
import {
  command,
  type DecideContext,
  type DomainError,
  fail,
  futureDate,
  type StreamModel,
  stamp,
} from "./decision.js";

export interface InspectionState {
  notified: boolean;
  /** The notification call's moment: every item is provided after it. */
  notifiedAt?: string;
  outcomeRecorded: boolean;
  /** Children selected for tracking: consent is recorded only for them. */
  tracked?: readonly string[];
  /** References of the areas for improvement recorded. */
  improvements?: readonly string[];
}

const ev = inspectionFamily.events;

export const inspectionModel: StreamModel<InspectionState> = {
  family: "inspection",
  resource: "inspections",
  initial: () => ({ notified: false, outcomeRecorded: false }),
  evolve(state, { type, data }) {
    if (type === "InspectionNotified")
      return { ...state, notified: true, notifiedAt: (data as { notifiedAt: string }).notifiedAt };
    if (type === "InspectionOutcomeRecorded") return { ...state, outcomeRecorded: true };
    if (type === "AreaForImprovementRecorded")
      return { ...state, improvements: [...(state.improvements ?? []), (data as { ref: string }).ref] };
    if (type === "CasesSelectedForTracking")
      return { ...state, tracked: [...(state.tracked ?? []), ...(data as { caseIds: string[] }).caseIds] };
    return state;
  },
};

/** Follow-up after each outcome (approximate in the framework, so kept here in one place). */
export const outcomeFollowUp = {
  1: { nextFullInspectionYears: 5, monitoringMonths: undefined, priorityActionPlanRequired: false },
  2: { nextFullInspectionYears: 3, monitoringMonths: undefined, priorityActionPlanRequired: false },
  3: { nextFullInspectionYears: 3, monitoringMonths: 18, priorityActionPlanRequired: true },
} as const;

const leads = ["lano", "admin"] as const;
const notified = (s: InspectionState, ctx: DecideContext) =>
  s.notified ? undefined : fail("notNotified", `inspection ${ctx.streamId} has not been notified`, []);
const notFuture = (instant: string, field: string, ctx: DecideContext) =>
  futureDate({ [field]: instant.slice(0, 10) }, ctx.today);

/** Keys listed in a refusal: enough to correct a typo without printing a catalogue of 100. */
const KEYS_LISTED = 12;

/** The item must be one of the area's data-request catalogue (read by the handler: `ctx.reference`). */
function inCatalogue(itemKey: string, ctx: DecideContext): DomainError | undefined {
  const known = ctx.reference?.dataRequestItemKeys;
  if (!known) throw new Error("provideDataRequestItem is decided with the area's data-request catalogue");
  if (known.has(itemKey)) return undefined;
  if (known.size === 0)
    return fail(
      "noDataRequestCatalogue",
      "the area has no data-request catalogue yet: configure it (configure-data-request) before recording items provided",
      ["itemKey"],
    );
  const keys = [...known];
  const listed = keys.slice(0, KEYS_LISTED).join(", ") + (keys.length > KEYS_LISTED ? ", …" : "");
  return fail(
    "unknownDataRequestItem",
    `itemKey ${itemKey} is not an item of the area's data-request catalogue; its items are ${listed}`,
    ["itemKey"],
  );
}

export const inspectionCommands = [
  command({
    name: "notifyInspection",
    path: "notify",
    summary: "Record the notification call: every data-request deadline counts from this moment.",
    model: inspectionModel,
    roles: leads,
    input: ev.InspectionNotified.payload,
    decide: (input, s, ctx) =>
      s.notified
        ? fail("alreadyNotified", `inspection ${ctx.streamId} is already notified`, [])
        : (notFuture(input.notifiedAt, "notifiedAt", ctx) ?? [stamp("InspectionNotified", input)]),
  }),
  command({
    name: "provideDataRequestItem",
    path: "provide-item",
    summary:
      "Record that an item of the information request (a key of the area's data-request catalogue) was provided to inspectors.",
    model: inspectionModel,
    roles: leads,
    input: ev.DataRequestItemProvided.payload,
    needsReference: true,
    decide: (input, s, ctx) =>
      notified(s, ctx) ??
      inCatalogue(input.itemKey, ctx) ??
      (s.notifiedAt !== undefined && Date.parse(input.providedAt) < Date.parse(s.notifiedAt)
        ? fail(
            "providedBeforeNotification",
            `providedAt ${input.providedAt} is before the notification call (${s.notifiedAt})`,
            ["providedAt"],
          )
        : (notFuture(input.providedAt, "providedAt", ctx) ?? [stamp("DataRequestItemProvided", input)])),
  }),
  command({
    name: "selectCasesForTracking",
    path: "select-cases-for-tracking",
    summary: "Record the children inspectors chose to track (usually about six).",
    model: inspectionModel,
    roles: leads,
    input: ev.CasesSelectedForTracking.payload.refine((i) => new Set(i.caseIds).size === i.caseIds.length, {
      message: "a case is listed twice",
      path: ["caseIds"],
    }),
    decide: (input, s, ctx) => notified(s, ctx) ?? [stamp("CasesSelectedForTracking", input)],
  }),
  command({
    name: "recordTrackingConsent",
    path: "record-tracking-consent",
    summary: "Record consent (given or refused) for a tracked child's records to be looked at by inspectors.",
    model: inspectionModel,
    roles: leads,
    input: ev.TrackingConsentRecorded.payload,
    decide: (input, s, ctx) =>
      notified(s, ctx) ??
      notFuture(input.recordedAt, "recordedAt", ctx) ??
      (s.tracked?.includes(input.caseId)
        ? [stamp("TrackingConsentRecorded", input)]
        : fail("notTracked", `case ${input.caseId} is not selected for tracking in this inspection`, [
            "caseId",
          ])),
  }),
  command({
    name: "recordAreaForImprovement",
    path: "record-area-for-improvement",
    summary:
      "Record an area for improvement from the report and the partner that owns it (local authority, ICB or both); actions cite it as inspection finding <inspectionId>/<ref>.",
    model: inspectionModel,
    roles: leads,
    input: ev.AreaForImprovementRecorded.payload,
    decide: (input, s, ctx) =>
      notified(s, ctx) ??
      (s.improvements?.includes(input.ref)
        ? fail("alreadyRecorded", `area for improvement ${input.ref} is already recorded`, ["ref"])
        : [stamp("AreaForImprovementRecorded", input)]),
  }),
  command({
    name: "setCaseSamplingTopic",
    path: "set-case-sampling-topic",
    summary: "Record a case-sampling topic and the cases in it.",
    model: inspectionModel,
    roles: leads,
    input: ev.CaseSamplingTopicSet.payload,
    decide: (input, s, ctx) => notified(s, ctx) ?? [stamp("CaseSamplingTopicSet", input)],
  }),
  command({
    name: "recordInspectionOutcome",
    path: "record-outcome",
    summary: "Record the published outcome (1, 2 or 3); the follow-up dates are worked out.",
    model: inspectionModel,
    roles: leads,
    input: ev.InspectionOutcomeRecorded.payload.pick({ outcome: true, publishedOn: true }),
    decide: (input, s, ctx) => {
      const blocked = notified(s, ctx);
      if (blocked) return blocked;
      if (s.outcomeRecorded) return fail("outcomeRecorded", "the outcome is already recorded", ["outcome"]);
      const rule = outcomeFollowUp[input.outcome];
      return [
        stamp("InspectionOutcomeRecorded", {
          ...input,
          nextFullInspectionBy: addYears(input.publishedOn, rule.nextFullInspectionYears),
          monitoringInspectionBy: rule.monitoringMonths
            ? addMonths(input.publishedOn, rule.monitoringMonths)
            : undefined,
          priorityActionPlanRequired: rule.priorityActionPlanRequired,
        }),
      ];
    },
  }),
];

export interface DocumentState {
  registered: boolean;
  superseded: boolean;
}

export const documentModel: StreamModel<DocumentState> = {
  family: "document",
  resource: "documents",
  initial: () => ({ registered: false, superseded: false }),
  evolve(state, { type }) {
    if (type === "DocumentRegistered") return { ...state, registered: true };
    if (type === "DocumentSuperseded") return { ...state, superseded: true };
    return state;
  },
};

export const documentCommands = [
  command({
    name: "registerDocument",
    path: "register",
    summary: "Register a document as evidence: title, kind, where it is, and the SHA-256 of its content.",
    model: documentModel,
    roles: ["lano", "officer", "admin"],
    input: documentFamily.events.DocumentRegistered.payload,
    decide: (input, s, ctx) =>
      s.registered
        ? fail("documentRegistered", `document ${ctx.streamId} is already registered`, [])
        : [stamp("DocumentRegistered", input)],
  }),
  command({
    name: "supersedeDocument",
    path: "supersede",
    summary: "Mark a document as superseded by a newer one.",
    model: documentModel,
    roles: ["lano", "officer", "admin"],
    input: documentFamily.events.DocumentSuperseded.payload,
    decide: (input, s, ctx) =>
      !s.registered || s.superseded
        ? fail("documentNotCurrent", `document ${ctx.streamId} is not registered or already superseded`, [])
        : input.supersededBy === ctx.streamId
          ? fail("supersededBySelf", "a document cannot supersede itself", ["supersededBy"])
          : [stamp("DocumentSuperseded", input)],
  }),
];

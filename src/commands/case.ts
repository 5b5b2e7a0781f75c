/**
 * Deciders for `case-<id>`: registration and the statutory EHC timeline of one child or young person.
 * Rules: nothing happens to an unregistered case; a decision or plan needs the request before it; no
 * date lies in the future or before the date of birth; an amended plan, review or cessation needs an
 * active plan.
 */
import type { z } from "zod";
import type { IsoDate } from "../../schemas/common.js";
import { caseFamily } from "../../schemas/events/case.js";
import {
  command,
  type DecideContext,
  type DecidedEvent,
  type DomainError,
  fail,
  futureDate,
  type StreamModel,
  stamp,
} from "./decision.js";
import { initialPlanRule, notBefore } from "./caseDates.js";

export interface CaseState {
  registered: boolean;
  dateOfBirth?: IsoDate;
  requestedOn?: IsoDate;
  assessmentDecision?: "assess" | "refuse";
  assessmentDecidedOn?: IsoDate;
  planDecision?: "issue" | "notIssue";
  planDecidedOn?: IsoDate;
  initialIssuedOn?: IsoDate;
  activePlan: boolean;
  reviewsHeld: IsoDate[];
}

const ev = caseFamily.events;

export const caseModel: StreamModel<CaseState> = {
  family: "case",
  resource: "cases",
  initial: () => ({ registered: false, activePlan: false, reviewsHeld: [] }),
  evolve(state, { type, data }) {
    const d = data as Record<string, string | undefined>;
    switch (type) {
      case "CaseRegistered":
        return { ...state, registered: true, dateOfBirth: d.dateOfBirth };
      case "CaseDetailsCorrected":
        return d.dateOfBirth ? { ...state, dateOfBirth: d.dateOfBirth } : state;
      case "AssessmentRequested":
        // A new request starts a new statutory clock.
        return {
          ...state,
          requestedOn: d.requestedOn,
          assessmentDecision: undefined,
          assessmentDecidedOn: undefined,
          planDecision: undefined,
          planDecidedOn: undefined,
        };
      case "AssessmentDecisionRecorded":
        return {
          ...state,
          assessmentDecision: d.decision as CaseState["assessmentDecision"],
          assessmentDecidedOn: d.decidedOn,
        };
      case "PlanDecisionRecorded":
        return {
          ...state,
          planDecision: d.decision as CaseState["planDecision"],
          planDecidedOn: d.decidedOn,
        };
      case "EhcPlanIssued":
        return d.kind === "initial"
          ? { ...state, activePlan: true, initialIssuedOn: d.issuedOn }
          : { ...state, activePlan: true };
      case "AnnualReviewHeld":
        return { ...state, reviewsHeld: [...state.reviewsHeld, d.heldOn as IsoDate] };
      case "PlanCeased":
        return { ...state, activePlan: false };
      default:
        return state;
    }
  },
};

const officers = ["officer", "lano", "admin"] as const;

/** Shared checks for dated case events: registered, not in the future, not before birth. */
function datedCheck(state: CaseState, ctx: DecideContext, dates: Record<string, IsoDate | undefined>) {
  if (!state.registered) return fail("caseNotRegistered", `case ${ctx.streamId} is not registered`, []);
  const future = futureDate(dates, ctx.today);
  if (future) return future;
  for (const [name, value] of Object.entries(dates)) {
    if (value && state.dateOfBirth && value < state.dateOfBirth)
      return fail("beforeBirth", `${name} ${value} is before the date of birth`, [name]);
  }
  return undefined;
}

/** A command whose event is its input, once the common checks pass (plus an optional extra rule). */
function recordOn<I extends object>(
  type: keyof typeof ev & string,
  dates: (input: I) => Record<string, IsoDate | undefined>,
  rule?: (input: I, state: CaseState) => DomainError | undefined,
) {
  return (input: I, state: CaseState, ctx: DecideContext): DecidedEvent[] | DomainError =>
    datedCheck(state, ctx, dates(input)) ?? rule?.(input, state) ?? [stamp(type, input)];
}

export const registerCaseInput = ev.CaseRegistered.payload.omit({ caseId: true });

export const caseCommands = [
  command({
    name: "registerCase",
    path: "register",
    summary: "Register a child or young person with SEND under the area's pseudonymous case id.",
    model: caseModel,
    roles: officers,
    input: registerCaseInput,
    decide: (input, state, ctx) => {
      if (state.registered)
        return fail("caseAlreadyRegistered", `case ${ctx.streamId} is already registered`, []);
      const future = futureDate({ dateOfBirth: input.dateOfBirth }, ctx.today);
      return future ?? [stamp("CaseRegistered", { caseId: ctx.streamId, ...input })];
    },
  }),
  command({
    name: "recordSenSupport",
    path: "record-sen-support",
    summary: "Record SEN support starting (and, where known, ending).",
    model: caseModel,
    roles: officers,
    input: ev.SenSupportRecorded.payload,
    decide: recordOn(
      "SenSupportRecorded",
      (i) => ({ startedOn: i.startedOn, endedOn: i.endedOn }),
      (i) => (i.endedOn ? notBefore(i.endedOn, i.startedOn, "endedOn", "startedOn") : undefined),
    ),
  }),
  command({
    name: "recordPrimaryNeed",
    path: "record-primary-need",
    summary: "Record the primary (and secondary) type of need.",
    model: caseModel,
    roles: officers,
    input: ev.PrimaryNeedRecorded.payload,
    decide: recordOn("PrimaryNeedRecorded", (i) => ({ recordedOn: i.recordedOn })),
  }),
  command({
    name: "requestAssessment",
    path: "request-assessment",
    summary: "Record a request for an EHC needs assessment: the 20-week clock starts.",
    model: caseModel,
    roles: officers,
    input: ev.AssessmentRequested.payload,
    decide: recordOn("AssessmentRequested", (i) => ({ requestedOn: i.requestedOn })),
  }),
  command({
    name: "recordAssessmentDecision",
    path: "record-assessment-decision",
    summary: "Record the decision whether to assess (due within 6 weeks of the request).",
    model: caseModel,
    roles: officers,
    input: ev.AssessmentDecisionRecorded.payload,
    decide: recordOn(
      "AssessmentDecisionRecorded",
      (i) => ({ decidedOn: i.decidedOn }),
      (i, s) =>
        s.requestedOn
          ? notBefore(i.decidedOn, s.requestedOn, "decidedOn", "the request")
          : fail("noRequest", "there is no assessment request to decide on", ["decidedOn"]),
    ),
  }),
  command({
    name: "recordPlanDecision",
    path: "record-plan-decision",
    summary: "Record the decision, after assessment, to issue a plan or not (not to issue: within 16 weeks).",
    model: caseModel,
    roles: officers,
    input: ev.PlanDecisionRecorded.payload,
    decide: recordOn(
      "PlanDecisionRecorded",
      (i) => ({ decidedOn: i.decidedOn }),
      (i, s) =>
        s.assessmentDecision === "assess"
          ? notBefore(i.decidedOn, s.requestedOn, "decidedOn", "the request")
          : fail("notAssessed", "a plan decision needs a decision to assess first", ["decision"]),
    ),
  }),
  command({
    name: "issueEhcPlan",
    path: "issue-ehc-plan",
    summary: "Record a final EHC plan issued: initial (20 weeks from request) or amended.",
    model: caseModel,
    roles: officers,
    input: ev.EhcPlanIssued.payload,
    decide: recordOn(
      "EhcPlanIssued",
      (i) => ({ issuedOn: i.issuedOn, draftIssuedOn: i.draftIssuedOn }),
      (i, s) => {
        if (i.kind === "amended")
          return i.refusalOverturnedBy
            ? fail("noRefusal", "refusalOverturnedBy applies only to an initial plan", [
                "refusalOverturnedBy",
              ])
            : s.activePlan
              ? i.exceptions.length > 0
                ? fail("exceptionsOnAmendment", "20-week exceptions apply to initial plans only", [
                    "exceptions",
                  ])
                : undefined
              : fail("noActivePlan", "an amended plan needs an active plan", ["kind"]);
        if (s.activePlan) return fail("planAlreadyActive", "the case already has an active plan", ["kind"]);
        if (!s.requestedOn)
          return fail("noRequest", "a plan cannot be issued before an assessment request", ["issuedOn"]);
        if (s.planDecision === "notIssue")
          return fail("decidedNotToIssue", "the recorded decision was not to issue a plan", ["kind"]);
        return initialPlanRule(i, s);
      },
    ),
  }),
  command({
    name: "recordAnnualReview",
    path: "record-annual-review",
    summary: "Record an annual review meeting held (due within 12 months of issue or the last review).",
    model: caseModel,
    roles: officers,
    input: ev.AnnualReviewHeld.payload,
    decide: recordOn(
      "AnnualReviewHeld",
      (i) => ({ heldOn: i.heldOn, reportSentOn: i.reportSentOn, noticeSentOn: i.noticeSentOn }),
      (i, s) =>
        !s.activePlan
          ? fail("noActivePlan", "an annual review needs an active plan", ["heldOn"])
          : (notBefore(i.heldOn, s.initialIssuedOn, "heldOn", "the plan's issue") ??
            (i.reportSentOn
              ? notBefore(i.reportSentOn, i.heldOn, "reportSentOn", "the meeting")
              : undefined) ??
            (i.noticeSentOn
              ? notBefore(i.heldOn, i.noticeSentOn, "heldOn", "the notice of the meeting")
              : undefined)),
    ),
  }),
  command({
    name: "recordPhaseTransfer",
    path: "record-phase-transfer",
    summary: "Record a planned move between phases: the plan is reviewed and amended by the reg 18 date.",
    model: caseModel,
    roles: officers,
    input: ev.PhaseTransferPlanned.payload,
    // The move itself is usually in the future: only the plan is checked.
    decide: (input, s, ctx) =>
      (s.registered ? undefined : fail("caseNotRegistered", `case ${ctx.streamId} is not registered`, [])) ??
      (s.activePlan
        ? undefined
        : fail("noActivePlan", "a phase transfer needs an active plan", ["movesOn"])) ??
      notBefore(input.movesOn, s.initialIssuedOn, "movesOn", "the plan's issue") ?? [
        stamp("PhaseTransferPlanned", input),
      ],
  }),
  command({
    name: "proposeAmendments",
    path: "propose-amendments",
    summary: "Record proposed amendments sent after a review: the amended plan is due within 8 weeks.",
    model: caseModel,
    roles: officers,
    input: ev.AmendmentsProposed.payload,
    decide: recordOn(
      "AmendmentsProposed",
      (i) => ({ sentOn: i.sentOn }),
      (i, s) =>
        s.activePlan
          ? notBefore(i.sentOn, s.initialIssuedOn, "sentOn", "the plan's issue")
          : fail("noActivePlan", "amendments need an active plan", ["sentOn"]),
    ),
  }),
  command({
    name: "recordReviewDecision",
    path: "record-review-decision",
    summary: "Record the LA's decision after a review: maintain, amend or cease (within 4 weeks).",
    model: caseModel,
    roles: officers,
    input: ev.ReviewDecisionRecorded.payload,
    decide: recordOn(
      "ReviewDecisionRecorded",
      (i) => ({ reviewHeldOn: i.reviewHeldOn, decidedOn: i.decidedOn }),
      (i, s) =>
        s.reviewsHeld.includes(i.reviewHeldOn)
          ? notBefore(i.decidedOn, i.reviewHeldOn, "decidedOn", "the review")
          : fail("noSuchReview", `no annual review was held on ${i.reviewHeldOn}`, ["reviewHeldOn"]),
    ),
  }),
  command({
    name: "recordPlacement",
    path: "record-placement",
    summary: "Record the main (and any subsidiary) education placement, EHE or alternative provision.",
    model: caseModel,
    roles: officers,
    input: ev.PlacementRecorded.payload.superRefine((p, ctx) => {
      if (p.subsidiaryPhase && !p.mainPhase)
        ctx.addIssue({
          code: "custom",
          message: "a subsidiary placement needs a main one",
          path: ["mainPhase"],
        });
      if (p.mainUrn && !p.mainPhase)
        ctx.addIssue({
          code: "custom",
          message: "give the phase of the main establishment",
          path: ["mainPhase"],
        });
    }),
    decide: recordOn("PlacementRecorded", (i) => ({ effectiveFrom: i.effectiveFrom })),
  }),
  command({
    name: "updateSchoolRecord",
    path: "update-school-record",
    summary: "Record a year's suspensions, permanent exclusions, absence and pupil premium.",
    model: caseModel,
    roles: officers,
    input: ev.SchoolRecordUpdated.payload,
    decide: recordOn("SchoolRecordUpdated", () => ({})),
  }),
  command({
    name: "recordSocialCareStatus",
    path: "record-social-care-status",
    summary: "Record whether the child is known to children's social care, and which team.",
    model: caseModel,
    roles: officers,
    input: ev.SocialCareStatusRecorded.payload.refine((p) => p.knownToSocialCare || !p.team, {
      message: "a team only applies when the child is known to social care",
      path: ["team"],
    }),
    decide: recordOn("SocialCareStatusRecorded", (i) => ({ recordedOn: i.recordedOn })),
  }),
  command({
    name: "recordDisability",
    path: "record-disability",
    summary: "Record whether the child or young person has a disability.",
    model: caseModel,
    roles: officers,
    input: ev.DisabilityRecorded.payload,
    decide: recordOn("DisabilityRecorded", (i) => ({ recordedOn: i.recordedOn })),
  }),
  command({
    name: "ceasePlan",
    path: "cease-plan",
    summary: "Record that the EHC plan has ceased to be maintained.",
    model: caseModel,
    roles: officers,
    input: ev.PlanCeased.payload,
    decide: recordOn(
      "PlanCeased",
      (i) => ({ ceasedOn: i.ceasedOn }),
      (i, s) =>
        s.activePlan
          ? notBefore(i.ceasedOn, s.initialIssuedOn, "ceasedOn", "the plan's issue")
          : fail("noActivePlan", "there is no active plan to cease", ["ceasedOn"]),
    ),
  }),
  command({
    name: "correctCaseDetails",
    path: "correct-details",
    summary: "Correct identifiers or characteristics recorded in error (the original stays in the history).",
    model: caseModel,
    roles: officers,
    input: ev.CaseDetailsCorrected.payload.refine(
      (p) => [p.upn, p.uln, p.dateOfBirth, p.gender, p.ethnicity].some((v) => v !== undefined),
      { message: "give at least one corrected field", path: ["upn"] },
    ),
    // Only the future check: a corrected date of birth may well be earlier than the one it replaces.
    decide: (input, state, ctx) =>
      (state.registered
        ? undefined
        : fail("caseNotRegistered", `case ${ctx.streamId} is not registered`, [])) ??
      futureDate({ dateOfBirth: input.dateOfBirth }, ctx.today) ?? [stamp("CaseDetailsCorrected", input)],
  }),
];

export type RegisterCaseInput = z.infer<typeof registerCaseInput>;

/**
 * `casePack`: what inspectors read about one tracked or sampled child — the pseudonymised profile, the
 * statutory timeline with each deadline met or missed, every QA audit with its section grades and comments,
 * the actions linked to this child or their audits, and the documents held for them. Pure.
 */
import type { IsoDate } from "../schemas/common.js";
import { exceptionReasons, type TwentyWeekException } from "../schemas/events/case.js";
import { actionView, type ActionView } from "./actionPlan.js";
import { ageOn, type CaseRecord, caseStatus } from "./cases.js";
import { type ClockRules, DEFAULT_CLOCK_RULES } from "./clocks.js";
import { amendedPlanClocks, phaseTransferClocks, reviewNotices } from "./phaseTransfer.js";
import type { EvidenceState } from "./evidence.js";
import type { DocumentRecord } from "./partnership.js";
import type { AuditRecord } from "./qa.js";
import { type Clock, caseClocks } from "./timeliness.js";

export interface TimelineStep {
  step: string;
  startsOn: IsoDate;
  dueOn: IsoDate;
  doneOn?: IsoDate;
  status: Clock["status"];
  daysLate: number;
  note?: string;
}

export interface CasePack {
  caseId: string;
  asOf: IsoDate;
  profile: {
    status: string;
    age: number;
    gender: string;
    ethnicity: string;
    primaryNeed?: string;
    secondaryNeed?: string;
    phase?: string;
    alternativeProvision: boolean;
    electiveHomeEducation: boolean;
    outOfArea: boolean;
    knownToSocialCare?: boolean;
    socialCareTeam?: string;
    hasDisability?: boolean;
  };
  timeline: TimelineStep[];
  audits: AuditRecord[];
  actions: ActionView[];
  documents: DocumentRecord[];
  /**
   * The inspections that track or sample this child: "tracked in INS-1", "sampled in INS-1: topic". In an
   * inspection's own packs, that inspection's reasons come first and without its id ("tracked").
   */
  selectedFor: string[];
}

function timeline(c: CaseRecord, asOf: IsoDate, rules: ClockRules): TimelineStep[] {
  const clocks = caseClocks(c, asOf, rules);
  const steps: TimelineStep[] = [];
  const add = (step: string, clock: Clock | undefined, note?: string) => {
    if (clock) steps.push({ step, ...clock, ...(note ? { note } : {}) });
  };
  for (const r of clocks.requests) {
    add("Decision whether to assess (6 weeks)", r.decisionToAssess, `request of ${r.requestedOn}`);
    add("Decision not to issue (16 weeks)", r.decisionNotToIssue, `request of ${r.requestedOn}`);
    add("Draft EHC plan (week 16, tracked locally)", r.draftPlan, `request of ${r.requestedOn}`);
    const reps = r.representations;
    if (reps)
      steps.push({
        step: "15 days for representations on the draft (reg 13(1))",
        startsOn: reps.draftIssuedOn,
        dueOn: reps.earliestFinalOn,
        doneOn: reps.finalIssuedOn,
        status: reps.cutShort ? "missed" : "met",
        daysLate: reps.daysShort,
        note: reps.cutShort
          ? `final plan issued ${reps.daysShort} day(s) before the 15 days were up`
          : "final plan not before the 15 days were up",
      });
    const exceptions = r.finalPlan?.exceptions.length
      ? `exceptions: ${r.finalPlan.exceptions.map((e) => exceptionReasons[e as TwentyWeekException] ?? e).join("; ")}`
      : undefined;
    add("Final EHC plan (20 weeks)", r.finalPlan, exceptions ?? `request of ${r.requestedOn}`);
  }
  for (const r of clocks.reviews) {
    add("Annual review (12 months)", r.annualReview);
    add("Review report (2 weeks)", r.report, `meeting of ${r.heldOn}`);
    add("Review decision (4 weeks)", r.decision, `meeting of ${r.heldOn}`);
  }
  add("Next annual review", clocks.nextReview);
  for (const k of phaseTransferClocks(c, asOf))
    add(`Phase transfer: plan reviewed and amended (reg 18)`, k, `${k.transfer}, moving on ${k.movesOn}`);
  for (const k of amendedPlanClocks(c, asOf))
    add("Amended plan (8 weeks from the proposed amendments)", k, `amendments proposed ${k.startsOn}`);
  for (const n of reviewNotices(c, asOf))
    steps.push({
      step: "2 weeks' notice of the review meeting (reg 20)",
      startsOn: n.noticeSentOn,
      dueOn: n.earliestMeetingOn,
      doneOn: n.heldOn,
      status: n.short ? "missed" : "met",
      daysLate: n.daysShort,
      note: n.short
        ? `meeting held ${n.daysShort} day(s) before 2 weeks' notice was up`
        : "2 weeks' notice given",
    });
  // In date order (the date a step was done, or is due if not done yet), then in statutory order: a review
  // meeting before its report, a request's decision before its plan. Steps were added in statutory order.
  const when = (s: TimelineStep) => s.doneOn ?? s.dueOn;
  return steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (when(a.s) < when(b.s) ? -1 : when(a.s) > when(b.s) ? 1 : a.i - b.i))
    .map(({ s }) => s);
}

export function casePack(
  state: EvidenceState,
  caseId: string,
  asOf: IsoDate,
  selectedFor: string[] = selectionsOf(state, caseId),
  rules: ClockRules = DEFAULT_CLOCK_RULES,
): CasePack | undefined {
  const c = state.cases.byId.get(caseId);
  if (!c) return undefined;
  const audits = [...state.qa.audits.values()]
    .filter((a) => a.caseId === caseId)
    .sort((a, b) => (a.drawnOn < b.drawnOn ? -1 : 1));
  const auditIds = new Set(audits.map((a) => a.auditId));
  const actions = [...state.actions.byId.values()]
    .filter(
      (a) =>
        (a.source.ref !== undefined && (a.source.ref === caseId || auditIds.has(a.source.ref))) ||
        a.updates.some((u) => u.evidence.some((e) => e.kind === "case" && e.id === caseId)),
    )
    .map((a) => actionView(a, asOf));
  const documents = [...state.partnership.documents.values()].filter((d) => d.caseId === caseId);
  return {
    caseId,
    asOf,
    profile: {
      status: caseStatus(c),
      age: ageOn(c.dateOfBirth, asOf),
      gender: c.gender,
      ethnicity: c.ethnicity,
      ...(c.primaryNeed ? { primaryNeed: c.primaryNeed } : {}),
      ...(c.secondaryNeed ? { secondaryNeed: c.secondaryNeed } : {}),
      ...(c.placement?.mainPhase ? { phase: c.placement.mainPhase } : {}),
      alternativeProvision: Boolean(
        c.placement?.alternativeProvision || c.placement?.subsidiaryPhase === "alternative provision",
      ),
      electiveHomeEducation: Boolean(c.placement?.electiveHomeEducation),
      outOfArea: Boolean(c.placement?.outOfArea),
      ...(c.socialCare ? { knownToSocialCare: c.socialCare.knownToSocialCare } : {}),
      ...(c.socialCare?.team ? { socialCareTeam: c.socialCare.team } : {}),
      ...(c.hasDisability !== undefined ? { hasDisability: c.hasDisability } : {}),
    },
    timeline: timeline(c, asOf, rules),
    audits,
    actions,
    documents,
    selectedFor,
  };
}

/** Every inspection that selected the child for tracking or case sampling, in inspection id order. */
export function selectionsOf(state: EvidenceState, caseId: string, except?: string): string[] {
  return [...state.partnership.inspections.keys()]
    .filter((id) => id !== except)
    .sort()
    .flatMap((id) => {
      const ins = state.partnership.inspections.get(id)!;
      return [
        ...(ins.trackedCaseIds.includes(caseId) ? [`tracked in ${id}`] : []),
        ...ins.samplingTopics
          .filter((s) => s.caseIds.includes(caseId))
          .map((s) => `sampled in ${id}: ${s.topic}`),
      ];
    });
}

/** The packs for the children an inspection selected for tracking or sampling, in that order. */
export function inspectionCasePacks(
  state: EvidenceState,
  inspectionId: string,
  asOf: IsoDate,
  rules: ClockRules = DEFAULT_CLOCK_RULES,
): CasePack[] {
  const ins = state.partnership.inspections.get(inspectionId);
  if (!ins) return [];
  const reasons = new Map<string, string[]>();
  const note = (id: string, why: string) => reasons.set(id, [...(reasons.get(id) ?? []), why]);
  for (const id of ins.trackedCaseIds) note(id, "tracked");
  for (const s of ins.samplingTopics) for (const id of s.caseIds) note(id, `sampled: ${s.topic}`);
  return [...reasons].flatMap(([id, why]) => {
    const pack = casePack(state, id, asOf, [...why, ...selectionsOf(state, id, inspectionId)], rules);
    return pack ? [pack] : [];
  });
}

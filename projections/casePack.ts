/**
 * `casePack`: what inspectors read about one tracked or sampled child — the pseudonymised profile, the
 * statutory timeline with each deadline met or missed, every QA audit with its section grades and comments,
 * the actions linked to this child or their audits, and the documents held for them. Pure.
 */
import type { IsoDate } from "../schemas/common.js";
import { actionView, type ActionView } from "./actionPlan.js";
import { ageOn, type CaseRecord, caseStatus } from "./cases.js";
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
  /** Why this child is in the pack: tracked, or the sampling topics they were chosen for. */
  selectedFor: string[];
}

function timeline(c: CaseRecord, asOf: IsoDate): TimelineStep[] {
  const clocks = caseClocks(c, asOf);
  const steps: TimelineStep[] = [];
  const add = (step: string, clock: Clock | undefined, note?: string) => {
    if (clock) steps.push({ step, ...clock, ...(note ? { note } : {}) });
  };
  for (const r of clocks.requests) {
    add("Decision whether to assess (6 weeks)", r.decisionToAssess, `request of ${r.requestedOn}`);
    add("Decision not to issue (16 weeks)", r.decisionNotToIssue, `request of ${r.requestedOn}`);
    const exceptions = r.finalPlan?.exceptions.length
      ? `exceptions: ${r.finalPlan.exceptions.join(", ")}`
      : undefined;
    add("Final EHC plan (20 weeks)", r.finalPlan, exceptions ?? `request of ${r.requestedOn}`);
  }
  for (const r of clocks.reviews) {
    add("Annual review (12 months)", r.annualReview);
    add("Review report (2 weeks)", r.report, `meeting of ${r.heldOn}`);
    add("Review decision (4 weeks)", r.decision, `meeting of ${r.heldOn}`);
  }
  add("Next annual review", clocks.nextReview);
  return steps.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
}

export function casePack(
  state: EvidenceState,
  caseId: string,
  asOf: IsoDate,
  selectedFor: string[] = [],
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
    timeline: timeline(c, asOf),
    audits,
    actions,
    documents,
    selectedFor,
  };
}

/** The packs for the children an inspection selected for tracking or sampling, in that order. */
export function inspectionCasePacks(state: EvidenceState, inspectionId: string, asOf: IsoDate): CasePack[] {
  const ins = state.partnership.inspections.get(inspectionId);
  if (!ins) return [];
  const reasons = new Map<string, string[]>();
  const note = (id: string, why: string) => reasons.set(id, [...(reasons.get(id) ?? []), why]);
  for (const id of ins.trackedCaseIds) note(id, "tracked");
  for (const s of ins.samplingTopics) for (const id of s.caseIds) note(id, `sampled: ${s.topic}`);
  return [...reasons].flatMap(([id, why]) => {
    const pack = casePack(state, id, asOf, why);
    return pack ? [pack] : [];
  });
}

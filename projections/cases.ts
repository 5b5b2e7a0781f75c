/**
 * `cases`: the register of every child and young person with SEND, with the statutory timeline facts the
 * timeliness clocks, the Annex A lists and case packs are computed from.
 */
import type { IsoDate } from "../schemas/common.js";
import type { EvidenceEvent } from "../schemas/events/index.js";
import { type Fold, idOf, overStored } from "./projection.js";

export interface EhcRequest {
  requestedOn: IsoDate;
  requestedBy: string;
  assessmentDecision?: { decidedOn: IsoDate; decision: "assess" | "refuse" };
  planDecision?: { decidedOn: IsoDate; decision: "issue" | "notIssue" };
  /** The initial final plan issued for this request. */
  issued?: { issuedOn: IsoDate; draftIssuedOn?: IsoDate; exceptions: string[] };
}

export interface CaseRecord {
  caseId: string;
  upn?: string;
  uln?: string;
  dateOfBirth: IsoDate;
  gender: string;
  ethnicity: string;
  primaryNeed?: string;
  secondaryNeed?: string;
  senSupport?: { startedOn: IsoDate; endedOn?: IsoDate };
  requests: EhcRequest[];
  /** Every final plan issued, initial and amended, in order. */
  plans: { kind: "initial" | "amended"; issuedOn: IsoDate }[];
  reviews: { heldOn: IsoDate; reportSentOn?: IsoDate; decision?: { decidedOn: IsoDate; decision: string } }[];
  ceased?: { ceasedOn: IsoDate; reason: string };
  placement?: {
    effectiveFrom: IsoDate;
    mainUrn?: string;
    mainPhase?: string;
    subsidiaryPhase?: string;
    electiveHomeEducation: boolean;
    alternativeProvision: boolean;
    outOfArea: boolean;
  };
  schoolRecord?: {
    academicYear: string;
    suspensions: number;
    permanentExclusions: number;
    absencePercent: number;
    pupilPremium: boolean;
  };
  socialCare?: { knownToSocialCare: boolean; team?: string; recordedOn: IsoDate };
  hasDisability?: boolean;
  registeredAt: string;
  lastChangedAt: string;
  lastPosition: number;
}

export type CaseStatus = "ehcPlan" | "senSupport" | "ceased" | "none";

export interface CasesState {
  /** By case id: a `Map`, since an id may be any name the id grammar allows (`__proto__`, `toString`). */
  byId: Map<string, CaseRecord>;
}

/** The statutory request a decision or plan belongs to: the latest one. */
const currentRequest = (c: CaseRecord) => c.requests[c.requests.length - 1];

export const casesFold: Fold<CasesState> = {
  name: "cases",
  version: 2,
  initial: () => ({ byId: new Map() }),
  apply(state, event: EvidenceEvent) {
    if (!event.stream.startsWith("case-")) return state;
    const id = idOf(event.stream);
    if (event.type === "CaseRegistered") {
      const d = event.data;
      state.byId.set(id, {
        caseId: id,
        ...(d.upn ? { upn: d.upn } : {}),
        ...(d.uln ? { uln: d.uln } : {}),
        dateOfBirth: d.dateOfBirth,
        gender: d.gender,
        ethnicity: d.ethnicity,
        requests: [],
        plans: [],
        reviews: [],
        registeredAt: event.recordedAt,
        lastChangedAt: event.recordedAt,
        lastPosition: event.position,
      });
      return state;
    }
    const c = state.byId.get(id);
    if (!c) return state;
    c.lastChangedAt = event.recordedAt;
    c.lastPosition = event.position;
    switch (event.type) {
      case "CaseDetailsCorrected": {
        const d = event.data;
        if (d.upn !== undefined) c.upn = d.upn;
        if (d.uln !== undefined) c.uln = d.uln;
        if (d.dateOfBirth !== undefined) c.dateOfBirth = d.dateOfBirth;
        if (d.gender !== undefined) c.gender = d.gender;
        if (d.ethnicity !== undefined) c.ethnicity = d.ethnicity;
        break;
      }
      case "PrimaryNeedRecorded":
        c.primaryNeed = event.data.need;
        if (event.data.secondaryNeed) c.secondaryNeed = event.data.secondaryNeed;
        else delete c.secondaryNeed;
        break;
      case "SenSupportRecorded": {
        const d = event.data;
        c.senSupport = { startedOn: d.startedOn, ...(d.endedOn ? { endedOn: d.endedOn } : {}) };
        break;
      }
      case "AssessmentRequested":
        c.requests.push({ requestedOn: event.data.requestedOn, requestedBy: event.data.requestedBy });
        break;
      case "AssessmentDecisionRecorded": {
        const r = currentRequest(c);
        if (r) r.assessmentDecision = { decidedOn: event.data.decidedOn, decision: event.data.decision };
        break;
      }
      case "PlanDecisionRecorded": {
        const r = currentRequest(c);
        if (r) r.planDecision = { decidedOn: event.data.decidedOn, decision: event.data.decision };
        break;
      }
      case "EhcPlanIssued": {
        const d = event.data;
        c.plans.push({ kind: d.kind, issuedOn: d.issuedOn });
        const r = currentRequest(c);
        if (d.kind === "initial" && r && !r.issued)
          r.issued = {
            issuedOn: d.issuedOn,
            ...(d.draftIssuedOn ? { draftIssuedOn: d.draftIssuedOn } : {}),
            exceptions: d.exceptions ?? [],
          };
        if (d.kind === "initial") delete c.ceased;
        break;
      }
      case "AnnualReviewHeld": {
        const d = event.data;
        c.reviews.push({ heldOn: d.heldOn, ...(d.reportSentOn ? { reportSentOn: d.reportSentOn } : {}) });
        break;
      }
      case "ReviewDecisionRecorded": {
        const d = event.data;
        const review = c.reviews.find((r) => r.heldOn === d.reviewHeldOn);
        if (review) review.decision = { decidedOn: d.decidedOn, decision: d.decision };
        break;
      }
      case "PlanCeased":
        c.ceased = { ceasedOn: event.data.ceasedOn, reason: event.data.reason };
        break;
      case "PlacementRecorded": {
        const d = event.data;
        c.placement = {
          effectiveFrom: d.effectiveFrom,
          ...(d.mainUrn ? { mainUrn: d.mainUrn } : {}),
          ...(d.mainPhase ? { mainPhase: d.mainPhase } : {}),
          ...(d.subsidiaryPhase ? { subsidiaryPhase: d.subsidiaryPhase } : {}),
          electiveHomeEducation: d.electiveHomeEducation,
          alternativeProvision: d.alternativeProvision,
          outOfArea: d.outOfArea,
        };
        break;
      }
      case "SchoolRecordUpdated": {
        const d = event.data;
        c.schoolRecord = {
          academicYear: d.academicYear,
          suspensions: d.suspensions,
          permanentExclusions: d.permanentExclusions,
          absencePercent: d.absencePercent,
          pupilPremium: d.pupilPremium,
        };
        break;
      }
      case "SocialCareStatusRecorded": {
        const d = event.data;
        c.socialCare = {
          knownToSocialCare: d.knownToSocialCare,
          ...(d.team ? { team: d.team } : {}),
          recordedOn: d.recordedOn,
        };
        break;
      }
      case "DisabilityRecorded":
        c.hasDisability = event.data.hasDisability;
        break;
    }
    return state;
  },
};

/** The register on its own, over stored events (the case import folds one stream with it). */
export const casesProjection = overStored(casesFold);

/** EHC plan, SEN support, ceased, or nothing recorded yet. */
export function caseStatus(c: CaseRecord): CaseStatus {
  if (c.plans.length > 0) return c.ceased ? "ceased" : "ehcPlan";
  if (c.senSupport && !c.senSupport.endedOn) return "senSupport";
  return c.ceased ? "ceased" : "none";
}

/** Age in whole years on a date. */
export function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

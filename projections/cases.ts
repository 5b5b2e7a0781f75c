/**
 * `cases`: the register of every child and young person with SEND, with the statutory timeline facts the
 * timeliness clocks, the Annex A lists and case packs are computed from.
 */
import type { IsoDate } from "../schemas/common.js";
import type { RecordedEvent } from "../schemas/envelope.js";
import { idOf, type Projection } from "./projection.js";

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
  reviews: {
    heldOn: IsoDate;
    reportSentOn?: IsoDate;
    noticeSentOn?: IsoDate;
    decision?: { decidedOn: IsoDate; decision: string };
  }[];
  /** Moves between phases planned (reg 18), in the order recorded (projections/phaseTransfer.ts). */
  phaseTransfers?: { transfer: string; movesOn: IsoDate }[];
  /** Dates proposed amendments were sent after a review: each starts the 8-week amended-plan clock. */
  amendmentsProposed?: IsoDate[];
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
  byId: Record<string, CaseRecord>;
}

type D = Record<string, unknown>;
const str = (d: D, k: string) => d[k] as string;

/** The statutory request a decision or plan belongs to: the latest one. */
const currentRequest = (c: CaseRecord) => c.requests[c.requests.length - 1];

export const casesProjection: Projection<CasesState> = {
  name: "cases",
  version: 1,
  initial: () => ({ byId: {} }),
  apply(state, event: RecordedEvent) {
    if (!event.stream.startsWith("case-")) return state;
    const d = event.data as D;
    const id = idOf(event.stream);
    if (event.type === "CaseRegistered") {
      state.byId[id] = {
        caseId: id,
        ...(d.upn ? { upn: str(d, "upn") } : {}),
        ...(d.uln ? { uln: str(d, "uln") } : {}),
        dateOfBirth: str(d, "dateOfBirth"),
        gender: str(d, "gender"),
        ethnicity: str(d, "ethnicity"),
        requests: [],
        plans: [],
        reviews: [],
        registeredAt: event.recordedAt,
        lastChangedAt: event.recordedAt,
        lastPosition: event.position,
      };
      return state;
    }
    const c = state.byId[id];
    if (!c) return state;
    c.lastChangedAt = event.recordedAt;
    c.lastPosition = event.position;
    switch (event.type) {
      case "CaseDetailsCorrected":
        for (const k of ["upn", "uln", "dateOfBirth", "gender", "ethnicity"] as const)
          if (d[k] !== undefined) c[k] = str(d, k);
        break;
      case "PrimaryNeedRecorded":
        c.primaryNeed = str(d, "need");
        if (d.secondaryNeed) c.secondaryNeed = str(d, "secondaryNeed");
        else delete c.secondaryNeed;
        break;
      case "SenSupportRecorded":
        c.senSupport = {
          startedOn: str(d, "startedOn"),
          ...(d.endedOn ? { endedOn: str(d, "endedOn") } : {}),
        };
        break;
      case "AssessmentRequested":
        c.requests.push({ requestedOn: str(d, "requestedOn"), requestedBy: str(d, "requestedBy") });
        break;
      case "AssessmentDecisionRecorded": {
        const r = currentRequest(c);
        if (r)
          r.assessmentDecision = {
            decidedOn: str(d, "decidedOn"),
            decision: d.decision as "assess" | "refuse",
          };
        break;
      }
      case "PlanDecisionRecorded": {
        const r = currentRequest(c);
        if (r)
          r.planDecision = { decidedOn: str(d, "decidedOn"), decision: d.decision as "issue" | "notIssue" };
        break;
      }
      case "EhcPlanIssued": {
        const kind = d.kind as "initial" | "amended";
        c.plans.push({ kind, issuedOn: str(d, "issuedOn") });
        const r = currentRequest(c);
        if (kind === "initial" && r && !r.issued)
          r.issued = {
            issuedOn: str(d, "issuedOn"),
            ...(d.draftIssuedOn ? { draftIssuedOn: str(d, "draftIssuedOn") } : {}),
            exceptions: (d.exceptions as string[]) ?? [],
          };
        if (kind === "initial") delete c.ceased;
        break;
      }
      case "AnnualReviewHeld":
        c.reviews.push({
          heldOn: str(d, "heldOn"),
          ...(d.reportSentOn ? { reportSentOn: str(d, "reportSentOn") } : {}),
          ...(d.noticeSentOn ? { noticeSentOn: str(d, "noticeSentOn") } : {}),
        });
        break;
      case "PhaseTransferPlanned":
        (c.phaseTransfers ??= []).push({ transfer: str(d, "transfer"), movesOn: str(d, "movesOn") });
        break;
      case "AmendmentsProposed":
        (c.amendmentsProposed ??= []).push(str(d, "sentOn"));
        break;
      case "ReviewDecisionRecorded": {
        const review = c.reviews.find((r) => r.heldOn === d.reviewHeldOn);
        if (review) review.decision = { decidedOn: str(d, "decidedOn"), decision: str(d, "decision") };
        break;
      }
      case "PlanCeased":
        c.ceased = { ceasedOn: str(d, "ceasedOn"), reason: str(d, "reason") };
        break;
      case "PlacementRecorded":
        c.placement = {
          effectiveFrom: str(d, "effectiveFrom"),
          ...(d.mainUrn ? { mainUrn: str(d, "mainUrn") } : {}),
          ...(d.mainPhase ? { mainPhase: str(d, "mainPhase") } : {}),
          ...(d.subsidiaryPhase ? { subsidiaryPhase: str(d, "subsidiaryPhase") } : {}),
          electiveHomeEducation: d.electiveHomeEducation as boolean,
          alternativeProvision: d.alternativeProvision as boolean,
          outOfArea: d.outOfArea as boolean,
        };
        break;
      case "SchoolRecordUpdated":
        c.schoolRecord = {
          academicYear: str(d, "academicYear"),
          suspensions: d.suspensions as number,
          permanentExclusions: d.permanentExclusions as number,
          absencePercent: d.absencePercent as number,
          pupilPremium: d.pupilPremium as boolean,
        };
        break;
      case "SocialCareStatusRecorded":
        c.socialCare = {
          knownToSocialCare: d.knownToSocialCare as boolean,
          ...(d.team ? { team: str(d, "team") } : {}),
          recordedOn: str(d, "recordedOn"),
        };
        break;
      case "DisabilityRecorded":
        c.hasDisability = d.hasDisability as boolean;
        break;
    }
    return state;
  },
};

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

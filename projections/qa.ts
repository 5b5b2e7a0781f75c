/** `qa`: every EHC plan QA audit with its sample, auditors, section grades, submission and moderation. */
import type { Grade } from "../schemas/common.js";
import { idOf, type Projection } from "./projection.js";

export interface SectionResult {
  grade: Grade;
  derivedGrade: Grade;
  criteriaMet: string[];
  criteriaNotMet: string[];
  comment?: string;
  overrideReason?: string;
}

export interface AuditRecord {
  auditId: string;
  caseId: string;
  reason: string;
  theme?: string;
  drawnOn: string;
  auditors: { auditor: string; agency: string }[];
  sections: Record<string, SectionResult | { notApplicable: string }>;
  submitted?: { submittedOn: string; overallGrade: Grade; derivedOverallGrade: Grade; summary?: string };
  moderation?: {
    moderatedOn: string;
    moderator: string;
    agreed: boolean;
    moderatedGrade: Grade;
    comment?: string;
  };
  lastChangedAt: string;
  /** The actors (event metadata) who drew, rated or submitted the audit: who may not moderate it. */
  actors: string[];
}

export interface QaState {
  audits: Record<string, AuditRecord>;
}

type D = Record<string, unknown>;

export const qaProjection: Projection<QaState> = {
  name: "qa",
  version: 2,
  initial: () => ({ audits: {} }),
  apply(state, event) {
    if (!event.stream.startsWith("qa-")) return state;
    const d = event.data as D;
    const id = idOf(event.stream);
    if (event.type === "QaSampleDrawn") {
      state.audits[id] = {
        auditId: id,
        caseId: d.caseId as string,
        reason: d.reason as string,
        ...(d.theme ? { theme: d.theme as string } : {}),
        drawnOn: d.drawnOn as string,
        auditors: [],
        sections: {},
        lastChangedAt: event.recordedAt,
        actors: [event.metadata.actor],
      };
      return state;
    }
    const a = state.audits[id];
    if (!a) return state;
    a.lastChangedAt = event.recordedAt;
    if (event.type !== "QaAuditModerated" && !a.actors.includes(event.metadata.actor))
      a.actors.push(event.metadata.actor);
    switch (event.type) {
      case "QaAuditorAssigned":
        a.auditors.push({ auditor: d.auditor as string, agency: d.agency as string });
        break;
      case "QaSectionRated": {
        const { section, schemaVersion: _v, ...result } = d;
        a.sections[section as string] = result as unknown as SectionResult;
        break;
      }
      case "QaSectionNotApplicable":
        a.sections[d.section as string] = { notApplicable: d.reason as string };
        break;
      case "QaAuditSubmitted":
        a.submitted = {
          submittedOn: d.submittedOn as string,
          overallGrade: d.overallGrade as Grade,
          derivedOverallGrade: d.derivedOverallGrade as Grade,
          ...(d.summary ? { summary: d.summary as string } : {}),
        };
        break;
      case "QaAuditModerated":
        a.moderation = {
          moderatedOn: d.moderatedOn as string,
          moderator: d.moderator as string,
          agreed: d.agreed as boolean,
          moderatedGrade: d.moderatedGrade as Grade,
          ...(d.comment ? { comment: d.comment as string } : {}),
        };
        break;
    }
    return state;
  },
};

/** The grade that stands for an audit: the moderated one if moderated, else the submitted one. */
export const standingGrade = (a: AuditRecord): Grade | undefined =>
  a.moderation?.moderatedGrade ?? a.submitted?.overallGrade;

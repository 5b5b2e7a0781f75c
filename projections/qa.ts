/** `qa`: every EHC plan QA audit with its sample, auditors, section grades, submission and moderation. */
import type { Grade, PlanSection } from "../schemas/common.js";
import type { EvidenceEvent } from "../schemas/events/index.js";
import { legacyChecklistVersion } from "../schemas/qaChecklist.js";
import { type Fold, idOf, overStored } from "./projection.js";

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
  /** The QA checklist version the audit was rated against; "legacy" for free-text criteria. */
  checklistVersion: string;
  auditors: { auditor: string; agency: string }[];
  /** By plan section (an enum of the schema, so never a name `Object.prototype` has). */
  sections: Partial<Record<PlanSection, SectionResult | { notApplicable: string }>>;
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
  /** By audit id: a `Map`, since an id may be any name the id grammar allows (`__proto__`, `valueOf`). */
  audits: Map<string, AuditRecord>;
}

export const qaFold: Fold<QaState> = {
  name: "qa",
  version: 3,
  initial: () => ({ audits: new Map() }),
  apply(state, event: EvidenceEvent) {
    if (!event.stream.startsWith("qa-")) return state;
    const id = idOf(event.stream);
    if (event.type === "QaSampleDrawn") {
      const d = event.data;
      state.audits.set(id, {
        auditId: id,
        caseId: d.caseId,
        reason: d.reason,
        ...(d.theme ? { theme: d.theme } : {}),
        drawnOn: d.drawnOn,
        checklistVersion: d.checklistVersion ?? legacyChecklistVersion,
        auditors: [],
        sections: {},
        lastChangedAt: event.recordedAt,
        actors: [event.metadata.actor],
      });
      return state;
    }
    const a = state.audits.get(id);
    if (!a) return state;
    a.lastChangedAt = event.recordedAt;
    if (event.type !== "QaAuditModerated" && !a.actors.includes(event.metadata.actor))
      a.actors.push(event.metadata.actor);
    switch (event.type) {
      case "QaAuditorAssigned":
        a.auditors.push({ auditor: event.data.auditor, agency: event.data.agency });
        break;
      case "QaSectionRated": {
        const { section, schemaVersion: _v, ...result } = event.data;
        a.sections[section] = result;
        break;
      }
      case "QaSectionNotApplicable":
        a.sections[event.data.section] = { notApplicable: event.data.reason };
        break;
      case "QaAuditSubmitted": {
        const d = event.data;
        a.submitted = {
          submittedOn: d.submittedOn,
          overallGrade: d.overallGrade,
          derivedOverallGrade: d.derivedOverallGrade,
          ...(d.summary ? { summary: d.summary } : {}),
        };
        break;
      }
      case "QaAuditModerated": {
        const d = event.data;
        a.moderation = {
          moderatedOn: d.moderatedOn,
          moderator: d.moderator,
          agreed: d.agreed,
          moderatedGrade: d.moderatedGrade,
          ...(d.comment ? { comment: d.comment } : {}),
        };
        break;
      }
    }
    return state;
  },
};

/** The audits on their own, over stored events. */
export const qaProjection = overStored(qaFold);

/** The grade that stands for an audit: the moderated one if moderated, else the submitted one. */
export const standingGrade = (a: AuditRecord): Grade | undefined =>
  a.moderation?.moderatedGrade ?? a.submitted?.overallGrade;

/**
 * The audit form as view models: the task list of sections A–K with each one's status, one section's
 * checklist criteria as checkboxes, and "check your answers" with the grades. Pure. Grades come from the
 * recorded events and, before submission, the overall grade from the deciders' own `deriveOverallGrade`.
 */
import type { AuditRecord } from "../../projections/qa.js";
import { type Grade, type PlanSection, planSection } from "../../schemas/common.js";
import {
  checklistCatalogues,
  criterionLabel,
  optionalSections,
  type QaChecklist,
  sectionCriteria,
  sendCode2015,
} from "../../schemas/qaChecklist.js";
import { deriveOverallGrade } from "../commands/qaGrading.js";
import { onDay } from "./when.js";

export type SectionStatus = "not started" | "in progress" | "completed" | "not applicable";

/** What an auditor has ticked and typed on a section page but not yet saved as a rating. */
export interface SectionDraft {
  met: string[];
  comment: string;
  applies: "yes" | "no";
  reason: string;
}

const GRADE_TAGS = new Map<Grade, string>([
  ["outstanding", "govuk-tag--green"],
  ["good", "govuk-tag--turquoise"],
  ["requires improvement", "govuk-tag--orange"],
  ["inadequate", "govuk-tag--red"],
]);
export const gradeTag = (g: Grade | undefined) => (g ? (GRADE_TAGS.get(g) ?? "") : "");

const STATUS_TAGS = new Map<SectionStatus, string>([
  ["not started", "govuk-tag--blue"],
  ["in progress", "govuk-tag--light-blue"],
  ["not applicable", "govuk-tag--grey"],
]);

/** The audit's own checklist (legacy audits have none: the default names the sections). */
const checklistOf = (a: AuditRecord): QaChecklist | undefined => checklistCatalogues.get(a.checklistVersion);

export function sectionTitle(a: AuditRecord, section: PlanSection): string {
  const c = checklistOf(a) ?? sendCode2015;
  return c.sections.find((s) => s.section === section)?.title ?? `Section ${section}`;
}

const path = (a: AuditRecord) => `/audits/${encodeURIComponent(a.auditId)}`;

/** The audit's facts shown above every audit page. */
export function auditFacts(a: AuditRecord) {
  return {
    auditId: a.auditId,
    caseId: a.caseId,
    reason: a.theme ? `${a.reason}: ${a.theme}` : a.reason,
    drawnOn: onDay(a.drawnOn),
    checklistVersion: a.checklistVersion,
    auditors: a.auditors.map((x) => `${x.auditor} (${x.agency})`).join(", ") || "none assigned",
    href: path(a),
  };
}

function statusOf(a: AuditRecord, section: PlanSection, drafted: boolean): SectionStatus {
  const r = a.sections[section];
  if (r) return "notApplicable" in r ? "not applicable" : "completed";
  return drafted ? "in progress" : "not started";
}

/** The task list: every section, its status and (rated) grade, linking to its page. */
export function taskList(a: AuditRecord, drafted: (s: PlanSection) => boolean, linkSuffix = "") {
  const items = planSection.options.map((section) => {
    const r = a.sections[section];
    const status = statusOf(a, section, drafted(section));
    return {
      section,
      title: `${section}. ${sectionTitle(a, section)}`,
      href: linkSuffix
        ? `${path(a)}/check${linkSuffix}#section-${section}`
        : `${path(a)}/sections/${section}`,
      status,
      statusTag: STATUS_TAGS.get(status),
      hint: r && "grade" in r ? `Graded ${r.grade}` : r && "notApplicable" in r ? r.notApplicable : undefined,
    };
  });
  return {
    items,
    done: items.filter((i) => i.status === "completed" || i.status === "not applicable").length,
    total: items.length,
  };
}

/** One section's page: its criteria as checkboxes (plain words, the paragraph as hint), as saved or drafted. */
export function sectionForm(a: AuditRecord, section: PlanSection, draft?: SectionDraft) {
  const checklist = checklistOf(a);
  const recorded = a.sections[section];
  const rated = recorded && "grade" in recorded ? recorded : undefined;
  const notApplicable = recorded && "notApplicable" in recorded ? recorded.notApplicable : undefined;
  const met = draft?.met ?? rated?.criteriaMet ?? [];
  const index = planSection.options.indexOf(section);
  return {
    section,
    title: sectionTitle(a, section),
    ratable: checklist !== undefined,
    optional: optionalSections.includes(section),
    criteria: (checklist ? sectionCriteria(checklist, section) : []).map((c) => ({
      value: c.id,
      text: `${c.id} ${c.text}`,
      hint: { text: c.source },
      checked: met.includes(c.id),
    })),
    values: {
      comment: draft?.comment ?? rated?.comment ?? "",
      applies: draft?.applies ?? (notApplicable !== undefined ? "no" : "yes"),
      reason: draft?.reason ?? notApplicable ?? "",
    },
    grade: rated
      ? { grade: rated.grade, derived: rated.derivedGrade, tag: gradeTag(rated.grade) }
      : undefined,
    previous: index > 0 ? planSection.options[index - 1] : undefined,
    next: planSection.options[index + 1],
  };
}

/** Check your answers (or, once submitted, the audit as submitted): every section with its grade. */
export function checkAnswers(a: AuditRecord) {
  const rows = planSection.options.map((section) => {
    const r = a.sections[section];
    const base = { section, title: `${section}. ${sectionTitle(a, section)}` };
    if (!r) return { ...base, state: "missing" as const };
    if ("notApplicable" in r) return { ...base, state: "not applicable" as const, reason: r.notApplicable };
    return {
      ...base,
      state: "rated" as const,
      grade: r.grade,
      derivedGrade: r.derivedGrade,
      tag: gradeTag(r.grade),
      met: r.criteriaMet.map((id) => criterionLabel(a.checklistVersion, id)),
      notMet: r.criteriaNotMet.map((id) => criterionLabel(a.checklistVersion, id)),
      comment: r.comment,
      overrideReason: r.overrideReason,
    };
  });
  const rated = new Map<PlanSection, Grade>();
  for (const section of planSection.options) {
    const r = a.sections[section];
    if (r && "grade" in r) rated.set(section, r.grade);
  }
  const missing = rows.filter((r) => r.state === "missing");
  const derived = a.submitted?.derivedOverallGrade ?? deriveOverallGrade(rated);
  const overall = a.submitted?.overallGrade ?? derived;
  return {
    rows,
    missing: missing.map((r) => ({ section: r.section, title: r.title })),
    overall: { grade: overall, derived, tag: gradeTag(overall), final: a.submitted !== undefined },
    submitted: a.submitted ? { on: onDay(a.submitted.submittedOn), summary: a.submitted.summary } : undefined,
    moderation: a.moderation
      ? {
          on: onDay(a.moderation.moderatedOn),
          moderator: a.moderation.moderator,
          agreed: a.moderation.agreed,
          grade: a.moderation.moderatedGrade,
          tag: gradeTag(a.moderation.moderatedGrade),
          comment: a.moderation.comment,
        }
      : undefined,
  };
}

/** The error summary when submission is refused for sections not done: each names its section and links to it. */
export function missingSectionErrors(a: AuditRecord) {
  return checkAnswers(a).missing.map((m) => ({
    text: `Section ${m.title} is not rated or marked not applicable`,
    href: `${path(a)}/sections/${m.section}`,
  }));
}

/**
 * How a grade follows from an auditor's ticks. Each section's criteria are met or not met; the share met
 * gives the section grade, and the section grades give the overall grade. The thresholds are the
 * project's documented default (docs/EVENTS.md); an auditor may override either grade with a reason.
 */
import type { Grade, PlanSection } from "../../schemas/common.js";

export const gradeScale: readonly Grade[] = ["inadequate", "requires improvement", "good", "outstanding"];
const score = (g: Grade) => gradeScale.indexOf(g) + 1;

/**
 * How a catalogue turns ticks into a section grade.
 * - `allButOne` (catalogues of 3–6 criteria a section): every criterion met outstanding, all but one good,
 *   at least a third requires improvement, fewer inadequate. So every grade is reachable at every size
 *   (3 criteria: 3 met O, 2 G, 1 RI, 0 I); a share rule cannot do that with 3 (2 of 3 is 67%, below any
 *   "good" threshold a 10-criterion list would want). Table by size in `docs/QA-CHECKLIST.md`.
 * - `shareMet` (the legacy free-text checklist, whatever its length): ≥ 90% outstanding, ≥ 70% good,
 *   ≥ 40% requires improvement, else inadequate. Kept so audits recorded under it keep their grades.
 */
export type GradingRule = "allButOne" | "shareMet";

export function deriveSectionGrade(met: number, notMet: number, rule: GradingRule = "shareMet"): Grade {
  const total = met + notMet;
  if (total === 0) return "inadequate";
  if (rule === "allButOne") {
    if (notMet === 0) return "outstanding";
    if (notMet === 1 && met > 0) return "good";
    return met * 3 >= total ? "requires improvement" : "inadequate";
  }
  const share = met / total;
  if (share >= 0.9) return "outstanding";
  if (share >= 0.7) return "good";
  if (share >= 0.4) return "requires improvement";
  return "inadequate";
}

/** The sections that carry the golden thread: needs (B), outcomes (E) and provision (F). */
export const coreSections: readonly PlanSection[] = ["B", "E", "F"];

/**
 * Overall grade: the mean section score (1 inadequate … 4 outstanding), rounded half down, but never
 * better than "requires improvement" when a core section (B, E or F) is inadequate.
 */
export function deriveOverallGrade(sections: ReadonlyMap<PlanSection, Grade>): Grade {
  const grades = [...sections.values()];
  if (grades.length === 0) return "inadequate";
  const mean = grades.reduce((sum, g) => sum + score(g), 0) / grades.length;
  let overall = gradeScale[Math.max(0, Math.ceil(mean - 0.5) - 1)] ?? "inadequate";
  const coreInadequate = coreSections.some((s) => sections.get(s) === "inadequate");
  if (coreInadequate && score(overall) > score("requires improvement")) overall = "requires improvement";
  return overall;
}

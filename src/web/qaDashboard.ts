/**
 * The QA dashboard as a view model: the QA summary read model (the same `qaSummary` GraphQL serves) as
 * tables of grade counts by section, primary need and school phase, each row with a stacked bar drawn as
 * server-side SVG (decorative: the numbers are in the table), the coverage of new plans against the
 * sampling target, and how often moderators agreed. Pure: the caller passes the folded moment and date.
 */
import { twelveMonthsEndingOn } from "../../projections/clocks.js";
import type { EvidenceState } from "../../projections/evidence.js";
import { GRADES, type GradeCounts, qaSummary } from "../../projections/qaSummary.js";
import type { Grade, PlanSection } from "../../schemas/common.js";
import { sendCode2015 } from "../../schemas/qaChecklist.js";
import type { Folded } from "../runner/runner.js";
import { NEED_NAMES } from "./caseSearch.js";
import { onDay } from "./when.js";

/** The bar's width in SVG units; a row's segments share it in proportion to their counts. */
export const BAR_WIDTH = 200;

/** GOV.UK colours, one per grade, in the order of GRADES (best first). */
export const GRADE_COLOURS = new Map<Grade, string>([
  ["outstanding", "#00703c"],
  ["good", "#1d70b8"],
  ["requires improvement", "#f47738"],
  ["inadequate", "#d4351c"],
]);

/** A row's stacked bar: one segment per grade with a count, left to right. */
export function gradeBar(c: GradeCounts) {
  let x = 0;
  const segments: { grade: Grade; x: number; width: number; colour: string }[] = [];
  for (const g of GRADES) {
    if (c.total === 0 || c[g] === 0) continue;
    const width = (c[g] / c.total) * BAR_WIDTH;
    segments.push({ grade: g, x: round(x), width: round(width), colour: GRADE_COLOURS.get(g)! });
    x += width;
  }
  return segments;
}

const round = (n: number) => Math.round(n * 100) / 100;

const rowsOf = (record: Record<string, GradeCounts>, label: (key: string) => string) =>
  Object.entries(record).map(([key, c]) => ({
    key,
    label: label(key),
    counts: GRADES.map((g) => c[g]),
    total: c.total,
    bar: gradeBar(c),
  }));

const sectionTitle = (key: string) =>
  sendCode2015.sections.find((s) => s.section === (key as PlanSection))?.title;

export function qaDashboard(at: Folded<EvidenceState>, asOf: string, targetPercent?: number) {
  const window = twelveMonthsEndingOn(asOf);
  const s = qaSummary(at.state.qa, at.state.cases, at.state.actions, {
    newPlans: window,
    ...(targetPercent !== undefined ? { newPlanAuditTargetPercent: targetPercent } : {}),
  });
  const coverage = s.newPlanCoverage;
  return {
    audits: s.audits,
    grades: GRADES,
    colours: GRADES.map((g) => ({ grade: g, colour: GRADE_COLOURS.get(g)! })),
    barWidth: BAR_WIDTH,
    overall: rowsOf({ "All submitted audits": s.overall }, (k) => k),
    bySection: rowsOf(s.bySection, (k) => `${k}. ${sectionTitle(k) ?? ""}`.trim()),
    byNeed: rowsOf(s.byPrimaryNeed, (k) => (NEED_NAMES.has(k) ? `${NEED_NAMES.get(k)} (${k})` : k)),
    byPhase: rowsOf(s.byPhase, (k) => k.charAt(0).toUpperCase() + k.slice(1)),
    coverage: {
      ...coverage,
      fromText: onDay(coverage.from),
      toText: onDay(coverage.to),
    },
    moderation: s.moderation,
    checklists: Object.keys(s.byChecklist),
  };
}

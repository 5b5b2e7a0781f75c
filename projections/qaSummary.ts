/**
 * EHC plan QA summary (DOMAIN.md §4): pure selectors over the `qa`, `cases` and `actions` read models.
 *
 * - Only submitted audits are graded and counted in distributions. An audit's overall grade is its
 *   standing grade (the moderated one if moderated, else the submitted one); a section's grade is the one
 *   recorded for it (moderation grades the audit overall, not its sections). Sections marked not
 *   applicable are not counted.
 * - Quarters are calendar quarters of the submission date ("2026-Q3"). Primary need and phase come from the
 *   case as it stands ("unknown" when not recorded); agency from the audit's auditors ("unassigned" if none).
 * - An audit with auditors from several agencies counts once under each of them, so the by-agency counts
 *   may add up to more than the number of audits; every other breakdown adds up to it exactly.
 * - Like with like: grades from different QA checklist versions are not comparable (a different set of
 *   criteria gives a different share met), so `byChecklist` holds the overall and per-section counts of
 *   each version separately; `overall` and `bySection` add them all up and say so.
 * - "Unactioned" counts audits, not sections: a submitted audit whose standing overall grade is requires
 *   improvement or inadequate and from which no action was raised. Audits graded good or better that still
 *   have a weak section are counted apart (`weakSectionsUnactioned`).
 */
import type { Grade, IsoDate } from "../schemas/common.js";
import type { ActionsState } from "./actions.js";
import type { CasesState } from "./cases.js";
import { type AuditRecord, type QaState, standingGrade } from "./qa.js";
import { percentOf } from "./timeliness.js";

export const GRADES: readonly Grade[] = ["outstanding", "good", "requires improvement", "inadequate"];

export type GradeCounts = Record<Grade, number> & { total: number };

export interface QaSummaryOptions {
  /** The window in which newly issued (initial) plans should have been sampled for a "new plan" audit. */
  newPlans: { from: IsoDate; to: IsoDate };
  /** The share of new plans the area aims to audit, in per cent (Barnet audits 10%). Default 10. */
  newPlanAuditTargetPercent?: number;
}

export interface NewPlanCoverage {
  from: IsoDate;
  to: IsoDate;
  /** Initial plans issued in [from, to]. */
  plansIssued: number;
  /** Of those, plans whose case has a "new plan" audit drawn on or after the plan's issue. */
  audited: number;
  percent: number | null;
  targetPercent: number;
  /** Whether the share reaches the target; null when no plans were issued. */
  meetsTarget: boolean | null;
}

export interface UnactionedAudit {
  auditId: string;
  caseId: string;
  overallGrade: Grade;
  /** Sections graded requires improvement or inadequate, in section order. */
  weakSections: string[];
}

export interface QaSummary {
  audits: { drawn: number; submitted: number; moderated: number };
  overall: GradeCounts;
  bySection: Record<string, GradeCounts>;
  byQuarter: Record<string, GradeCounts>;
  byPrimaryNeed: Record<string, GradeCounts>;
  byPhase: Record<string, GradeCounts>;
  byAgency: Record<string, GradeCounts>;
  newPlanCoverage: NewPlanCoverage;
  /** Moderated audits where the moderator agreed with the submitted grade. */
  moderation: { moderated: number; agreed: number; percent: number | null };
  /** Submitted audits whose overall grade is RI/inadequate with no action raised from them. */
  unactioned: UnactionedAudit[];
  /** Submitted audits graded good or better overall with a weak section and no action raised. */
  weakSectionsUnactioned: number;
  /** Counts per QA checklist version, so grades are compared only with grades from the same criteria. */
  byChecklist: Record<string, { overall: GradeCounts; bySection: Record<string, GradeCounts> }>;
}

const emptyCounts = (): GradeCounts => ({
  outstanding: 0,
  good: 0,
  "requires improvement": 0,
  inadequate: 0,
  total: 0,
});

const isWeak = (g: Grade) => g === "requires improvement" || g === "inadequate";

/** The calendar quarter of a date: `2026-08-01` → `2026-Q3`. */
export const quarterOf = (d: IsoDate) => `${d.slice(0, 4)}-Q${Math.ceil(Number(d.slice(5, 7)) / 3)}`;

/**
 * A breakdown with its keys in sorted order. Counted in a `Map`; the answer's record is built with
 * `Object.fromEntries`, which makes every key an own property (`__proto__` too), never a prototype.
 */
class Breakdown {
  readonly counts = new Map<string, GradeCounts>();
  add(key: string, grade: Grade) {
    let c = this.counts.get(key);
    if (!c) this.counts.set(key, (c = emptyCounts()));
    c[grade] += 1;
    c.total += 1;
  }
  sorted(): Record<string, GradeCounts> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

const ratedSections = (a: AuditRecord) =>
  Object.entries(a.sections)
    .flatMap(([section, r]) => ("grade" in r ? [{ section, grade: r.grade }] : []))
    .sort((x, y) => (x.section < y.section ? -1 : 1));

export function qaSummary(
  qa: QaState,
  cases: CasesState,
  actions: ActionsState,
  options: QaSummaryOptions,
): QaSummary {
  const overall = emptyCounts();
  const bySection = new Breakdown();
  const byQuarter = new Breakdown();
  const byNeed = new Breakdown();
  const byPhase = new Breakdown();
  const byAgency = new Breakdown();
  const actioned = new Set(
    [...actions.byId.values()]
      .filter((x) => x.source.kind === "qa audit" && x.source.ref !== undefined)
      .map((x) => x.source.ref),
  );
  const audits = [...qa.audits.values()].sort((a, b) => (a.auditId < b.auditId ? -1 : 1));
  let submitted = 0;
  let moderated = 0;
  let agreed = 0;
  const unactioned: UnactionedAudit[] = [];
  let weakSectionsUnactioned = 0;
  const byChecklist = new Map<string, { overall: GradeCounts; bySection: Breakdown }>();

  for (const a of audits) {
    const grade = standingGrade(a);
    if (!a.submitted || !grade) continue;
    submitted += 1;
    overall[grade] += 1;
    overall.total += 1;
    const sections = ratedSections(a);
    for (const s of sections) bySection.add(s.section, s.grade);
    let version = byChecklist.get(a.checklistVersion);
    if (!version)
      byChecklist.set(a.checklistVersion, (version = { overall: emptyCounts(), bySection: new Breakdown() }));
    version.overall[grade] += 1;
    version.overall.total += 1;
    for (const s of sections) version.bySection.add(s.section, s.grade);
    byQuarter.add(quarterOf(a.submitted.submittedOn), grade);
    const c = cases.byId.get(a.caseId);
    byNeed.add(c?.primaryNeed ?? "unknown", grade);
    byPhase.add(c?.placement?.mainPhase ?? "unknown", grade);
    const agencies = new Set(a.auditors.map((x) => x.agency));
    if (agencies.size === 0) agencies.add("unassigned");
    for (const agency of agencies) byAgency.add(agency, grade);
    if (a.moderation) {
      moderated += 1;
      if (a.moderation.agreed) agreed += 1;
    }
    const weakSections = sections.filter((s) => isWeak(s.grade)).map((s) => s.section);
    if (actioned.has(a.auditId)) continue;
    if (isWeak(grade))
      unactioned.push({ auditId: a.auditId, caseId: a.caseId, overallGrade: grade, weakSections });
    else if (weakSections.length > 0) weakSectionsUnactioned += 1;
  }

  return {
    audits: { drawn: audits.length, submitted, moderated },
    overall,
    bySection: bySection.sorted(),
    byQuarter: byQuarter.sorted(),
    byPrimaryNeed: byNeed.sorted(),
    byPhase: byPhase.sorted(),
    byAgency: byAgency.sorted(),
    newPlanCoverage: newPlanCoverage(audits, cases, options),
    moderation: { moderated, agreed, percent: percentOf(agreed, moderated) },
    unactioned,
    weakSectionsUnactioned,
    byChecklist: Object.fromEntries(
      [...byChecklist.keys()].sort().map((v) => {
        const x = byChecklist.get(v)!;
        return [v, { overall: x.overall, bySection: x.bySection.sorted() }];
      }),
    ),
  };
}

function newPlanCoverage(
  audits: AuditRecord[],
  cases: CasesState,
  options: QaSummaryOptions,
): NewPlanCoverage {
  const { from, to } = options.newPlans;
  const targetPercent = options.newPlanAuditTargetPercent ?? 10;
  const drawn = new Map<string, IsoDate[]>();
  for (const a of audits)
    if (a.reason === "new plan") {
      const dates = drawn.get(a.caseId);
      if (dates) dates.push(a.drawnOn);
      else drawn.set(a.caseId, [a.drawnOn]);
    }
  let plansIssued = 0;
  let audited = 0;
  for (const c of cases.byId.values()) {
    for (const r of c.requests) {
      const issuedOn = r.issued?.issuedOn;
      if (issuedOn === undefined || issuedOn < from || issuedOn > to) continue;
      plansIssued += 1;
      if (drawn.get(c.caseId)?.some((d) => d >= issuedOn)) audited += 1;
    }
  }
  return {
    from,
    to,
    plansIssued,
    audited,
    percent: percentOf(audited, plansIssued),
    targetPercent,
    meetsTarget: plansIssued === 0 ? null : audited * 100 >= targetPercent * plansIssued,
  };
}

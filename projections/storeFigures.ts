/**
 * The store's own figures: named measures the store computes from its own records, citable from SEF
 * statements (`{ kind: "figure", id }`) and printed in the SEF and the data request. Each is recomputed as
 * at the read's date from the evidence state (never stored), by the projection that already computes it:
 * timeliness.ts, qaSummary.ts, actionPlan.ts, and the Annex A check counts the caller supplies (src/exports).
 *
 * A metric can declare that it records a value of a store figure (`storeFigure` on MetricDefined). For each
 * of its area values whose period has ended, the figure is recomputed over that period; when the two differ
 * by more than {@link FIGURE_TOLERANCE_POINTS} percentage points, that is a contradiction (docs/SEF.md).
 */
import type { EvidenceTopic, IsoDate, StoreFigureId } from "../schemas/common.js";
import { actionPlan } from "./actionPlan.js";
import { addDays, addMonths } from "./calendar.js";
import { twelveMonthsEndingOn } from "./clocks.js";
import type { AnnexACheckCounts } from "./dataRequest.js";
import type { EvidenceState } from "./evidence.js";
import { qaSummary } from "./qaSummary.js";
import {
  annualReviewTimeliness,
  decisionTimeliness,
  percentOf,
  type Share,
  twentyWeekTimeliness,
} from "./timeliness.js";

/** A recorded or published percentage may differ from the store's own by this much before it is flagged. */
export const FIGURE_TOLERANCE_POINTS = 2;

export interface FigureDefinition {
  id: StoreFigureId;
  title: string;
  /** What the figure is about: decides which criteria it bears on. */
  topics: readonly EvidenceTopic[];
  /** True when the figure can be recomputed over a stated period (and so compared with a metric). */
  periodic: boolean;
}

export const FIGURES: readonly FigureDefinition[] = [
  {
    id: "decisionsWithin6Weeks",
    title: "Decisions whether to assess made within 6 weeks",
    topics: ["needs identification", "assessment timeliness"],
    periodic: true,
  },
  {
    id: "finalPlansWithin20Weeks",
    title: "Final EHC plans issued within 20 weeks (including exceptions)",
    topics: ["assessment timeliness"],
    periodic: true,
  },
  {
    id: "finalPlansWithin20WeeksExcludingExceptions",
    title: "Final EHC plans issued within 20 weeks (excluding exceptions)",
    topics: ["assessment timeliness"],
    periodic: true,
  },
  {
    id: "annualReviewsOnTime",
    title: "Annual reviews held on time",
    topics: ["review timeliness"],
    periodic: true,
  },
  {
    id: "qaGoodOrBetter",
    title: "QA audits graded good or outstanding",
    topics: ["plan quality"],
    periodic: false,
  },
  {
    id: "qaWeakWithActionRaised",
    title: "QA audits graded requires improvement or inadequate with an action raised",
    topics: ["plan quality", "improvement"],
    periodic: false,
  },
  {
    id: "actionPlanOnTrack",
    title: "Action plan: actions complete or on track (green), none overdue counted as on track",
    topics: ["improvement"],
    periodic: false,
  },
  {
    id: "annexAErrors",
    title: "Annex A rows failing an error-level check",
    topics: ["data quality", "needs analysis"],
    periodic: false,
  },
];

export const figureDefinition = new Map(FIGURES.map((f) => [f.id as string, f]));

export interface StoreFigure {
  id: StoreFigureId;
  title: string;
  topics: readonly EvidenceTopic[];
  /** The headline value (a percentage, or a count for Annex A errors); null when there is nothing to count. */
  value: number | null;
  unit: "percent" | "count";
  /** The counts behind the value, in words: "412 of 476; 12 months to 1 Dec 2026". */
  detail: string;
  /** The window the figure covers. */
  from?: IsoDate;
  to: IsoDate;
}

export interface FigureContradiction {
  figureId: StoreFigureId;
  metricId: string;
  metricTitle: string;
  period: string;
  recorded: number;
  computed: number;
  message: string;
}

const share = (s: Share) => ({ value: s.percent, detail: `${s.within} of ${s.total}` });

/** The figure over [from, to], for the periodic figures; undefined for the others. */
function periodic(
  id: StoreFigureId,
  state: EvidenceState,
  from: IsoDate,
  to: IsoDate,
): { value: number | null; detail: string } | undefined {
  switch (id) {
    case "decisionsWithin6Weeks":
      return share(decisionTimeliness(state.cases, { from, to }));
    case "finalPlansWithin20Weeks":
      return share(twentyWeekTimeliness(state.cases, { from, to }).includingExceptions);
    case "finalPlansWithin20WeeksExcludingExceptions":
      return share(twentyWeekTimeliness(state.cases, { from, to }).excludingExceptions);
    case "annualReviewsOnTime": {
      // Due in the twelve months ending on `to`, that day included: the data request's own window.
      const a = annualReviewTimeliness(state.cases, to);
      return { value: a.percent, detail: `${a.heldOnTime} of ${a.due}` };
    }
    default:
      return undefined;
  }
}

/** Every store figure as at `asOf` (periodic ones over the 12 months to `asOf`). */
export function storeFigures(state: EvidenceState, asOf: IsoDate, annex?: AnnexACheckCounts): StoreFigure[] {
  // The twelve months ending on `asOf`, that day included: the window the data request counts in.
  const { from } = twelveMonthsEndingOn(asOf);
  const qa = qaSummary(state.qa, state.cases, state.actions, { newPlans: { from, to: asOf } });
  const plan = actionPlan(state.actions, asOf);
  return FIGURES.map((f): StoreFigure => {
    const base = { id: f.id, title: f.title, topics: f.topics, to: asOf };
    const window = periodic(f.id, state, from, asOf);
    if (window)
      return {
        ...base,
        ...window,
        unit: "percent",
        from,
        detail: `${window.detail} in the 12 months to ${asOf}`,
      };
    switch (f.id) {
      case "qaGoodOrBetter": {
        const good = qa.overall.outstanding + qa.overall.good;
        const o = qa.overall;
        return {
          ...base,
          unit: "percent",
          value: percentOf(good, o.total),
          detail: `${good} of ${o.total} submitted audits (outstanding ${o.outstanding}, good ${o.good}, requires improvement ${o["requires improvement"]}, inadequate ${o.inadequate})`,
        };
      }
      case "qaWeakWithActionRaised": {
        const weak = qa.overall["requires improvement"] + qa.overall.inadequate;
        const unactioned = qa.unactioned.filter(
          (u) => u.overallGrade === "requires improvement" || u.overallGrade === "inadequate",
        ).length;
        return {
          ...base,
          unit: "percent",
          value: percentOf(weak - unactioned, weak),
          detail: `${weak - unactioned} of ${weak} audits graded requires improvement or inadequate`,
        };
      }
      case "actionPlanOnTrack": {
        const r = plan.rag;
        const total = plan.actions.length;
        const onTrack = plan.actions.filter((a) => a.rag === "complete" || (a.rag === "green" && !a.overdue));
        return {
          ...base,
          unit: "percent",
          value: percentOf(onTrack.length, total),
          detail: `${onTrack.length} of ${total} actions (complete ${r.complete}, green ${r.green}, amber ${r.amber}, red ${r.red}, unrated ${r.unrated}; ${plan.overdue.length} overdue)`,
        };
      }
      default: {
        if (!annex)
          return { ...base, unit: "count", value: null, detail: "Annex A checks not run for this read" };
        const errors = annex.list1Errors + annex.list2Errors;
        return {
          ...base,
          unit: "count",
          value: errors,
          detail: `List 1: ${annex.list1Errors} of ${annex.list1Rows} rows; List 2: ${annex.list2Errors} of ${annex.list2Rows} rows`,
        };
      }
    }
  });
}

/**
 * The window a stated period covers, or undefined when it cannot be read: `2023` a calendar year, `2022/23`
 * the academic year (1 September to 31 August), `2023-Q4` a calendar quarter, `2024-02` a month.
 */
export function periodWindow(period: string): { from: IsoDate; to: IsoDate } | undefined {
  const year = Number(period.slice(0, 4));
  if (/^\d{4}$/.test(period)) return { from: `${period}-01-01`, to: `${period}-12-31` };
  if (/^\d{4}\/\d{2}$/.test(period)) return { from: `${year}-09-01`, to: `${year + 1}-08-31` };
  const quarter = /^\d{4}-Q([1-4])$/.exec(period);
  if (quarter) {
    const from = `${year}-${String((Number(quarter[1]) - 1) * 3 + 1).padStart(2, "0")}-01`;
    return { from, to: addDays(addMonths(from, 3), -1) };
  }
  if (/^\d{4}-\d{2}$/.test(period)) {
    const from = `${period}-01`;
    return { from, to: addDays(addMonths(from, 1), -1) };
  }
  return undefined;
}

/**
 * Recorded or published area values of a metric tied to a store figure, against the store's own figure
 * over the same period, where the period has ended by `asOf` and the store has something to count in it.
 */
export function figureContradictions(state: EvidenceState, asOf: IsoDate): FigureContradiction[] {
  const out: FigureContradiction[] = [];
  const metrics = [...state.metrics.byId.values()].sort((a, b) => (a.metricId < b.metricId ? -1 : 1));
  for (const m of metrics) {
    const figure = m.storeFigure ? figureDefinition.get(m.storeFigure) : undefined;
    if (!figure?.periodic) continue;
    const values = [...m.values.values()]
      .filter((v) => v.scope.kind === "area")
      .sort((a, b) => (a.period < b.period ? -1 : 1));
    for (const v of values) {
      const window = periodWindow(v.period);
      if (!window || window.to >= asOf) continue;
      const computed = periodic(figure.id, state, window.from, window.to);
      if (!computed || computed.value === null) continue;
      if (Math.abs(computed.value - v.value) <= FIGURE_TOLERANCE_POINTS) continue;
      out.push({
        figureId: figure.id,
        metricId: m.metricId,
        metricTitle: m.title,
        period: v.period,
        recorded: v.value,
        computed: computed.value,
        message: `${m.title} is recorded as ${v.value}% for ${v.period}, but the store's own records give ${computed.value}% (${computed.detail}) for the same period — a difference of more than ${FIGURE_TOLERANCE_POINTS} percentage points`,
      });
    }
  }
  return out;
}

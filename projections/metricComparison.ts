/**
 * Metrics against their comparators (DOMAIN.md §5): pure selectors over the `metrics` read model.
 *
 * - Periods sort by when they start, then by length: `2023` (January 2023), `2022/23` (an academic year,
 *   taken to start in September 2022), `2023-Q4` (October 2023), `2024-02` (February 2024). At the same
 *   start, a longer period sorts first.
 * - The area's latest value is compared with England, the statistical neighbours and any region for the
 *   same period only; a comparator with no value for that period is `notComparable`.
 * - "In line" means within a tolerance, inclusive: by default 1 percentage point for `percent` metrics
 *   and 2% of the comparator's value for every other unit. Outside it, polarity decides: a higher value is
 *   `better` when higher is better, `worse` when lower is better; a metric with no polarity (null) is
 *   never better or worse, only `notComparable`.
 * - The trend compares the area's latest value with the value two periods before it (one period before
 *   when the series has only two values), with the same tolerance and polarity.
 */
import type { MetricScope } from "../schemas/events/metric.js";
import { type MetricRecord, type MetricsState, scopeKey } from "./metrics.js";

export type Verdict = "better" | "worse" | "inLine" | "notComparable";
export type TrendVerdict = "improving" | "declining" | "stable" | "notComparable";

export interface Tolerance {
  /** Absolute tolerance for metrics whose unit is `percent`, in percentage points. */
  percentPoints: number;
  /** Relative tolerance for every other unit, as a fraction of the comparator (0.02 = 2%). */
  relative: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { percentPoints: 1, relative: 0.02 };

export interface ComparisonOptions {
  tolerance?: Partial<Tolerance>;
}

export interface SeriesPoint {
  period: string;
  value: number;
}

export interface Series {
  /** `area`, `england`, `region:London`, `statisticalNeighbours`, `la:E09000003`. */
  key: string;
  scope: MetricScope;
  /** Sorted by period. */
  points: SeriesPoint[];
}

export interface ComparatorResult {
  /** The comparator's value for the area's latest period; null if it has none. */
  value: number | null;
  /** Area minus comparator; null when there is nothing to compare. */
  difference: number | null;
  verdict: Verdict;
}

export interface Trend {
  from: SeriesPoint;
  to: SeriesPoint;
  /** How many of the latest values the trend spans: 2 or 3. */
  values: number;
  change: number;
  /** `flat` when the change is within the tolerance. */
  direction: "up" | "down" | "flat";
  verdict: TrendVerdict;
}

export interface MetricComparison {
  metricId: string;
  title: string;
  unit: string;
  higherIsBetter: boolean | null;
  criteria: string[];
  /** Area first, then England, regions, statistical neighbours, single local authorities. */
  series: Series[];
  /** The area's value for its latest period; null if the area has no values. */
  latest: SeriesPoint | null;
  england: ComparatorResult;
  statisticalNeighbours: ComparatorResult;
  /** Regions with a value for the latest period, by name. */
  regions: (ComparatorResult & { name: string })[];
  /** Null when the area has fewer than two values. */
  trend: Trend | null;
}

const PERIOD = /^(\d{4})(?:\/(\d{2})|-Q([1-4])|-(\d{2}))?$/;

/**
 * A key that sorts periods in time order as plain strings: the start (year and month) then the length
 * (year, academic year, quarter, month). A string in no known format sorts after every known one.
 */
export function periodSortKey(period: string): string {
  const m = PERIOD.exec(period);
  if (!m) return `~${period}`;
  const [, year, academic, quarter, month] = m;
  if (academic !== undefined) return `${year}-09-1`;
  if (quarter !== undefined) return `${year}-${String(Number(quarter) * 3 - 2).padStart(2, "0")}-2`;
  if (month !== undefined) return `${year}-${month}-3`;
  return `${year}-01-0`;
}

/** A comparator for `Array.prototype.sort` that orders periods by {@link periodSortKey}. */
export const comparePeriods = (a: string, b: string): number => {
  const ka = periodSortKey(a);
  const kb = periodSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

const tidy = (x: number) => Math.round(x * 1e9) / 1e9;

/** Whether `value - reference` lies within the tolerance for the metric's unit (inclusive). */
function withinTolerance(value: number, reference: number, unit: string, tolerance: Tolerance) {
  const allowed = unit === "percent" ? tolerance.percentPoints : Math.abs(reference) * tolerance.relative;
  // Floating-point slack, so that 51.3 against 50.3 is exactly 1 point.
  const slack = 1e-9 * Math.max(1, Math.abs(value), Math.abs(reference));
  return Math.abs(value - reference) <= allowed + slack;
}

/** The verdict on a value against a comparator, honouring the metric's polarity and unit. */
export function verdict(
  value: number,
  comparator: number | null | undefined,
  metric: { unit: string; higherIsBetter: boolean | null },
  tolerance: Tolerance = DEFAULT_TOLERANCE,
): Verdict {
  if (comparator === null || comparator === undefined || metric.higherIsBetter === null)
    return "notComparable";
  if (withinTolerance(value, comparator, metric.unit, tolerance)) return "inLine";
  return value > comparator === metric.higherIsBetter ? "better" : "worse";
}

const scopeRank: Record<MetricScope["kind"], number> = {
  area: 0,
  england: 1,
  region: 2,
  statisticalNeighbours: 3,
  localAuthority: 4,
};

/** One metric's series, latest area value, comparisons and trend. */
export function compareMetric(m: MetricRecord, options: ComparisonOptions = {}): MetricComparison {
  const tolerance: Tolerance = { ...DEFAULT_TOLERANCE, ...options.tolerance };
  // By scope key (`region:<name>`: a name a file supplied), so a `Map`.
  const bySeries = new Map<string, Series>();
  for (const v of m.values.values()) {
    const key = scopeKey(v.scope);
    let s = bySeries.get(key);
    if (!s) bySeries.set(key, (s = { key, scope: v.scope, points: [] }));
    s.points.push({ period: v.period, value: v.value });
  }
  const series = [...bySeries.values()].sort(
    (a, b) => scopeRank[a.scope.kind] - scopeRank[b.scope.kind] || (a.key < b.key ? -1 : 1),
  );
  for (const s of series) s.points.sort((a, b) => comparePeriods(a.period, b.period));

  const area = bySeries.get("area")?.points ?? [];
  const latest = area[area.length - 1] ?? null;
  const against = (s: Series | undefined): ComparatorResult => {
    const value = latest ? (s?.points.find((p) => p.period === latest.period)?.value ?? null) : null;
    return latest && value !== null
      ? { value, difference: tidy(latest.value - value), verdict: verdict(latest.value, value, m, tolerance) }
      : { value: null, difference: null, verdict: "notComparable" };
  };
  const regions = series
    .filter((s) => s.scope.kind === "region")
    .map((s) => ({ name: (s.scope as { name: string }).name, ...against(s) }))
    .filter((r) => r.value !== null);

  return {
    metricId: m.metricId,
    title: m.title,
    unit: m.unit,
    higherIsBetter: m.higherIsBetter,
    criteria: [...m.criteria],
    series,
    latest,
    england: against(bySeries.get("england")),
    statisticalNeighbours: against(bySeries.get("statisticalNeighbours")),
    regions,
    trend: trendOf(area, m, tolerance),
  };
}

function trendOf(points: SeriesPoint[], m: MetricRecord, tolerance: Tolerance): Trend | null {
  const window = points.slice(-3);
  if (window.length < 2) return null;
  const from = window[0] as SeriesPoint;
  const to = window[window.length - 1] as SeriesPoint;
  const change = tidy(to.value - from.value);
  const direction = withinTolerance(to.value, from.value, m.unit, tolerance)
    ? "flat"
    : change > 0
      ? "up"
      : "down";
  const v = verdict(to.value, from.value, m, tolerance);
  const verdictOfTrend: TrendVerdict =
    v === "better" ? "improving" : v === "worse" ? "declining" : v === "inLine" ? "stable" : "notComparable";
  return { from, to, values: window.length, change, direction, verdict: verdictOfTrend };
}

/** Every metric, by id. */
export function metricComparison(metrics: MetricsState, options: ComparisonOptions = {}): MetricComparison[] {
  return [...metrics.byId]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, m]) => compareMetric(m, options));
}

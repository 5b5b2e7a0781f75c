/**
 * The metrics pages as view models: each metric against England, the statistical neighbours and a region
 * (the same comparison GraphQL's `metricComparisons` serves), with its polarity in words, the chart as SVG
 * and the same numbers in a table. Pure.
 */
import {
  compareMetric,
  metricComparison,
  type MetricComparison,
  type Verdict,
} from "../../projections/metricComparison.js";
import type { MetricsState } from "../../projections/metrics.js";
import { metricChart, periodsOf } from "../packs/charts.js";
import { withUnit } from "../packs/format.js";
import { svgLineChart } from "./metricChart.js";

const VERDICT = new Map<Verdict, { text: string; classes: string }>([
  ["better", { text: "Better", classes: "govuk-tag--green" }],
  ["worse", { text: "Worse", classes: "govuk-tag--red" }],
  ["inLine", { text: "In line", classes: "govuk-tag--grey" }],
  ["notComparable", { text: "Not comparable", classes: "govuk-tag--yellow" }],
]);

export const polarityText = (higherIsBetter: boolean | null) =>
  higherIsBetter === null
    ? "Neither higher nor lower is better"
    : higherIsBetter
      ? "Higher is better"
      : "Lower is better";

const TREND = new Map<string, string>([
  ["improving", "Improving"],
  ["declining", "Declining"],
  ["stable", "Stable"],
  ["notComparable", "No direction (no polarity)"],
]);

const AGAINST_ENGLAND = new Map<Verdict, string>([
  ["better", "Better than England"],
  ["worse", "Worse than England"],
  ["inLine", "In line with England"],
]);

const value = (m: MetricComparison, v: number | null | undefined) => withUnit(v, m.unit, undefined);

function summaryRow(m: MetricComparison) {
  return {
    id: m.metricId,
    href: `/metrics/${encodeURIComponent(m.metricId)}`,
    title: m.title,
    latest: m.latest ? `${value(m, m.latest.value)} (${m.latest.period})` : "No area value",
    england: value(m, m.england.value),
    verdict: VERDICT.get(m.england.verdict)!,
    polarity: polarityText(m.higherIsBetter),
    trend: m.trend ? TREND.get(m.trend.verdict)! : "Too few values",
  };
}

export function metricsPage(metrics: MetricsState) {
  return { rows: metricComparison(metrics).map(summaryRow) };
}

/** In words, for the chart's description: each line's latest value and the comparison. */
function describe(m: MetricComparison, lines: ReturnType<typeof metricChart>["lines"]): string {
  const periods = periodsOf({ title: m.title, unit: m.unit, lines });
  const span = periods.length ? `from ${periods[0]} to ${periods.at(-1)}` : "with no values";
  // A chart's lines each have at least one point.
  const latest = lines.map((l) => {
    const last = l.points.at(-1)!;
    return `${l.label}: ${value(m, last.value)} in ${last.period}`;
  });
  const against =
    m.england.verdict === "notComparable"
      ? "Not comparable with England."
      : `${AGAINST_ENGLAND.get(m.england.verdict)} in ${m.latest?.period}.`;
  return `Line chart ${span}. ${latest.join("; ")}. ${polarityText(m.higherIsBetter)}. ${against}`;
}

/** One metric's page; undefined when there is no such metric. */
export function metricPage(metrics: MetricsState, metricId: string, areaName: string) {
  const record = metrics.byId.get(metricId);
  if (!record) return undefined;
  const m = compareMetric(record);
  const spec = metricChart(m, areaName);
  const periods = periodsOf(spec);
  const table = periods.map((period) => ({
    period,
    cells: spec.lines.map((l) => value(m, l.points.find((p) => p.period === period)?.value)),
  }));
  const comparators = [
    { name: "England", ...m.england },
    { name: "Statistical neighbours", ...m.statisticalNeighbours },
    ...m.regions,
  ].map((c) => ({
    name: c.name,
    value: value(m, c.value),
    difference:
      c.difference === null
        ? "—"
        : `${c.difference > 0 ? "+" : ""}${withUnit(c.difference, m.unit === "percent" ? "points" : m.unit)}`,
    verdict: VERDICT.get(c.verdict)!,
  }));
  return {
    ...summaryRow(m),
    unit: m.unit,
    source: record.source,
    criteria: m.criteria.join(", "),
    chart: svgLineChart(spec, { id: "metric-chart", description: describe(m, spec.lines) }),
    lines: spec.lines.map((l) => l.label),
    table,
    comparators,
  };
}

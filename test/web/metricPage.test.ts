/** The metric pages' view models over a small hand-made metrics state: verdicts, polarity and descriptions. */
import t from "tap";
import type { MetricRecord, MetricsState } from "../../projections/metrics.js";
import { metricPage, metricsPage, polarityText } from "../../src/web/metricPage.js";

const metric = (
  metricId: string,
  higherIsBetter: boolean | null,
  values: [string, "area" | "england", number][],
): MetricRecord => ({
  metricId,
  title: `Metric ${metricId}`,
  unit: "weeks",
  higherIsBetter,
  criteria: ["A1"],
  source: "test",
  topics: [],
  values: new Map(
    values.map(([period, kind, value]) => [
      `${period}|${kind}`,
      { period, scope: { kind }, value, recordedAt: "2026-01-01T00:00:00Z", corrections: [] },
    ]),
  ),
});

const state: MetricsState = {
  byId: new Map([
    [
      "waits",
      metric("waits", false, [
        ["2023", "area", 12],
        ["2024", "area", 9],
        ["2024", "england", 14],
        ["2023", "england", 13],
      ]),
    ],
    [
      "share",
      metric("share", null, [
        ["2024", "area", 3],
        ["2024", "england", 3],
      ]),
    ],
    ["national", metric("national", true, [["2024", "england", 50]])],
    ["empty", metric("empty", true, [])],
  ]),
};

t.test("the list: latest value, England, verdict, polarity, trend", async (t) => {
  const rows = new Map(metricsPage(state).rows.map((r) => [r.id, r]));
  t.equal(rows.get("waits")!.latest, "9 weeks (2024)");
  t.equal(rows.get("waits")!.verdict.text, "Better", "lower is better: 9 weeks beats 14");
  t.equal(rows.get("waits")!.trend, "Improving");
  t.equal(rows.get("share")!.verdict.text, "Not comparable", "no polarity: never better or worse");
  t.equal(rows.get("national")!.latest, "No area value");
  t.equal(rows.get("national")!.trend, "Too few values");
  t.equal(polarityText(true), "Higher is better");
  t.equal(polarityText(false), "Lower is better");
});

t.test("a metric's page: chart description in words, the table, comparators", async (t) => {
  const waits = metricPage(state, "waits", "Fernbrook")!;
  t.match(
    waits.chart,
    /Line chart from 2023 to 2024\. Fernbrook: 9 weeks in 2024; England: 14 weeks in 2024\. Lower is better\. Better than England in 2024\./,
  );
  t.same(
    waits.table.map((r) => r.cells),
    [
      ["12 weeks", "13 weeks"],
      ["9 weeks", "14 weeks"],
    ],
  );
  t.equal(waits.comparators[0]!.difference, "-5 weeks");
  t.equal(waits.comparators[1]!.difference, "—", "no neighbours' value");
  t.match(metricPage(state, "share", "Fernbrook")!.chart, /Not comparable with England\./);
  t.match(
    metricPage(state, "empty", "Fernbrook")!.chart,
    /Line chart with no values\..*No values recorded yet/s,
  );
  t.equal(metricPage(state, "__proto__", "Fernbrook"), undefined);
});

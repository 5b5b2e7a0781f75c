import fc from "fast-check";
import t from "tap";
import type { RecordedEvent } from "../../schemas/envelope.js";
import type { MetricScope } from "../../schemas/events/metric.js";
import {
  compareMetric,
  comparePeriods,
  DEFAULT_TOLERANCE,
  metricComparison,
  periodSortKey,
  verdict,
} from "../../projections/metricComparison.js";
import { metricsProjection } from "../../projections/metrics.js";
import { fold } from "../../projections/projection.js";
import { recorded } from "./recorded.js";

const ev = (id: string, type: string, data: Record<string, unknown>): RecordedEvent =>
  recorded(`metric-${id}`, type, data);
const define = (id: string, unit: string, higherIsBetter: boolean | null) =>
  ev(id, "MetricDefined", { title: `Metric ${id}`, unit, higherIsBetter, criteria: ["A1"], source: "SEN2" });
const value = (id: string, period: string, scope: MetricScope, v: number) =>
  ev(id, "MetricValueRecorded", { period, scope, value: v, source: "DfE" });
const area: MetricScope = { kind: "area" };
const england: MetricScope = { kind: "england" };
const neighbours: MetricScope = { kind: "statisticalNeighbours" };
const region = (name: string): MetricScope => ({ kind: "region", name });

const metrics = fold(metricsProjection, [
  // 20-week timeliness, excluding exceptions: higher is better, percent.
  define("M1", "percent", true),
  value("M1", "2023", area, 51.3),
  value("M1", "2021", area, 55),
  value("M1", "2022", area, 60.2),
  value("M1", "2023", england, 50),
  ev("M1", "MetricValueCorrected", {
    period: "2023",
    scope: england,
    value: 50.3,
    reason: "revised release",
  }),
  ev("M1", "MetricValueCorrected", { period: "2019", scope: england, value: 1, reason: "no such value" }),
  value("M1", "2023", neighbours, 49),
  value("M1", "2022", region("South East"), 57),
  value("M1", "2023", region("London"), 58),
  value("M1", "2023", region("East of England"), 51.8),
  value("M1", "2023", { kind: "localAuthority", laCode: "E09000003", name: "Barnet" }, 97.9),
  // Speech and language therapy waiting time: lower is better, weeks.
  define("M2", "weeks", false),
  value("M2", "2022-03", area, 30),
  value("M2", "2024-03", area, 24),
  value("M2", "2024-03", england, 25),
  value("M2", "2024-03", neighbours, 23.6),
  // Active EHC plans: no polarity.
  define("M3", "count", null),
  value("M3", "2024", area, 3000),
  value("M3", "2023", area, 2900),
  value("M3", "2024", england, 638745),
  value("M3", "2024", region("North East"), 3),
  value("M3", "2024", region("North West"), 4),
  // England only.
  define("M4", "percent", true),
  value("M4", "2024/25", england, 5.3),
  ev("M4", "MetricValueRecorded", { period: "2023/24", scope: england, value: 4.8 }),
  value("NOPE", "2024", area, 1),
]);

t.test("the fold applies corrections and ignores unknown metrics", async (t) => {
  t.same([...metrics.byId.keys()], ["M1", "M2", "M3", "M4"]);
  t.equal(metrics.byId.get("M4")?.values.get("2023/24|england")?.source, undefined);
  t.equal(metrics.byId.get("M4")?.values.get("2024/25|england")?.source, "DfE");
  t.match(metrics.byId.get("M1")?.values.get("2023|england"), {
    value: 50.3,
    corrections: [{ value: 50, reason: "revised release" }],
  });
  t.equal(metrics.byId.get("M1")?.values.get("2019|england"), undefined);
  t.equal(metricsProjection.apply(metrics, { ...define("X", "count", true), stream: "case-C1" }), metrics);
});

t.test("series, latest value and comparator verdicts", async (t) => {
  const [m1, m2, m3, m4] = metricComparison(metrics);
  t.same(
    m1?.series.map((s) => [s.key, s.points.map((p) => p.period)]),
    [
      ["area", ["2021", "2022", "2023"]],
      ["england", ["2023"]],
      ["region:East of England", ["2023"]],
      ["region:London", ["2023"]],
      ["region:South East", ["2022"]],
      ["statisticalNeighbours", ["2023"]],
      ["la:E09000003", ["2023"]],
    ],
  );
  t.same(m1?.latest, { period: "2023", value: 51.3 });
  t.same(m1?.england, { value: 50.3, difference: 1, verdict: "inLine" }, "exactly 1 point is in line");
  t.same(m1?.statisticalNeighbours, { value: 49, difference: 2.3, verdict: "better" });
  t.same(m1?.regions, [
    { name: "East of England", value: 51.8, difference: -0.5, verdict: "inLine" },
    { name: "London", value: 58, difference: -6.7, verdict: "worse" },
  ]);
  t.same(m1?.trend, {
    from: { period: "2021", value: 55 },
    to: { period: "2023", value: 51.3 },
    values: 3,
    change: -3.7,
    direction: "down",
    verdict: "declining",
  });

  t.same(m2?.england, { value: 25, difference: -1, verdict: "better" }, "lower is better: 4% below");
  t.same(m2?.statisticalNeighbours, { value: 23.6, difference: 0.4, verdict: "inLine" }, "within 2%");
  t.match(m2?.trend, { values: 2, change: -6, direction: "down", verdict: "improving" });

  t.same(m3?.england, { value: 638745, difference: -635745, verdict: "notComparable" }, "no polarity");
  t.same(m3?.statisticalNeighbours, { value: null, difference: null, verdict: "notComparable" });
  t.match(m3?.trend, { direction: "up", verdict: "notComparable" });
  t.same(
    m3?.regions.map((r) => [r.name, r.verdict]),
    [
      ["North East", "notComparable"],
      ["North West", "notComparable"],
    ],
  );

  t.equal(m4?.latest, null);
  t.same(m4?.england, { value: null, difference: null, verdict: "notComparable" });
  t.same(m4?.series[0]?.points, [
    { period: "2023/24", value: 4.8 },
    { period: "2024/25", value: 5.3 },
  ]);
  t.same(m4?.regions, []);
  t.equal(m4?.trend, null);
});

t.test("the tolerance is a parameter", async (t) => {
  const m1 = metrics.byId.get("M1")!;
  t.equal(compareMetric(m1, { tolerance: { percentPoints: 0.5 } }).england.verdict, "better");
  t.equal(compareMetric(m1, { tolerance: { percentPoints: 5 } }).trend?.verdict, "stable");
  t.equal(compareMetric(m1, { tolerance: { percentPoints: 5 } }).trend?.direction, "flat");
  const m2 = metrics.byId.get("M2")!;
  t.equal(compareMetric(m2, { tolerance: { relative: 0.05 } }).england.verdict, "inLine");
  t.equal(compareMetric(m2, { tolerance: { relative: 0 } }).statisticalNeighbours.verdict, "worse");
  t.same(DEFAULT_TOLERANCE, { percentPoints: 1, relative: 0.02 });
});

t.test("verdicts", async (t) => {
  const up = { unit: "percent", higherIsBetter: true };
  const down = { unit: "percent", higherIsBetter: false };
  t.equal(verdict(60, 50, up), "better");
  t.equal(verdict(60, 50, down), "worse");
  t.equal(verdict(40, 50, down), "better");
  t.equal(verdict(50.9, 50, up), "inLine");
  t.equal(verdict(50, undefined, up), "notComparable");
  t.equal(verdict(50, null, up), "notComparable");
  t.equal(verdict(50, 50, { unit: "rate", higherIsBetter: null }), "notComparable");
  t.equal(
    verdict(0, 0, { unit: "count", higherIsBetter: true }),
    "inLine",
    "a zero comparator, no relative slack",
  );
  t.equal(verdict(1, 0, { unit: "count", higherIsBetter: true }), "better");
  t.equal(verdict(-10.1, -10, { unit: "rate", higherIsBetter: true }), "inLine", "relative to |comparator|");
});

t.test("property: flipping polarity flips better and worse, and nothing else", async (t) => {
  const num = fc.double({ min: -1e6, max: 1e6, noNaN: true });
  fc.assert(
    fc.property(num, num, fc.constantFrom("percent", "count", "weeks", "days", "rate"), (a, b, unit) => {
      const hi = verdict(a, b, { unit, higherIsBetter: true });
      const lo = verdict(a, b, { unit, higherIsBetter: false });
      const flipped = { better: "worse", worse: "better", inLine: "inLine", notComparable: "notComparable" };
      return (
        lo === flipped[hi] &&
        hi !== "notComparable" &&
        verdict(a, a, { unit, higherIsBetter: true }) === "inLine"
      );
    }),
  );
  t.pass("holds over generated values");
});

t.test("periods sort in time order across formats", async (t) => {
  const periods = ["2024-02", "2023", "2022/23", "2023-Q4", "2023-Q1", "2023-09", "2022", "FY23"];
  t.same([...periods].sort(comparePeriods), [
    "2022",
    "2022/23",
    "2023",
    "2023-Q1",
    "2023-09",
    "2023-Q4",
    "2024-02",
    "FY23",
  ]);
  t.equal(periodSortKey("2023-Q4"), "2023-10-2");
  t.equal(periodSortKey("2022/23"), "2022-09-1");
  t.equal(comparePeriods("2023", "2023"), 0);
  fc.assert(
    fc.property(
      fc.integer({ min: 2000, max: 2040 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 2000, max: 2040 }),
      fc.integer({ min: 1, max: 12 }),
      (y1, m1, y2, m2) => {
        const p1 = `${y1}-${String(m1).padStart(2, "0")}`;
        const p2 = `${y2}-${String(m2).padStart(2, "0")}`;
        const q1 = `${y1}-Q${Math.ceil(m1 / 3)}`;
        return (
          Math.sign(comparePeriods(p1, p2)) === Math.sign(y1 * 12 + m1 - (y2 * 12 + m2)) &&
          comparePeriods(`${y1}`, p1) <= 0 &&
          comparePeriods(q1, p1) <= 0 &&
          comparePeriods(`${y1}`, `${y1 + 1}`) < 0
        );
      },
    ),
  );
});

import t from "tap";
import type { MetricComparison } from "../../projections/metricComparison.js";
import {
  axisLabel,
  periodPositions,
  periodStartMonth,
  chartAlt,
  chartWithTable,
  decimalsOf,
  hasEnglandComparator,
  LINE_STYLES,
  metricChart,
  niceScale,
  periodsOf,
} from "../../src/packs/charts.js";
import { renderPack } from "../../src/packs/document.js";
import { flat, pdfText } from "./fixtures.js";

const series = (
  key: string,
  scope: MetricComparison["series"][number]["scope"],
  points: [string, number][],
) => ({ key, scope, points: points.map(([period, value]) => ({ period, value })) });

const metric = (over: Partial<MetricComparison> = {}): MetricComparison => ({
  metricId: "ehcpShare",
  title: "Pupils with an EHC plan",
  unit: "percent",
  higherIsBetter: null,
  criteria: ["A1"],
  series: [
    series("area", { kind: "area" }, [
      ["2022/23", 4],
      ["2021/22", 3.6],
    ]),
    series("england", { kind: "england" }, [
      ["2021/22", 4],
      ["2022/23", 4.3],
      ["2024/25", 5.3],
    ]),
    series("region:London", { kind: "region", name: "London" }, [["2022/23", 4.5]]),
    series("statisticalNeighbours", { kind: "statisticalNeighbours" }, [["2022/23", 4.25]]),
    series("la:E09000003", { kind: "localAuthority", laCode: "E09000003", name: "Barnet" }, [
      ["2022/23", 4.1],
    ]),
  ],
  latest: { period: "2022/23", value: 4 },
  england: { value: 4.3, difference: -0.3, verdict: "notComparable" },
  statisticalNeighbours: { value: 4.25, difference: -0.25, verdict: "notComparable" },
  regions: [],
  trend: null,
  ...over,
});

t.test("the lines of a metric chart: area, England, neighbours, then regions", async (t) => {
  const spec = metricChart(metric(), "Fernbrook");
  t.same(
    spec.lines.map((l) => l.label),
    ["Fernbrook", "England", "Statistical neighbours", "London"],
    "styles follow the role, not the series order; single local authorities left out",
  );
  t.same(periodsOf(spec), ["2021/22", "2022/23", "2024/25"], "periods in time order");
  t.equal(metricChart(metric()).lines[0]?.label, "Area", "a default label for the area");
  t.ok(hasEnglandComparator(metric()));
  t.notOk(hasEnglandComparator(metric({ series: metric().series.filter((s) => s.key !== "england") })));
  t.equal(
    new Set(LINE_STYLES.map((s) => JSON.stringify(s.dash))).size,
    LINE_STYLES.length,
    "distinct dashes",
  );
  t.equal(new Set(LINE_STYLES.map((s) => s.marker)).size, LINE_STYLES.length, "distinct markers");
});

t.test("scales, decimals and alternative text", async (t) => {
  t.same(niceScale(2.7, 5.3), { lo: 2, hi: 6, step: 1 });
  t.same(niceScale(2.7, 3.4), { lo: 2.6, hi: 3.4, step: 0.2 }, "a step of 2 × 10ⁿ");
  t.same(niceScale(0, 97.9), { lo: 0, hi: 100, step: 25 });
  t.same(niceScale(5, 5), { lo: 4.5, hi: 5.5, step: 0.25 }, "one value: padded");
  t.same(niceScale(0, 0), { lo: -1, hi: 1, step: 0.5 });
  t.equal(decimalsOf([4, 3.6, 4.25]), 2);
  t.equal(decimalsOf([1000, 2000]), 0);
  t.equal(decimalsOf([]), 0);
  const alt = chartAlt(metricChart(metric(), "Fernbrook"));
  t.match(
    alt,
    "Pupils with an EHC plan, Fernbrook, England, Statistical neighbours, London, 2021/22 to 2024/25",
  );
  t.match(alt, "Latest (2024/25): England 5.3%");
  t.match(
    chartAlt({
      title: "One",
      unit: "weeks",
      lines: [{ label: "A", points: [{ period: "2024", value: 3 }] }],
    }),
    "2024. Latest (2024): A 3 weeks",
  );
});

t.test("a chart with its figures table, and charts of other shapes", async (t) => {
  const many = Array.from({ length: 16 }, (_, i) => [`${2010 + i}`, 1000 + i * 5] as [string, number]);
  const pdf = await renderPack(
    {
      kind: "sef",
      areaName: "Testshire",
      title: "Charts",
      position: 1,
      asOf: "2026-11-23T10:00:00.000Z",
      contents: [],
      contentSha256: "0".repeat(64),
      caseLevel: false,
    },
    (w) => {
      chartWithTable(w, metricChart(metric(), "Testshire"));
      chartWithTable(w, {
        title: "Children accessing short breaks with a long title that goes on and on to test the legend",
        unit: "count",
        lines: [
          {
            label: "Testshire with a rather long label",
            points: many.map(([period, value]) => ({ period, value })),
          },
          { label: "England", points: many.map(([period, value]) => ({ period, value: value + 40 })) },
          { label: "Statistical neighbours with a long name", points: [{ period: "2015", value: 150 }] },
          { label: "London region with an even longer name", points: [{ period: "2016", value: 160 }] },
        ],
      });
      chartWithTable(w, {
        title: "Wait",
        unit: "weeks",
        lines: [{ label: "A", points: [{ period: "2024", value: 3 }] }],
      });
      chartWithTable(w, { title: "Nothing", unit: "percent", lines: [] });
    },
  );
  const text = flat(pdfText(pdf));
  t.match(text, "Pupils with an EHC plan (%)", "the unit in the title");
  t.match(text, "Figures: Pupils with an EHC plan");
  t.match(
    text,
    /2022\/23 4\.00% 4\.30% 4\.25% 4\.50%/,
    "the figures table: one row per period, same decimals",
  );
  t.match(text, /2024\/25 — 5\.30% — —/, "a comparator-only period");
  t.match(text, "1,005", "counts with thousands separators");
  t.match(text, "Wait (weeks)");
  t.notMatch(text, "Figures: Nothing", "a chart with no lines is left out");
  t.match(pdf.toString("latin1"), "/Alt (Line chart: Pupils with an EHC plan");
});

t.test("periods are spaced by time, not by count", async (t) => {
  const yearly = periodPositions(["2021/22", "2022/23", "2024/25"]);
  t.same([...yearly.values()], [0, 1 / 3, 1], "2022/23 → 2024/25 spans two years' width");
  t.same([...periodPositions(["2024-01", "2024-02", "2024-12"]).values()], [0, 1 / 11, 1]);
  t.same([...periodPositions(["2024-Q1", "2024-Q2", "2025-Q1"]).values()], [0, 0.25, 1]);
  t.same(
    [...periodPositions(["spring", "summer", "autumn"]).values()],
    [0, 0.5, 1],
    "unknown spellings: even",
  );
  t.same([...periodPositions(["2024"]).values()], [0.5]);
  t.equal(periodStartMonth("2024/25"), 2024 * 12);
  t.equal(periodStartMonth("term 1"), undefined);
});

t.test("the y axis names its unit", async (t) => {
  t.equal(axisLabel(40, "percent"), "40%");
  t.equal(axisLabel(12, "weeks", true), "12 weeks");
  t.equal(axisLabel(12, "weeks"), "12");
  t.equal(axisLabel(12, "count", true), "12");
});

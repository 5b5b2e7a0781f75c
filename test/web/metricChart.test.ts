/** The pages' SVG line chart: its parts, even spacing in period order, escaping of every outside text. */
import fc from "fast-check";
import t from "tap";
import { escapeXml, periodX, svgLineChart, unitName } from "../../src/web/metricChart.js";

const spec = {
  title: "Annual reviews on time",
  unit: "percent",
  lines: [
    {
      label: "Fernbrook",
      points: [
        { period: "2021/22", value: 60 },
        { period: "2022/23", value: 70 },
        { period: "2023/24", value: 72.5 },
      ],
    },
    {
      label: "England",
      points: [
        { period: "2021/22", value: 59 },
        { period: "2023/24", value: 30 },
      ],
    },
  ],
};

t.test(
  "a chart has a title, a y-axis with its unit, periods in order, a legend and alternative text",
  async (t) => {
    const svg = svgLineChart(spec, { id: "c1", description: "Fernbrook is above England." });
    t.match(svg, /^<svg [^>]*role="img" aria-labelledby="c1-title c1-desc"/);
    t.match(svg, /<title id="c1-title">Annual reviews on time<\/title>/);
    t.match(svg, /<desc id="c1-desc">Fernbrook is above England.<\/desc>/);
    t.match(svg, />Per cent<\/text>/, "the y-axis names its unit");
    t.match(svg, />0%<\/text>/, "percentages start at zero");
    const labels = [...svg.matchAll(/>(\d{4}\/\d{2})<\/text>/g)].map((m) => m[1]);
    t.same(labels, ["2021/22", "2022/23", "2023/24"], "every period, in order");
    t.match(svg, />Fernbrook<\/text>/);
    t.match(svg, />England<\/text>/);
    t.equal((svg.match(/<polyline /g) ?? []).length, 2, "one line per series");
    t.notMatch(svg, /style=/, "no style attributes for the CSP to refuse");
  },
);

t.test("periods are evenly spaced by order; one period sits in the middle", async (t) => {
  const xs = [...periodX(["2019", "2020/21", "2024-Q1", "2024-02"]).values()];
  const gaps = xs.slice(1).map((x, i) => x - xs[i]!);
  t.ok(Math.max(...gaps) - Math.min(...gaps) <= 0.11, `even gaps (to a tenth of a unit): ${gaps.join(", ")}`);
  t.same([...periodX(["2024"]).values()], [279]);
});

t.test("no values, other units, many periods", async (t) => {
  t.match(
    svgLineChart({ title: "Empty", unit: "count", lines: [] }, { id: "e", description: "none" }),
    /No values recorded yet/,
  );
  t.equal(unitName("weeks"), "Weeks");
  t.equal(unitName("count"), "Number");
  t.equal(unitName("rate"), "Rate");
  const many = {
    title: "Weeks",
    unit: "weeks",
    lines: [
      {
        label: "Area",
        points: Array.from({ length: 20 }, (_, i) => ({ period: String(2000 + i), value: 10 + i })),
      },
    ],
  };
  const svg = svgLineChart(many, { id: "m", description: "d" });
  const labelled = [...svg.matchAll(/>(\d{4})<\/text>/g)].length;
  t.ok(labelled < 20 && labelled >= 5, `${labelled} of 20 periods labelled, the rest ticked`);
  t.match(svg, />2019<\/text>/, "the last period is always labelled");
  t.notMatch(svg, />2018<\/text>/, "and not the one next to it");
  const single = svgLineChart(
    { title: "One", unit: "days", lines: [{ label: "Area", points: [{ period: "2024", value: 3 }] }] },
    { id: "s", description: "d" },
  );
  t.match(single, /<circle /, "a single value is a marker");
});

t.test("every outside text is escaped", async (t) => {
  const hostile = '<script>alert("x")</script> & \'';
  const svg = svgLineChart(
    { title: hostile, unit: "percent", lines: [{ label: hostile, points: [{ period: hostile, value: 1 }] }] },
    { id: '"><x', description: hostile },
  );
  t.notMatch(svg, /<script/);
  t.notMatch(svg, /<x/);
  fc.assert(
    fc.property(fc.string(), (s) => {
      const out = escapeXml(s).replace(/&(amp|lt|gt|quot|#39);/g, "");
      return !/[<>&"']/.test(out);
    }),
  );
});

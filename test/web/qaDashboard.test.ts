/** The dashboard's bars: one segment per grade counted, filling the bar's width in proportion, in order. */
import fc from "fast-check";
import t from "tap";
import { GRADES, type GradeCounts } from "../../projections/qaSummary.js";
import { BAR_WIDTH, gradeBar } from "../../src/web/qaDashboard.js";
import { onDay } from "../../src/web/when.js";

const counts = (o: number, g: number, ri: number, i: number): GradeCounts => ({
  outstanding: o,
  good: g,
  "requires improvement": ri,
  inadequate: i,
  total: o + g + ri + i,
});

t.test("a bar's segments", async (t) => {
  t.same(gradeBar(counts(0, 0, 0, 0)), [], "nothing submitted: no bar");
  t.same(
    gradeBar(counts(1, 0, 0, 1)).map((s) => [s.grade, s.x, s.width]),
    [
      ["outstanding", 0, 100],
      ["inadequate", 100, 100],
    ],
  );
  fc.assert(
    fc.property(fc.nat(50), fc.nat(50), fc.nat(50), fc.nat(50), (o, g, ri, i) => {
      const c = counts(o, g, ri, i);
      const bar = gradeBar(c);
      if (c.total === 0) return bar.length === 0;
      const sum = bar.reduce((s, x) => s + x.width, 0);
      const ordered = bar.every((s, k) => k === 0 || s.x >= bar[k - 1]!.x);
      const each = bar.every((s) => c[s.grade] > 0 && GRADES.includes(s.grade));
      return (
        Math.abs(sum - BAR_WIDTH) < 0.05 &&
        ordered &&
        each &&
        bar.length === GRADES.filter((x) => c[x] > 0).length
      );
    }),
  );
});

t.test("dates as GOV.UK writes them", async (t) => {
  t.equal(onDay("2026-11-23"), "23 November 2026");
  t.equal(onDay("2026-02-31"), "2026-02-31", "not a date: as it is");
  t.equal(onDay("soon"), "soon");
});

import fc from "fast-check";
import t from "tap";
import { evidenceProjection } from "../../projections/evidence.js";
import { fold } from "../../projections/projection.js";
import {
  FIGURE_TOLERANCE_POINTS,
  FIGURES,
  figureContradictions,
  periodWindow,
  storeFigures,
} from "../../projections/storeFigures.js";
import { addDays } from "../../projections/calendar.js";
import { twelveMonthsEndingOn } from "../../projections/clocks.js";
import {
  annualReviewTimeliness,
  decisionTimeliness,
  twentyWeekTimeliness,
} from "../../projections/timeliness.js";
import { storeFigureId } from "../../schemas/common.js";
import { demoEvents } from "./demoEvents.js";

t.test("periods read as windows", (t) => {
  t.same(periodWindow("2022"), { from: "2022-01-01", to: "2022-12-31" });
  t.same(periodWindow("2022/23"), { from: "2022-09-01", to: "2023-08-31" });
  t.same(periodWindow("2024-Q1"), { from: "2024-01-01", to: "2024-03-31" });
  t.same(periodWindow("2024-02"), { from: "2024-02-01", to: "2024-02-29" });
  t.equal(periodWindow("last year"), undefined);
  fc.assert(
    fc.property(fc.integer({ min: 1990, max: 2090 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
      const w = periodWindow(`${y}-${String(m).padStart(2, "0")}`)!;
      return w.from <= w.to && w.to.slice(0, 7) === w.from.slice(0, 7);
    }),
  );
  t.end();
});

t.test("every figure the schema names is computed, and none twice", (t) => {
  t.same(
    FIGURES.map((f) => f.id),
    storeFigureId.options,
  );
  t.end();
});

const SIZE = { plans: 80, senSupport: 20 };
const state = fold(evidenceProjection, await demoEvents(SIZE));
const day = (state.recordedAt as string).slice(0, 10);

t.test("figures as at a date reuse the timeliness projection", (t) => {
  const figures = new Map(storeFigures(state, day).map((f) => [f.id, f]));
  const twenty = twentyWeekTimeliness(state.cases, twelveMonthsEndingOn(day));
  t.equal(figures.get("finalPlansWithin20Weeks")?.value, twenty.includingExceptions.percent);
  t.equal(
    figures.get("finalPlansWithin20WeeksExcludingExceptions")?.value,
    twenty.excludingExceptions.percent,
  );
  t.same(figures.get("annexAErrors"), {
    ...figures.get("annexAErrors"),
    value: null,
    detail: "Annex A checks not run for this read",
  });
  const counted = new Map(
    storeFigures(state, day, { list1Errors: 2, list2Errors: 1, list1Rows: 10, list2Rows: 20 }).map((f) => [
      f.id,
      f,
    ]),
  );
  t.equal(counted.get("annexAErrors")?.value, 3);
  t.match(counted.get("annexAErrors")?.detail, "List 1: 2 of 10 rows; List 2: 1 of 20 rows");
  const empty = fold(evidenceProjection, []);
  t.ok(
    storeFigures(empty, day).every((f) => f.value === null),
    "nothing to count: no value, not 0%",
  );
  t.end();
});

t.test("the SEF's periodic figures count what the data request counts, on any day", (t) => {
  // The data request pack counts over twelveMonthsEndingOn(day) (src/packs/build.ts); the SEF's figures
  // once counted annual reviews as at the next day and the rest over 12 months and a day.
  for (let back = 0; back < 400; back += 7) {
    const on = addDays(day, -back);
    const window = twelveMonthsEndingOn(on);
    const figures = new Map(storeFigures(state, on).map((f) => [f.id, f]));
    const reviews = annualReviewTimeliness(state.cases, on);
    t.equal(figures.get("annualReviewsOnTime")?.value, reviews.percent, `annual reviews on ${on}`);
    t.equal(figures.get("annualReviewsOnTime")?.from, window.from, `window from ${window.from}`);
    t.match(figures.get("annualReviewsOnTime")?.detail, `${reviews.heldOnTime} of ${reviews.due}`);
    t.equal(figures.get("decisionsWithin6Weeks")?.value, decisionTimeliness(state.cases, window).percent);
  }
  t.end();
});

t.test("a recorded value beyond the tolerance is a contradiction; within it, none", (t) => {
  const figure = storeFigures(state, day).find((f) => f.id === "finalPlansWithin20WeeksExcludingExceptions")!;
  const base = figureContradictions(state, day);
  t.ok(base.length >= 1, "the demo's published 2022 figure disagrees with the store's own");
  const c = base[0]!;
  t.equal(c.figureId, figure.id);
  t.ok(Math.abs(c.recorded - c.computed) > FIGURE_TOLERANCE_POINTS);
  t.match(c.message, `recorded as ${c.recorded}% for ${c.period}`);
  // Move the recorded value to within the tolerance: the contradiction goes.
  const copy = structuredClone(state);
  const metric = copy.metrics.byId.get(c.metricId)!;
  for (const v of metric.values.values())
    if (v.period === c.period && v.scope.kind === "area") v.value = c.computed + FIGURE_TOLERANCE_POINTS;
  t.notOk(
    figureContradictions(copy, day).some((x) => x.period === c.period),
    "within the tolerance",
  );
  t.same(figureContradictions(state, "2022-12-31"), [], "a period not yet ended is not compared");
  t.end();
});

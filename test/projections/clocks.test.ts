import fc from "fast-check";
import t from "tap";
import { addDays, addMonths, daysBetween } from "../../projections/calendar.js";
import { annualReviewDue, twelveMonthsEndingOn } from "../../projections/clocks.js";

const date = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2060-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

t.test("annual review due date, CFA 2014 s44(1) and the anniversary reading", async (t) => {
  t.equal(annualReviewDue("2023-03-01"), "2024-02-29", "made 1 March 2023: by 29 February 2024");
  t.equal(annualReviewDue("2024-02-29"), "2025-02-28", "made 29 February: by the following 28 February");
  t.equal(annualReviewDue("2024-03-01"), "2025-02-28");
  t.equal(annualReviewDue("2023-02-28"), "2024-02-27", "the period ends the day before 28 Feb 2024");
  t.equal(annualReviewDue("2024-12-31"), "2025-12-30");
  t.equal(annualReviewDue("2024-01-01"), "2024-12-31");
  t.equal(annualReviewDue("2023-03-01", "anniversary"), "2024-03-01");
  t.equal(annualReviewDue("2024-02-29", "anniversary"), "2025-02-28");
});

t.test("annual review due date: properties", async () => {
  fc.assert(
    fc.property(date, (d) => {
      const act = annualReviewDue(d, "act");
      const anniversary = annualReviewDue(d, "anniversary");
      const days = daysBetween(d, act);
      // The Act's last day is the anniversary's eve (or the anniversary itself for 29 February, as 28 Feb).
      const eve = d.slice(5) === "02-29" ? act === anniversary : addDays(act, 1) === anniversary;
      return eve && (days === 364 || days === 365) && act > d;
    }),
  );
});

t.test("the rolling window: 12 months ending on the as-at date", async (t) => {
  t.same(twelveMonthsEndingOn("2025-03-31"), { from: "2024-04-01", to: "2025-03-31" });
  t.same(twelveMonthsEndingOn("2024-02-29"), { from: "2023-03-01", to: "2024-02-29" });
  t.same(twelveMonthsEndingOn("2026-01-01"), { from: "2025-01-02", to: "2026-01-01" });
  fc.assert(
    fc.property(date, (d) => {
      const { from, to } = twelveMonthsEndingOn(d);
      const days = daysBetween(from, to) + 1;
      // Never 12 months and a day: the day 12 months back is outside; 365 or 366 days (29 Feb clamps).
      return to === d && from === addDays(addMonths(d, -12), 1) && (days === 365 || days === 366);
    }),
  );
});

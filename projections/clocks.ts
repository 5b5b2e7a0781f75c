/**
 * The conventions every statutory clock and rolling window shares (docs/CLOCKS.md). Pure date arithmetic on
 * `YYYY-MM-DD` calendar dates of the area's calendar.
 */
import type { IsoDate } from "../schemas/common.js";
import { addDays, addMonths } from "./calendar.js";

/**
 * How the annual review period is read.
 * - `act` (default): Children and Families Act 2014 s44(1), the plan is reviewed "in the period of 12 months
 *   starting with the date on which the plan was first made" (then with the date of the last review). A
 *   period *starting with* a date includes that date, so the last day on time is the day before the
 *   anniversary: made 1 March 2023 → due by 29 February 2024; made 29 February 2024 → due by 28 February
 *   2025 (the period ends the day before 1 March 2025, the day 29 February 2025 would have been).
 * - `anniversary`: the looser reading some areas' own reporting uses, on time up to and including the
 *   anniversary (29 February → 28 February in a common year).
 */
export const ANNUAL_REVIEW_RULES = ["act", "anniversary"] as const;
export type AnnualReviewRule = (typeof ANNUAL_REVIEW_RULES)[number];

/** The settings the clocks take from the area's configuration. */
export interface ClockRules {
  annualReview: AnnualReviewRule;
}

export const DEFAULT_CLOCK_RULES: ClockRules = { annualReview: "act" };

/** The last day on which an annual review is on time, 12 months from `startsOn` (see {@link AnnualReviewRule}). */
export function annualReviewDue(startsOn: IsoDate, rule: AnnualReviewRule = "act"): IsoDate {
  const anniversary = addMonths(startsOn, 12);
  if (rule === "anniversary") return anniversary;
  // 29 February: the anniversary is clamped to 28 February, which is already the period's last day.
  return anniversary.slice(8) !== startsOn.slice(8) ? anniversary : addDays(anniversary, -1);
}

/** A rolling window of whole days, both ends included. */
export interface Window {
  from: IsoDate;
  to: IsoDate;
}

/**
 * The one rolling-window convention: the 12 months ending on (and including) `asOf`, which start the day
 * after the same date a year earlier (clamped to the month's end): as at 31 March 2025, 1 April 2024 to
 * 31 March 2025; as at 29 February 2024, 1 March 2023 to 29 February 2024.
 */
export function twelveMonthsEndingOn(asOf: IsoDate): Window {
  return { from: addDays(addMonths(asOf, -12), 1), to: asOf };
}

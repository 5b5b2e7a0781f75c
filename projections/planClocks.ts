/**
 * Clocks around the draft and final plan and the review report that are not 20-week figures (docs/CLOCKS.md):
 * - the draft plan by week 16 of the request: tracked by areas (not a statutory limit), known only from a
 *   plan issued with its draft date;
 * - the 15 days for representations on the draft (SEND Regulations 2014 reg 13(1): the final plan cannot be
 *   issued less than 15 days after the draft is served): a final plan issued sooner is flagged;
 * - the review report within 2 weeks of the meeting: when the report date is not known the step is
 *   "not recorded", never "overdue" (the case extract's `reviewReportSent` column may be blank).
 * Pure date arithmetic over one case's facts.
 */
import type { IsoDate } from "../schemas/common.js";
import { addDays, addWeeks, daysBetween } from "./calendar.js";

/** Weeks from the request to the draft plan that areas track (DfE's "week 16" in the 20-week process). */
export const DRAFT_PLAN_WEEKS = 16;
/** Days the parent or young person has to make representations on the draft (reg 13(1) with reg 14). */
export const REPRESENTATION_DAYS = 15;

export interface DraftPlanStep {
  startsOn: IsoDate;
  dueOn: IsoDate;
  doneOn?: IsoDate;
  status: "met" | "missed" | "not recorded";
  daysLate: number;
}

/** The draft by week 16, for a request whose final plan was issued on or before `asOf`. */
export function draftPlanStep(requestedOn: IsoDate, draftIssuedOn: IsoDate | undefined): DraftPlanStep {
  const dueOn = addWeeks(requestedOn, DRAFT_PLAN_WEEKS);
  if (draftIssuedOn === undefined)
    return { startsOn: requestedOn, dueOn, status: "not recorded", daysLate: 0 };
  const late = daysBetween(dueOn, draftIssuedOn);
  return {
    startsOn: requestedOn,
    dueOn,
    doneOn: draftIssuedOn,
    status: late > 0 ? "missed" : "met",
    daysLate: Math.max(0, late),
  };
}

export interface RepresentationPeriod {
  draftIssuedOn: IsoDate;
  /** The earliest lawful date for the final plan: 15 days after the draft. */
  earliestFinalOn: IsoDate;
  finalIssuedOn: IsoDate;
  /** Days the final plan came before `earliestFinalOn` (0 when the 15 days were given). */
  daysShort: number;
  /** True when the final plan was issued less than 15 days after the draft: flag it. */
  cutShort: boolean;
}

/**
 * The 15 days for representations begin with the day the draft is served (reg 13(1)): a draft served on
 * 1 March gives 1–15 March, so the final plan may be issued from 16 March.
 */
export function representationPeriod(draftIssuedOn: IsoDate, finalIssuedOn: IsoDate): RepresentationPeriod {
  const earliestFinalOn = addDays(draftIssuedOn, REPRESENTATION_DAYS);
  const daysShort = Math.max(0, daysBetween(finalIssuedOn, earliestFinalOn));
  return { draftIssuedOn, earliestFinalOn, finalIssuedOn, daysShort, cutShort: daysShort > 0 };
}

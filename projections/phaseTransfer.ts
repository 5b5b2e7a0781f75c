/**
 * Clocks after a review (docs/CLOCKS.md), as pure selectors over one case:
 * - phase transfers, SEND Regulations 2014 reg 18: the plan reviewed and amended by 15 February of the
 *   calendar year of a move between school phases, by 31 March for secondary school to post-16, and at
 *   least 5 months before a post-16 to post-16 move. Done by the first amended plan issued in the 12 months
 *   ending on the deadline (our convention: the regulation names only the deadline);
 * - the amended plan within 8 weeks of the proposed amendments being sent (reg 22): done by the first
 *   amended plan issued on or after the proposal;
 * - at least 2 weeks' notice of a review meeting (reg 20(3)–(4)): a meeting held less than 14 days after its
 *   notice is flagged.
 * Statuses as in projections/timeliness.ts: on or before the due date is on time.
 */
import type { IsoDate } from "../schemas/common.js";
import { addDays, addMonths, addWeeks, daysBetween } from "./calendar.js";
import type { CaseRecord } from "./cases.js";
import { twelveMonthsEndingOn } from "./clocks.js";
import type { Clock } from "./timeliness.js";

export const AMENDED_PLAN_WEEKS = 8;
export const REVIEW_NOTICE_DAYS = 14;

/** The last day the plan may be reviewed and amended for a move (reg 18). */
export function phaseTransferDue(transfer: string, movesOn: IsoDate): IsoDate {
  const year = movesOn.slice(0, 4);
  if (transfer === "between school phases") return `${year}-02-15`;
  if (transfer === "secondary school to post-16") return `${year}-03-31`;
  // "at least 5 months before": the day 5 months before the move is the last day on time.
  return addMonths(movesOn, -5);
}

/** A clock as at `asOf`; undefined when the plan ceased before it fell due without the step done. */
function status(
  startsOn: IsoDate,
  dueOn: IsoDate,
  doneOn: IsoDate | undefined,
  asOf: IsoDate,
  ceasedOn: IsoDate | undefined,
): Clock | undefined {
  if (doneOn !== undefined && doneOn <= asOf) {
    const late = daysBetween(dueOn, doneOn);
    return { startsOn, dueOn, doneOn, status: late > 0 ? "missed" : "met", daysLate: Math.max(0, late) };
  }
  if (ceasedOn !== undefined && ceasedOn <= asOf)
    return ceasedOn > dueOn
      ? { startsOn, dueOn, status: "missed", daysLate: daysBetween(dueOn, ceasedOn) }
      : undefined;
  return asOf <= dueOn
    ? { startsOn, dueOn, status: "pending", daysLate: 0 }
    : { startsOn, dueOn, status: "overdue", daysLate: daysBetween(dueOn, asOf) };
}

export interface PhaseTransferClock extends Clock {
  transfer: string;
  movesOn: IsoDate;
}

const amendedOn = (c: CaseRecord, asOf: IsoDate) =>
  c.plans
    .filter((p) => p.kind === "amended" && p.issuedOn <= asOf)
    .map((p) => p.issuedOn)
    .sort();

/** Each move recorded as at `asOf`, with its reg 18 deadline. */
export function phaseTransferClocks(c: CaseRecord, asOf: IsoDate): PhaseTransferClock[] {
  const amended = amendedOn(c, asOf);
  return (c.phaseTransfers ?? []).flatMap(({ transfer, movesOn }) => {
    const dueOn = phaseTransferDue(transfer, movesOn);
    const { from } = twelveMonthsEndingOn(dueOn);
    const clock = status(
      from,
      dueOn,
      amended.find((d) => d >= from),
      asOf,
      c.ceased?.ceasedOn,
    );
    return clock ? [{ transfer, movesOn, ...clock }] : [];
  });
}

/** The amended plan within 8 weeks of each proposal sent on or before `asOf`. */
export function amendedPlanClocks(c: CaseRecord, asOf: IsoDate): Clock[] {
  const amended = amendedOn(c, asOf);
  return (c.amendmentsProposed ?? [])
    .filter((sentOn) => sentOn <= asOf)
    .flatMap((sentOn) => {
      const due = addWeeks(sentOn, AMENDED_PLAN_WEEKS);
      const clock = status(
        sentOn,
        due,
        amended.find((d) => d >= sentOn),
        asOf,
        c.ceased?.ceasedOn,
      );
      return clock ? [clock] : [];
    });
}

export interface ReviewNotice {
  noticeSentOn: IsoDate;
  heldOn: IsoDate;
  /** The earliest meeting date with 2 weeks' notice. */
  earliestMeetingOn: IsoDate;
  daysShort: number;
  short: boolean;
}

/** The notice given for each review meeting whose notice date is recorded. */
export function reviewNotices(c: CaseRecord, asOf: IsoDate): ReviewNotice[] {
  return c.reviews
    .filter((r) => r.heldOn <= asOf && r.noticeSentOn !== undefined)
    .map((r) => {
      const earliestMeetingOn = addDays(r.noticeSentOn!, REVIEW_NOTICE_DAYS);
      const daysShort = Math.max(0, daysBetween(r.heldOn, earliestMeetingOn));
      return {
        noticeSentOn: r.noticeSentOn!,
        heldOn: r.heldOn,
        earliestMeetingOn,
        daysShort,
        short: daysShort > 0,
      };
    });
}

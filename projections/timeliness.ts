/**
 * Statutory EHC clocks (SEND Regulations 2014; DOMAIN.md §3), as pure selectors over the `cases` read model.
 *
 * Rules every function here follows:
 * - **Calendar days.** Every limit counts calendar days from the triggering date: a request made on a
 *   Saturday or Sunday starts its clocks that day all the same, and a deadline falling at a weekend or on a
 *   bank holiday is not moved.
 * - **On or before is on time.** A step done on its due date is on time: a final plan issued on day 140
 *   after the request (20 weeks) is within 20 weeks; on day 141 it is late.
 * - **As at.** Facts dated after `asOf` are ignored, so the same read model answers "as at" any date:
 *   a plan issued after `asOf` is still pending (or overdue) as at `asOf`.
 * - **Status.** `met`: done on or before the due date. `missed`: done after it, or never done and the clock
 *   was closed (by a newer request or the plan ceasing) after the due date. `pending`: not done, due date
 *   not yet passed (a step still open on its due date is pending). `overdue`: not done, due date passed.
 *   A clock closed before its due date without being done is not reported at all.
 */
import type { IsoDate } from "../schemas/common.js";
import { addMonths, addWeeks, daysBetween } from "./calendar.js";
import type { CaseRecord, CasesState } from "./cases.js";

/** The statutory limits in weeks (DOMAIN.md §3). Annual reviews are counted in months, see below. */
export const STATUTORY_WEEKS = {
  decisionToAssess: 6,
  decisionNotToIssue: 16,
  finalPlan: 20,
  reviewReport: 2,
  reviewDecision: 4,
} as const;

/** An annual review is due within 12 months of the initial plan's issue or of the last review. */
export const ANNUAL_REVIEW_MONTHS = 12;

export type ClockStatus = "met" | "missed" | "pending" | "overdue";

export interface Clock {
  /** The date the clock started: the request, the plan's issue, the previous review, the review meeting. */
  startsOn: IsoDate;
  /** The last day on which the step is on time. */
  dueOn: IsoDate;
  /** When the step was done (as at `asOf`). */
  doneOn?: IsoDate;
  status: ClockStatus;
  /** Days past the due date: when done late, when closed unmet, or as at `asOf` if overdue; else 0. */
  daysLate: number;
}

export interface FinalPlanClock extends Clock {
  /**
   * The 20-week exceptions recorded on the issued plan (reg. 13(3)). Reported beside the status, which does
   * not take them into account: a late plan with an exception is still `missed` here, and is left out of
   * the "excluding exceptions" figure by {@link twentyWeekTimeliness}.
   */
  exceptions: string[];
}

export interface RequestClocks {
  requestedOn: IsoDate;
  /** When this request's open clocks were closed: a newer request, or the plan ceasing. */
  closedOn?: IsoDate;
  /** Decision whether to assess: 6 weeks from the request. */
  decisionToAssess?: Clock;
  /** Decision not to issue a plan: 16 weeks from the request. Only when that decision was made. */
  decisionNotToIssue?: Clock;
  /**
   * Final plan: 20 weeks (140 days) from the request. Not reported once the LA refused to assess or decided
   * not to issue, nor for a request made while a plan was already maintained (a re-assessment leads to an
   * amended plan, which has no 20-week clock).
   */
  finalPlan?: FinalPlanClock;
}

export interface ReviewClocks {
  heldOn: IsoDate;
  /** Held within 12 months of the initial plan's issue or of the previous review (none without a plan). */
  annualReview?: Clock;
  /** Review report within 2 weeks of the meeting. */
  report?: Clock;
  /** The LA's decision within 4 weeks of the meeting. */
  decision?: Clock;
}

export interface CaseClocks {
  caseId: string;
  asOf: IsoDate;
  /** When the plan ceased, if it had ceased as at `asOf`. */
  ceasedOn?: IsoDate;
  requests: RequestClocks[];
  reviews: ReviewClocks[];
  /** The next annual review while a plan is maintained (`missed` if the plan ceased after it fell due). */
  nextReview?: Clock;
}

/** A date, if it is on or before `asOf`. */
const by = (d: IsoDate | undefined, asOf: IsoDate) => (d !== undefined && d <= asOf ? d : undefined);

function judge(
  startsOn: IsoDate,
  dueOn: IsoDate,
  doneOn: IsoDate | undefined,
  asOf: IsoDate,
  closedOn?: IsoDate,
): Clock | undefined {
  if (doneOn !== undefined) {
    const late = daysBetween(dueOn, doneOn);
    return { startsOn, dueOn, doneOn, status: late > 0 ? "missed" : "met", daysLate: Math.max(0, late) };
  }
  if (closedOn !== undefined)
    return closedOn > dueOn
      ? { startsOn, dueOn, status: "missed", daysLate: daysBetween(dueOn, closedOn) }
      : undefined;
  return asOf <= dueOn
    ? { startsOn, dueOn, status: "pending", daysLate: 0 }
    : { startsOn, dueOn, status: "overdue", daysLate: daysBetween(dueOn, asOf) };
}

const earliest = (a: IsoDate | undefined, b: IsoDate | undefined) =>
  a === undefined ? b : b === undefined || a <= b ? a : b;

/** Every statutory clock of one case, as at `asOf`. */
export function caseClocks(c: CaseRecord, asOf: IsoDate): CaseClocks {
  const ceasedOn = by(c.ceased?.ceasedOn, asOf);
  const initialIssues = c.plans
    .filter((p) => p.kind === "initial" && p.issuedOn <= asOf)
    .map((p) => p.issuedOn)
    .sort();
  // The fold keeps `ceased` only for the current plan, so a cessation is always after the last initial plan.
  const planMaintainedOn = (d: IsoDate) =>
    initialIssues.some((issuedOn) => issuedOn <= d) && !(ceasedOn !== undefined && ceasedOn <= d);

  const requests = c.requests.filter((r) => r.requestedOn <= asOf);
  const requestClocks = requests.map((r, i): RequestClocks => {
    const { requestedOn } = r;
    const closedOn = earliest(
      requests[i + 1]?.requestedOn,
      ceasedOn !== undefined && ceasedOn >= requestedOn ? ceasedOn : undefined,
    );
    const assessment = by(r.assessmentDecision?.decidedOn, asOf) ? r.assessmentDecision : undefined;
    const planDecision = by(r.planDecision?.decidedOn, asOf) ? r.planDecision : undefined;
    const issued = by(r.issued?.issuedOn, asOf) ? r.issued : undefined;
    const out: RequestClocks = { requestedOn };
    if (closedOn !== undefined) out.closedOn = closedOn;
    const toAssess = judge(
      requestedOn,
      addWeeks(requestedOn, STATUTORY_WEEKS.decisionToAssess),
      assessment?.decidedOn,
      asOf,
      closedOn,
    );
    if (toAssess) out.decisionToAssess = toAssess;
    if (planDecision?.decision === "notIssue")
      out.decisionNotToIssue = judge(
        requestedOn,
        addWeeks(requestedOn, STATUTORY_WEEKS.decisionNotToIssue),
        planDecision.decidedOn,
        asOf,
      );
    // A request that led to an initial plan (even one issued after asOf) was not a re-assessment.
    const noPlanDue =
      assessment?.decision === "refuse" ||
      planDecision?.decision === "notIssue" ||
      (!r.issued && planMaintainedOn(requestedOn));
    if (issued || !noPlanDue) {
      const finalPlan = judge(
        requestedOn,
        addWeeks(requestedOn, STATUTORY_WEEKS.finalPlan),
        issued?.issuedOn,
        asOf,
        closedOn,
      );
      if (finalPlan) out.finalPlan = { ...finalPlan, exceptions: [...(issued?.exceptions ?? [])] };
    }
    return out;
  });

  // Annual reviews: each initial plan starts a chain; each review is due 12 months after the plan or the
  // review before it. Amended plans do not restart the chain.
  const reviews = c.reviews.filter((r) => r.heldOn <= asOf).sort((a, b) => (a.heldOn < b.heldOn ? -1 : 1));
  let anchor: IsoDate | undefined;
  let next = 0;
  const advanceTo = (d: IsoDate) => {
    for (let issuedOn = initialIssues[next]; issuedOn !== undefined && issuedOn <= d;) {
      anchor = issuedOn;
      issuedOn = initialIssues[++next];
    }
  };
  const reviewClocks = reviews.map((r): ReviewClocks => {
    advanceTo(r.heldOn);
    const out: ReviewClocks = { heldOn: r.heldOn };
    if (anchor !== undefined)
      out.annualReview = judge(anchor, addMonths(anchor, ANNUAL_REVIEW_MONTHS), r.heldOn, asOf);
    const closedOn = ceasedOn !== undefined && ceasedOn >= r.heldOn ? ceasedOn : undefined;
    const report = judge(
      r.heldOn,
      addWeeks(r.heldOn, STATUTORY_WEEKS.reviewReport),
      by(r.reportSentOn, asOf),
      asOf,
      closedOn,
    );
    if (report) out.report = report;
    const decision = judge(
      r.heldOn,
      addWeeks(r.heldOn, STATUTORY_WEEKS.reviewDecision),
      by(r.decision?.decidedOn, asOf),
      asOf,
      closedOn,
    );
    if (decision) out.decision = decision;
    anchor = r.heldOn;
    return out;
  });
  advanceTo(asOf);

  const result: CaseClocks = { caseId: c.caseId, asOf, requests: requestClocks, reviews: reviewClocks };
  if (ceasedOn !== undefined) result.ceasedOn = ceasedOn;
  if (anchor !== undefined) {
    const nextReview = judge(anchor, addMonths(anchor, ANNUAL_REVIEW_MONTHS), undefined, asOf, ceasedOn);
    if (nextReview) result.nextReview = nextReview;
  }
  return result;
}

/**
 * A share as a percentage rounded to 1 decimal place (half up), or null when there is nothing to share.
 * One rounding rule for every percentage the projections report.
 */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part * 1000) / whole) / 10;
}

export interface Share {
  within: number;
  total: number;
  /** `within / total` as a percentage to 1 dp; null when `total` is 0. */
  percent: number | null;
}

export interface TwentyWeekTimeliness {
  from: IsoDate;
  to: IsoDate;
  /** Initial plans issued in [from, to]. */
  issued: number;
  /** Of those, plans with at least one 20-week exception recorded. */
  exceptionCases: number;
  /** All plans issued: within 20 weeks / all. */
  includingExceptions: Share;
  /** Exception cases removed from numerator and denominator (the DfE headline figure). */
  excludingExceptions: Share;
  /** Cases with a plan issued in the window after 20 weeks (exception or not), sorted. */
  lateCaseIds: string[];
}

const sortedCases = (cases: CasesState) =>
  [...cases.byId.values()].sort((a, b) => (a.caseId < b.caseId ? -1 : 1));

/**
 * New EHC plans issued in [from, to] (inclusive) and how many were issued within 20 weeks of the request,
 * reported both including and excluding exception cases, as DfE does.
 */
export function twentyWeekTimeliness(
  cases: CasesState,
  options: { from: IsoDate; to: IsoDate },
): TwentyWeekTimeliness {
  const { from, to } = options;
  let issued = 0;
  let within = 0;
  let exceptionCases = 0;
  let exceptionWithin = 0;
  const late = new Set<string>();
  for (const c of sortedCases(cases)) {
    for (const r of c.requests) {
      if (!r.issued || r.issued.issuedOn < from || r.issued.issuedOn > to) continue;
      const onTime = r.issued.issuedOn <= addWeeks(r.requestedOn, STATUTORY_WEEKS.finalPlan);
      const exception = r.issued.exceptions.length > 0;
      issued += 1;
      if (onTime) within += 1;
      else late.add(c.caseId);
      if (exception) {
        exceptionCases += 1;
        if (onTime) exceptionWithin += 1;
      }
    }
  }
  const excludedTotal = issued - exceptionCases;
  const excludedWithin = within - exceptionWithin;
  return {
    from,
    to,
    issued,
    exceptionCases,
    includingExceptions: { within, total: issued, percent: percentOf(within, issued) },
    excludingExceptions: {
      within: excludedWithin,
      total: excludedTotal,
      percent: percentOf(excludedWithin, excludedTotal),
    },
    lateCaseIds: [...late],
  };
}

export interface AnnualReviewTimeliness {
  /** The window: reviews that fell due on or after `from` and before `to` (= asOf). */
  from: IsoDate;
  to: IsoDate;
  due: number;
  heldOnTime: number;
  heldLate: number;
  /** Due and not held: still outstanding as at `to`, or the plan ceased after the review fell due. */
  notHeld: number;
  /** heldOnTime / due, to 1 dp; null if none fell due. */
  percent: number | null;
}

/**
 * The share of annual reviews that fell due in the 12 months before `asOf` (due on or after asOf − 12
 * months and before asOf, so every one has an outcome) and were held on or before their due date.
 */
export function annualReviewTimeliness(cases: CasesState, asOf: IsoDate): AnnualReviewTimeliness {
  const from = addMonths(asOf, -ANNUAL_REVIEW_MONTHS);
  let due = 0;
  let heldOnTime = 0;
  let heldLate = 0;
  for (const c of sortedCases(cases)) {
    const clocks = caseClocks(c, asOf);
    const all = clocks.reviews.map((r) => r.annualReview);
    all.push(clocks.nextReview);
    for (const clock of all) {
      if (!clock || clock.dueOn < from || clock.dueOn >= asOf) continue;
      due += 1;
      if (clock.status === "met") heldOnTime += 1;
      else if (clock.doneOn !== undefined) heldLate += 1;
    }
  }
  return {
    from,
    to: asOf,
    due,
    heldOnTime,
    heldLate,
    notHeld: due - heldOnTime - heldLate,
    percent: percentOf(heldOnTime, due),
  };
}

export interface OverdueLists {
  asOf: IsoDate;
  /** Requests with no final plan after 20 weeks (and no decision not to issue). */
  twentyWeekPlans: string[];
  /** Plans maintained whose annual review is past due. */
  annualReviews: string[];
  /** Reviews held with no LA decision after 4 weeks. */
  reviewDecisions: string[];
}

/**
 * Case ids (sorted) with a step overdue as at `asOf`. Ceased plans are excluded: cessation closes the plan's
 * review clocks (and any request open when it ceased), so they are never overdue. A new request made
 * after a plan ceased has a clock of its own and is listed if overdue.
 */
export function overdue(cases: CasesState, asOf: IsoDate): OverdueLists {
  const out: OverdueLists = { asOf, twentyWeekPlans: [], annualReviews: [], reviewDecisions: [] };
  for (const c of sortedCases(cases)) {
    const clocks = caseClocks(c, asOf);
    const id = c.caseId;
    if (clocks.requests.some((r) => r.finalPlan?.status === "overdue")) out.twentyWeekPlans.push(id);
    if (clocks.nextReview?.status === "overdue") out.annualReviews.push(id);
    if (clocks.reviews.some((r) => r.decision?.status === "overdue")) out.reviewDecisions.push(id);
  }
  return out;
}

/**
 * Decisions whether to assess made in [from, to] (inclusive) and how many were made within 6 weeks of the
 * request (DOMAIN.md §3): the first step of the statutory timeline.
 */
export function decisionTimeliness(cases: CasesState, options: { from: IsoDate; to: IsoDate }): Share {
  let within = 0;
  let total = 0;
  for (const c of sortedCases(cases))
    for (const r of caseClocks(c, options.to).requests) {
      const clock = r.decisionToAssess;
      if (!clock?.doneOn || clock.doneOn < options.from) continue;
      total += 1;
      if (clock.status === "met") within += 1;
    }
  return { within, total, percent: percentOf(within, total) };
}

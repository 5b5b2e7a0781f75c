import fc from "fast-check";
import t from "tap";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { addDays, daysBetween } from "../../projections/calendar.js";
import { type CaseRecord, casesProjection, type CasesState } from "../../projections/cases.js";
import { fold } from "../../projections/projection.js";
import { recorded } from "./recorded.js";
import {
  annualReviewTimeliness,
  caseClocks,
  overdue,
  percentOf,
  twentyWeekTimeliness,
} from "../../projections/timeliness.js";

const event = (caseId: string, type: string, data: Record<string, unknown>): RecordedEvent =>
  recorded(`case-${caseId}`, type, data);

type Step = [type: string, data: Record<string, unknown>];
const request = (requestedOn: string): Step => [
  "AssessmentRequested",
  { requestedOn, requestedBy: "parent" },
];
const toAssess = (decidedOn: string, decision = "assess"): Step => [
  "AssessmentDecisionRecorded",
  { decidedOn, decision },
];
const planDecision = (decidedOn: string, decision: string): Step => [
  "PlanDecisionRecorded",
  { decidedOn, decision },
];
const issue = (issuedOn: string, exceptions: string[] = [], kind = "initial"): Step => [
  "EhcPlanIssued",
  { kind, issuedOn, exceptions },
];
const review = (heldOn: string, reportSentOn?: string): Step => [
  "AnnualReviewHeld",
  reportSentOn ? { heldOn, reportSentOn } : { heldOn },
];
const reviewDecision = (reviewHeldOn: string, decidedOn: string): Step => [
  "ReviewDecisionRecorded",
  { reviewHeldOn, decidedOn, decision: "maintain" },
];
const cease = (ceasedOn: string): Step => ["PlanCeased", { ceasedOn, reason: "needs met" }];

/** Fold a set of cases, each from its registration and steps, through the real `cases` projection. */
function casesOf(spec: Record<string, Step[]>): CasesState {
  const events: RecordedEvent[] = [];
  for (const [id, steps] of Object.entries(spec)) {
    events.push(
      event(id, "CaseRegistered", {
        caseId: id,
        dateOfBirth: "2015-03-01",
        gender: "female",
        ethnicity: "WBRI",
      }),
    );
    for (const [type, data] of steps) events.push(event(id, type, data));
  }
  return fold(casesProjection, events);
}
const caseOf = (steps: Step[]) => casesOf({ C1: steps }).byId.get("C1") as CaseRecord;

t.test("a plan on day 140 is on time; on day 141 it is late", async (t) => {
  t.equal(daysBetween("2024-01-08", "2024-05-27"), 140);
  const onTime = caseClocks(
    caseOf([request("2024-01-08"), toAssess("2024-02-19"), issue("2024-05-27")]),
    "2024-12-01",
  );
  const plan = onTime.requests[0]?.finalPlan;
  t.equal(plan?.dueOn, "2024-05-27");
  t.equal(plan?.status, "met");
  t.equal(plan?.daysLate, 0);
  t.equal(onTime.requests[0]?.decisionToAssess?.status, "met", "decided on the last day of 6 weeks");
  t.equal(onTime.requests[0]?.decisionToAssess?.dueOn, "2024-02-19");

  const late = caseClocks(
    caseOf([request("2024-01-08"), toAssess("2024-02-20"), issue("2024-05-28")]),
    "2024-12-01",
  );
  t.match(late.requests[0]?.finalPlan, { status: "missed", daysLate: 1, doneOn: "2024-05-28" });
  t.match(late.requests[0]?.decisionToAssess, { status: "missed", daysLate: 1 });
});

t.test("a leap-day request: calendar weeks from 29 February", async (t) => {
  const clocks = caseClocks(
    caseOf([request("2024-02-29"), toAssess("2024-03-20"), planDecision("2024-06-21", "notIssue")]),
    "2024-12-01",
  );
  const r = clocks.requests[0];
  t.equal(r?.decisionToAssess?.dueOn, "2024-04-11", "6 weeks");
  t.match(r?.decisionNotToIssue, { dueOn: "2024-06-20", status: "missed", daysLate: 1 }, "16 weeks");
  t.equal(r?.finalPlan, undefined, "no 20-week clock after a decision not to issue");

  const pending = caseClocks(caseOf([request("2024-02-29"), toAssess("2024-03-20")]), "2024-07-18");
  t.match(
    pending.requests[0]?.finalPlan,
    { dueOn: "2024-07-18", status: "pending", exceptions: [] },
    "20 weeks",
  );
  t.equal(pending.requests[0]?.decisionNotToIssue, undefined, "no decision not to issue, no 16-week clock");
});

t.test("a Saturday request counts calendar days all the same", async (t) => {
  const c = caseOf([request("2024-01-06")]);
  const onDue = caseClocks(c, "2024-05-25");
  t.equal(onDue.requests[0]?.decisionToAssess?.dueOn, "2024-02-17", "a Saturday deadline is not moved");
  t.match(onDue.requests[0]?.decisionToAssess, { status: "overdue", daysLate: 98 });
  t.match(
    onDue.requests[0]?.finalPlan,
    { dueOn: "2024-05-25", status: "pending", daysLate: 0 },
    "still open on the due day",
  );
  t.match(caseClocks(c, "2024-05-26").requests[0]?.finalPlan, { status: "overdue", daysLate: 1 });
  t.same(overdue(casesOf({ C1: [request("2024-01-06")] }), "2024-05-26").twentyWeekPlans, ["C1"]);
  t.same(overdue(casesOf({ C1: [request("2024-01-06")] }), "2024-05-25").twentyWeekPlans, []);
});

t.test("exceptions are reported beside the status, which ignores them", async (t) => {
  const c = caseOf([request("2024-01-08"), toAssess("2024-02-01"), issue("2024-07-01", ["familyAway"])]);
  t.match(caseClocks(c, "2024-12-01").requests[0]?.finalPlan, {
    status: "missed",
    exceptions: ["familyAway"],
  });
});

t.test("as at: later facts are ignored", async (t) => {
  const c = caseOf([
    request("2024-01-08"),
    toAssess("2024-02-01"),
    issue("2024-06-10"),
    review("2025-06-01"),
  ]);
  const before = caseClocks(c, "2024-03-01");
  t.match(before.requests[0]?.finalPlan, { status: "pending", exceptions: [] });
  t.equal(before.requests[0]?.finalPlan?.doneOn, undefined);
  t.same(before.reviews, []);
  t.equal(before.nextReview, undefined, "no plan yet, no review due");
  t.match(caseClocks(c, "2024-06-01").requests[0]?.finalPlan, { status: "overdue", daysLate: 5 });
  const after = caseClocks(c, "2024-07-01");
  t.match(after.requests[0]?.finalPlan, { status: "missed", daysLate: 14 });
  t.match(after.nextReview, { startsOn: "2024-06-10", dueOn: "2025-06-10", status: "pending" });
  t.equal(
    caseClocks(caseOf([request("2024-01-08")]), "2024-01-07").requests.length,
    0,
    "a request after asOf",
  );
});

t.test("refusal to assess closes the plan clock; a new request restarts the clock", async (t) => {
  const refused = caseClocks(caseOf([request("2024-01-08"), toAssess("2024-02-01", "refuse")]), "2025-01-01");
  t.equal(refused.requests[0]?.decisionToAssess?.status, "met");
  t.equal(refused.requests[0]?.finalPlan, undefined);

  const c = caseOf([
    request("2024-01-08"),
    request("2024-03-01"),
    toAssess("2024-03-20"),
    issue("2024-07-01"),
  ]);
  const clocks = caseClocks(c, "2025-01-01");
  t.equal(clocks.requests.length, 2);
  t.equal(clocks.requests[0]?.closedOn, "2024-03-01");
  t.match(
    clocks.requests[0]?.decisionToAssess,
    { status: "missed", daysLate: 11 },
    "closed unmet after its due date",
  );
  t.equal(clocks.requests[0]?.decisionToAssess?.doneOn, undefined);
  t.equal(clocks.requests[0]?.finalPlan, undefined, "closed before its due date: not reported");
  t.match(clocks.requests[1]?.finalPlan, { status: "met", dueOn: "2024-07-19" });

  const early = caseClocks(caseOf([request("2024-01-08"), request("2024-01-20")]), "2024-01-25");
  t.equal(early.requests[0]?.decisionToAssess, undefined, "closed before the 6 weeks were up");
  t.equal(early.requests[1]?.decisionToAssess?.status, "pending");
});

t.test("a request while a plan is maintained has no 20-week clock; after cessation it has", async (t) => {
  const reassess = caseClocks(
    caseOf([request("2023-01-09"), issue("2023-05-01"), request("2024-01-08")]),
    "2025-01-01",
  );
  t.equal(reassess.requests[1]?.finalPlan, undefined);
  t.equal(reassess.requests[1]?.decisionToAssess?.status, "overdue");

  const c = casesOf({
    C1: [request("2023-01-09"), issue("2023-05-01"), cease("2023-09-01"), request("2024-01-08")],
  });
  const clocks = caseClocks(c.byId.get("C1") as CaseRecord, "2025-01-01");
  t.equal(clocks.ceasedOn, "2023-09-01");
  t.match(clocks.requests[1]?.finalPlan, { status: "overdue" });
  t.same(overdue(c, "2025-01-01").twentyWeekPlans, ["C1"], "a new request after cessation is listed");
});

t.test("annual reviews: 12 months from the plan or the last review, leap days clamped", async (t) => {
  const c = caseOf([
    request("2023-10-16"),
    issue("2024-02-29"),
    review("2025-02-28", "2025-03-14"),
    reviewDecision("2025-02-28", "2025-03-28"),
    issue("2025-06-01", [], "amended"),
    review("2026-03-01", "2026-03-16"),
    reviewDecision("2026-03-01", "2026-03-30"),
    review("2028-02-29"),
  ]);
  const clocks = caseClocks(c, "2028-03-31");
  const [first, second, third] = clocks.reviews;
  t.match(
    first?.annualReview,
    { startsOn: "2024-02-29", dueOn: "2025-02-28", status: "met" },
    "29 Feb + 12 months",
  );
  t.match(first?.report, { dueOn: "2025-03-14", status: "met" });
  t.match(first?.decision, { dueOn: "2025-03-28", status: "met" });
  t.match(
    second?.annualReview,
    { startsOn: "2025-02-28", dueOn: "2026-02-28", status: "missed", daysLate: 1 },
    "an amended plan does not restart the chain",
  );
  t.match(second?.report, { status: "missed", daysLate: 1 });
  t.match(second?.decision, { status: "missed", daysLate: 1 });
  t.match(third?.annualReview, { dueOn: "2027-03-01", status: "missed" });
  t.match(third?.report, { dueOn: "2028-03-14", status: "overdue" });
  t.match(third?.decision, { dueOn: "2028-03-28", status: "overdue", daysLate: 3 });
  t.match(clocks.nextReview, { startsOn: "2028-02-29", dueOn: "2029-02-28", status: "pending" });

  const pending = caseClocks(c, "2028-03-10");
  t.match(pending.reviews[2]?.report, { status: "pending" });
  t.match(pending.reviews[2]?.decision, { status: "pending" });
});

t.test("reviews recorded out of order are taken in date order", async (t) => {
  const c = caseOf([request("2022-09-05"), issue("2023-01-10"), review("2025-01-20"), review("2024-01-05")]);
  const clocks = caseClocks(c, "2025-06-01");
  t.same(
    clocks.reviews.map((r) => [r.heldOn, r.annualReview?.dueOn, r.annualReview?.status]),
    [
      ["2024-01-05", "2024-01-10", "met"],
      ["2025-01-20", "2025-01-05", "missed"],
    ],
  );
});

t.test("cessation closes review clocks; a new plan starts a new chain", async (t) => {
  const beforeDue = caseClocks(
    caseOf([request("2023-01-09"), issue("2023-05-01"), review("2024-04-01"), cease("2024-04-10")]),
    "2025-12-01",
  );
  t.equal(beforeDue.nextReview, undefined, "ceased before the next review fell due");
  t.equal(beforeDue.reviews[0]?.report, undefined, "ceased before the report fell due");
  t.equal(beforeDue.reviews[0]?.decision, undefined);

  const afterDue = caseClocks(
    caseOf([request("2023-01-09"), issue("2023-05-01"), review("2024-04-01"), cease("2025-04-11")]),
    "2025-12-01",
  );
  t.match(afterDue.nextReview, { dueOn: "2025-04-01", status: "missed", daysLate: 10 });
  t.match(afterDue.reviews[0]?.decision, { status: "missed" });

  const reissued = caseClocks(
    caseOf([
      request("2022-01-10"),
      issue("2022-05-01"),
      cease("2022-09-01"),
      request("2023-01-09"),
      issue("2023-05-01"),
      review("2024-04-20"),
    ]),
    "2024-05-01",
  );
  t.match(reissued.reviews[0]?.annualReview, { startsOn: "2023-05-01", status: "met" });
  const between = caseClocks(
    caseOf([
      request("2022-01-10"),
      issue("2022-05-01"),
      cease("2022-09-01"),
      request("2023-01-09"),
      issue("2023-05-01"),
    ]),
    "2023-03-01",
  );
  t.match(between.requests[1]?.finalPlan, { status: "pending" }, "as at a date before the new plan");
});

t.test("a review with no initial plan on record has no annual-review clock", async (t) => {
  const c: CaseRecord = {
    ...caseOf([]),
    plans: [{ kind: "amended", issuedOn: "2023-01-01" }],
    reviews: [{ heldOn: "2024-01-01" }],
  };
  const clocks = caseClocks(c, "2024-01-02");
  t.equal(clocks.reviews[0]?.annualReview, undefined);
  t.match(clocks.nextReview, { startsOn: "2024-01-01", status: "pending" });
});

t.test("twenty-week timeliness including and excluding exceptions", async (t) => {
  const cases = casesOf({
    P2: [request("2024-01-08"), issue("2024-05-28")], // day 141
    P1: [request("2024-01-08"), issue("2024-05-27")], // day 140
    P3: [request("2024-02-29"), issue("2024-07-18")], // leap-day request, day 140
    P4: [request("2024-01-06"), issue("2024-07-01", ["settingClosed"])], // late, exception
    P5: [request("2024-02-05"), issue("2024-06-01", ["familyAway", "exceptionalPersonalCircumstances"])], // on time, exception
    P6: [request("2023-01-09"), issue("2023-05-01")], // outside the window
    P7: [request("2024-03-01")], // not issued
  });
  const r = twentyWeekTimeliness(cases, { from: "2024-01-01", to: "2024-12-31" });
  t.equal(r.issued, 5);
  t.equal(r.exceptionCases, 2);
  t.same(r.includingExceptions, { within: 3, total: 5, percent: 60 });
  t.same(r.excludingExceptions, { within: 2, total: 3, percent: 66.7 });
  t.same(r.lateCaseIds, ["P2", "P4"], "sorted by case id");

  const edges = twentyWeekTimeliness(cases, { from: "2024-05-27", to: "2024-05-28" });
  t.equal(edges.issued, 2, "the window is inclusive at both ends");
  const none = twentyWeekTimeliness(cases, { from: "2020-01-01", to: "2020-12-31" });
  t.same(none.includingExceptions, { within: 0, total: 0, percent: null });
  t.same(none.excludingExceptions.percent, null);
});

t.test("percentages round half up to one decimal place", async (t) => {
  t.equal(percentOf(2, 3), 66.7);
  t.equal(percentOf(1, 8), 12.5);
  t.equal(percentOf(1, 16), 6.3);
  t.equal(percentOf(0, 4), 0);
  t.equal(percentOf(4, 4), 100);
  t.equal(percentOf(0, 0), null);
});

t.test("property: the excluding-exceptions denominator is total minus exception cases", async (t) => {
  const plan = fc.record({
    start: fc.integer({ min: 0, max: 1000 }),
    days: fc.integer({ min: 0, max: 300 }),
    exceptions: fc.subarray(["settingClosed", "exceptionalPersonalCircumstances", "familyAway"]),
    issued: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.array(plan, { maxLength: 40 }), (plans) => {
      const cases: CasesState = { byId: new Map() };
      plans.forEach((p, i) => {
        const requestedOn = addDays("2023-01-01", p.start);
        const c = caseOf([]);
        c.caseId = `C${i}`;
        c.requests = [
          {
            requestedOn,
            requestedBy: "parent",
            ...(p.issued
              ? { issued: { issuedOn: addDays(requestedOn, p.days), exceptions: p.exceptions } }
              : {}),
          },
        ];
        cases.byId.set(c.caseId, c);
      });
      const r = twentyWeekTimeliness(cases, { from: "2023-01-01", to: "2026-12-31" });
      const issued = plans.filter((p) => p.issued);
      const exceptional = issued.filter((p) => p.exceptions.length > 0).length;
      const inRange = (x: number | null, total: number) =>
        total === 0 ? x === null : x !== null && x >= 0 && x <= 100;
      return (
        r.issued === issued.length &&
        r.exceptionCases === exceptional &&
        r.excludingExceptions.total === r.issued - r.exceptionCases &&
        r.includingExceptions.total === r.issued &&
        r.includingExceptions.within === issued.filter((p) => p.days <= 140).length &&
        r.excludingExceptions.within <= r.excludingExceptions.total &&
        inRange(r.includingExceptions.percent, r.includingExceptions.total) &&
        inRange(r.excludingExceptions.percent, r.excludingExceptions.total)
      );
    }),
  );
  t.pass("holds over generated plans");
});

t.test("annual review timeliness over the last 12 months, and the overdue lists", async (t) => {
  const cases = casesOf({
    R1: [request("2023-10-02"), issue("2024-03-01"), review("2025-02-20")], // due 2025-03-01: on time
    R2: [request("2023-11-06"), issue("2024-04-01"), review("2025-04-15")], // due 2025-04-01: late
    R3: [request("2024-01-08"), issue("2024-06-01")], // due 2025-06-01: not held, overdue
    R4: [request("2024-02-05"), issue("2024-07-01"), cease("2025-08-01")], // due 2025-07-01: ceased after, unheld
    R5: [request("2022-09-05"), issue("2023-01-10"), review("2024-01-05"), review("2025-01-05")], // due 2025-01-05: on time
    R6: [request("2024-04-01"), issue("2024-09-01"), cease("2025-03-01")], // ceased before due: not counted
    R7: [
      request("2024-05-01"),
      issue("2024-09-10"),
      review("2025-09-01"),
      reviewDecision("2025-09-01", "2025-09-20"),
    ],
    R8: [request("2024-05-01"), issue("2024-09-10"), review("2025-09-01")], // decision overdue
    R9: [request("2024-05-01"), issue("2024-09-10"), review("2025-09-01"), cease("2025-10-15")], // decision: ceased
  });
  const r = annualReviewTimeliness(cases, "2026-01-01");
  t.equal(r.from, "2025-01-01");
  t.equal(r.to, "2026-01-01");
  t.same(
    { due: r.due, heldOnTime: r.heldOnTime, heldLate: r.heldLate, notHeld: r.notHeld, percent: r.percent },
    { due: 8, heldOnTime: 5, heldLate: 1, notHeld: 2, percent: 62.5 },
  );
  t.equal(annualReviewTimeliness({ byId: new Map() }, "2026-01-01").percent, null);

  const lists = overdue(cases, "2026-01-01");
  t.same(lists, {
    asOf: "2026-01-01",
    twentyWeekPlans: [],
    annualReviews: ["R3"],
    reviewDecisions: ["R1", "R2", "R5", "R8"],
  });
});

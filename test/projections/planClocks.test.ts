import t from "tap";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { casesProjection } from "../../projections/cases.js";
import { draftPlanTimeliness } from "../../projections/draftPlans.js";
import { draftPlanStep, representationPeriod } from "../../projections/planClocks.js";
import { fold } from "../../projections/projection.js";
import { caseClocks } from "../../projections/timeliness.js";
import { recorded } from "./recorded.js";

t.test("the draft by week 16: the day before, on and after", async (t) => {
  t.match(draftPlanStep("2024-01-08", "2024-04-28"), { dueOn: "2024-04-29", status: "met", daysLate: 0 });
  t.match(draftPlanStep("2024-01-08", "2024-04-29"), { status: "met", daysLate: 0 }, "day 112");
  t.match(draftPlanStep("2024-01-08", "2024-04-30"), { status: "missed", daysLate: 1 });
  t.match(draftPlanStep("2024-01-08", undefined), { status: "not recorded", daysLate: 0 });
});

t.test("15 days for representations (reg 13(1)): a final plan sooner is flagged", async (t) => {
  t.match(representationPeriod("2024-03-01", "2024-03-15"), {
    earliestFinalOn: "2024-03-16",
    daysShort: 1,
    cutShort: true,
  });
  t.match(
    representationPeriod("2024-03-01", "2024-03-16"),
    { daysShort: 0, cutShort: false },
    "15 days after",
  );
  t.match(representationPeriod("2024-03-01", "2024-03-17"), { cutShort: false });
  t.match(
    representationPeriod("2024-02-20", "2024-03-01"),
    { earliestFinalOn: "2024-03-06", daysShort: 5 },
    "across 29 Feb",
  );
});

const ev = (id: string, type: string, data: Record<string, unknown>): RecordedEvent =>
  recorded(`case-${id}`, type, data);
function caseWith(id: string, plan: Record<string, unknown>, extra: RecordedEvent[] = []) {
  return [
    ev(id, "CaseRegistered", { caseId: id, dateOfBirth: "2015-03-01", gender: "male", ethnicity: "WBRI" }),
    ev(id, "AssessmentRequested", { requestedOn: "2024-01-08", requestedBy: "parent" }),
    ev(id, "EhcPlanIssued", { kind: "initial", exceptions: [], ...plan }),
    ...extra,
  ];
}

t.test("the clocks of one case and the timeliness figure", async (t) => {
  const cases = fold(casesProjection, [
    ...caseWith("D01", { issuedOn: "2024-05-14", draftIssuedOn: "2024-04-29" }),
    ...caseWith("D02", { issuedOn: "2024-05-10", draftIssuedOn: "2024-04-30" }), // draft late, 10 days: cut short
    ...caseWith("D03", { issuedOn: "2024-07-01", exceptions: ["earlyYearsProviderClosed", "familyAway"] }),
    ...caseWith("D04", { issuedOn: "2024-05-20", draftIssuedOn: "2024-04-25" }, [
      ev("D04", "AnnualReviewHeld", { heldOn: "2025-05-01" }),
      ev("D04", "AnnualReviewHeld", { heldOn: "2025-06-01", reportSentOn: "2025-06-16" }),
    ]),
  ]);
  const d02 = caseClocks(cases.byId.get("D02")!, "2025-01-01").requests[0]!;
  t.match(d02.draftPlan, { status: "missed", daysLate: 1 });
  t.match(d02.representations, { cutShort: true, daysShort: 5 });
  const d04 = caseClocks(cases.byId.get("D04")!, "2025-12-01");
  t.match(d04.reviews[0]?.report, { status: "not recorded", daysLate: 0 }, "unknown is not overdue");
  t.match(d04.reviews[1]?.report, { status: "missed", daysLate: 1 });

  const r = draftPlanTimeliness(cases, { from: "2024-01-01", to: "2024-12-31" });
  t.same(
    {
      issued: r.issued,
      draftRecorded: r.draftRecorded,
      within: r.draftWithin16Weeks,
      cut: r.representationsCutShortCaseIds,
    },
    { issued: 4, draftRecorded: 3, within: { within: 2, total: 3, percent: 66.7 }, cut: ["D02"] },
  );
  t.same(
    r.exceptionsByReason.map((e) => [e.paragraph.slice(0, 13), e.plans]),
    [
      ["reg 10(4)(a):", 0],
      ["reg 10(4)(c):", 0],
      ["reg 10(4)(d):", 1],
      ["reg 10(4)(b):", 1],
    ],
  );
  t.equal(
    draftPlanTimeliness(cases, { from: "2025-01-01", to: "2025-12-31" }).draftWithin16Weeks.percent,
    null,
  );
});

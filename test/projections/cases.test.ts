import t from "tap";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { ageOn, casesProjection, caseStatus } from "../../projections/cases.js";
import { fold } from "../../projections/projection.js";
import { recorded } from "./recorded.js";

let n = 0;
/** Each event a second after the last, so changes move `lastChangedAt`. */
const ev = (stream: string, type: string, data: Record<string, unknown>): RecordedEvent =>
  recorded(
    stream,
    type,
    data,
    `2026-11-23T09:${String(Math.floor(++n / 60) % 60).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}Z`,
  );
const reg = (id: string, extra: Record<string, unknown> = {}) =>
  ev(`case-${id}`, "CaseRegistered", {
    caseId: id,
    dateOfBirth: "2016-02-29",
    gender: "female",
    ethnicity: "WBRI",
    ...extra,
  });

t.test("registration, corrections and characteristics", async (t) => {
  const s = fold(casesProjection, [
    ev("case-C9", "PrimaryNeedRecorded", { need: "ASD", recordedOn: "2024-01-01" }),
    ev("qa-Q1", "CaseRegistered", { caseId: "Q1" }),
    reg("C1", { upn: "A123456789012", uln: "1234567890" }),
    reg("C2"),
    ev("case-C1", "CaseDetailsCorrected", { gender: "male", dateOfBirth: "2016-03-01", reason: "typo" }),
    ev("case-C1", "PrimaryNeedRecorded", { need: "SLCN", secondaryNeed: "ASD", recordedOn: "2024-01-01" }),
    ev("case-C2", "PrimaryNeedRecorded", { need: "SEMH", recordedOn: "2024-01-01" }),
    ev("case-C1", "SenSupportRecorded", { startedOn: "2022-09-01", endedOn: "2024-01-01" }),
    ev("case-C2", "SenSupportRecorded", { startedOn: "2022-09-01" }),
    ev("case-C1", "PlacementRecorded", {
      effectiveFrom: "2024-09-01",
      mainUrn: "100000",
      mainPhase: "primary",
      subsidiaryPhase: "alternative provision",
      electiveHomeEducation: false,
      alternativeProvision: true,
      outOfArea: false,
    }),
    ev("case-C2", "PlacementRecorded", {
      effectiveFrom: "2024-09-01",
      electiveHomeEducation: true,
      alternativeProvision: false,
      outOfArea: true,
    }),
    ev("case-C1", "SchoolRecordUpdated", {
      academicYear: "2024/25",
      suspensions: 2,
      permanentExclusions: 0,
      absencePercent: 12.5,
      pupilPremium: true,
    }),
    ev("case-C1", "SocialCareStatusRecorded", {
      recordedOn: "2024-01-01",
      knownToSocialCare: true,
      team: "children in need",
    }),
    ev("case-C2", "SocialCareStatusRecorded", { recordedOn: "2024-01-01", knownToSocialCare: false }),
    ev("case-C1", "DisabilityRecorded", { recordedOn: "2024-01-01", hasDisability: true }),
  ]);
  t.same([...s.byId.keys()], ["C1", "C2"], "events for unregistered cases and other streams are ignored");
  const c1 = s.byId.get("C1")!;
  const c2 = s.byId.get("C2")!;
  t.match(c1, {
    upn: "A123456789012",
    uln: "1234567890",
    gender: "male",
    dateOfBirth: "2016-03-01",
    ethnicity: "WBRI",
    primaryNeed: "SLCN",
    secondaryNeed: "ASD",
    senSupport: { startedOn: "2022-09-01", endedOn: "2024-01-01" },
    placement: { mainUrn: "100000", mainPhase: "primary", subsidiaryPhase: "alternative provision" },
    schoolRecord: { suspensions: 2, pupilPremium: true },
    socialCare: { knownToSocialCare: true, team: "children in need" },
    hasDisability: true,
  });
  t.equal(c2.upn, undefined);
  t.equal(c2.secondaryNeed, undefined);
  t.same(c2.placement, {
    effectiveFrom: "2024-09-01",
    electiveHomeEducation: true,
    alternativeProvision: false,
    outOfArea: true,
  });
  t.same(c2.socialCare, { knownToSocialCare: false, recordedOn: "2024-01-01" });
  t.not(c1.lastChangedAt, c1.registeredAt, "changes move lastChangedAt");
  t.equal(caseStatus(c1), "none", "SEN support ended, no plan");
  t.equal(caseStatus(c2), "senSupport");
});

t.test("the statutory timeline", async (t) => {
  const s = fold(casesProjection, [
    reg("C1"),
    ev("case-C1", "AssessmentDecisionRecorded", { decidedOn: "2024-01-01", decision: "assess" }),
    ev("case-C1", "PlanDecisionRecorded", { decidedOn: "2024-01-01", decision: "issue" }),
    ev("case-C1", "AssessmentRequested", { requestedOn: "2024-01-06", requestedBy: "parent" }),
    ev("case-C1", "AssessmentDecisionRecorded", { decidedOn: "2024-02-16", decision: "assess" }),
    ev("case-C1", "PlanDecisionRecorded", { decidedOn: "2024-04-01", decision: "issue" }),
    ev("case-C1", "EhcPlanIssued", {
      kind: "initial",
      issuedOn: "2024-05-25",
      draftIssuedOn: "2024-04-20",
      exceptions: ["familyAway"],
    }),
    ev("case-C1", "EhcPlanIssued", { kind: "initial", issuedOn: "2024-06-01", exceptions: [] }),
    ev("case-C1", "EhcPlanIssued", { kind: "amended", issuedOn: "2024-09-01", exceptions: [] }),
    ev("case-C1", "AnnualReviewHeld", { heldOn: "2025-05-01", reportSentOn: "2025-05-10" }),
    ev("case-C1", "AnnualReviewHeld", { heldOn: "2026-04-01" }),
    ev("case-C1", "ReviewDecisionRecorded", {
      reviewHeldOn: "2025-05-01",
      decidedOn: "2025-05-20",
      decision: "cease",
    }),
    ev("case-C1", "ReviewDecisionRecorded", {
      reviewHeldOn: "2020-01-01",
      decidedOn: "2025-05-20",
      decision: "cease",
    }),
    ev("case-C1", "PlanCeased", { ceasedOn: "2025-06-30", reason: "needs met" }),
  ]);
  const c = s.byId.get("C1")!;
  t.same(c.requests, [
    {
      requestedOn: "2024-01-06",
      requestedBy: "parent",
      assessmentDecision: { decidedOn: "2024-02-16", decision: "assess" },
      planDecision: { decidedOn: "2024-04-01", decision: "issue" },
      issued: { issuedOn: "2024-05-25", draftIssuedOn: "2024-04-20", exceptions: ["familyAway"] },
    },
  ]);
  t.same(
    c.plans.map((p) => p.kind),
    ["initial", "initial", "amended"],
  );
  t.same(c.reviews, [
    {
      heldOn: "2025-05-01",
      reportSentOn: "2025-05-10",
      decision: { decidedOn: "2025-05-20", decision: "cease" },
    },
    { heldOn: "2026-04-01" },
  ]);
  t.equal(caseStatus(c), "ceased");

  const reissued = fold(
    casesProjection,
    [
      ev("case-C1", "AssessmentRequested", { requestedOn: "2026-01-05", requestedBy: "young person" }),
      ev("case-C1", "EhcPlanIssued", { kind: "initial", issuedOn: "2026-05-01" }),
    ],
    s,
  );
  t.equal(reissued.byId.get("C1")?.ceased, undefined, "a new initial plan ends the cessation");
  t.same(reissued.byId.get("C1")?.requests[1]?.issued, { issuedOn: "2026-05-01", exceptions: [] });
  t.equal(caseStatus(reissued.byId.get("C1")!), "ehcPlan");

  const bare = fold(casesProjection, [
    reg("C3"),
    ev("case-C3", "PlanCeased", { ceasedOn: "2025-01-01", reason: "other" }),
  ]);
  t.equal(caseStatus(bare.byId.get("C3")!), "ceased", "ceased with no plan on record");
  t.equal(caseStatus(fold(casesProjection, [reg("C4")]).byId.get("C4")!), "none");
});

t.test("age on a date", async (t) => {
  t.equal(ageOn("2016-02-29", "2024-02-28"), 7);
  t.equal(ageOn("2016-02-29", "2024-02-29"), 8);
  t.equal(ageOn("2000-09-01", "2025-08-31"), 24);
  t.equal(ageOn("2000-09-01", "2025-09-01"), 25);
});

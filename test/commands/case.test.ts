import t from "tap";
import { codeOf, decider } from "./decide.js";

const register = { dateOfBirth: "2016-02-29", gender: "female", ethnicity: "WBRI" };

t.test("the statutory timeline in order", async (t) => {
  const c = decider("C000001");
  t.equal(codeOf(c.run("recordPrimaryNeed", { need: "ASD", recordedOn: "2020-01-01" })), "caseNotRegistered");
  t.equal(codeOf(c.run("registerCase", register)), "appended");
  t.same((c.history[0]!.data as { caseId: string }).caseId, "C000001", "the case id comes from the stream");
  t.equal(codeOf(c.run("registerCase", register)), "caseAlreadyRegistered");
  t.equal(
    codeOf(c.run("recordAssessmentDecision", { decidedOn: "2024-01-01", decision: "assess" })),
    "noRequest",
  );
  t.equal(
    codeOf(c.run("issueEhcPlan", { kind: "initial", issuedOn: "2024-01-01", exceptions: [] })),
    "noRequest",
  );
  t.equal(
    codeOf(c.run("requestAssessment", { requestedOn: "2024-01-06", requestedBy: "parent" })),
    "appended",
    "a Saturday request",
  );
  t.equal(
    codeOf(c.run("recordAssessmentDecision", { decidedOn: "2024-01-05", decision: "assess" })),
    "outOfOrder",
  );
  t.equal(codeOf(c.run("recordPlanDecision", { decidedOn: "2024-03-01", decision: "issue" })), "notAssessed");
  t.equal(
    codeOf(c.run("recordAssessmentDecision", { decidedOn: "2024-02-16", decision: "assess" })),
    "appended",
  );
  t.equal(codeOf(c.run("recordPlanDecision", { decidedOn: "2024-04-01", decision: "issue" })), "appended");
  t.equal(
    codeOf(c.run("issueEhcPlan", { kind: "amended", issuedOn: "2024-05-25", exceptions: [] })),
    "noActivePlan",
  );
  t.equal(
    codeOf(
      c.run("issueEhcPlan", {
        kind: "initial",
        issuedOn: "2024-05-25",
        draftIssuedOn: "2024-05-30",
        exceptions: [],
      }),
    ),
    "outOfOrder",
    "final before draft",
  );
  t.equal(
    codeOf(c.run("issueEhcPlan", { kind: "initial", issuedOn: "2024-05-25", exceptions: [] })),
    "appended",
    "day 140",
  );
  t.equal(
    codeOf(c.run("issueEhcPlan", { kind: "initial", issuedOn: "2024-06-25", exceptions: [] })),
    "planAlreadyActive",
  );
  t.equal(
    codeOf(c.run("issueEhcPlan", { kind: "amended", issuedOn: "2024-07-01", exceptions: ["familyAway"] })),
    "exceptionsOnAmendment",
  );
  t.equal(
    codeOf(
      c.run("recordReviewDecision", {
        reviewHeldOn: "2025-05-01",
        decidedOn: "2025-05-10",
        decision: "maintain",
      }),
    ),
    "noSuchReview",
  );
  t.equal(
    codeOf(c.run("recordAnnualReview", { heldOn: "2025-05-01", reportSentOn: "2025-04-30" })),
    "outOfOrder",
  );
  t.equal(
    codeOf(c.run("recordAnnualReview", { heldOn: "2025-05-01", reportSentOn: "2025-05-10" })),
    "appended",
  );
  t.equal(
    codeOf(
      c.run("recordReviewDecision", {
        reviewHeldOn: "2025-05-01",
        decidedOn: "2025-05-20",
        decision: "cease",
      }),
    ),
    "appended",
  );
  t.equal(codeOf(c.run("ceasePlan", { ceasedOn: "2025-06-30", reason: "needs met" })), "appended");
  t.equal(codeOf(c.run("ceasePlan", { ceasedOn: "2025-07-30", reason: "needs met" })), "noActivePlan");
  t.equal(codeOf(c.run("recordAnnualReview", { heldOn: "2026-05-01" })), "noActivePlan");
});

t.test("a new request restarts the clock; a decision not to issue blocks an initial plan", async (t) => {
  const c = decider("C000002");
  c.run("registerCase", register);
  c.run("requestAssessment", { requestedOn: "2024-01-08", requestedBy: "school or college" });
  c.run("recordAssessmentDecision", { decidedOn: "2024-02-01", decision: "assess" });
  t.equal(codeOf(c.run("recordPlanDecision", { decidedOn: "2024-04-20", decision: "notIssue" })), "appended");
  t.equal(
    codeOf(c.run("issueEhcPlan", { kind: "initial", issuedOn: "2024-05-01", exceptions: [] })),
    "decidedNotToIssue",
  );
  c.run("requestAssessment", { requestedOn: "2025-01-06", requestedBy: "parent" });
  c.run("recordAssessmentDecision", { decidedOn: "2025-02-01", decision: "assess" });
  t.equal(
    codeOf(c.run("issueEhcPlan", { kind: "initial", issuedOn: "2025-05-01", exceptions: ["settingClosed"] })),
    "appended",
  );
});

t.test("dates: never in the future, never before birth, except corrections", async (t) => {
  const c = decider("C000003");
  t.equal(codeOf(c.run("registerCase", { ...register, dateOfBirth: "2027-01-01" })), "dateInFuture");
  c.run("registerCase", register);
  t.equal(
    codeOf(c.run("recordDisability", { recordedOn: "2015-01-01", hasDisability: true })),
    "beforeBirth",
  );
  t.equal(
    codeOf(c.run("recordSenSupport", { startedOn: "2022-09-01", endedOn: "2022-08-01" })),
    "outOfOrder",
  );
  t.equal(
    codeOf(c.run("correctCaseDetails", { dateOfBirth: "2015-02-28", reason: "typo in DOB" })),
    "appended",
  );
  t.equal(
    codeOf(c.run("recordDisability", { recordedOn: "2015-06-01", hasDisability: true })),
    "appended",
    "the corrected DOB counts",
  );
  t.same(
    c.run("correctCaseDetails", { reason: "nothing" }),
    { invalid: ["upn"] },
    "a correction corrects something",
  );
  t.same(
    c.run("recordPlacement", {
      effectiveFrom: "2024-09-01",
      subsidiaryPhase: "primary",
      electiveHomeEducation: false,
      alternativeProvision: false,
      outOfArea: false,
    }),
    { invalid: ["mainPhase"] },
  );
  t.same(
    c.run("recordSocialCareStatus", {
      recordedOn: "2024-09-01",
      knownToSocialCare: false,
      team: "child protection",
    }),
    { invalid: ["team"] },
  );
  t.equal(
    codeOf(
      c.run("updateSchoolRecord", {
        academicYear: "2024/25",
        suspensions: 1,
        permanentExclusions: 0,
        absencePercent: 7.5,
        pupilPremium: true,
      }),
    ),
    "appended",
  );
});

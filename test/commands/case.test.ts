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

t.test("impossible histories are refused whole, with the field that breaks them", async (t) => {
  const setUp = (decision: "assess" | "refuse", planDecidedOn?: string) => {
    const c = decider("C000009");
    c.run("registerCase", register);
    c.run("requestAssessment", { requestedOn: "2024-03-04", requestedBy: "parent" });
    c.run("recordAssessmentDecision", { decidedOn: "2024-04-10", decision });
    if (planDecidedOn) c.run("recordPlanDecision", { decidedOn: planDecidedOn, decision: "issue" });
    return c;
  };
  const plan = (extra: Record<string, unknown>) => ({ kind: "initial", exceptions: [], ...extra });
  const refused = (c: ReturnType<typeof decider>, input: Record<string, unknown>) => {
    const before = c.history.length;
    const out = c.run("issueEhcPlan", plan(input)) as { code: string; path: string[]; message: string };
    t.equal(c.history.length, before, "nothing appended");
    return { code: out.code, field: out.path[0], message: out.message };
  };
  t.match(refused(setUp("assess"), { issuedOn: "2024-07-01", draftIssuedOn: "2024-03-01" }), {
    code: "outOfOrder",
    field: "draftIssuedOn",
    message: "draftIssuedOn 2024-03-01 is before the request (2024-03-04)",
  });
  t.match(refused(setUp("assess"), { issuedOn: "2024-07-01", draftIssuedOn: "2024-04-09" }), {
    field: "draftIssuedOn",
    message: /before the decision to assess \(2024-04-10\)/,
  });
  t.match(refused(setUp("assess"), { issuedOn: "2024-04-09" }), {
    field: "issuedOn",
    message: /before the decision to assess/,
  });
  t.match(refused(setUp("assess", "2024-06-20"), { issuedOn: "2024-06-19" }), {
    field: "issuedOn",
    message: "issuedOn 2024-06-19 is before the decision to issue (2024-06-20)",
  });
  t.equal(
    codeOf(setUp("assess", "2024-06-20").run("issueEhcPlan", plan({ issuedOn: "2024-06-20" }))),
    "appended",
    "the same day is possible",
  );
  t.equal(
    codeOf(
      setUp("assess").run("issueEhcPlan", plan({ issuedOn: "2024-04-10", draftIssuedOn: "2024-04-10" })),
    ),
    "appended",
  );

  t.match(refused(setUp("refuse"), { issuedOn: "2024-09-01" }), {
    code: "refusedToAssess",
    field: "refusalOverturnedBy",
    message: /refused assessment on 2024-04-10/,
  });
  t.match(refused(setUp("assess"), { issuedOn: "2024-09-01", refusalOverturnedBy: "tribunal order" }), {
    code: "noRefusal",
  });
  const overturned = setUp("refuse");
  t.equal(
    codeOf(
      overturned.run("issueEhcPlan", plan({ issuedOn: "2024-09-01", refusalOverturnedBy: "tribunal order" })),
    ),
    "appended",
    "allowed with the reason recorded",
  );
  t.match(overturned.history.at(-1)?.data, { refusalOverturnedBy: "tribunal order" });
  t.equal(
    codeOf(
      overturned.run("issueEhcPlan", {
        kind: "amended",
        issuedOn: "2024-10-01",
        exceptions: [],
        refusalOverturnedBy: "mediation",
      }),
    ),
    "noRefusal",
  );
  const renewed = setUp("refuse");
  renewed.run("requestAssessment", { requestedOn: "2024-06-03", requestedBy: "parent" });
  t.equal(codeOf(renewed.run("issueEhcPlan", plan({ issuedOn: "2024-10-01" }))), "appended", "a new request");
});

t.test(
  "phase transfers, proposed amendments and review notice need an active plan and sane dates",
  async (t) => {
    const c = decider("C000010");
    const move = { transfer: "between school phases", movesOn: "2027-09-02" };
    t.equal(codeOf(c.run("recordPhaseTransfer", move)), "caseNotRegistered");
    c.run("registerCase", register);
    t.equal(codeOf(c.run("recordPhaseTransfer", move)), "noActivePlan");
    t.equal(codeOf(c.run("proposeAmendments", { sentOn: "2025-01-10" })), "noActivePlan");
    c.run("requestAssessment", { requestedOn: "2024-01-08", requestedBy: "parent" });
    c.run("issueEhcPlan", { kind: "initial", issuedOn: "2024-05-20", exceptions: [] });
    t.equal(codeOf(c.run("recordPhaseTransfer", { ...move, movesOn: "2024-05-01" })), "outOfOrder");
    t.equal(codeOf(c.run("recordPhaseTransfer", move)), "appended", "a move in the future is fine");
    t.equal(codeOf(c.run("proposeAmendments", { sentOn: "2024-05-01" })), "outOfOrder");
    t.equal(codeOf(c.run("proposeAmendments", { sentOn: "2025-06-02" })), "appended");
    t.equal(
      codeOf(c.run("recordAnnualReview", { heldOn: "2025-05-12", noticeSentOn: "2025-05-13" })),
      "outOfOrder",
      "notice after the meeting",
    );
    t.equal(
      codeOf(c.run("recordAnnualReview", { heldOn: "2025-05-12", noticeSentOn: "2025-04-20" })),
      "appended",
    );
  },
);

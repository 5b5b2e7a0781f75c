/** The pure planner: what each kind of difference between a row and a case's stream becomes. */
import t, { type Test } from "tap";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { handleCommand } from "../../src/commands/handle.js";
import { commandByName } from "../../src/commands/index.js";
import { parseCaseExtract, planCaseImport } from "../../src/imports/caseExtract.js";
import { blankToUndefined } from "../../src/imports/cells.js";
import { importCases } from "../../src/imports/importer.js";
import { parseMetricsFile, planMetricsImport } from "../../src/imports/metricsFile.js";
import { dryRun } from "../../src/imports/plan.js";
import type { EventStore } from "../../src/store/port.js";
import { csvOf, csvTable, officer, type Row, sampleRows, TODAY, tempStore } from "./helpers.js";

const byId = Object.fromEntries(sampleRows.map((r) => [r.caseId!, r]));

async function streams(store: EventStore) {
  const current = new Map<string, RecordedEvent[]>();
  for (const id of ["C0001", "C0002", "C0003", "C0004", "C0005"])
    current.set(id, await store.readStream(`case-${id}`));
  return current;
}

/** Plan `rows` (over the sample's columns) against the store; rows are lines 2, 3, ... */
async function planFor(store: EventStore, rows: Row[], today = TODAY) {
  const parsed = await parseCaseExtract(csvOf(rows), "extract.csv");
  if (parsed.errors.length > 0) throw new Error(JSON.stringify(parsed.errors));
  return planCaseImport(parsed.rows, await streams(store), today);
}

const commandsOf = (plan: Awaited<ReturnType<typeof planFor>>) =>
  plan.commands.map((c) => ({ line: c.line, command: c.command, input: c.input }));

async function seeded(t: Test) {
  const store = tempStore(t);
  await importCases(store, csvOf(sampleRows), "extract.csv", officer, TODAY);
  return store;
}

t.test("identifiers: one correction with only what changed; blanks never erase", async (t) => {
  const store = await seeded(t);
  const plan = await planFor(store, [
    { ...byId.C0001, upn: "A123456789013", uln: "", gender: "Male", ethnicity: "WBRI" },
  ]);
  t.same(commandsOf(plan), [
    {
      line: 2,
      command: "correctCaseDetails",
      input: { upn: "A123456789013", gender: "male", reason: "case extract import" },
    },
  ]);
  t.equal(plan.commands[0]!.expectedRevision, 11, "planned against the stream's last revision");

  const future = await planFor(store, [{ ...byId.C0002, dateOfBirth: "2027-01-01" }]);
  t.match(future.errors, [{ line: 2, column: "dateOfBirth", reason: /after today/ }]);
});

t.test("primary need: a new one keeps the recorded secondary need", async (t) => {
  const store = await seeded(t);
  await handleCommand(store, commandByName.get("recordPrimaryNeed")!, {
    id: "C0002",
    input: { need: "SLCN", secondaryNeed: "SEMH", recordedOn: "2026-10-01" },
    caller: officer,
    today: TODAY,
  });
  t.same(commandsOf(await planFor(store, [byId.C0002!])), [], "same primary need: nothing");
  t.same(commandsOf(await planFor(store, [{ ...byId.C0002, primaryNeed: "MLD" }])), [
    {
      line: 2,
      command: "recordPrimaryNeed",
      input: { need: "MLD", secondaryNeed: "SEMH", recordedOn: TODAY },
    },
  ]);
});

t.test("SEN support is taken as a whole; the decider checks its order", async (t) => {
  const store = await seeded(t);
  const ended = await planFor(store, [{ ...byId.C0002, senSupportEnd: "2026-07-22" }]);
  t.same(commandsOf(ended), [
    { line: 2, command: "recordSenSupport", input: { startedOn: "2023-09-01", endedOn: "2026-07-22" } },
  ]);
  const backwards = await planFor(store, [{ ...byId.C0002, senSupportEnd: "2023-07-22" }]);
  t.match(backwards.errors, [{ line: 2, column: "senSupportEnd", reason: /before startedOn/ }]);
});

t.test("requests: a later one is added with its decisions; an older one is refused", async (t) => {
  const store = await seeded(t);
  const c3 = byId.C0003!;
  const later = {
    ...c3,
    requestDate: "2026-06-01",
    requestedBy: "parent",
    assessmentDecisionDate: "2026-07-06",
    assessmentDecision: "assess",
    planDecisionDate: "2026-09-14",
    planDecision: "issue",
    initialPlanIssued: "2026-10-19",
    exceptions: "exceptional personal circumstances",
  };
  t.same(
    commandsOf(await planFor(store, [later])).map((c) => c.command),
    ["requestAssessment", "recordAssessmentDecision", "recordPlanDecision", "issueEhcPlan"],
  );
  await importCases(store, csvOf([later]), "later.csv", officer, TODAY);

  t.same(commandsOf(await planFor(store, [later])), [], "the new request is now recorded");
  t.same(commandsOf(await planFor(store, [c3])), [], "the older request, as recorded, adds nothing");
  t.same(
    commandsOf(await planFor(store, [{ ...later, exceptions: "exceptionalPersonalCircumstances" }])),
    [],
    "exceptions compare as a set",
  );

  const changedOld = await planFor(store, [{ ...c3, assessmentDecision: "assess" }]);
  t.match(changedOld.errors, [
    {
      line: 2,
      column: "requestDate",
      reason: "is not the latest recorded request (2026-06-01); an import only adds to the latest",
    },
  ]);
  const otherSource = await planFor(store, [{ ...later, requestedBy: "health" }]);
  t.same(otherSource.errors, [
    {
      line: 2,
      column: "requestedBy",
      reason: "the request of 2026-06-01 is recorded as made by parent; an import cannot rewrite it",
    },
  ]);
  const older = await planFor(store, [{ ...c3, requestDate: "2024-01-01" }]);
  t.match(older.errors, [
    { line: 2, column: "requestDate", reason: /earlier than the latest recorded request/ },
  ]);

  for (const change of [
    { initialPlanIssued: "2026-10-20" },
    { draftPlanIssued: "2026-09-28" },
    { exceptions: "familyAway" },
  ]) {
    const rewrite = await planFor(store, [{ ...later, ...change }]);
    t.match(rewrite.errors, [
      {
        line: 2,
        column: "initialPlanIssued",
        reason:
          "differs from the initial plan recorded for the request of 2026-06-01 (issued 2026-10-19, exceptions: " +
          "exceptionalPersonalCircumstances); an import cannot rewrite it",
      },
    ]);
  }
});

t.test("decisions without a request date belong to the latest request", async (t) => {
  const store = await seeded(t);
  const noDate = { ...byId.C0003, requestDate: "", requestedBy: "" };
  t.same(commandsOf(await planFor(store, [noDate])), []);
  t.same(commandsOf(await planFor(store, [{ ...noDate, assessmentDecision: "assess" }])), [
    {
      line: 2,
      command: "recordAssessmentDecision",
      input: { decidedOn: "2025-04-10", decision: "assess" },
    },
  ]);
  const noRequest = await planFor(store, [
    { ...byId.C0002, assessmentDecisionDate: "2026-01-05", assessmentDecision: "assess" },
  ]);
  t.match(noRequest.errors, [{ line: 2, column: "assessmentDecisionDate", reason: /no assessment request/ }]);
  const refused = await planFor(store, [
    { ...byId.C0003, planDecisionDate: "2025-05-01", planDecision: "issue" },
  ]);
  t.match(refused.errors, [{ line: 2, column: "planDecision", reason: /needs a decision to assess/ }]);
});

t.test("plans, reviews and cessation: added when new, refused when rewritten", async (t) => {
  const store = await seeded(t);
  const c1 = byId.C0001!;
  t.same(
    commandsOf(
      await planFor(store, [
        {
          ...c1,
          lastAnnualReview: "2026-05-11",
          reviewDecisionDate: "2026-05-29",
          reviewDecision: "amend",
          latestAmendedPlanIssued: "2026-07-20",
        },
      ]),
    ),
    [
      { line: 2, command: "recordAnnualReview", input: { heldOn: "2026-05-11" } },
      {
        line: 2,
        command: "recordReviewDecision",
        input: { reviewHeldOn: "2026-05-11", decidedOn: "2026-05-29", decision: "amend" },
      },
      {
        line: 2,
        command: "issueEhcPlan",
        input: { kind: "amended", issuedOn: "2026-07-20", exceptions: [] },
      },
    ],
  );
  t.same(commandsOf(await planFor(store, [{ ...c1, reviewDecision: "amend" }])), [
    {
      line: 2,
      command: "recordReviewDecision",
      input: { reviewHeldOn: "2025-05-12", decidedOn: "2025-05-30", decision: "amend" },
    },
  ]);
  const ceasedAgain = await planFor(store, [{ ...byId.C0004, planCeased: "2024-08-30" }]);
  t.match(ceasedAgain.errors, [
    {
      line: 2,
      column: "planCeased",
      reason: /differs from the recorded cessation \(2024-07-31, moved out of area\)/,
    },
  ]);
  const reviewAfterCease = await planFor(store, [{ ...byId.C0004, lastAnnualReview: "2024-09-02" }]);
  t.match(reviewAfterCease.errors, [{ line: 2, column: "lastAnnualReview", reason: /needs an active plan/ }]);
  const ceaseNew = await planFor(store, [{ ...c1, planCeased: "2026-08-31", ceasedReason: "needs met" }]);
  t.same(commandsOf(ceaseNew), [
    { line: 2, command: "ceasePlan", input: { ceasedOn: "2026-08-31", reason: "needs met" } },
  ]);
});

t.test("placement, school record, social care and disability are compared as a whole", async (t) => {
  const store = await seeded(t);
  const c1 = byId.C0001!;
  t.same(
    commandsOf(
      await planFor(store, [
        {
          ...c1,
          subsidiaryPhase: "alternative provision",
          alternativeProvision: "Y",
          suspensions: "2",
          socialCareTeam: "child protection",
          disability: "no",
        },
      ]),
    ),
    [
      {
        line: 2,
        command: "recordPlacement",
        input: {
          effectiveFrom: TODAY,
          mainUrn: "123456",
          mainPhase: "primary",
          subsidiaryPhase: "alternative provision",
          electiveHomeEducation: false,
          alternativeProvision: true,
          outOfArea: false,
        },
      },
      {
        line: 2,
        command: "updateSchoolRecord",
        input: {
          academicYear: "2025/26",
          suspensions: 2,
          permanentExclusions: 0,
          absencePercent: 7.5,
          pupilPremium: true,
        },
      },
      {
        line: 2,
        command: "recordSocialCareStatus",
        input: { recordedOn: TODAY, knownToSocialCare: true, team: "child protection" },
      },
      { line: 2, command: "recordDisability", input: { recordedOn: TODAY, hasDisability: false } },
    ],
  );
  const stale = await planFor(store, [{ ...c1, academicYear: "2024/25" }]);
  t.match(stale.errors, [
    { line: 2, column: "academicYear", reason: "is older than the recorded school record for 2025/26" },
  ]);
  const newYear = await planFor(store, [{ ...byId.C0002, ...schoolOf(c1), academicYear: "2026/27" }]);
  t.same(
    commandsOf(newYear).map((c) => c.command),
    ["updateSchoolRecord"],
  );
  const teamButNotKnown = await planFor(store, [{ ...byId.C0002, socialCareTeam: "early help" }]);
  t.match(teamButNotKnown.errors, [{ line: 2, column: "socialCareTeam", reason: /only applies when/ }]);
  const urnWithoutPhase = await planFor(store, [
    { caseId: "C0005", dateOfBirth: "2019-03-03", gender: "female", ethnicity: "WIRI", mainUrn: "100001" },
  ]);
  t.match(urnWithoutPhase.errors, [{ line: 2, column: "mainPhase", reason: /give the phase/ }]);
});

t.test("one row per child; a row's planning errors keep its commands out", async (t) => {
  const store = tempStore(t);
  const twice = await planFor(store, [byId.C0002!, { ...byId.C0002, primaryNeed: "MLD" }]);
  t.match(twice.errors, [
    { line: 3, column: "caseId", reason: "case C0002 is also on line 2; give one row per child" },
  ]);
  t.equal(twice.commands.length, 6, "the first row is still planned");
});

function schoolOf(row: Row): Row {
  const { academicYear, suspensions, permanentExclusions, absencePercent, pupilPremium } = row;
  return { academicYear, suspensions, permanentExclusions, absencePercent, pupilPremium };
}

t.test("an initial plan's refusal says what is recorded", async (t) => {
  const store = await seeded(t);
  const rewrite = await planFor(store, [{ ...byId.C0001, initialPlanIssued: "2024-05-27" }]);
  t.same(rewrite.errors, [
    {
      line: 2,
      column: "initialPlanIssued",
      reason:
        "differs from the initial plan recorded for the request of 2024-01-08 (issued 2024-05-20, " +
        "draft 2024-04-08, exceptions: none); an import cannot rewrite it",
    },
  ]);
});

t.test("the pure parts need no store: unknown streams are new", async (t) => {
  const parsed = await parseCaseExtract(csvOf([byId.C0003!]), "extract.csv");
  const plan = planCaseImport(parsed.rows, new Map(), TODAY);
  t.same(
    plan.commands.map((c) => [c.command, c.expectedRevision]),
    [
      ["registerCase", -1],
      ["requestAssessment", 0],
      ["recordAssessmentDecision", 1],
      ["recordPrimaryNeed", 2],
    ],
  );
  const metrics = await parseMetricsFile(
    csvTable(["metric", "period", "scope", "value"], [["m-1", "2024", "area", "1"]]),
    "values.csv",
  );
  t.match(planMetricsImport(metrics.rows, new Map(), TODAY).errors, [{ line: 2, column: "metric" }]);
  t.equal(blankToUndefined(5), 5, "only text is trimmed");
});

t.test("the dry run names the command's own column when a rule has no field", async (t) => {
  const base = { line: 7, column: "disability", id: "C0009", expectedRevision: -1 };
  t.same(
    dryRun(
      [{ ...base, command: "recordDisability", input: { recordedOn: TODAY, hasDisability: true } }],
      new Map(),
      TODAY,
    ).errors,
    [{ line: 7, column: "disability", reason: "case C0009 is not registered" }],
  );
  t.same(
    dryRun(
      [{ ...base, command: "recordDisability", input: { recordedOn: TODAY, hasDisability: "perhaps" } }],
      new Map(),
      TODAY,
    ).errors,
    [{ line: 7, column: "disability", reason: "Invalid input: expected boolean, received string" }],
  );
  t.throws(
    () => dryRun([{ ...base, command: "adoptCase", input: {} }], new Map(), TODAY),
    /an import planned adoptCase, which is not in the command table/,
  );
});

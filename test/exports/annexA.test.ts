import t from "tap";
import { buildAnnexA, caseAsAt, GENDER_LABELS } from "../../src/exports/annexA.js";
import { LIST_1_COLUMNS, LIST_2_COLUMNS } from "../../src/exports/annexAColumns.js";
import {
  AS_OF,
  caseEvents,
  caseRecord,
  foldCases,
  onSenSupport,
  stateOf,
  utc,
  withPlan,
} from "./annexAFixtures.js";

const ids = (rows: { "Unique ID": unknown }[]) => rows.map((r) => r["Unique ID"]);

t.test("headers: 21 and 17 columns, List 2 is List 1 without the plan dates and EHE", async (t) => {
  t.equal(LIST_1_COLUMNS.length, 21);
  t.equal(LIST_2_COLUMNS.length, 17);
  const dropped = [
    "Date initial EHC plan issued",
    "Date updated EHC plan issued",
    "Date EHC plan last reviewed",
    "Elective home education",
  ];
  t.same(
    [...LIST_2_COLUMNS],
    LIST_1_COLUMNS.filter((c) => !dropped.includes(c)),
  );
  t.ok(LIST_1_COLUMNS.includes("Main education establishment – URN"), "en dash U+2013");
});

t.test("list membership: ages 0–25 on the as-at date", async (t) => {
  const lists = buildAnnexA(
    stateOf(
      withPlan("AGE25", { dateOfBirth: "2001-11-23" }), // 25th birthday today: in
      withPlan("AGE26", { dateOfBirth: "2000-11-23" }), // 26 today: out
      withPlan("DAYBEFORE26", { dateOfBirth: "2000-11-24" }), // 25, turns 26 tomorrow: in
      onSenSupport("NEWBORN", { dateOfBirth: AS_OF, senSupport: { startedOn: AS_OF } }), // 0: in
      withPlan("UNBORN", { dateOfBirth: "2026-11-24" }), // not born yet: out
      withPlan("BADDOB", { dateOfBirth: "2015-02-30" }), // not a date: kept, blank, flagged by 101
    ),
    AS_OF,
  );
  t.same(ids(lists.list1), ["AGE25", "BADDOB", "DAYBEFORE26"]);
  t.same(ids(lists.list2), ["NEWBORN"]);
  t.equal(lists.list1[1]!["Date of birth"], undefined, "an invalid date of birth is blank, not a bad Date");
  t.equal(lists.asOf, AS_OF);
});

t.test("list membership: status as at the date", async (t) => {
  const lists = buildAnnexA(
    stateOf(
      withPlan("CEASED", { ceased: { ceasedOn: "2025-01-01", reason: "needs met" } }),
      withPlan("CEASELATER", { ceased: { ceasedOn: "2027-01-01", reason: "needs met" } }),
      withPlan("OUTOFAREA", {
        placement: {
          effectiveFrom: "2024-09-01",
          mainUrn: "999999",
          electiveHomeEducation: false,
          alternativeProvision: false,
          outOfArea: true,
        },
      }),
      onSenSupport("PLANLATER", { plans: [{ kind: "initial", issuedOn: "2027-02-01" }] }),
      caseRecord("NOTHING"),
      onSenSupport("SENENDED", { senSupport: { startedOn: "2022-09-01", endedOn: "2025-07-20" } }),
      onSenSupport("SENENDSLATER", { senSupport: { startedOn: "2022-09-01", endedOn: "2027-07-20" } }),
      onSenSupport("SENSTARTSLATER", { senSupport: { startedOn: "2027-01-05" } }),
      onSenSupport("PLANANDSEN", { plans: [{ kind: "initial", issuedOn: "2024-01-01" }] }),
    ),
    AS_OF,
  );
  t.same(ids(lists.list1), ["CEASELATER", "OUTOFAREA", "PLANANDSEN"], "ceased plans out; out of area in");
  t.same(ids(lists.list2), ["PLANLATER", "SENENDSLATER"], "a plan issued after the date does not count");
});

t.test("rows are sorted by Unique ID in code-unit order", async (t) => {
  const lists = buildAnnexA(
    stateOf(withPlan("c-3"), withPlan("C-2"), withPlan("C-10"), withPlan("C-1")),
    AS_OF,
  );
  t.same(ids(lists.list1), ["C-1", "C-10", "C-2", "c-3"]);
});

t.test("List 1 mapping: every column", async (t) => {
  const c = withPlan("C000123", {
    upn: "A123456789012",
    uln: "1234567890",
    dateOfBirth: "2012-04-30",
    gender: "male",
    ethnicity: "MWBC",
    primaryNeed: "SLCN",
    plans: [
      { kind: "initial", issuedOn: "2019-05-01" },
      { kind: "amended", issuedOn: "2021-01-01" },
      { kind: "amended", issuedOn: "2023-02-01" },
      { kind: "amended", issuedOn: "2027-01-01" }, // after the date: ignored
    ],
    reviews: [{ heldOn: "2025-05-01" }, { heldOn: "2024-05-01" }, { heldOn: "2027-05-01" }],
    placement: {
      effectiveFrom: "2023-09-01",
      mainUrn: "100001",
      mainPhase: "secondary",
      subsidiaryPhase: "alternative provision",
      electiveHomeEducation: false,
      alternativeProvision: true,
      outOfArea: false,
    },
    schoolRecord: {
      academicYear: "2025/26",
      suspensions: 2,
      permanentExclusions: 0,
      absencePercent: 12.5,
      pupilPremium: true,
    },
    socialCare: { knownToSocialCare: true, team: "children in need", recordedOn: "2025-01-10" },
    hasDisability: false,
  });
  const [row] = buildAnnexA(stateOf(c), AS_OF).list1;
  t.same(row, {
    "Unique ID": "C000123",
    UPN: "A123456789012",
    ULN: "1234567890",
    "Date of birth": utc("2012-04-30"),
    Gender: "Male",
    Ethnicity: "MWBC",
    "Date initial EHC plan issued": utc("2019-05-01"),
    "Date updated EHC plan issued": utc("2023-02-01"),
    "Date EHC plan last reviewed": utc("2025-05-01"),
    "SEN primary need": "SLCN",
    "Main education establishment – URN": "100001",
    "Main education establishment – phase": "secondary",
    "Subsidiary education establishment – phase (dual registration)": "alternative provision",
    "Elective home education": "No",
    Suspensions: 2,
    "Permanent exclusions": 0,
    Absence: 12.5,
    "Pupil Premium": "Yes",
    "Known to children's social care?": "Yes",
    "Which children's social care team?": "children in need",
    "Does the child or young person have a disability?": "No",
  });
  t.same(Object.keys(row!), [...LIST_1_COLUMNS], "keys in header order");
  t.ok(row!["Date of birth"] instanceof Date);
  t.equal((row!["Date of birth"] as Date).toISOString(), "2012-04-30T00:00:00.000Z", "UTC midnight");
});

t.test("List 1 mapping: unknowns are blank (undefined), never null", async (t) => {
  const c = withPlan("C000124", {
    gender: "unknown",
    ethnicity: " ",
    placement: {
      effectiveFrom: "2027-01-01", // recorded early: not yet in force
      mainUrn: "100001",
      electiveHomeEducation: true,
      alternativeProvision: false,
      outOfArea: false,
    },
    socialCare: { knownToSocialCare: false, team: "other", recordedOn: "2026-01-01" },
  });
  const [row] = buildAnnexA(stateOf(c), AS_OF).list1;
  t.equal(row!.Gender, "Unknown");
  for (const column of [
    "UPN",
    "ULN",
    "Ethnicity",
    "Date updated EHC plan issued",
    "Date EHC plan last reviewed",
    "SEN primary need",
    "Main education establishment – URN",
    "Elective home education",
    "Suspensions",
    "Absence",
    "Pupil Premium",
    "Which children's social care team?",
    "Does the child or young person have a disability?",
  ] as const)
    t.equal(row![column], undefined, `${column} is blank`);
  t.equal(row!["Known to children's social care?"], "No", "not known: no team");
  t.notOk(Object.values(row!).includes(null as never));
});

t.test("gender in words, other text as recorded and formula-safe", async (t) => {
  t.same(GENDER_LABELS, { male: "Male", female: "Female", other: "Other", unknown: "Unknown" });
  for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"])
    t.equal(
      buildAnnexA(stateOf(withPlan("G0", { gender: name })), AS_OF).list1[0]?.Gender,
      name,
      `a gender recorded as ${name} is printed as written (found by the property test, seed 863886449)`,
    );
  const lists = buildAnnexA(
    stateOf(
      withPlan("G1", { gender: "female" }),
      withPlan("G2", { gender: "Non-binary" }),
      withPlan("G3", { gender: "" }),
      withPlan("G4", { gender: "=cmd|' /C calc'!A0", ethnicity: "@SUM(1)", upn: "-1", uln: "+1" }),
      withPlan("G5", { gender: undefined as unknown as string }), // an old record without one
    ),
    AS_OF,
  );
  t.same(
    lists.list1.map((r) => r.Gender),
    ["Female", "Non-binary", undefined, "'=cmd|' /C calc'!A0", undefined],
  );
  const g4 = lists.list1[3]!;
  t.same([g4.Ethnicity, g4.UPN, g4.ULN], ["'@SUM(1)", "'-1", "'+1"]);
});

t.test("List 2 rows: 17 columns, no plan dates", async (t) => {
  const { list2 } = buildAnnexA(
    stateOf(onSenSupport("S1", { primaryNeed: "SEMH", upn: "A123456789012", hasDisability: true })),
    AS_OF,
  );
  t.same(Object.keys(list2[0]!), [...LIST_2_COLUMNS]);
  t.equal(list2[0]!["SEN primary need"], "SEMH");
  t.equal(list2[0]!["Does the child or young person have a disability?"], "Yes");
});

t.test("caseAsAt keeps facts on the date and drops later ones", async (t) => {
  const c = withPlan("A1", {
    plans: [
      { kind: "initial", issuedOn: AS_OF },
      { kind: "amended", issuedOn: "2026-11-24" },
    ],
    reviews: [{ heldOn: AS_OF }],
    ceased: { ceasedOn: "2026-11-24", reason: "needs met" },
    senSupport: { startedOn: "2020-01-01", endedOn: AS_OF },
  });
  const at = caseAsAt(c, AS_OF);
  t.same(at.plans, [{ kind: "initial", issuedOn: AS_OF }], "on the date counts");
  t.same(at.reviews, [{ heldOn: AS_OF }]);
  t.equal(at.ceased, undefined);
  t.same(at.senSupport, { startedOn: "2020-01-01", endedOn: AS_OF });
  t.equal(c.plans.length, 2, "the input is not changed");
});

t.test("built from folded events, as the projection runner would", async (t) => {
  const state = foldCases([
    ...caseEvents("C000001", [
      [
        "CaseRegistered",
        { caseId: "C000001", dateOfBirth: "2016-02-29", gender: "female", ethnicity: "WBRI" },
      ],
      ["PrimaryNeedRecorded", { need: "ASD", recordedOn: "2023-01-01" }],
      ["AssessmentRequested", { requestedOn: "2024-01-08", requestedBy: "parent" }],
      ["AssessmentDecisionRecorded", { decidedOn: "2024-02-16", decision: "assess" }],
      ["EhcPlanIssued", { kind: "initial", issuedOn: "2024-05-25", exceptions: [] }],
      ["AnnualReviewHeld", { heldOn: "2025-05-01", reportSentOn: "2025-05-10" }],
      ["DisabilityRecorded", { recordedOn: "2024-01-01", hasDisability: true }],
    ]),
    ...caseEvents("C000002", [
      [
        "CaseRegistered",
        {
          caseId: "C000002",
          upn: "B123456789012",
          dateOfBirth: "2012-09-01",
          gender: "male",
          ethnicity: "AIND",
        },
      ],
      ["SenSupportRecorded", { startedOn: "2019-09-01" }],
    ]),
    ...caseEvents("C000003", [
      ["CaseRegistered", { caseId: "C000003", dateOfBirth: "2010-09-01", gender: "male", ethnicity: "AIND" }],
      ["AssessmentRequested", { requestedOn: "2020-01-08", requestedBy: "parent" }],
      ["EhcPlanIssued", { kind: "initial", issuedOn: "2020-05-25", exceptions: [] }],
      ["PlanCeased", { ceasedOn: "2025-06-30", reason: "needs met" }],
    ]),
  ]);
  const lists = buildAnnexA(state, AS_OF);
  t.same(ids(lists.list1), ["C000001"]);
  t.same(ids(lists.list2), ["C000002"]);
  t.same(lists.list1[0]!["Date initial EHC plan issued"], utc("2024-05-25"));
  t.same(lists.list1[0]!["Date EHC plan last reviewed"], utc("2025-05-01"));
  t.equal(lists.list2[0]!.UPN, "B123456789012");
  const earlier = buildAnnexA(state, "2024-05-24");
  t.same(
    ids(earlier.list1),
    ["C000003"],
    "the day before the plan, C000001 has none; C000003's not yet ceased",
  );
});

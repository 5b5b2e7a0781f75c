import t from "tap";
import { buildAnnexA } from "../../src/exports/annexA.js";
import type { AnnexAList1Row, AnnexAList2Row } from "../../src/exports/annexAColumns.js";
import { ANNEX_A_CHECKS, type AnnexACheck, checkAnnexA, checkCode } from "../../src/exports/annexAChecks.js";
import { AS_OF, cleanList1Row, cleanList2Row, stateOf, utc, withPlan } from "./annexAFixtures.js";

type Lists = { list1: AnnexAList1Row[]; list2: AnnexAList2Row[] };
const run = (lists: Partial<Lists>) => checkAnnexA({ list1: [], list2: [], ...lists }, AS_OF);
const brief = (checks: AnnexACheck[]) => checks.map((c) => `${c.code} ${c.severity} r${c.row} ${c.column}`);

/** The checks one crafted row raises, on List 1 and (where the column exists) on List 2. */
function on1(over: Partial<AnnexAList1Row>) {
  return brief(run({ list1: [cleanList1Row(over)] }));
}
function on2(over: Partial<AnnexAList2Row>) {
  return brief(run({ list2: [cleanList2Row(over)] }));
}

t.test("clean rows raise nothing", async (t) => {
  t.same(run({ list1: [cleanList1Row()], list2: [cleanList2Row()] }), []);
  t.same(run({}), [], "empty lists");
});

t.test("codes: 1xx for List 1, 2xx for List 2, same last two digits; all distinct", async (t) => {
  const numbers = Object.values(ANNEX_A_CHECKS).map((c) => c.n);
  t.equal(new Set(numbers).size, numbers.length);
  t.equal(checkCode("aged25", 1), 105);
  t.equal(checkCode("aged25", 2), 205);
  t.same(ANNEX_A_CHECKS.initialAfterUpdated.lists, [1], "plan-date checks are List 1 only");
});

t.test("101–104 / 201–204: missing personal information (error)", async (t) => {
  t.same(on1({ "Date of birth": undefined }), ["101 error r2 Date of birth"]);
  t.same(on1({ Gender: "" }), ["102 error r2 Gender"]);
  t.same(on1({ Ethnicity: "  " }), ["103 error r2 Ethnicity"]);
  t.same(on1({ "SEN primary need": undefined }), ["104 error r2 SEN primary need"]);
  t.same(on2({ "Date of birth": undefined }), ["201 error r2 Date of birth"]);
  t.same(on2({ Gender: undefined }), ["202 error r2 Gender"]);
  t.same(on2({ Ethnicity: undefined }), ["203 error r2 Ethnicity"]);
  t.same(on2({ "SEN primary need": "" }), ["204 error r2 SEN primary need"]);
});

t.test("105/106: aged 25 is a query, 26+ an error", async (t) => {
  t.same(on1({ "Date of birth": utc("2001-11-23"), ULN: "1234567890" }), ["105 query r2 Date of birth"]);
  t.same(on1({ "Date of birth": utc("2001-11-24"), ULN: "1234567890" }), [], "24, 25 tomorrow");
  t.same(on1({ "Date of birth": utc("2000-11-23"), ULN: "1234567890" }), ["106 error r2 Date of birth"]);
  t.same(on2({ "Date of birth": utc("1990-01-01"), ULN: "1234567890" }), ["206 error r2 Date of birth"]);
  t.same(
    on2({ "Date of birth": "2001-06-01", ULN: "1234567890" }),
    ["205 query r2 Date of birth"],
    "text date",
  );
  const [c] = run({ list1: [cleanList1Row({ "Date of birth": utc("1999-01-01"), ULN: "1234567890" })] });
  t.match(c!.message, /Aged 27 on 2026-11-23/);
});

t.test("107/207: no disability status", async (t) => {
  const column = "Does the child or young person have a disability?";
  t.same(on1({ [column]: undefined }), [`107 query r2 ${column}`]);
  t.same(on2({ [column]: "" }), [`207 query r2 ${column}`]);
});

t.test("108/208: dates after the as-at date, one result per column", async (t) => {
  t.same(on1({ "Date EHC plan last reviewed": utc("2026-11-24") }), [
    "108 error r2 Date EHC plan last reviewed",
  ]);
  t.same(
    on1({
      "Date initial EHC plan issued": utc("2027-01-01"),
      "Date updated EHC plan issued": utc("2027-02-01"),
    }),
    [
      "108 error r2 Date initial EHC plan issued",
      "108 error r2 Date updated EHC plan issued",
      "110 error r2 Date initial EHC plan issued",
    ],
    "a future initial plan is also after the last review",
  );
  t.same(on1({ "Date EHC plan last reviewed": utc(AS_OF) }), [], "on the date is not the future");
  t.same(on2({ "Date of birth": utc("2026-12-01") }), ["208 error r2 Date of birth"], "no age checks then");
  t.same(on1({ "Date of birth": new Date("nonsense") }), [], "an invalid Date is neither blank nor a date");
  t.same(on1({ "Date of birth": "10/03/2015" }), [], "text that is not YYYY-MM-DD is not read as a date");
});

t.test("109/110: initial plan after the updated plan or the last review (List 1)", async (t) => {
  t.same(on1({ "Date updated EHC plan issued": utc("2020-05-31") }), [
    "109 error r2 Date initial EHC plan issued",
  ]);
  t.same(on1({ "Date EHC plan last reviewed": utc("2019-01-01") }), [
    "110 error r2 Date initial EHC plan issued",
  ]);
  t.same(
    on1({
      "Date updated EHC plan issued": utc("2020-06-01"),
      "Date EHC plan last reviewed": utc("2020-06-01"),
    }),
    [],
    "the same day is fine",
  );
  t.same(
    on1({ "Date updated EHC plan issued": undefined, "Date EHC plan last reviewed": undefined }),
    [],
    "no later plan or review yet",
  );
});

t.test("111/211: aged 6+ with neither UPN nor ULN", async (t) => {
  t.same(on1({ UPN: undefined }), ["111 query r2 UPN"]);
  t.same(on2({ UPN: " " }), ["211 query r2 UPN"]);
  t.same(on1({ UPN: undefined, ULN: "1234567890" }), [], "a ULN will do");
  t.same(on1({ UPN: undefined, "Date of birth": utc("2020-11-24") }), [], "aged 5");
  t.same(on1({ UPN: undefined, "Date of birth": utc("2020-11-23") }), ["111 query r2 UPN"], "6 today");
});

t.test("112/212: school age with no establishment unless home educated", async (t) => {
  const none = {
    "Main education establishment – URN": undefined,
    "Main education establishment – phase": undefined,
  };
  const urn = "Main education establishment – URN";
  t.same(on1(none), [`112 query r2 ${urn}`]);
  t.same(on2(none), [`212 query r2 ${urn}`], "List 2 has no EHE column, so no exemption");
  t.same(on1({ ...none, "Elective home education": "Yes" }), [], "electively home educated");
  t.same(on1({ ...none, "Date of birth": utc("2021-11-24"), UPN: undefined }), [], "aged 4");
  t.same(on1({ ...none, "Date of birth": utc("2021-11-23") }), [`112 query r2 ${urn}`], "5 today");
  t.same(on1({ ...none, "Date of birth": utc("2010-11-24") }), [`112 query r2 ${urn}`], "15");
  t.same(on1({ ...none, "Date of birth": utc("2010-11-23") }), [], "16 today: past school age");
  t.same(on1({ ...none, "Date of birth": undefined }), ["101 error r2 Date of birth"], "age unknown");
});

t.test("113/213: a subsidiary establishment without a main one", async (t) => {
  const sub = "Subsidiary education establishment – phase (dual registration)";
  const urn = "Main education establishment – URN";
  t.same(on1({ [urn]: undefined, [sub]: "alternative provision" }), [`113 error r2 ${urn}`]);
  t.same(on2({ [urn]: "", [sub]: "special", "Date of birth": utc("2004-01-01"), ULN: "1" }), [
    `213 error r2 ${urn}`,
  ]);
  t.same(on1({ [sub]: "alternative provision" }), [], "with a main establishment");
});

t.test("114/214 and 115/215: a UPN appearing twice, within a list and across both", async (t) => {
  const checks = run({
    list1: [
      cleanList1Row({ "Unique ID": "A", UPN: "A123456789012" }),
      cleanList1Row({ "Unique ID": "B", UPN: "a123456789012 " }),
      cleanList1Row({ "Unique ID": "C", UPN: "C123456789012" }),
    ],
    list2: [
      cleanList2Row({ "Unique ID": "D", UPN: "C123456789012" }),
      cleanList2Row({ "Unique ID": "E", UPN: "E123456789012" }),
      cleanList2Row({ "Unique ID": "F", UPN: "E123456789012" }),
    ],
  });
  t.same(
    checks.map((c) => `${c.code} ${c.uniqueId} r${c.row}`),
    ["114 A r2", "114 B r3", "115 C r4", "215 D r2", "214 E r3", "214 F r4"],
  );
  t.match(checks[0]!.message, /2 times in List 1/);
  t.match(checks[2]!.message, /also appears in List 2/);
  t.match(checks[3]!.message, /also appears in List 1/);
  t.same(
    run({
      list1: [cleanList1Row({ UPN: undefined, ULN: "1" }), cleanList1Row({ UPN: undefined, ULN: "2" })],
    }),
    [],
    "blank UPNs are not duplicates",
  );
});

t.test("rows, ids and order", async (t) => {
  const checks = run({
    list1: [
      cleanList1Row({ "Unique ID": "X1" }),
      cleanList1Row({
        "Unique ID": undefined,
        UPN: "Z123456789012",
        Gender: undefined,
        Ethnicity: undefined,
      }),
    ],
    list2: [cleanList2Row({ "Unique ID": "Y1", Gender: undefined })],
  });
  t.same(
    checks.map((c) => [c.list, c.row, c.code, c.uniqueId]),
    [
      [1, 3, 102, ""],
      [1, 3, 103, ""],
      [2, 2, 202, "Y1"],
    ],
    "header is row 1, so the second data row is row 3; a blank id is reported as empty",
  );
});

t.test("lists built from cases: the 25-year-old is queried, the rest are clean", async (t) => {
  const lists = buildAnnexA(
    stateOf(
      withPlan("C1", {
        upn: "A123456789012",
        primaryNeed: "ASD",
        hasDisability: false,
        dateOfBirth: "2001-11-23",
      }),
      withPlan("C2", {
        upn: "B123456789012",
        primaryNeed: "MLD",
        hasDisability: true,
        placement: {
          effectiveFrom: "2024-09-01",
          mainUrn: "100001",
          electiveHomeEducation: false,
          alternativeProvision: false,
          outOfArea: false,
        },
      }),
    ),
    AS_OF,
  );
  t.same(brief(checkAnnexA(lists, AS_OF)), ["105 query r2 Date of birth"]);
});

import t from "tap";
import { evidenceProjection } from "../../projections/evidence.js";
import { fold } from "../../projections/projection.js";
import { annexAFor } from "../../src/exports/annexAReport.js";
import { cellIsoDate, cellText, isBlank, isoToDate } from "../../src/exports/cells.js";
import { AS_OF, caseEvents, onSenSupport, stateOf, utc, withPlan } from "./annexAFixtures.js";

t.test("annexAFor: lists, checks and error counts per list", async (t) => {
  const report = annexAFor(
    {
      state: {
        cases: stateOf(
          withPlan("C1", { upn: "A123456789012", primaryNeed: "ASD", hasDisability: true }),
          withPlan("C2", { primaryNeed: "ASD" }), // no UPN/ULN, no establishment, no disability: queries
          onSenSupport("S1", { ethnicity: "", hasDisability: false }), // ethnicity, primary need: errors
        ),
      },
    },
    AS_OF,
  );
  t.same(report.counts, { list1Rows: 2, list2Rows: 1, list1Errors: 0, list2Errors: 2 });
  t.same(
    report.checks.map((c) => c.code),
    [112, 107, 111, 112, 203, 204, 211, 212],
  );
  t.equal(report.lists.asOf, AS_OF);
});

t.test("annexAFor over the evidence projection", async (t) => {
  const events = caseEvents("C000001", [
    ["CaseRegistered", { caseId: "C000001", dateOfBirth: "2016-02-29", gender: "female", ethnicity: "WBRI" }],
    ["SenSupportRecorded", { startedOn: "2021-09-01" }],
  ]);
  const state = fold(evidenceProjection, events);
  const report = annexAFor({ state }, AS_OF);
  t.equal(report.counts.list2Rows, 1);
  t.same(report.lists.list2[0]!["Date of birth"], utc("2016-02-29"));
});

t.test("cell helpers", async (t) => {
  t.same(isoToDate("2024-02-29"), utc("2024-02-29"));
  t.equal(isoToDate("2023-02-29"), undefined, "not a real date");
  t.equal(isoToDate("2023-2-1"), undefined);
  t.equal(isoToDate(undefined), undefined);
  t.equal(cellIsoDate(utc("2020-01-02")), "2020-01-02");
  t.equal(cellIsoDate(" 2020-01-02 "), "2020-01-02");
  t.equal(cellIsoDate(new Date(Number.NaN)), undefined);
  t.equal(cellIsoDate(20200102), undefined);
  t.equal(cellText(utc("2020-01-02")), "2020-01-02");
  t.equal(cellText(42), "42");
  t.equal(cellText(" x "), "x");
  t.equal(cellText("   "), undefined);
  t.ok(isBlank(undefined));
  t.notOk(isBlank(0));
});

/** Property: a file with a malformed row never appends, and the refusal names that row's line. */
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import t from "tap";
import { addDays } from "../../projections/calendar.js";
import { caseColumns } from "../../src/imports/caseExtract.js";
import { importCases, importMetrics } from "../../src/imports/importer.js";
import { csvOf, csvTable, defineMetric, officer, type Row, sampleRows, TODAY, tempStore } from "./helpers.js";

type Column = (typeof caseColumns)[number];

/** Text no cell parser accepts: no date, number, Yes/No, code or enum starts with "x-". */
const junk = fc.string({ maxLength: 12 }).map((s) => `x-${s}`);
const blank = fc.constantFrom("", "  ");
const badDate = fc.oneof(
  junk,
  fc.constantFrom("31/02/2020", "2020-13-01", "2019-02-29", "00/01/2020", "1/1/20", "2020/01/01", "20200101"),
  fc.integer({ min: 1, max: 3650 }).map((n) => addDays(TODAY, n)), // in the future: the deciders refuse it
);

const dateColumns: Column[] = [
  "dateOfBirth",
  "senSupportStart",
  "senSupportEnd",
  "requestDate",
  "assessmentDecisionDate",
  "planDecisionDate",
  "initialPlanIssued",
  "draftPlanIssued",
  "latestAmendedPlanIssued",
  "lastAnnualReview",
  "reviewDecisionDate",
  "planCeased",
];
const junkColumns: Column[] = caseColumns.filter((c) => c !== "caseId" && !dateColumns.includes(c));

/** A malformation of one cell: [column, bad text]. */
const badCell: fc.Arbitrary<[Column, string]> = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom(...dateColumns), badDate), weight: 5 },
  { arbitrary: fc.tuple(fc.constantFrom(...junkColumns), junk), weight: 5 },
  {
    arbitrary: fc.tuple(
      fc.constantFrom<Column>("caseId"),
      fc.oneof(
        blank,
        fc.string({ maxLength: 8 }).map((s) => `a b${s}`),
      ),
    ),
    weight: 1,
  },
  { arbitrary: fc.tuple(fc.constantFrom<Column>("dateOfBirth", "gender", "ethnicity"), blank), weight: 1 },
  {
    arbitrary: fc.tuple(fc.constantFrom<Column>("suspensions"), fc.constantFrom("-1", "1.5", "201")),
    weight: 1,
  },
  {
    arbitrary: fc.tuple(fc.constantFrom<Column>("absencePercent"), fc.constantFrom("-0.1", "100.5", "12,5")),
    weight: 1,
  },
);

t.test("a malformed case row never appends and is always named", async (t) => {
  const store = tempStore(t);
  await importCases(store, csvOf(sampleRows), "extract.csv", officer, TODAY);
  const head = await store.head();
  const lines = sampleRows.length + 1;

  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: sampleRows.length - 1 }),
      fc.oneof(
        { arbitrary: badCell.map((cell) => ({ cell })), weight: 9 },
        { arbitrary: fc.constant({ cell: undefined }), weight: 1 },
      ),
      async (index, { cell }) => {
        const rows: Row[] = sampleRows.map((r) => ({ ...r }));
        let bytes: Buffer;
        if (cell) {
          rows[index]![cell[0]] = cell[1];
          bytes = csvOf(rows);
        } else {
          // A row with a cell beyond the header.
          const table = rows.map((r) => caseColumns.map((c) => r[c] ?? ""));
          table[index]!.push("surplus");
          bytes = Buffer.from(stringify([[...caseColumns], ...table]));
        }
        const outcome = await importCases(store, bytes, "extract.csv", officer, TODAY);
        if (outcome.kind !== "refused") return false;
        const line = index + 2;
        return (
          outcome.errors.some((e) => e.line === line) &&
          outcome.errors.every((e) => e.line >= 1 && e.line <= lines + 1) &&
          (await store.head()).position === head.position
        );
      },
    ),
    { numRuns: 200 },
  );
  t.same(await store.head(), head, "nothing was ever appended");
});

t.test("a malformed metrics row never appends and is always named", async (t) => {
  const store = tempStore(t);
  await defineMetric(store, "ehcp-20-weeks");
  const good = [
    ["ehcp-20-weeks", "2024", "area", "48.2", ""],
    ["ehcp-20-weeks", "2024", "england", "46.4", ""],
    ["ehcp-20-weeks", "2023", "area", "50.3", ""],
  ];
  const head = await store.head();
  const badMetricCell = fc.oneof(
    fc.tuple(
      fc.constant(0),
      fc.oneof(
        blank,
        junk.map((s) => ` ${s}`),
        fc.constant("undefined-metric"),
      ),
    ),
    fc.tuple(fc.constant(1), fc.oneof(blank, junk, fc.constantFrom("2024/2025", "24", "2024-Q5", "2024-1"))),
    fc.tuple(fc.constant(2), fc.oneof(blank, junk, fc.constantFrom("region:", "la:E1:X", "la:E09000003"))),
    fc.tuple(fc.constant(3), fc.oneof(blank, junk, fc.constantFrom("1,2", "NaN", "Infinity", "1e5", "--1"))),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: good.length - 1 }),
      badMetricCell,
      async (index, [c, text]) => {
        const rows = good.map((r) => [...r]);
        rows[index]![c] = text;
        const outcome = await importMetrics(
          store,
          csvTable(["metric", "period", "scope", "value", "source"], rows),
          "values.csv",
          officer,
          TODAY,
        );
        return (
          outcome.kind === "refused" &&
          outcome.errors.some((e) => e.line === index + 2) &&
          (await store.head()).position === head.position
        );
      },
    ),
    { numRuns: 100 },
  );
  t.same(await store.head(), head);
});

import ExcelJS from "exceljs";
import t from "tap";
import { casesProjection } from "../../projections/cases.js";
import { fold } from "../../projections/projection.js";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { handleCommand } from "../../src/commands/handle.js";
import { commandByName } from "../../src/commands/index.js";
import { caseColumns } from "../../src/imports/caseExtract.js";
import { ImportInterruptedError, importCases } from "../../src/imports/importer.js";
import type { EventStore } from "../../src/store/port.js";
import {
  caseHistory,
  csvOf,
  officer,
  type Row,
  SAMPLE_EVENTS,
  sampleRows,
  TODAY,
  tempStore,
} from "./helpers.js";

const extract = csvOf(sampleRows);
const withRow = (index: number, changes: Row) =>
  sampleRows.map((r, i) => (i === index ? { ...r, ...changes } : r));

async function allEvents(store: EventStore) {
  const events: RecordedEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return events;
}

t.test("a clean CSV imports every fact through the deciders", async (t) => {
  const store = tempStore(t);
  const outcome = await importCases(store, extract, "extract.csv", officer, TODAY);
  t.same(outcome, { kind: "imported", appended: SAMPLE_EVENTS, commands: SAMPLE_EVENTS, unchanged: 0 });
  t.equal(await store.position(), SAMPLE_EVENTS);

  const events = await allEvents(store);
  t.ok(
    events.every((e) => e.metadata.source === "import:extract.csv" && e.metadata.actor === "officer.one"),
    "events say where they came from and who imported them",
  );
  t.equal(new Set(events.map((e) => e.metadata.correlationId)).size, 1, "one correlation id per import");

  const { byId } = fold(casesProjection, events);
  const c1 = byId.get("C0001")!;
  t.match(c1, {
    upn: "A123456789012",
    uln: "1234567890",
    primaryNeed: "ASD",
    requests: [
      {
        requestedOn: "2024-01-08",
        requestedBy: "parent",
        assessmentDecision: { decidedOn: "2024-02-12", decision: "assess" },
        planDecision: { decidedOn: "2024-04-01", decision: "issue" },
        issued: { issuedOn: "2024-05-20", draftIssuedOn: "2024-04-08", exceptions: [] },
      },
    ],
    reviews: [{ heldOn: "2025-05-12", decision: { decidedOn: "2025-05-30", decision: "maintain" } }],
    placement: {
      effectiveFrom: TODAY,
      mainUrn: "123456",
      mainPhase: "primary",
      electiveHomeEducation: false,
    },
    schoolRecord: { academicYear: "2025/26", suspensions: 1, absencePercent: 7.5, pupilPremium: true },
    socialCare: { knownToSocialCare: true, team: "children in need" },
    hasDisability: true,
  });
  t.match(byId.get("C0002"), {
    dateOfBirth: "2017-11-20",
    gender: "male",
    ethnicity: "AIND",
    primaryNeed: "SLCN",
    senSupport: { startedOn: "2023-09-01" },
    placement: { mainPhase: "primary", outOfArea: false },
    socialCare: { knownToSocialCare: false },
    hasDisability: false,
  });
  t.match(byId.get("C0003"), {
    requests: [{ requestedBy: "school or college", assessmentDecision: { decision: "refuse" } }],
  });
  t.match(byId.get("C0004"), {
    requests: [{ issued: { issuedOn: "2019-06-17", exceptions: ["familyAway", "settingClosed"] } }],
    plans: [
      { kind: "initial", issuedOn: "2019-06-17" },
      { kind: "amended", issuedOn: "2022-03-01" },
    ],
    ceased: { ceasedOn: "2024-07-31", reason: "moved out of area" },
    placement: { outOfArea: true },
  });
  t.same(
    (await caseHistory(store, "C0004")).map((e) => e.type),
    [
      "CaseRegistered",
      "AssessmentRequested",
      "AssessmentDecisionRecorded",
      "PlanDecisionRecorded",
      "EhcPlanIssued",
      "EhcPlanIssued",
      "PlanCeased",
      "PrimaryNeedRecorded",
      "PlacementRecorded",
    ],
    "a case's commands run in date order",
  );
});

t.test("importing the same file twice appends nothing", async (t) => {
  const store = tempStore(t);
  await importCases(store, extract, "extract.csv", officer, TODAY);
  const head = await store.head();
  const again = await importCases(store, extract, "extract.csv", officer, TODAY);
  t.same(again, { kind: "imported", appended: 0, commands: 0, unchanged: 4 });
  t.same(await store.head(), head);
  const later = await importCases(store, extract, "copy of extract.csv", officer, "2027-01-04");
  t.same(later, { kind: "imported", appended: 0, commands: 0, unchanged: 4 }, "nor on another day");
  t.same(await store.head(), head);
});

t.test("one bad row refuses the whole file, naming every bad row", async (t) => {
  const store = tempStore(t);
  const bad = csvOf(withRow(2, { dateOfBirth: "31/02/2012" }));
  const outcome = await importCases(store, bad, "extract.csv", officer, TODAY);
  t.equal(outcome.kind, "refused");
  t.same(outcome.kind === "refused" && outcome.errors, [
    { line: 4, column: "dateOfBirth", reason: '"31/02/2012" is not a date as YYYY-MM-DD or DD/MM/YYYY' },
  ]);
  t.equal(await store.position(), 0, "nothing appended");

  const many = csvOf(
    sampleRows.map((r, i) =>
      i === 0 ? { ...r, gender: "girl" } : i === 3 ? { ...r, planCeased: "2024-07-31", ceasedReason: "" } : r,
    ),
  );
  const refused = await importCases(store, many, "extract.csv", officer, TODAY);
  t.match(refused, {
    kind: "refused",
    errors: [
      { line: 2, column: "gender", reason: /not one of: female, male, other, unknown/ },
      { line: 5, column: "ceasedReason", reason: "is needed with planCeased" },
    ],
  });
  t.equal(await store.position(), 0);
});

t.test("a rule the deciders enforce is found by the dry run, before anything is written", async (t) => {
  const store = tempStore(t);
  const rows = sampleRows.map((r, i) =>
    i === 1
      ? { ...r, senSupportStart: "2027-01-04" }
      : i === 2
        ? { ...r, initialPlanIssued: "2025-02-03" }
        : r,
  );
  const outcome = await importCases(store, csvOf(rows), "extract.csv", officer, TODAY);
  t.match(outcome, {
    kind: "refused",
    errors: [
      { line: 3, column: "senSupportStart", reason: /after today/ },
      { line: 4, column: "initialPlanIssued", reason: /before an assessment request/ },
    ],
  });
  t.equal(await store.position(), 0, "nothing appended, though lines 2 and 5 were fine");
});

t.test("a changed row appends exactly the changed fact", async (t) => {
  const store = tempStore(t);
  await importCases(store, extract, "extract.csv", officer, "2026-09-01");
  const before = await store.position();
  const changed = csvOf(withRow(1, { primaryNeed: "ASD" }));
  const outcome = await importCases(store, changed, "extract-november.csv", officer, TODAY);
  t.same(outcome, { kind: "imported", appended: 1, commands: 1, unchanged: 3 });
  t.equal(await store.position(), before + 1);
  t.same((await caseHistory(store, "C0002")).at(-1), {
    type: "PrimaryNeedRecorded",
    data: { need: "ASD", recordedOn: TODAY, schemaVersion: 1 },
  });
  t.same(await importCases(store, changed, "extract-november.csv", officer, TODAY), {
    kind: "imported",
    appended: 0,
    commands: 0,
    unchanged: 4,
  });
});

t.test("an XLSX extract imports the same as the CSV", async (t) => {
  const dateColumns = new Set<string>(
    caseColumns.filter((c) => /Date|dateOf|Issued|Review$|Ceased|Start/.test(c)),
  );
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("List");
  sheet.addRow([...caseColumns]);
  for (const row of sampleRows)
    sheet.addRow(
      caseColumns.map((c) => {
        const text = row[c];
        if (text === undefined) return null;
        if (dateColumns.has(c) && /^\d{4}-/.test(text)) return new Date(`${text}T00:00:00Z`);
        if (c === "suspensions" || c === "permanentExclusions" || c === "mainUrn") return Number(text);
        if (c === "absencePercent") return Number(text) / 100;
        if (text === "Yes" || text === "No") return text === "Yes";
        return text;
      }),
    );
  const absence = caseColumns.indexOf("absencePercent") + 1;
  sheet.getCell(2, absence).numFmt = "0.0%";
  workbook.addWorksheet("Notes").addRow(["only the first sheet is read"]);
  const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());

  const fromCsv = tempStore(t);
  const fromXlsx = tempStore(t);
  await importCases(fromCsv, extract, "extract.csv", officer, TODAY);
  t.same(await importCases(fromXlsx, xlsx, "Extract.XLSX", officer, TODAY), {
    kind: "imported",
    appended: SAMPLE_EVENTS,
    commands: SAMPLE_EVENTS,
    unchanged: 0,
  });
  for (const row of sampleRows)
    t.same(
      await caseHistory(fromXlsx, row.caseId!),
      await caseHistory(fromCsv, row.caseId!),
      `case ${row.caseId}`,
    );
  const head = await fromCsv.head();
  t.same(await importCases(fromCsv, xlsx, "extract.xlsx", officer, TODAY), {
    kind: "imported",
    appended: 0,
    commands: 0,
    unchanged: 4,
  });
  t.same(await fromCsv.head(), head, "the XLSX adds nothing to the CSV's import");
});

t.test("a crash mid-import, then a re-run, ends as one clean import", async (t) => {
  const clean = tempStore(t);
  await importCases(clean, extract, "extract.csv", officer, TODAY);

  const store = tempStore(t);
  let appends = 0;
  const crashing: EventStore = {
    ...store,
    append: async (stream, events, expected) => {
      if (++appends === 15) throw new Error("power cut");
      return store.append(stream, events, expected);
    },
  };
  await t.rejects(importCases(crashing, extract, "extract.csv", officer, TODAY), /power cut/);
  t.equal(await store.position(), 14);
  t.same(await importCases(store, extract, "extract.csv", officer, TODAY), {
    kind: "imported",
    appended: SAMPLE_EVENTS - 14,
    commands: SAMPLE_EVENTS - 14,
    unchanged: 1,
  });
  for (const row of sampleRows)
    t.same(
      await caseHistory(store, row.caseId!),
      await caseHistory(clean, row.caseId!),
      `case ${row.caseId}`,
    );
});

t.test("a write by someone else during the import stops it; a re-run finishes it", async (t) => {
  const store = tempStore(t);
  let appends = 0;
  const busy: EventStore = {
    ...store,
    append: async (stream, events, expected) => {
      if (++appends === 3)
        await handleCommand(store, commandByName.get("recordDisability")!, {
          id: "C0001",
          input: { recordedOn: TODAY, hasDisability: false },
          caller: { actor: "officer.two", role: "officer", source: "api" },
          today: TODAY,
        });
      return store.append(stream, events, expected);
    },
  };
  const error = await importCases(busy, extract, "extract.csv", officer, TODAY).catch((e: unknown) => e);
  t.type(error, ImportInterruptedError);
  t.match(error, { line: 2, appended: 2, outcome: { kind: "conflict", stream: "case-C0001" } });
  t.match((error as Error).message, /line 2 \(conflict\) after appending 2 events; import the file again/);

  const rerun = await importCases(store, extract, "extract.csv", officer, TODAY);
  t.same(rerun, {
    kind: "imported",
    appended: SAMPLE_EVENTS - 2,
    commands: SAMPLE_EVENTS - 2,
    unchanged: 0,
  });
  t.same(
    (await caseHistory(store, "C0001"))
      .filter((e) => e.type === "DisabilityRecorded")
      .map((e) => e.data.hasDisability),
    [false, true],
    "the other writer's fact stays in the history; the extract's is recorded after it",
  );
});

t.test("only officers may import, and the file's bounds hold", async (t) => {
  const store = tempStore(t);
  t.same(await importCases(store, extract, "extract.csv", { ...officer, role: "inspector" }, TODAY), {
    kind: "refused",
    errors: [{ line: 0, reason: "role inspector may not import case extracts" }],
  });
  const huge = Buffer.alloc(20 * 1024 * 1024 + 1, 0x20);
  t.same(await importCases(store, huge, "extract.csv", officer, TODAY), {
    kind: "refused",
    errors: [{ line: 0, reason: "the file is 20.0 MB; the limit is 20.0 MB", limit: "maxBytes" }],
  });
  const lines = ["caseId,dateOfBirth,gender,ethnicity"];
  for (let i = 0; i <= 100_000; i++) lines.push(`C${String(i).padStart(6, "0")},2015-01-01,female,WBRI`);
  t.same(await importCases(store, Buffer.from(lines.join("\n")), "big.csv", officer, TODAY), {
    kind: "refused",
    errors: [{ line: 0, reason: "the file has more than 100,000 rows; split it", limit: "maxRows" }],
  });
  t.equal(await store.position(), 0);
});

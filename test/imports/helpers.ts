/** Shared fixtures for the import tests: a real SQLite store per test, a sample extract, file builders. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import type { Test } from "tap";
import { caseColumns } from "../../src/imports/caseExtract.js";
import type { Caller } from "../../src/commands/handle.js";
import { handleCommand } from "../../src/commands/handle.js";
import { commandByName } from "../../src/commands/index.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { EventStore } from "../../src/store/port.js";

export const TODAY = "2026-11-23";
export const officer: Caller = { actor: "officer.one", role: "officer", source: "test" };

export function tempStore(t: Test): EventStore & { position: () => Promise<number> } {
  const dir = mkdtempSync(join(tmpdir(), "send-imports-"));
  const store = openSqliteStore(join(dir, "events.db"));
  t.teardown(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return Object.assign(store, { position: async () => (await store.head()).position });
}

export type Row = Partial<Record<(typeof caseColumns)[number], string>>;

/** Four children: a plan with a review, SEN support only, a refused request, a ceased plan. */
export const sampleRows: Row[] = [
  {
    caseId: "C0001",
    upn: "A123456789012",
    uln: "1234567890",
    dateOfBirth: "2014-05-03",
    gender: "female",
    ethnicity: "WBRI",
    primaryNeed: "ASD",
    requestDate: "2024-01-08",
    requestedBy: "parent",
    assessmentDecisionDate: "2024-02-12",
    assessmentDecision: "assess",
    planDecisionDate: "2024-04-01",
    planDecision: "issue",
    draftPlanIssued: "2024-04-08",
    initialPlanIssued: "2024-05-20",
    lastAnnualReview: "2025-05-12",
    reviewDecisionDate: "2025-05-30",
    reviewDecision: "maintain",
    mainUrn: "123456",
    mainPhase: "primary",
    electiveHomeEducation: "No",
    academicYear: "2025/26",
    suspensions: "1",
    permanentExclusions: "0",
    absencePercent: "7.5",
    pupilPremium: "Yes",
    knownToSocialCare: "Yes",
    socialCareTeam: "children in need",
    disability: "Yes",
  },
  {
    caseId: "C0002",
    dateOfBirth: "20/11/2017",
    gender: "M",
    ethnicity: "aind",
    primaryNeed: "slcn",
    senSupportStart: "01/09/2023",
    mainUrn: "654321",
    mainPhase: "Primary",
    knownToSocialCare: "No",
    disability: "No",
  },
  {
    caseId: "C0003",
    upn: "B987654321098",
    dateOfBirth: "2012-01-15",
    gender: "male",
    ethnicity: "BCRB",
    primaryNeed: "SEMH",
    requestDate: "2025-03-03",
    requestedBy: "School or college",
    assessmentDecisionDate: "2025-04-10",
    assessmentDecision: "Refuse",
  },
  {
    caseId: "C0004",
    dateOfBirth: "2006-02-28",
    gender: "unknown",
    ethnicity: "NOBT",
    primaryNeed: "PD",
    requestDate: "2019-01-07",
    requestedBy: "young person",
    assessmentDecisionDate: "2019-02-11",
    assessmentDecision: "assess",
    planDecisionDate: "2019-04-01",
    planDecision: "Issue",
    initialPlanIssued: "2019-06-17",
    exceptions: "familyAway; settingClosed",
    latestAmendedPlanIssued: "2022-03-01",
    planCeased: "2024-07-31",
    ceasedReason: "moved out of area",
    outOfArea: "yes",
  },
];

/** Events the sample appends: 12 + 6 + 4 + 9. */
export const SAMPLE_EVENTS = 31;

/** A CSV file of `rows` over `columns` (every case column by default). */
export function csvOf(rows: readonly Row[], columns: readonly string[] = caseColumns): Buffer {
  return Buffer.from(
    stringify([columns, ...rows.map((r) => columns.map((c) => (r as Record<string, string>)[c] ?? ""))]),
  );
}

/** Plain records as a CSV file with their own header. */
export function csvTable(header: readonly string[], rows: readonly (readonly string[])[]): Buffer {
  return Buffer.from(stringify([header, ...rows]));
}

/** An XLSX workbook whose first sheet holds `cells` (header first). */
export async function xlsxOf(cells: readonly (readonly unknown[])[], extraSheet = false): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Cases");
  for (const row of cells) sheet.addRow([...row]);
  if (extraSheet) workbook.addWorksheet("Notes").addRow(["not read"]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Define a metric through the command handler. */
export async function defineMetric(store: EventStore, id: string) {
  const outcome = await handleCommand(store, commandByName.get("defineMetric")!, {
    id,
    input: {
      title: "New EHC plans issued within 20 weeks (excluding exceptions)",
      unit: "percent",
      higherIsBetter: true,
      criteria: ["A1"],
      source: "DfE SEN2",
    },
    caller: { actor: "lano.one", role: "lano", source: "test" },
    today: TODAY,
  });
  if (outcome.kind !== "appended") throw new Error(`defineMetric: ${outcome.kind}`);
}

/** Every event of a case stream as `type` + data, for comparing imports. */
export async function caseHistory(store: EventStore, id: string) {
  return (await store.readStream(`case-${id}`)).map((e) => ({ type: e.type, data: e.data }));
}

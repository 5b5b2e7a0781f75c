/**
 * Writers for the Annex A lists: the XLSX workbook the inspectors (and Data to Insight's validator, which
 * reads XLSX only) expect, and a CSV per list for other tools.
 *
 * Workbook: sheets `List_1`, `List_2` and `Checks`; header row bold, wrapped and frozen; column widths from
 * the content; dates as real Excel dates (serials at UTC midnight) shown dd/mm/yyyy; unknowns as empty
 * cells. Deterministic: creator and created/modified dates are fixed (from `asOf`) and exceljs adds no
 * random ids, but exceljs's zip layer (JSZip) stamps every entry with the wall-clock time of writing and
 * offers no option to set it, so the writer rewrites those timestamps to `asOf` afterwards
 * (`normaliseZipTimestamps`). The same lists therefore give the same bytes.
 *
 * CSV: UTF-8 with a byte-order mark, because Excel opens a BOM-less CSV in the legacy ANSI code page and
 * would show the en dash in "establishment – URN" as "â€“"; CRLF line ends (RFC 4180); dates YYYY-MM-DD.
 *
 * Both writers pass every text cell through `neutraliseFormula` (DOMAIN §6).
 */
import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";
import {
  ANNEX_A_SHEETS,
  type AnnexACell,
  type AnnexAList1Row,
  type AnnexAList2Row,
  type AnnexAListNumber,
  type AnnexALists,
  columnsOf,
  type List1Column,
} from "./annexAColumns.js";
import { type AnnexACheck, checkAnnexA } from "./annexAChecks.js";
import { dateToIso, isBlank, isoToDate } from "./cells.js";
import { neutraliseFormula } from "./formulaGuard.js";

/** Written into the workbook's document properties instead of a user or machine name. */
export const WORKBOOK_CREATOR = "send-evidence-store";
export const CHECKS_SHEET = "Checks";
export const CHECKS_COLUMNS = ["Code", "Severity", "List", "Row", "Unique ID", "Column", "Message"] as const;
export const DATE_FORMAT = "dd/mm/yyyy";

type AnyRow = Partial<Record<List1Column, AnnexACell>>;

/** A cell as it goes into a sheet: blanks and invalid dates empty, text neutralised. */
function sheetValue(value: AnnexACell): AnnexACell {
  if (isBlank(value)) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  return typeof value === "string" ? neutraliseFormula(value) : value;
}

const displayLength = (value: AnnexACell): number =>
  value === undefined ? 0 : value instanceof Date ? DATE_FORMAT.length : String(value).length;

function addSheet(wb: ExcelJS.Workbook, name: string, headers: readonly string[], rows: AnnexACell[][]) {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", xSplit: 0, ySplit: 1 }] });
  const header = ws.addRow([...headers]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "top" };
  header.height = 48;
  const widths = headers.map((h) => Math.max(12, Math.ceil(h.length / 2) + 2));
  for (const values of rows) {
    const cells = values.map(sheetValue);
    const row = ws.addRow(cells);
    cells.forEach((value, i) => {
      if (value instanceof Date) row.getCell(i + 1).numFmt = DATE_FORMAT;
      widths[i] = Math.max(widths[i]!, displayLength(value) + 2);
    });
  }
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = Math.min(w, 60)));
  return ws;
}

const listRows = (list: AnnexAListNumber, rows: readonly AnyRow[]): AnnexACell[][] =>
  rows.map((r) => columnsOf(list).map((h) => r[h]));

/** DOS date and time words for a zip entry (2-second resolution; years 1980–2107). */
function dosStamp(at: Date) {
  const year = Math.min(Math.max(at.getUTCFullYear(), 1980), 2107);
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * A copy of a zip archive with every entry's modification time set to `at` (UTC), in both the local file
 * headers and the central directory. Nothing else changes (the CRCs cover the data, not the headers).
 */
export function normaliseZipTimestamps(zip: Buffer, at: Date): Buffer {
  const out = Buffer.from(zip);
  const end = out.lastIndexOf(EOCD);
  if (end < 0 || end + 22 > out.length) throw new Error("not a zip archive: no end of central directory");
  const { time, date } = dosStamp(at);
  const entries = out.readUInt16LE(end + 10);
  let p = out.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    const local = p + 46 <= out.length && out.readUInt32LE(p) === CENTRAL ? out.readUInt32LE(p + 42) : -1;
    if (local < 0 || local + 30 > out.length || out.readUInt32LE(local) !== LOCAL)
      throw new Error(`zip entry ${i} is not where the central directory says`);
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(date, p + 14);
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(date, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}

/**
 * The Annex A workbook: `List_1`, `List_2` and a `Checks` sheet (by default the result of `checkAnnexA` on
 * the same lists as at `lists.asOf`). Same lists, same bytes.
 */
export async function annexAWorkbook(
  lists: AnnexALists,
  checks: readonly AnnexACheck[] = checkAnnexA(lists, lists.asOf),
): Promise<Buffer> {
  const at = isoToDate(lists.asOf);
  if (!at) throw new RangeError(`asOf must be a date as YYYY-MM-DD, got "${lists.asOf}"`);
  const wb = new ExcelJS.Workbook();
  wb.creator = WORKBOOK_CREATOR;
  wb.lastModifiedBy = WORKBOOK_CREATOR;
  wb.created = at;
  wb.modified = at;
  addSheet(wb, ANNEX_A_SHEETS[1], columnsOf(1), listRows(1, lists.list1));
  addSheet(wb, ANNEX_A_SHEETS[2], columnsOf(2), listRows(2, lists.list2));
  addSheet(
    wb,
    CHECKS_SHEET,
    CHECKS_COLUMNS,
    checks.map((c) => [c.code, c.severity, c.list, c.row, c.uniqueId, c.column, c.message]),
  );
  const written = await wb.xlsx.writeBuffer();
  return normaliseZipTimestamps(Buffer.from(written as unknown as Uint8Array), at);
}

function csvValue(value: AnnexACell): string | number {
  const v = sheetValue(value);
  if (v === undefined) return "";
  return v instanceof Date ? dateToIso(v) : v;
}

/**
 * One list as CSV: header row, then one row per child; UTF-8 with BOM, CRLF, dates YYYY-MM-DD, unknowns
 * empty. The list number is explicit so an empty list still gets the right headers.
 */
export function annexACsv(rows: readonly AnnexAList1Row[], list: 1): string;
export function annexACsv(rows: readonly AnnexAList2Row[], list: 2): string;
export function annexACsv(rows: readonly AnyRow[], list: AnnexAListNumber): string {
  const headers = columnsOf(list);
  return stringify([[...headers], ...listRows(list, rows).map((r) => r.map(csvValue))], {
    bom: true,
    record_delimiter: "windows",
  });
}

/**
 * Writers for the Annex A lists: the XLSX workbook the inspectors (and Data to Insight's validator, which
 * reads XLSX only) expect, and a CSV per list for other tools.
 *
 * Workbook: sheets `List_1`, `List_2` and `Checks`; header row bold, wrapped and frozen; column widths from
 * the content; dates as real Excel dates (serials at UTC midnight) shown dd/mm/yyyy; unknowns as empty
 * cells. Written directly as SpreadsheetML by `xlsxWorkbook` (exceljs took seconds and a lot of memory for
 * the largest areas' 61,000 rows; it is still used to read workbooks). Deterministic: the creator is fixed,
 * and the created/modified dates and every zip entry's time are `asOf`, so the same lists give the same
 * bytes. Characters XML cannot carry (most control characters) are removed from text before the formula
 * guard runs, so removing them cannot uncover a formula start.
 *
 * CSV: UTF-8 with a byte-order mark, because Excel opens a BOM-less CSV in the legacy ANSI code page and
 * would show the en dash in "establishment – URN" as "â€“"; CRLF line ends (RFC 4180); dates YYYY-MM-DD.
 *
 * Both writers pass every text cell through `neutraliseFormula` (DOMAIN §6).
 */
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
import { xmlAllowedText } from "./spreadsheetText.js";
import { type SheetTable, xlsxWorkbook } from "./xlsxWorkbook.js";

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

/** A cell as it goes into the workbook: text without the characters XML forbids, then as `sheetValue`. */
const workbookValue = (value: AnnexACell): AnnexACell =>
  sheetValue(typeof value === "string" ? xmlAllowedText(value) : value);

const listRows = (list: AnnexAListNumber, rows: readonly AnyRow[]): AnnexACell[][] =>
  rows.map((r) => columnsOf(list).map((h) => r[h]));

const listSheet = (list: AnnexAListNumber, rows: readonly AnyRow[]): SheetTable => ({
  name: ANNEX_A_SHEETS[list],
  headers: columnsOf(list),
  rows: rows.map((r) => columnsOf(list).map((h) => workbookValue(r[h]))),
});

/**
 * The Annex A workbook: `List_1`, `List_2` and a `Checks` sheet (by default the result of `checkAnnexA` on
 * the same lists as at `lists.asOf`). Same lists, same bytes. The work is synchronous; the function stays
 * async so that callers written for exceljs's writer did not have to change.
 */
export async function annexAWorkbook(
  lists: AnnexALists,
  checks: readonly AnnexACheck[] = checkAnnexA(lists, lists.asOf),
): Promise<Buffer> {
  const at = isoToDate(lists.asOf);
  if (!at) throw new RangeError(`asOf must be a date as YYYY-MM-DD, got "${lists.asOf}"`);
  return xlsxWorkbook(
    [
      listSheet(1, lists.list1),
      listSheet(2, lists.list2),
      {
        name: CHECKS_SHEET,
        headers: CHECKS_COLUMNS,
        rows: checks.map((c) =>
          [c.code, c.severity, c.list, c.row, c.uniqueId, c.column, c.message].map(workbookValue),
        ),
      },
    ],
    { creator: WORKBOOK_CREATOR, at, dateFormat: DATE_FORMAT },
  );
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

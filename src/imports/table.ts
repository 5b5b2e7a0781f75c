/**
 * Reading an uploaded file into a table of text cells, each row with its line number as a spreadsheet or
 * text editor shows it (the header is line 1). CSV (UTF-8, comma-separated, quotes per RFC 4180) and XLSX
 * (the first worksheet; the zip is checked first by zipCheck.ts: sizes, checksums, rows). Files are
 * bounded: at most MAX_BYTES, at most MAX_ROWS data rows, and an XLSX may not unzip to more than
 * MAX_XLSX_EXPANDED bytes (declared, or as it streams). Problems with the file as a whole are reported on
 * line 0, with the limit that refused it when one did.
 */
import { CsvError, parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import type { z } from "zod";
import { blankToUndefined, looseKey } from "./cells.js";
import { checkZip } from "./zipCheck.js";

export { declaredZipSize } from "./zipCheck.js";

export const MAX_BYTES = 20 * 1024 * 1024;
export const MAX_ROWS = 100_000;
/** A large area's whole case extract unzips to ~40 MB; exceljs then holds several times that. */
export const MAX_XLSX_EXPANDED = 128 * 1024 * 1024;

export interface TableLimits {
  maxBytes: number;
  maxRows: number;
  maxExpanded: number;
}
const LIMITS: TableLimits = { maxBytes: MAX_BYTES, maxRows: MAX_ROWS, maxExpanded: MAX_XLSX_EXPANDED };

/** What is wrong with a file: its line (0 = the file as a whole; the header is line 1), column, reason. */
export interface RowError {
  line: number;
  column?: string;
  reason: string;
  /** The limit that refused the whole file (answered 413), if that is why. */
  limit?: keyof TableLimits;
}

export interface TableRow {
  line: number;
  cells: string[];
}

export interface Table {
  header?: TableRow;
  rows: TableRow[];
  errors: RowError[];
}

export type FileFormat = "csv" | "xlsx";

const fileError = (reason: string, limit?: keyof TableLimits): Table => ({
  rows: [],
  errors: [{ line: 0, reason, ...(limit ? { limit } : {}) }],
});
const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Read `bytes` as a table, choosing the reader by the file name's extension among `formats`. */
export async function readTable(
  bytes: Buffer,
  fileName: string,
  formats: readonly FileFormat[],
  limits: TableLimits = LIMITS,
): Promise<Table> {
  if (bytes.length > limits.maxBytes)
    return fileError(
      `the file is ${megabytes(bytes.length)}; the limit is ${megabytes(limits.maxBytes)}`,
      "maxBytes",
    );
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? "";
  const format = formats.find((f) => f === extension);
  if (!format)
    return fileError(
      `${fileName} is not a ${formats.map((f) => `.${f}`).join(" or ")} file` +
        (extension === "xls" ? "; save the workbook as .xlsx" : ""),
    );
  if (format === "csv") {
    if (isZip(bytes)) return fileError(`${fileName} is a workbook, not CSV text; name it .xlsx`);
    return readCsv(bytes, limits);
  }
  if (!isZip(bytes)) return fileError(`${fileName} is not an XLSX workbook`);
  return readXlsx(bytes, limits);
}

const tooManyRows = (limits: TableLimits) =>
  fileError(`the file has more than ${limits.maxRows.toLocaleString("en-GB")} rows; split it`, "maxRows");

function readCsv(bytes: Buffer, limits: TableLimits): Table {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fileError("the file is not UTF-8 text; save it as CSV UTF-8");
  }
  // Parse the UTF-8 bytes (BOM dropped) so the parser's byte offsets index them.
  const utf8 = Buffer.from(text, "utf8");
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parse(utf8, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      to: limits.maxRows + 2,
    }) as unknown as typeof records;
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // The parser's errors carry its context, including the line it had reached.
    const line = (err as CsvError & { lines: number }).lines;
    return { rows: [], errors: [{ line, reason: `not valid CSV: ${err.message}` }] };
  }
  // Reading stopped at the cap: more rows than allowed (never a silently shortened file).
  if (records.length >= limits.maxRows + 2) return tooManyRows(limits);
  // A record's line is where it starts: the line it ends on, less the line breaks inside quoted cells.
  // (The parser's own line count drifts with CRLF line ends, so count LF bytes up to each record's end.)
  let counted = 0;
  let breaks = 0;
  const rows = records.map(({ record, info }) => {
    const end = utf8[info.bytes - 1] === 0x0a ? info.bytes - 1 : info.bytes;
    for (; counted < end; counted++) if (utf8[counted] === 0x0a) breaks++;
    const inner = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    return { line: 1 + breaks - inner, cells: record };
  });
  return toTable(rows);
}

/** Drop blank rows; the first row left is the header. (Each reader has already enforced maxRows.) */
function toTable(all: TableRow[]): Table {
  const [header, ...rows] = all.filter((r) => r.cells.some((c) => blankToUndefined(c) !== undefined));
  return header ? { header, rows, errors: [] } : fileError("the file is empty: no header row");
}

async function readXlsx(bytes: Buffer, limits: TableLimits): Promise<Table> {
  // Sizes (declared, then as each part streams, capped), checksums and rows, before exceljs parses it.
  const problem = await checkZip(bytes, { maxExpanded: limits.maxExpanded, maxRows: limits.maxRows });
  if (problem) return fileError(problem.reason, problem.limit);
  const rows: TableRow[] = [];
  try {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    if (!sheet) return fileError("the workbook has no worksheet");
    let tooMany = false;
    sheet.eachRow({ includeEmpty: false }, (row) => {
      if (tooMany) return;
      const values = row.values as unknown[];
      const cells: string[] = [];
      for (let c = 1; c < values.length; c++) cells.push(cellText(values[c], row.getCell(c).numFmt));
      rows.push({ line: row.number, cells });
      if (rows.length > limits.maxRows + 1) tooMany = true;
    });
    if (tooMany) return tooManyRows(limits);
  } catch (err) {
    return fileError(`the workbook cannot be read: ${(err as Error).message}`);
  }
  return toTable(rows);
}

/** An XLSX cell's value as the text a CSV export of it would hold; real dates become `YYYY-MM-DD`. */
export function cellText(value: unknown, numFmt?: string): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (typeof value === "number")
    // A cell formatted as a percentage holds a fraction: 0.125 shows as 12.5%.
    return numFmt?.includes("%") ? `${Number((value * 100).toPrecision(12))}%` : String(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  const v = value as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: unknown };
  if ("result" in v || "formula" in v || "sharedFormula" in v) return cellText(v.result, numFmt);
  if (v.richText) return v.richText.map((r) => r.text).join("");
  if ("text" in v) return cellText(v.text);
  if ("error" in v) return String(v.error);
  return String(value as object);
}

/**
 * Map a table's header to the expected columns (matched loosely: `Case ID` is `caseId`). Unknown,
 * repeated and missing required columns are errors on the header's line.
 */
export function mapHeader(
  header: TableRow,
  columns: readonly string[],
  requiredColumns: readonly string[],
): { indexOf: Map<string, number>; errors: RowError[] } {
  const byKey = new Map(columns.map((c) => [looseKey(c), c]));
  const indexOf = new Map<string, number>();
  const errors: RowError[] = [];
  header.cells.forEach((cell, i) => {
    const name = cell.trim();
    if (name === "") return;
    const column = byKey.get(looseKey(name));
    if (!column)
      errors.push({ line: header.line, column: name, reason: "is not a column this file may have" });
    else if (indexOf.has(column))
      errors.push({ line: header.line, column, reason: "appears more than once in the header" });
    else indexOf.set(column, i);
  });
  for (const column of requiredColumns)
    if (!indexOf.has(column)) errors.push({ line: header.line, column, reason: "is a required column" });
  return { indexOf, errors };
}

/** A row as `column → text` over every expected column (absent columns are blank). */
export function rowRecord(
  row: TableRow,
  header: TableRow,
  columns: readonly string[],
  indexOf: ReadonlyMap<string, number>,
): { record: Record<string, string>; error?: RowError } {
  const record: Record<string, string> = {};
  for (const column of columns) {
    const i = indexOf.get(column);
    record[column] = i === undefined ? "" : (row.cells[i] ?? "");
  }
  const extra = row.cells.slice(header.cells.length).some((c) => blankToUndefined(c) !== undefined);
  return extra
    ? {
        record,
        error: {
          line: row.line,
          reason: `has ${row.cells.length} cells but the header has ${header.cells.length} columns`,
        },
      }
    : { record };
}

/**
 * Validate every data row of `table` with `schema` (an object over `columns`), collecting one error per
 * bad cell. Rows come back with their line numbers.
 */
export function parseTable<T extends object>(
  table: Table,
  columns: readonly string[],
  requiredColumns: readonly string[],
  schema: z.ZodType<T>,
): { rows: (T & { line: number })[]; errors: RowError[] } {
  if (!table.header) return { rows: [], errors: table.errors };
  const { indexOf, errors } = mapHeader(table.header, columns, requiredColumns);
  if (errors.length > 0) return { rows: [], errors };
  const rows: (T & { line: number })[] = [];
  for (const row of table.rows) {
    const { record, error } = rowRecord(row, table.header, columns, indexOf);
    if (error) errors.push(error);
    const parsed = schema.safeParse(record);
    if (parsed.success) {
      if (!error) rows.push({ ...parsed.data, line: row.line });
    } else
      for (const issue of parsed.error.issues)
        errors.push({ line: row.line, column: String(issue.path[0]), reason: issue.message });
  }
  return { rows, errors };
}

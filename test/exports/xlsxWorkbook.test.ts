import ExcelJS from "exceljs";
import fc from "fast-check";
import t from "tap";
import { columnName, xmlAllowedText } from "../../src/exports/spreadsheetText.js";
import {
  MAX_SHEET_COLUMNS,
  MAX_SHEET_ROWS,
  type SheetTable,
  xlsxWorkbook,
} from "../../src/exports/xlsxWorkbook.js";
import { dosDateTime } from "../../src/exports/zipArchive.js";
import { awkwardText } from "./xlsxFixtures.js";
import { zipEntries, zipText } from "./zipEntries.js";

const AT = new Date("2026-11-23T00:00:00Z");
const OPTIONS = { creator: "R&D <unit>", at: AT, dateFormat: "dd/mm/yyyy" };
const utc = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

const loaded = async (buffer: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb;
};

t.test("property: any text reads back (exceljs) as itself without the characters XML forbids", async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(awkwardText, { minLength: 1, maxLength: 20 }), async (texts) => {
      const buffer = xlsxWorkbook(
        [{ name: "Text", headers: ["Text", "Again"], rows: texts.map((s) => [s, s]) }],
        OPTIONS,
      );
      const ws = (await loaded(buffer)).getWorksheet("Text")!;
      texts.forEach((s, i) => {
        const expected = xmlAllowedText(s) === "" ? null : xmlAllowedText(s);
        for (const cell of [ws.getRow(i + 2).getCell(1), ws.getRow(i + 2).getCell(2)]) {
          if (cell.value !== expected)
            throw new Error(`${JSON.stringify(s)} came back as ${JSON.stringify(cell.value)}`);
          if (expected !== null && cell.type !== ExcelJS.ValueType.String)
            throw new Error(`${JSON.stringify(s)} came back as type ${cell.type}`);
        }
      });
    }),
    { numRuns: 150 },
  );
  t.pass("150 workbooks of awkward text read back");
});

t.test("xmlAllowedText removes exactly what XML 1.0 forbids", async (t) => {
  t.equal(xmlAllowedText("a\u0000b\u0001\u0008\u000b\u000c\u000e\u001fc"), "abc");
  t.equal(xmlAllowedText("tab\tLF\nCR\r"), "tab\tLF\nCR\r", "tab, LF and CR are allowed");
  t.equal(xmlAllowedText("\u007f\u0085\u00a0\ufffd"), "\u007f\u0085\u00a0\ufffd", "allowed, if discouraged");
  t.equal(xmlAllowedText("x\ufffe\uffffy"), "xy");
  t.equal(xmlAllowedText("😀"), "😀", "a surrogate pair is one character");
  t.equal(xmlAllowedText("a\ud83db\ude00c\ud83d"), "abc", "lone halves go");
  t.equal(xmlAllowedText("\ude00\ud83d"), "", "a pair in the wrong order is two lone halves");
  const plain = "nothing to do";
  t.equal(xmlAllowedText(plain), plain);
});

/** Cells of every kind, blanks and the awkward cases. */
const mixed = (): SheetTable => ({
  name: "Mixed",
  headers: ["Text", "Number", "Date", "", "A header long enough to need a wider column than twelve"],
  rows: [
    ["plain", 3, utc("2015-03-10"), undefined, "x"],
    ["  spaced  ", -2.5, new Date("2026-11-23T12:00:00Z")],
    ["\u0001", Number.NaN, new Date("not a date"), undefined, "\uffff"],
    [],
    ["line\r\nbreak\tand tab", 1e21, utc("1950-01-01"), "", Number.POSITIVE_INFINITY],
    ["_x0041_ stays _x005F_ literal", Number.MAX_SAFE_INTEGER, utc("1899-12-29")],
    ["=1+1", 2 ** 53 + 2, utc("1970-01-01"), -0, "x".repeat(100)],
    ["plain", 0.1 + 0.2],
  ],
});

t.test("text, numbers, dates and blanks, read back with exceljs", async (t) => {
  const wb = await loaded(xlsxWorkbook([mixed()], OPTIONS));
  const ws = wb.getWorksheet("Mixed")!;
  const value = (r: number, c: number) => ws.getRow(r).getCell(c).value;
  const type = (r: number, c: number) => ws.getRow(r).getCell(c).type;

  t.same((ws.getRow(1).values as unknown[]).slice(1), [
    "Text",
    "Number",
    "Date",
    undefined,
    "A header long enough to need a wider column than twelve",
  ]);
  t.equal(ws.getRow(1).getCell(4).value, null, "an empty header is no cell");
  t.same((ws.getRow(2).values as unknown[]).slice(1), ["plain", 3, utc("2015-03-10"), undefined, "x"]);
  t.equal(type(2, 3), ExcelJS.ValueType.Date);
  t.equal(ws.getRow(2).getCell(3).numFmt, "dd/mm/yyyy");
  t.equal(type(2, 2), ExcelJS.ValueType.Number);
  t.notOk(ws.getRow(2).getCell(2).numFmt, "numbers have no format");
  t.equal(value(3, 1), "  spaced  ", "leading and trailing spaces kept");
  t.equal(value(3, 2), -2.5);
  t.same(value(3, 3), new Date("2026-11-23T12:00:00Z"), "a time of day is a fraction of a day");
  t.same(ws.getRow(4).values, [], "nothing XML can carry, not a number, not a date: an empty row");
  t.same(ws.getRow(5).values, []);
  t.equal(value(6, 1), "line\r\nbreak\tand tab", "CR, LF and tab kept");
  t.equal(value(6, 2), 1e21);
  t.same(value(6, 3), utc("1950-01-01"));
  t.equal(value(6, 4), null, "empty text is no cell");
  t.equal(value(6, 5), null, "infinity is no cell");
  t.equal(value(7, 1), "_x0041_ stays _x005F_ literal", "Excel's escapes are escaped");
  t.equal(value(7, 2), Number.MAX_SAFE_INTEGER);
  t.same(value(7, 3), utc("1899-12-29"), "before Excel's day 0: a negative serial");
  t.equal(value(8, 1), "=1+1", "text, never a formula (guarding formulas is the caller's business)");
  t.equal(type(8, 1), ExcelJS.ValueType.String);
  t.equal(value(8, 2), 2 ** 53 + 2);
  t.same(value(8, 3), utc("1970-01-01"));
  t.equal(value(8, 4), 0, "-0 is 0");
  t.equal(value(9, 2), 0.1 + 0.2, "shortest round-trip digits");
  t.equal(ws.rowCount, 9);

  t.equal(wb.creator, "R&D <unit>", "creator escaped and read back");
  t.equal(wb.lastModifiedBy, "R&D <unit>");
  t.same(wb.created, AT);
  t.same(wb.modified, AT);
});

t.test("header row: bold, wrapped, top-aligned, 48 high, frozen; widths from the content", async (t) => {
  const wb = await loaded(
    xlsxWorkbook([mixed(), { name: "Second", headers: ["Only"], rows: [["y"]] }], {
      ...OPTIONS,
      dateFormat: "yyyy-mm-dd hh:mm",
    }),
  );
  const ws = wb.getWorksheet("Mixed")!;
  const view = ws.views[0] as { state?: string; ySplit?: number; xSplit?: number; topLeftCell?: string };
  t.equal(view.state, "frozen");
  t.equal(view.ySplit, 1);
  t.equal(view.xSplit ?? 0, 0);
  t.equal(view.topLeftCell, "A2");
  const header = ws.getRow(1);
  t.equal(header.height, 48);
  for (const c of [1, 2, 5]) {
    t.equal(header.getCell(c).font?.bold, true, `header ${c} bold`);
    t.same(header.getCell(c).alignment, { vertical: "top", wrapText: true });
  }
  t.notOk(ws.getRow(2).getCell(1).font?.bold, "data is not bold");
  t.equal(ws.getRow(2).getCell(3).numFmt, "yyyy-mm-dd hh:mm", "the date format given");
  // Content length + 2: text "_x0041_ stays _x005F_ literal" (29); the number 0.30000000000000004 (19);
  // dates, the format (16); column D's header is empty and -0 is "0", so the minimum; column E, the cap.
  t.same(
    ws.columns.map((c) => c.width),
    [31, 21, 18, 12, 60],
  );
  t.equal(wb.getWorksheet("Second")!.getRow(2).getCell(1).value, "y");
  t.same(
    wb.worksheets.map((w) => w.name),
    ["Mixed", "Second"],
  );
});

t.test("the parts: shared strings, escapes, panes, blanks as no cell, zip stamps", async (t) => {
  const zip = xlsxWorkbook([mixed(), { name: "R&D 'x' <1>", headers: ["Text"], rows: [["plain"]] }], OPTIONS);
  t.same(
    zipEntries(zip).map((e) => e.name),
    [
      "[Content_Types].xml",
      "_rels/.rels",
      "docProps/core.xml",
      "docProps/app.xml",
      "xl/workbook.xml",
      "xl/_rels/workbook.xml.rels",
      "xl/styles.xml",
      "xl/sharedStrings.xml",
      "xl/worksheets/sheet1.xml",
      "xl/worksheets/sheet2.xml",
    ],
  );
  const { time, date } = dosDateTime(AT);
  for (const e of zipEntries(zip)) t.same([e.time, e.date], [time, date], `${e.name} stamped at`);

  const sst = zipText(zip, "xl/sharedStrings.xml");
  t.match(sst, /count="14" uniqueCount="11"/, '"plain" three times, "Text" twice, stored once each');
  t.ok(sst.includes('<si><t xml:space="preserve">  spaced  </t></si>'), "white space kept at the ends");
  t.match(sst, /<si><t xml:space="preserve">line&#13;\nbreak\tand tab<\/t><\/si>/);
  t.match(sst, /<si><t>_x005F_x0041_ stays _x005F_x005F_ literal<\/t><\/si>/);
  t.notOk(sst.includes("\u0001") || sst.includes("\uffff"), "forbidden characters gone");

  const sheet = zipText(zip, "xl/worksheets/sheet1.xml");
  t.match(sheet, /<dimension ref="A1:E9"\/>/);
  t.match(
    sheet,
    /<sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/,
  );
  t.match(sheet, /<row r="1" ht="48" customHeight="1">/);
  t.notMatch(sheet, /<row r="4"|<row r="5"/, "empty rows are left out");
  t.same(sheet.match(/<c r="D\d+"/g), ['<c r="D8"'], "in column D only the -0: no cell for blanks");
  t.match(sheet, /<c r="C7" s="2"><v>-1<\/v><\/c>/, "29/12/1899 is serial -1");
  t.notMatch(zipText(zip, "xl/worksheets/sheet2.xml"), /tabSelected/, "only the first sheet is selected");

  t.match(zipText(zip, "xl/workbook.xml"), /<sheet name="R&amp;D 'x' &lt;1&gt;" sheetId="2" r:id="rId2"\/>/);
  t.match(zipText(zip, "xl/styles.xml"), /<numFmt numFmtId="164" formatCode="dd\/mm\/yyyy"\/>/);
  t.match(
    zipText(zip, "docProps/core.xml"),
    /<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-23T00:00:00Z</,
  );
  t.match(zipText(zip, "docProps/app.xml"), /<vt:lpstr>R&amp;D 'x' &lt;1&gt;<\/vt:lpstr>/);
  t.ok(
    zip.equals(
      xlsxWorkbook([mixed(), { name: "R&D 'x' <1>", headers: ["Text"], rows: [["plain"]] }], OPTIONS),
    ),
  );
});

t.test("a sheet bigger than its first guess at the size", async (t) => {
  const rows = Array.from({ length: 300 }, (_, i) => [1.2345678901234567e300 * (i + 1)]);
  const ws = (await loaded(xlsxWorkbook([{ name: "Wide", headers: ["N"], rows }], OPTIONS))).getWorksheet(
    "Wide",
  )!;
  t.equal(ws.rowCount, 301);
  t.equal(ws.getRow(301).getCell(1).value, 1.2345678901234567e300 * 300);
});

t.test("column letters", async (t) => {
  t.same([0, 1, 25, 26, 51, 52, 701, 702, 16_383].map(columnName), [
    "A",
    "B",
    "Z",
    "AA",
    "AZ",
    "BA",
    "ZZ",
    "AAA",
    "XFD",
  ]);
});

t.test("refuses what Excel cannot open", async (t) => {
  const sheet = (over: Partial<SheetTable>): SheetTable => ({ name: "S", headers: ["A"], rows: [], ...over });
  const fails = (sheets: SheetTable[], pattern: RegExp, why: string) =>
    t.throws(() => xlsxWorkbook(sheets, OPTIONS), pattern, why);
  fails([], /at least one sheet/, "no sheets");
  for (const name of ["", "x".repeat(32), "a:b", "a/b", "a\\b", "a?", "a*", "[a]", "'a", "a'"])
    fails([sheet({ name })], /sheet name/, JSON.stringify(name));
  t.doesNotThrow(() => xlsxWorkbook([sheet({ name: "x".repeat(31) }), sheet({ name: "it's" })], OPTIONS));
  fails([sheet({ name: "List" }), sheet({ name: "LIST" })], /used twice/, "names are case-insensitive");
  fails([sheet({ headers: [] })], /0 columns/, "no columns");
  fails(
    [sheet({ headers: Array.from({ length: MAX_SHEET_COLUMNS + 1 }, () => "h") })],
    /16385 columns/,
    "too wide",
  );
  fails([sheet({ rows: new Array<[]>(MAX_SHEET_ROWS) })], /1048576 rows; at most 1048575/, "too long");
  fails(
    [sheet({ rows: [["a"], ["a", "b"]] })],
    /row 3 has 2 cells for 1 columns/,
    "a row longer than the header",
  );
});

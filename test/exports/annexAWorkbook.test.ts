import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import fc from "fast-check";
import t from "tap";
import { buildAnnexA } from "../../src/exports/annexA.js";
import {
  type AnnexAList1Row,
  type AnnexAList2Row,
  type AnnexALists,
  LIST_1_COLUMNS,
  LIST_2_COLUMNS,
} from "../../src/exports/annexAColumns.js";
import { checkAnnexA } from "../../src/exports/annexAChecks.js";
import {
  annexACsv,
  annexAWorkbook,
  CHECKS_COLUMNS,
  DATE_FORMAT,
  WORKBOOK_CREATOR,
} from "../../src/exports/annexAWorkbook.js";
import { isBlank } from "../../src/exports/cells.js";
import { neutraliseFormula, startsFormula } from "../../src/exports/formulaGuard.js";
import { xmlAllowedText } from "../../src/exports/spreadsheetText.js";
import { readTable } from "../../src/imports/table.js";
import { AS_OF, cleanList1Row, cleanList2Row, stateOf, utc, withPlan } from "./annexAFixtures.js";
import { awkwardText } from "./xlsxFixtures.js";
import { zipEntries } from "./zipEntries.js";

/** DOMAIN.md §2.2, List 1, verbatim (the headers are the backticked names). */
const DOMAIN_LIST_1 = `**List 1 — with an EHC plan (21 columns):** \`Unique ID\`, \`UPN\`, \`ULN\`, \`Date of birth\`, \`Gender\`,
\`Ethnicity\`, \`Date initial EHC plan issued\`, \`Date updated EHC plan issued\`, \`Date EHC plan last reviewed\`,
\`SEN primary need\`, \`Main education establishment – URN\`, \`Main education establishment – phase\`,
\`Subsidiary education establishment – phase (dual registration)\`, \`Elective home education\`,
\`Suspensions\`, \`Permanent exclusions\`, \`Absence\`, \`Pupil Premium\`, \`Known to children's social care?\`,
\`Which children's social care team?\`, \`Does the child or young person have a disability?\``;

const backticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
const domainList1 = backticked(DOMAIN_LIST_1);
/** "List 2 — … the List 1 columns without the three EHC plan dates and `Elective home education`." */
const domainList2 = domainList1.filter(
  (c) => !/EHC plan (issued|last reviewed)$/.test(c) && c !== "Elective home education",
);

t.test("the header constants match the DOMAIN text", async (t) => {
  t.equal(domainList1.length, 21);
  t.equal(domainList2.length, 17);
  t.same([...LIST_1_COLUMNS], domainList1);
  t.same([...LIST_2_COLUMNS], domainList2);
  // The shared copy of DOMAIN.md sits beside the repository; compare against it when it is there.
  const shared = new URL("../../../shared/DOMAIN.md", import.meta.url);
  if (existsSync(shared)) {
    const text = readFileSync(shared, "utf8");
    const list1 = text.slice(text.indexOf("**List 1 —"), text.indexOf("**List 2 —"));
    t.same(backticked(list1), domainList1, "DOMAIN.md itself");
  }
});

t.test("formula guard: one rule", async (t) => {
  for (const bad of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) {
    t.ok(startsFormula(bad), JSON.stringify(bad));
    t.equal(neutraliseFormula(bad), `'${bad}`);
  }
  for (const fine of ["", "WBRI", "1-2", " =x", "'=x", "Yes"]) t.equal(neutraliseFormula(fine), fine);
  t.equal(neutraliseFormula(neutraliseFormula("=x")), "'=x", "idempotent");
});

const loaded = async (buffer: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb;
};
const headerOf = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);

/** A child with a plan, plus rows that exercise blanks, bad dates and formula-looking text. */
function sampleLists(): AnnexALists {
  const lists = buildAnnexA(
    stateOf(
      withPlan("C000001", {
        upn: "A123456789012",
        primaryNeed: "ASD",
        hasDisability: true,
        schoolRecord: {
          academicYear: "2025/26",
          suspensions: 0,
          permanentExclusions: 0,
          absencePercent: 7.25,
          pupilPremium: false,
        },
      }),
    ),
    AS_OF,
  );
  lists.list1.push(
    cleanList1Row({
      "Unique ID": "C000009",
      UPN: "@A123456789019",
      Ethnicity: '=HYPERLINK("http://x")',
      "Which children's social care team?": "-2+3",
      "Main education establishment – phase": "+primary",
      "SEN primary need": "\tASD",
      "Date EHC plan last reviewed": new Date("not a date"),
      "Pupil Premium": "   ",
    }),
  );
  lists.list2.push(cleanList2Row());
  return lists;
}

t.test("XLSX: sheets, headers, real dates, blanks, numbers, formula guard", async (t) => {
  const lists = sampleLists();
  const checks = checkAnnexA(lists, AS_OF);
  const wb = await loaded(await annexAWorkbook(lists));
  t.same(
    wb.worksheets.map((w) => w.name),
    ["List_1", "List_2", "Checks"],
  );
  const l1 = wb.getWorksheet("List_1")!;
  const l2 = wb.getWorksheet("List_2")!;
  t.same(headerOf(l1), domainList1, "List_1 headers, exactly as DOMAIN");
  t.same(headerOf(l2), domainList2, "List_2 headers, exactly as DOMAIN");
  t.equal(l1.rowCount, 3);
  t.equal(l2.rowCount, 2);

  const col = (name: string) => LIST_1_COLUMNS.indexOf(name as never) + 1;
  const first = l1.getRow(2);
  const dob = first.getCell(col("Date of birth"));
  t.equal(dob.type, ExcelJS.ValueType.Date, "a real date, not text");
  t.ok(dob.value instanceof Date);
  t.equal((dob.value as Date).toISOString(), "2015-03-10T00:00:00.000Z");
  t.equal(dob.numFmt, "dd/mm/yyyy");
  t.same(first.getCell(col("Date initial EHC plan issued")).value, utc("2020-06-01"));
  for (const blank of ["ULN", "Date updated EHC plan issued", "Main education establishment – URN"]) {
    t.equal(first.getCell(col(blank)).value, null, `${blank} is an empty cell`);
    t.equal(first.getCell(col(blank)).type, ExcelJS.ValueType.Null);
  }
  t.equal(first.getCell(col("Suspensions")).value, 0, "0 is a value, not a blank");
  t.equal(first.getCell(col("Absence")).value, 7.25);
  t.equal(first.getCell(col("Absence")).type, ExcelJS.ValueType.Number);
  t.equal(first.getCell(col("Pupil Premium")).value, "No");

  const hostile = l1.getRow(3);
  t.equal(hostile.getCell(col("UPN")).value, "'@A123456789019");
  t.equal(hostile.getCell(col("Ethnicity")).value, '\'=HYPERLINK("http://x")');
  t.equal(hostile.getCell(col("Ethnicity")).type, ExcelJS.ValueType.String, "text, not a formula");
  t.equal(hostile.getCell(col("Which children's social care team?")).value, "'-2+3");
  t.equal(hostile.getCell(col("Main education establishment – phase")).value, "'+primary");
  t.equal(hostile.getCell(col("SEN primary need")).value, "'\tASD");
  t.equal(hostile.getCell(col("Date EHC plan last reviewed")).value, null, "an invalid date is left empty");
  t.equal(hostile.getCell(col("Pupil Premium")).value, null, "white space is blank");
  l1.eachRow((row) =>
    row.eachCell((cell) => {
      t.not(cell.type, ExcelJS.ValueType.Formula);
      if (typeof cell.value === "string") t.notOk(startsFormula(cell.value), cell.address);
    }),
  );

  for (const ws of wb.worksheets) {
    t.equal(ws.views[0]?.state, "frozen", `${ws.name}: frozen`);
    t.equal((ws.views[0] as { ySplit?: number }).ySplit, 1, `${ws.name}: header row frozen`);
    t.equal((ws.views[0] as { topLeftCell?: string }).topLeftCell, "A2");
    t.equal(ws.getRow(1).height, 48);
    ws.getRow(1).eachCell((cell) => {
      t.equal(cell.font?.bold, true, `${ws.name} ${cell.address}: header bold`);
      t.same(cell.alignment, { vertical: "top", wrapText: true }, "wrapped, top-aligned");
    });
  }
  l1.columns.forEach((c) => t.ok(c.width! >= 12 && c.width! <= 60, `width ${c.width}`));
  const widthOf = (name: string) => l1.getColumn(col(name)).width;
  t.equal(widthOf("Unique ID"), 12, "short content: the minimum");
  t.equal(widthOf("Ethnicity"), '\'=HYPERLINK("http://x")'.length + 2, "the longest value + 2");
  t.equal(widthOf("Date of birth"), Math.max(12, DATE_FORMAT.length + 2), "dates: as wide as the format");
  t.equal(
    widthOf("Subsidiary education establishment – phase (dual registration)"),
    Math.ceil("Subsidiary education establishment – phase (dual registration)".length / 2) + 2,
    "a long header: half its length + 2",
  );

  const sheet = wb.getWorksheet("Checks")!;
  t.same(headerOf(sheet), [...CHECKS_COLUMNS]);
  t.equal(sheet.rowCount, checks.length + 1);
  const firstCheck = checks[0]!;
  t.same((sheet.getRow(2).values as unknown[]).slice(1), [
    firstCheck.code,
    firstCheck.severity,
    firstCheck.list,
    firstCheck.row,
    firstCheck.uniqueId,
    firstCheck.column,
    firstCheck.message,
  ]);

  t.equal(wb.creator, WORKBOOK_CREATOR);
  t.same(wb.created, utc(AS_OF));
});

t.test("XLSX: checks can be given; empty lists still have their headers", async (t) => {
  const empty = { asOf: AS_OF, list1: [], list2: [] };
  const wb = await loaded(
    await annexAWorkbook(empty, [
      { code: 101, list: 1, severity: "error", row: 2, uniqueId: "-x", message: "=bad" },
    ]),
  );
  t.same(headerOf(wb.getWorksheet("List_1")!), domainList1);
  t.equal(wb.getWorksheet("List_2")!.rowCount, 1);
  t.same((wb.getWorksheet("Checks")!.getRow(2).values as unknown[]).slice(1), [
    101,
    "error",
    1,
    2,
    "'-x",
    undefined,
    "'=bad",
  ]);
  await t.rejects(annexAWorkbook({ ...empty, asOf: "23/11/2026" }), RangeError);
});

/** (time, date) of every entry in a zip's central directory. */
function zipStamps(zip: Buffer): [number, number][] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const stamps: [number, number][] = [];
  let p = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const local = zip.readUInt32LE(p + 42);
    stamps.push([zip.readUInt16LE(p + 12), zip.readUInt16LE(p + 14)]);
    stamps.push([zip.readUInt16LE(local + 10), zip.readUInt16LE(local + 12)]);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return stamps;
}

t.test("XLSX: deterministic bytes", async (t) => {
  const a = await annexAWorkbook(sampleLists());
  const b = await annexAWorkbook(sampleLists());
  t.ok(a.equals(b), "same lists, same bytes");
  // 2026-11-23 00:00 as a DOS date: (2026 - 1980) << 9 | 11 << 5 | 23.
  const expected: [number, number] = [0, (46 << 9) | (11 << 5) | 23];
  const stamps = zipStamps(a);
  t.ok(stamps.length >= 20, "several entries");
  t.same(new Set(stamps.map((s) => s.join())), new Set([expected.join()]), "every entry stamped with asOf");
  const other = await annexAWorkbook({ ...sampleLists(), asOf: "2026-11-24" });
  t.notOk(a.equals(other), "a different as-at date is a different workbook");
});

t.test("XLSX property: any text comes back neutralised, without what XML forbids", async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(awkwardText, { minLength: 1, maxLength: 12 }), async (texts) => {
      const lists: AnnexALists = {
        asOf: AS_OF,
        list1: texts.map((s) => cleanList1Row({ Ethnicity: s, "Which children's social care team?": s })),
        list2: [],
      };
      const l1 = (await loaded(await annexAWorkbook(lists, []))).getWorksheet("List_1")!;
      texts.forEach((s, i) => {
        const allowed = xmlAllowedText(s);
        const expected = isBlank(allowed) ? null : neutraliseFormula(allowed);
        for (const column of ["Ethnicity", "Which children's social care team?"]) {
          const cell = l1.getRow(i + 2).getCell(LIST_1_COLUMNS.indexOf(column as never) + 1);
          if (cell.value !== expected)
            throw new Error(`${JSON.stringify(s)} came back as ${JSON.stringify(cell.value)}`);
        }
      });
    }),
    { numRuns: 100 },
  );
  t.pass("100 workbooks of awkward text read back");
});

t.test("XLSX: our own importer reads List_1 back as the CSV export has it", async (t) => {
  const lists = sampleLists();
  const table = await readTable(await annexAWorkbook(lists), "annex-a.xlsx", ["xlsx"]);
  t.same(table.errors, [], "every part passes the importer's CRC check");
  t.same(table.header?.cells, [...LIST_1_COLUMNS]);
  const csv = parse(annexACsv(lists.list1, 1), { bom: true }) as string[][];
  t.equal(table.rows.length, csv.length - 1);
  table.rows.forEach((row, i) => {
    t.equal(row.line, i + 2);
    const cells = [...row.cells, ...Array<string>(LIST_1_COLUMNS.length - row.cells.length).fill("")];
    t.same(cells, csv[i + 1], `row ${row.line}`);
  });
});

const UNZIP = "/usr/bin/unzip";
t.test("XLSX: unzip -t finds no errors; every entry's CRC as written", async (t) => {
  const zip = await annexAWorkbook(sampleLists());
  for (const e of zipEntries(zip)) t.equal(e.crc, crc32(e.data), e.name);
  t.test("unzip -t", { skip: !existsSync(UNZIP) && `${UNZIP} is not installed` }, async (t) => {
    const file = join(t.testdir(), "annex-a.xlsx");
    writeFileSync(file, zip);
    t.match(execFileSync(UNZIP, ["-t", file], { encoding: "utf8" }), /No errors detected/);
  });
});

t.test("CSV: BOM, CRLF, exact headers, ISO dates, blanks, formula guard", async (t) => {
  const lists = sampleLists();
  const csv = annexACsv(lists.list1, 1);
  t.ok(csv.startsWith("\uFEFF"), "UTF-8 byte-order mark");
  const lines = csv.slice(1).split("\r\n");
  t.equal(lines[0], domainList1.join(","), "headers unquoted and exact, en dash included");
  t.equal(lines.at(-1), "", "CRLF after the last record");
  t.ok(Buffer.from(csv, "utf8").includes(Buffer.from("establishment \u2013 URN", "utf8")));

  const records = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
  t.equal(records.length, 2);
  const [first, hostile] = records;
  t.equal(first!["Date of birth"], "2015-03-10");
  t.equal(first!["Date initial EHC plan issued"], "2020-06-01");
  t.equal(first!.ULN, "", "blank, not null");
  t.equal(first!.Suspensions, "0");
  t.equal(first!.Absence, "7.25");
  t.equal(hostile!.UPN, "'@A123456789019");
  t.equal(hostile!.Ethnicity, '\'=HYPERLINK("http://x")');
  t.equal(hostile!["Date EHC plan last reviewed"], "");
  for (const r of records) for (const v of Object.values(r)) t.notOk(startsFormula(v), v);

  const list2 = annexACsv([], 2);
  t.equal(list2, `\uFEFF${domainList2.join(",")}\r\n`, "an empty list is just its header");
  const one = parse(annexACsv([cleanList2Row()] as AnnexAList2Row[], 2), { bom: true, columns: true });
  t.same(Object.keys((one as object[])[0]!), domainList2);
  t.type(annexACsv([cleanList1Row()] as AnnexAList1Row[], 1), "string");
});

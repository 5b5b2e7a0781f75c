/** Reading files: line numbers, headers, bounds, damaged files, and how cells are parsed. */
import t from "tap";
import { parseCaseExtract } from "../../src/imports/caseExtract.js";
import { parseMetricsFile } from "../../src/imports/metricsFile.js";
import { cellText, declaredZipSize, MAX_BYTES, readTable } from "../../src/imports/table.js";
import { csvTable, xlsxOf } from "./helpers.js";

const header = "caseId,dateOfBirth,gender,ethnicity,primaryNeed";

t.test("errors name the line a row starts on, whatever the line ends and quoted line breaks", async (t) => {
  const text = [
    `\ufeff${header}`,
    "C1001,2015-01-01,female,WBRI,ASD",
    "",
    ",,,,",
    'C1002,2015-01-01,female,"WB\r\nRI",ASD',
    "C1003,2015-02-30,female,WBRI,ASD",
    "   ,  ,",
    "C1004,2015-01-01,female,WBRI,XYZ",
  ].join("\r\n");
  const { rows, errors } = await parseCaseExtract(Buffer.from(text), "extract.csv");
  t.same(
    errors.map((e) => [e.line, e.column]),
    [
      [5, "ethnicity"],
      [7, "dateOfBirth"],
      [9, "primaryNeed"],
    ],
  );
  t.same(
    rows.map((r) => [r.line, r.caseId]),
    [[2, "C1001"]],
  );
  const lf = await parseCaseExtract(Buffer.from(text.replaceAll("\r\n", "\n")), "extract.csv");
  t.same(lf.errors, errors, "the same with LF line ends");
});

t.test("the header: loose names, unknown, repeated and missing columns", async (t) => {
  const loose = await parseCaseExtract(
    csvTable(["Case ID", "date_of_birth", "GENDER", " Ethnicity "], [["C01", "01/02/2015", "F", "wbri"]]),
    "x.csv",
  );
  t.same(loose.errors, []);
  t.match(loose.rows, [
    { line: 2, caseId: "C01", dateOfBirth: "2015-02-01", gender: "female", ethnicity: "WBRI" },
  ]);

  const bad = await parseCaseExtract(
    csvTable(
      ["caseId", "Name", "case_id", "dateOfBirth", "gender", ""],
      [["C01", "x", "C01", "2015-01-01", "m", ""]],
    ),
    "x.csv",
  );
  t.same(bad, {
    rows: [],
    errors: [
      { line: 1, column: "Name", reason: "is not a column this file may have" },
      { line: 1, column: "caseId", reason: "appears more than once in the header" },
      { line: 1, column: "ethnicity", reason: "is a required column" },
    ],
  });
});

t.test("rows with more cells than the header are bad; fewer are blank", async (t) => {
  const text = `${header}\nC01,2015-01-01,f,WBRI,ASD,surplus\nC02,2015-01-01,m,WBRI\n`;
  t.same(await parseCaseExtract(Buffer.from(text), "x.csv"), {
    rows: [
      {
        caseId: "C02",
        dateOfBirth: "2015-01-01",
        gender: "male",
        ethnicity: "WBRI",
        line: 3,
      },
    ],
    errors: [{ line: 2, reason: "has 6 cells but the header has 5 columns" }],
  });
});

t.test("files that cannot be read are refused as a whole (line 0)", async (t) => {
  const reasons = async (bytes: Buffer, name: string) =>
    (await parseCaseExtract(bytes, name)).errors.map((e) => `${e.line}: ${e.reason}`);
  const workbook = await xlsxOf([["caseId"], ["C01"]]);
  t.same(await reasons(Buffer.from(`${header}\nC01,"2015`), "x.csv"), [
    "2: not valid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 2",
  ]);
  t.same(await reasons(Buffer.from([0x63, 0x61, 0xff, 0xfe, 0x0a]), "x.csv"), [
    "0: the file is not UTF-8 text; save it as CSV UTF-8",
  ]);
  t.same(await reasons(workbook, "x.xls"), [
    "0: x.xls is not a .csv or .xlsx file; save the workbook as .xlsx",
  ]);
  t.same(await reasons(workbook, "extract"), ["0: extract is not a .csv or .xlsx file"]);
  t.same(await reasons(workbook, "x.csv"), ["0: x.csv is a workbook, not CSV text; name it .xlsx"]);
  t.same(await reasons(Buffer.from(header), "x.xlsx"), ["0: x.xlsx is not an XLSX workbook"]);
  t.same(await reasons(Buffer.from("PK\u0003\u0004 and nothing else, not even a directory"), "x.xlsx"), [
    "0: the workbook is damaged: its zip directory cannot be read",
  ]);
  const corrupt = Buffer.from(workbook);
  corrupt.fill(0, 200, 1200);
  t.match(await reasons(corrupt, "x.xlsx"), [
    /^0: the workbook is damaged \(part .* (does not unzip|fails its checksum|has a broken header)\)/,
  ]);
  t.same(await reasons(Buffer.alloc(0), "x.csv"), ["0: the file is empty: no header row"]);
  t.same(await reasons(await xlsxOf([]), "x.xlsx"), ["0: the file is empty: no header row"]);
  t.same(
    await parseCaseExtract(Buffer.from(`${header}\n`), "x.csv"),
    { rows: [], errors: [] },
    "a header alone",
  );
});

t.test("bounds: bytes, rows, and what a workbook says it unzips to", async (t) => {
  t.equal(MAX_BYTES, 20 * 1024 * 1024);
  const small = { maxBytes: 100_000, maxRows: 2, maxExpanded: 1_000_000 };
  const csv = (n: number) => Buffer.from(["a", ...Array.from({ length: n }, (_, i) => `r${i}`)].join("\n"));
  t.same((await readTable(csv(2), "x.csv", ["csv"], small)).errors, []);
  t.same((await readTable(csv(3), "x.csv", ["csv"], small)).errors, [
    { line: 0, reason: "the file has more than 2 rows; split it", limit: "maxRows" },
  ]);
  const big = await readTable(Buffer.alloc(1_572_865, 0x61), "x.csv", ["csv"], {
    ...small,
    maxBytes: 1_572_864,
  });
  t.same(big.errors, [{ line: 0, reason: "the file is 1.5 MB; the limit is 1.5 MB", limit: "maxBytes" }]);
  const book = (n: number) => xlsxOf([["a"], ...Array.from({ length: n }, (_, i) => [`r${i}`])]);
  t.same((await readTable(await book(2), "x.xlsx", ["xlsx"], small)).rows.length, 2);
  t.same((await readTable(await book(3), "x.xlsx", ["xlsx"], small)).errors, [
    { line: 0, reason: "the file has more than 2 rows; split it", limit: "maxRows" },
  ]);

  const bomb = await book(1);
  t.ok((declaredZipSize(bomb) ?? 0) > 1000, "an honest workbook declares its size");
  const end = bomb.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const directory = bomb.readUInt32LE(end + 16);
  bomb.writeUInt32LE(0xfffffff0, directory + 24);
  t.same((await readTable(bomb, "x.xlsx", ["xlsx"])).errors, [
    { line: 0, reason: "the workbook unzips to 4096.0 MB; the limit is 128.0 MB", limit: "maxExpanded" },
  ]);
  const broken = await book(1);
  broken.writeUInt32LE(
    0,
    broken.readUInt32LE(broken.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) + 16),
  );
  t.equal(declaredZipSize(broken), undefined, "a directory entry without its signature");
  const short = await book(1);
  short.writeUInt32LE(short.length - 10, short.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) + 16);
  t.equal(declaredZipSize(short), undefined, "a directory that runs past the end");
  t.equal(declaredZipSize(Buffer.from("PK")), undefined, "too short to hold a directory");
});

t.test("XLSX cells become the text a CSV export would hold", async (t) => {
  t.equal(cellText(null), "");
  t.equal(cellText(undefined), "");
  t.equal(cellText(new Date("2024-02-29T00:00:00Z")), "2024-02-29");
  t.equal(cellText(new Date(Number.NaN)), "");
  t.equal(cellText(1234567890), "1234567890");
  t.equal(cellText(0.125, "0.0%"), "12.5%");
  t.equal(cellText(0.07, "0%"), "7%");
  t.equal(cellText(true), "true");
  t.equal(cellText("Yes"), "Yes");
  t.equal(cellText({ formula: "A1+1", result: 3 }), "3");
  t.equal(cellText({ sharedFormula: "A2", result: new Date("2020-01-01T00:00:00Z") }), "2020-01-01");
  t.equal(cellText({ formula: "A1+1" }), "");
  t.equal(cellText({ richText: [{ text: "WB" }, { text: "RI" }] }), "WBRI");
  t.equal(cellText({ text: "123456", hyperlink: "https://example.org" }), "123456");
  t.equal(cellText({ error: "#N/A" }), "#N/A");
  t.equal(cellText({}), "[object Object]");
});

t.test("cells: dates, Yes/No, numbers, codes and lists", async (t) => {
  const columns = [
    "caseId",
    "upn",
    "dateOfBirth",
    "gender",
    "ethnicity",
    "exceptions",
    "initialPlanIssued",
    "requestDate",
    "requestedBy",
    "academicYear",
    "suspensions",
    "permanentExclusions",
    "absencePercent",
    "pupilPremium",
  ];
  const good = await parseCaseExtract(
    csvTable(columns, [
      [
        "C-1_a",
        "a123456789012",
        "9/3/2015",
        "o",
        "mwbc",
        "family away;familyAway; ;SETTING_CLOSED",
        "2024-05-20",
        "2024-01-02",
        "School-or-College",
        "2025/26",
        "0",
        "10",
        "12.5 %",
        "FALSE",
      ],
    ]),
    "x.csv",
  );
  t.same(good.errors, []);
  t.match(good.rows[0], {
    caseId: "C-1_a",
    upn: "A123456789012",
    dateOfBirth: "2015-03-09",
    gender: "other",
    ethnicity: "MWBC",
    exceptions: ["familyAway", "settingClosed"],
    requestedBy: "school or college",
    suspensions: 0,
    permanentExclusions: 10,
    absencePercent: 12.5,
    pupilPremium: false,
  });

  const bad = await parseCaseExtract(
    csvTable(columns, [
      ["C 1", "", "2015-1-1", "", "WBR", "holiday", "", "", "", "2025/26", "1.5", "11", "101", "maybe"],
    ]),
    "x.csv",
  );
  t.same(
    bad.errors.map((e) => `${e.column}: ${e.reason}`),
    [
      "caseId: must be a pseudonymous reference of letters, digits, '-' or '_'",
      'dateOfBirth: "2015-1-1" is not a date as YYYY-MM-DD or DD/MM/YYYY',
      "gender: is required",
      "ethnicity: must be a 4-letter DfE ethnicity code",
      'exceptions: "holiday" is not one of: settingClosed, exceptionalPersonalCircumstances, familyAway',
      'suspensions: "1.5" is not a whole number from 0 to 200',
      'permanentExclusions: "11" is not a whole number from 0 to 10',
      'absencePercent: "101" is not a number from 0 to 100',
      'pupilPremium: "maybe" is not Yes/No or true/false',
    ],
  );

  const partial = await parseCaseExtract(
    csvTable(
      ["caseId", "dateOfBirth", "gender", "ethnicity", "suspensions", "reviewDecision", "requestedBy"],
      [["C01", "2015-01-01", "f", "WBRI", "2", "maintain", "parent"]],
    ),
    "x.csv",
  );
  t.same(
    partial.errors.map((e) => `${e.column}: ${e.reason}`),
    [
      "requestDate: is needed with requestedBy",
      "reviewDecisionDate: is needed with reviewDecision",
      ...["academicYear", "permanentExclusions", "absencePercent", "pupilPremium"].map(
        (c) =>
          `${c}: is needed with the other school record columns (academicYear, suspensions, permanentExclusions, absencePercent, pupilPremium)`,
      ),
    ],
  );
});

t.test("metrics files: CSV only, numbers with thousands separators", async (t) => {
  const file = csvTable(
    ["metric", "period", "scope", "value", "source"],
    [
      ["active-plans", "2025", "england", "638,745", "DfE"],
      ["active-plans", "2025", "area", "-3.5", ""],
      ["active-plans", "2025", "area", "1,2", ""],
      ["active-plans", "2025", "county:Kent", "1", ""],
      ["active plans", "25", "area", "", ""],
    ],
  );
  const parsed = await parseMetricsFile(file, "values.csv");
  t.match(parsed.rows, [
    { line: 2, value: 638745, scope: { kind: "england" }, source: "DfE" },
    { line: 3, value: -3.5 },
  ]);
  t.same(
    parsed.errors.map((e) => `${e.line} ${e.column}: ${e.reason}`),
    [
      '4 value: "1,2" is not a number',
      '5 scope: "county:Kent" is not a scope: area, england, statisticalNeighbours, region:<name> or la:<ONS code>:<name>',
      "6 metric: must be a pseudonymous reference of letters, digits, '-' or '_'",
      "6 period: must be a period such as 2023, 2022/23, 2023-Q4 or 2024-02",
      "6 value: is required",
    ],
  );
  t.same((await parseMetricsFile(await xlsxOf([["metric"]]), "values.xlsx")).errors, [
    { line: 0, reason: "values.xlsx is not a .csv file" },
  ]);
});

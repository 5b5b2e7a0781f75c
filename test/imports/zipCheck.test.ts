import { deflateRawSync } from "node:zlib";
import t from "tap";
import { zipArchive } from "../../src/exports/zipArchive.js";
import { checkZip, declaredZipSize, type ZipStats } from "../../src/imports/zipCheck.js";
import { harness, tokenFor } from "../http/harness.js";
import { xlsxOf } from "./helpers.js";

const AT = new Date("2026-11-23T09:00:00Z");
const MB = 1024 * 1024;
const roomy = { maxExpanded: 64 * MB, maxRows: 1_000_000 };

/** A zip whose one part's directory entry claims `claimed` bytes (the local header is left alone). */
function withDeclaredSize(zip: Buffer, claimed: number) {
  const copy = Buffer.from(zip);
  const end = copy.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  copy.writeUInt32LE(claimed, copy.readUInt32LE(end + 16) + 24);
  return copy;
}

t.test("a zip declaring more than the limit is refused having inflated nothing", async (t) => {
  const zip = zipArchive([{ name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(2 * MB, 0x20) }], AT);
  t.ok(zip.length < 10_000, "small on the wire");
  const stats: ZipStats = { inflated: 0 };
  const problem = await checkZip(zip, { ...roomy, maxExpanded: MB }, stats);
  t.same(problem, { reason: "the workbook unzips to 2.0 MB; the limit is 1.0 MB", limit: "maxExpanded" });
  t.equal(stats.inflated, 0, "nothing inflated");
  t.same(await checkZip(withDeclaredSize(zip, 0xfffffff0), roomy), {
    reason: "the workbook unzips to 4096.0 MB; the limit is 64.0 MB",
    limit: "maxExpanded",
  });
});

t.test("a lying header is caught as the part streams, at its declared size", async (t) => {
  const zip = zipArchive([{ name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(32 * MB, 0x20) }], AT);
  const liar = withDeclaredSize(zip, 1000);
  t.equal(declaredZipSize(liar), 1000);
  const stats: ZipStats = { inflated: 0 };
  const started = performance.now();
  const problem = await checkZip(liar, roomy, stats);
  t.same(problem, {
    reason:
      "the workbook is damaged (part xl/worksheets/sheet1.xml unzips to more than its directory says); save it again and resend",
  });
  t.ok(stats.inflated <= 1000 + 256 * 1024, `stopped after ${stats.inflated} bytes of 32 MB`);
  t.ok(performance.now() - started < 1000);
});

t.test("rows are counted as the worksheet streams, across chunks", async (t) => {
  const rows = (n: number) =>
    Buffer.from(
      `<worksheet><sheetData>${'<row r="1"><c t="s"><v>0</v></c></row>'.repeat(n)}</sheetData><rowBreaks count="0"/></worksheet>`,
    );
  const sheet = zipArchive([{ name: "xl/worksheets/sheet1.xml", data: rows(100_001) }], AT);
  // ~4 MB of XML: 16 chunks, so tags straddle chunk ends; one miscount would move the boundary.
  t.equal(await checkZip(sheet, { ...roomy, maxRows: 100_000 }), undefined, "100,000 rows and a header");
  t.same(await checkZip(sheet, { ...roomy, maxRows: 99_999 }), {
    reason: "the file has more than 99,999 rows; split it",
    limit: "maxRows",
  });
  const other = zipArchive([{ name: "xl/sharedStrings.xml", data: rows(10) }], AT);
  t.equal(await checkZip(other, { ...roomy, maxRows: 1 }), undefined, "only worksheets hold rows");
});

t.test("stored parts, unsupported methods, damaged data", async (t) => {
  const stored = zipArchive([{ name: "a.bin", data: Buffer.from([1, 2, 3]) }], AT);
  t.equal(await checkZip(stored, roomy), undefined);
  const flipped = Buffer.from(stored);
  flipped[flipped.indexOf(Buffer.from([1, 2, 3]))] = 9;
  t.match(await checkZip(flipped, roomy), { reason: /part a.bin fails its checksum/ });
  const method = Buffer.from(stored);
  const end = method.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  method.writeUInt16LE(12, method.readUInt32LE(end + 16) + 10);
  t.match(await checkZip(method, roomy), { reason: /unsupported compression/ });
  const deflated = zipArchive([{ name: "b.xml", data: Buffer.from("<x>".repeat(1000)) }], AT);
  const garbled = Buffer.from(deflated);
  const body = deflateRawSync(Buffer.from("<x>".repeat(1000)));
  garbled.fill(0xff, garbled.indexOf(body.subarray(0, 4)), garbled.indexOf(body.subarray(0, 4)) + 4);
  t.match(await checkZip(garbled, roomy), { reason: /part b.xml (does not unzip|fails its checksum)/ });
  t.match(await checkZip(Buffer.from("PK\u0003\u0004 no directory"), roomy), {
    reason: "the workbook is damaged: its zip directory cannot be read",
  });
});

t.test("over HTTP: an XLSX bomb is a 413 naming the limit, and nothing is appended", async (t) => {
  const { app, head } = await harness(t);
  const before = await head();
  const bomb = withDeclaredSize(await xlsxOf([["caseId"], ["C0001"]]), 0xfffffff0);
  const res = await app.inject({
    method: "POST",
    url: "/api/v1/imports/cases",
    payload: bomb,
    headers: {
      authorization: `Bearer ${tokenFor("officer")}`,
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    },
  });
  t.equal(res.statusCode, 413);
  t.match(res.headers["content-type"], /application\/problem\+json/);
  t.match(res.json(), {
    status: 413,
    limit: "maxExpanded",
    detail: "the workbook unzips to 4096.0 MB; the limit is 128.0 MB",
    errors: [{ path: "(file)", line: 0 }],
  });
  t.equal(await head(), before);
});

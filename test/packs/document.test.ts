import t from "tap";
import {
  MARKING,
  type PackMeta,
  type PackWriter,
  readPackMeta,
  renderPack,
} from "../../src/packs/document.js";
import { flat, pdfInfo, pdfText, wordsOn } from "./fixtures.js";

const meta: PackMeta = {
  kind: "sef",
  areaName: "Testshire",
  title: "Furniture test",
  position: 77,
  asOf: "2026-11-23T10:00:00.000Z",
  contents: ["Everything the writer can draw"],
  contentSha256: "f".repeat(64),
  caseLevel: false,
};

const rows = Array.from({ length: 90 }, (_, i) => [`row ${i + 1}`, `value ${i + 1}`, String(i * 3)]);

function body(w: PackWriter) {
  w.section(() => {
    w.heading("Contents list", 1);
    w.contents([
      { label: "The long table", anchor: "table" },
      { label: "The figure", anchor: "figure" },
    ]);
    w.paragraph("An indented paragraph in italics.", { indent: 20, font: "Helvetica-Oblique" });
    w.bullets([]);
    w.bullets(["first point", "second point ≥ first"]);
    w.heading("Not in the outline", 2, { outline: false });
    w.heading("A third-level heading", 3);
  });
  w.heading("The long table", 1, { anchor: "table" });
  w.table({
    caption: "Ninety rows",
    columns: [
      { header: "Column A", width: 2 },
      { header: "Column B", width: 2 },
      { header: "Number", width: 1, align: "right" },
    ],
    rows,
  });
  w.table({
    columns: [{ header: "x", width: 1 }],
    rows: [],
    caption: "An empty table",
    empty: "Nothing here.",
  });
  w.table({ columns: [{ header: "x", width: 1 }], rows: [] });
  w.table({
    columns: [
      { header: "Key", width: 1 },
      { header: "Enormous", width: 3, mono: true },
    ],
    rows: [["big", "word ".repeat(3000)]],
    header: false,
  });
  w.heading("The figure", 2, { anchor: "figure" });
  w.figure("A grey box", 80, (box) => {
    w.doc.rect(box.x, box.y, box.width, box.height).fillColor("#cccccc").fill();
  });
}

t.test("furniture, tagging, tables across pages, contents with page numbers", async (t) => {
  const pdf = await renderPack(meta, body);
  t.equal(pdf.subarray(0, 8).toString(), "%PDF-1.7");
  const info = pdfInfo(pdf);
  t.ok(info.tagged, "tagged PDF");
  t.equal(info.title, "Furniture test: Testshire");
  t.ok(info.pages >= 4, `several pages (${info.pages})`);
  const raw = pdf.toString("latin1");
  for (const needle of [
    "/Lang (en-GB)",
    "/DisplayDocTitle true",
    "/StructTreeRoot",
    "/S /Document",
    "/S /Table",
    "/S /TH",
    "/S /TOC",
    "/S /Figure",
    "/Alt (A grey box)",
    "/Scope /Column",
    "/Scope /Row",
    "/Outlines",
  ])
    t.ok(raw.includes(needle), `has ${needle}`);

  const all = flat(pdfText(pdf));
  t.match(all, "Testshire · Furniture test", "running header");
  t.match(all, `Page 1 of ${info.pages}`);
  t.match(all, "as at 23 November 2026, 10:00 GMT · log position 77", "footer");
  t.notMatch(all, MARKING, "not case-level: no marking");
  t.match(all, "second point >= first", "text made safe for the standard fonts");
  t.match(all, "Nothing here.");
  t.match(all, "None.", "an empty table without its own message");
  t.match(all, "…", "a cell too tall for a page is cut with an ellipsis");

  // The table runs past page 1: the header row is repeated on the next page.
  const tablePage = [...Array(info.pages).keys()]
    .map((i) => i + 1)
    .find((n) => pdfText(pdf, n).includes("row 90")) as number;
  t.ok(tablePage > 2, "the table continues onto a later page");
  t.match(pdfText(pdf, tablePage), /Column A[\s\S]*Column B[\s\S]*Number/, "header repeated");
  // …and the first row follows the repeated header at once, with no empty band between them.
  const placed = wordsOn(pdf, tablePage);
  const header = placed.find((w) => w.text === "Column")!;
  const firstRow = Math.min(...placed.filter((w) => w.text === "row").map((w) => w.y));
  t.ok(firstRow - header.y < 25, `first row ${Math.round(firstRow - header.y)} pt below the header`);

  // Contents carry the page numbers found in the first pass.
  const first = flat(pdfText(pdf, 1));
  t.match(first, /The long table \d+/);
  t.match(first, /The figure \d+/);

  const last = flat(pdfText(pdf, info.pages));
  t.match(last, "Manifest");
  t.match(last, "f".repeat(64), "the hash on the manifest");
  t.notMatch(last, "npm run", "no developer command an inspector cannot run");
  t.match(last, "ask the area's Local Area Nominated Officer to check it");
  t.match(last, /reads the log position \(\d+\) and the content SHA-256/);
  const addressed = flat(
    pdfText(
      await renderPack(
        { ...meta, request: { verifyAddress: "https://send.example.gov.uk/api/v1/packs/verify" } },
        body,
      ),
    ),
  );
  t.match(addressed, "verification address below, or ask the area's Local Area Nominated Officer");
  t.match(addressed, "https://send.example.gov.uk/api/v1/packs/verify", "the address on a line of its own");
  t.match(last, "none required");
  t.same(readPackMeta(pdf), { ...meta, caseIds: [] });
});

t.test("deterministic bytes; the file ID follows the input", async (t) => {
  const a = await renderPack(meta, body);
  const b = await renderPack(meta, body);
  t.ok(a.equals(b), "two builds of the same input are byte-identical");
  const id = (pdf: Buffer) => /\/ID \[(<[0-9a-f]+>) /.exec(pdf.toString("latin1"))?.[1];
  t.ok(id(a), "the trailer has an /ID");
  const later = await renderPack({ ...meta, asOf: "2026-11-24T10:00:00.000Z" }, body);
  t.not(id(later), id(a), "another as-at, another /ID");
});

t.test("case-level packs are marked at top and bottom of every page", async (t) => {
  const pdf = await renderPack(
    { ...meta, caseLevel: true, areaName: "An area with a very long name ".repeat(5) },
    (w) => w.paragraph("Sensitive."),
  );
  const { pages } = pdfInfo(pdf);
  for (let n = 1; n <= pages; n++) {
    const text = pdfText(pdf, n);
    t.equal(text.split(MARKING).length - 1, n === pages ? 3 : 2, `page ${n}: top and bottom`);
  }
  t.match(flat(pdfText(pdf, 1)), "…", "a header too long for the line is cut");
});

t.test("a pack with no contents listed, and a bad as-at", async (t) => {
  const pdf = await renderPack({ ...meta, contents: [] }, () => {});
  t.match(flat(pdfText(pdf)), "(no contents listed)");
  await t.rejects(
    renderPack({ ...meta, asOf: "yesterday" }, () => {}),
    RangeError,
  );
});

t.test("without poppler-utils the text helpers fail loudly", async (t) => {
  const path = process.env.PATH;
  process.env.PATH = "/nonexistent";
  try {
    t.throws(() => pdfText(Buffer.from("%PDF-1.7")), /poppler-utils is not installed/);
  } finally {
    process.env.PATH = path;
  }
});

t.test("a small table is kept on one page rather than leave its last rows on the next", async (t) => {
  const pdf = await renderPack(meta, (w) => {
    w.paragraph("Near the bottom of the page.");
    w.doc.y = w.bottom - 60;
    w.table({
      caption: "Six quarters",
      columns: [
        { header: "Quarter", width: 1 },
        { header: "Audits", width: 1, align: "right" },
      ],
      rows: ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"].map((q, i) => [q, String(i)]),
    });
  });
  t.notMatch(flat(pdfText(pdf, 1)), "Six quarters", "not started at the foot of page 1");
  t.match(flat(pdfText(pdf, 2)), /Six quarters Quarter Audits 2025-Q3 0 .* 2026-Q4 5/, "whole on page 2");
});

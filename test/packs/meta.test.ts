import PDFDocument from "pdfkit";
import t from "tap";
import {
  canonicalJson,
  contentSha256,
  encodePackInfo,
  type PackMeta,
  readPackMeta,
} from "../../src/packs/meta.js";

const meta: PackMeta = {
  kind: "cases",
  areaName: "Brighton & Hove (a test) – “quoted” \\ back\nslash",
  title: "Case-sampling pack",
  position: 4211,
  asOf: "2026-11-23T10:15:00.000Z",
  contents: ["Cover", "Children (3)"],
  contentSha256: "ab".repeat(32),
  caseLevel: true,
};

/** A minimal PDF as pdfkit writes it, with optional extra info entries. */
function pdfWith(info: Record<string, unknown>): Promise<Buffer> {
  const doc = new PDFDocument({ info: info as PDFKit.DocumentInfo });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.text("x");
  doc.end();
  return done;
}

t.test("canonical JSON sorts keys, drops undefined, keeps arrays in order", async (t) => {
  t.equal(
    canonicalJson({ b: 1, a: { d: [3, undefined, { z: 1, y: 2 }], c: undefined } }),
    '{"a":{"d":[3,null,{"y":2,"z":1}]},"b":1}',
  );
  t.equal(canonicalJson(undefined), "null");
  t.equal(contentSha256({ a: 1, b: 2 }), contentSha256({ b: 2, a: 1 }), "key order does not matter");
  t.match(contentSha256("x"), /^[0-9a-f]{64}$/);
});

t.test("the stored JSON is ASCII only", async (t) => {
  const json = encodePackInfo(meta, ["C1"]);
  t.notOk(/[^\x20-\x7e]/.test(json), "no byte outside printable ASCII");
  t.same(JSON.parse(json).areaName, meta.areaName, "non-ASCII survives as \\u escapes");
});

t.test("readPackMeta reads the metadata back from pdfkit's raw bytes", async (t) => {
  const pdf = await pdfWith({ Title: "T", SendPack: encodePackInfo(meta, ["C000001", "C000002"]) });
  t.same(
    readPackMeta(pdf),
    { ...meta, caseIds: ["C000001", "C000002"] },
    "parens, backslashes, newline and non-ASCII",
  );
  const noCases = await pdfWith({ SendPack: encodePackInfo({ ...meta, kind: "sef", caseLevel: false }) });
  t.same(readPackMeta(noCases)?.caseIds, []);
});

t.test("anything else reads as undefined, never a guess", async (t) => {
  t.equal(readPackMeta(Buffer.from("not a pdf")), undefined, "no trailer");
  t.equal(readPackMeta(await pdfWith({ Title: "plain" })), undefined, "no SendPack entry");
  t.equal(readPackMeta(await pdfWith({ SendPack: "{not json" })), undefined, "not JSON");
  t.equal(readPackMeta(await pdfWith({ SendPack: "null" })), undefined, "JSON null");
  const shape = (patch: Record<string, unknown>) =>
    pdfWith({ SendPack: JSON.stringify({ ...JSON.parse(encodePackInfo(meta)), ...patch }) });
  for (const patch of [
    { format: 2 },
    { kind: "other" },
    { position: 1.5 },
    { contentSha256: "XYZ" },
    { caseLevel: "yes" },
    { contents: [1] },
    { caseIds: "C1" },
  ])
    t.equal(readPackMeta(await shape(patch)), undefined, `rejects ${JSON.stringify(patch)}`);
  const broken = Buffer.from("%PDF-1.7\ntrailer\n<< /Info 9 0 R >>\n");
  t.equal(readPackMeta(broken), undefined, "info object missing");
  const unterminated = Buffer.from(
    "%PDF-1.7\n1 0 obj\n<<\n/SendPack 2 0 R\n>>\nendobj\n2 0 obj\n(abc\nendobj\ntrailer\n<< /Info 1 0 R >>\n",
  );
  t.equal(readPackMeta(unterminated), undefined, "string never closed");
  const noEnd = Buffer.from("%PDF-1.7\ntrailer\n<< /Info 1 0 R >>\n1 0 obj\n<< /SendPack 2 0 R >>");
  t.equal(readPackMeta(noEnd), undefined, "object never ended");
});

t.test("literal strings: octal escapes, balanced parentheses, line continuations", async (t) => {
  const json = encodePackInfo(meta);
  // Write the JSON the way another PDF writer might: `"` as octal, unescaped balanced parens, a line break.
  const literal = json
    .replace(/\\/g, "\\\\")
    .replace(/"/g, "\\042")
    .replace("Case-sampling pack", "Case-(sampling) \\\npack");
  const pdf = Buffer.from(
    `%PDF-1.7\n1 0 obj\n<<\n/SendPack 2 0 R\n>>\nendobj\n2 0 obj\n(${literal})\nendobj\ntrailer\n<<\n/Info 1 0 R\n>>\n`,
    "latin1",
  );
  t.equal(readPackMeta(pdf)?.title, "Case-(sampling) pack");
});

/**
 * What every pack carries besides its body: the running header and footer, the protective marking, and
 * the closing manifest page.
 */
import type { Doc, PackMeta, PackWriter } from "./document.js";
import { formatDateTime, pdfSafe } from "./format.js";
import { COLOURS, FONTS, MARGINS, MARKING, PAGE } from "./style.js";

/** The closing page: what the pack is, its position, as-at, contents, hash, and how to verify it. */
export function manifestPage(w: PackWriter, meta: PackMeta): void {
  w.newPage();
  w.section(() => {
    w.heading("Manifest", 1, { anchor: "manifest" });
    w.paragraph(
      "This page records exactly what this pack is, so that anyone holding it can check it against the evidence store.",
    );
    w.keyValues([
      ["Area", meta.areaName],
      ["Pack", `${meta.title} (${meta.kind})`],
      ["Log position", String(meta.position)],
      ["As at", `${formatDateTime(meta.asOf, w.timeZone)} (${meta.asOf})`],
      ["Protective marking", meta.caseLevel ? `${MARKING}: contains case-level data` : "none required"],
    ]);
    w.heading("Contents", 2, { outline: false });
    w.bullets(meta.contents.length > 0 ? meta.contents : ["(no contents listed)"]);
    w.heading("Content SHA-256", 2, { outline: false });
    w.paragraph(meta.contentSha256, { font: FONTS.mono, size: 9.5 });
    w.heading("How to verify", 2, { outline: false });
    w.paragraph("npm run cli -- verify FILE.pdf", { font: FONTS.mono, size: 9.5 });
    w.paragraph(
      `The verifier reads this pack's metadata (kind, log position ${meta.position}, as-at and the SHA-256 above) from the file itself, rebuilds the canonical content from the evidence store as at log position ${meta.position}, and compares the hashes. A match shows the pack states what the store held at that moment; a mismatch means the file or the record has changed.`,
    );
  });
}

/** `text` cut with an ellipsis to fit `width` in the current font. */
function fit(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let t = text;
  while (t.length > 1 && doc.widthOfString(`${t}…`) > width) t = t.slice(0, -1);
  return `${t}…`;
}

/** Header, footer and protective marking on every page, as pagination artifacts. */
export function furniture(doc: Doc, meta: PackMeta, timeZone: string): void {
  const { start, count } = doc.bufferedPageRange();
  const width = PAGE.width - MARGINS.left - MARGINS.right;
  const right = PAGE.width - MARGINS.right;
  const header = pdfSafe(`${meta.areaName} · ${meta.title}`);
  const footer = pdfSafe(`as at ${formatDateTime(meta.asOf, timeZone)} · log position ${meta.position}`);
  for (let i = 0; i < count; i++) {
    doc.switchToPage(start + i);
    doc.markContent("Artifact", { type: "Pagination" });
    const marking = (y: number) => {
      doc.font(FONTS.bold).fontSize(10).fillColor(COLOURS.marking);
      doc.text(MARKING, (PAGE.width - doc.widthOfString(MARKING)) / 2, y, { lineBreak: false });
    };
    if (meta.caseLevel) marking(20);
    doc.font(FONTS.regular).fontSize(8).fillColor(COLOURS.muted);
    doc.text(fit(doc, header, width), MARGINS.left, 42, { lineBreak: false });
    doc.moveTo(MARGINS.left, 55).lineTo(right, 55).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
    const footY = PAGE.height - MARGINS.bottom + 14;
    doc
      .moveTo(MARGINS.left, footY - 6)
      .lineTo(right, footY - 6)
      .lineWidth(0.5)
      .strokeColor(COLOURS.rule)
      .stroke();
    const pageText = `Page ${i + 1} of ${count}`;
    doc.font(FONTS.regular).fontSize(8).fillColor(COLOURS.muted);
    doc.text(fit(doc, footer, width - 80), MARGINS.left, footY, { lineBreak: false });
    doc.text(pageText, right - doc.widthOfString(pageText), footY, { lineBreak: false });
    if (meta.caseLevel) marking(PAGE.height - 36);
    doc.endMarkedContent();
  }
}

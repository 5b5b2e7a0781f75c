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
    const address = meta.request?.verifyAddress;
    if (typeof address === "string") {
      w.paragraph(
        "To check that this file is exactly what the area issued, upload this PDF to the area's verification address below, or ask the area's Local Area Nominated Officer to do it for you:",
      );
      w.paragraph(address, { font: FONTS.mono, size: 9.5 });
    } else
      w.paragraph(
        "To check that this file is exactly what the area issued, ask the area's Local Area Nominated Officer to check it against their evidence store.",
      );
    w.paragraph(
      `The check reads the log position (${meta.position}) and the content SHA-256 printed above from this file, rebuilds the same pack from the evidence store as it stood at that position, and compares the two. If they match, the pack states what the store held at that moment; if not, the file or the record has changed since it was issued.`,
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

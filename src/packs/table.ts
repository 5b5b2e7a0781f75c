/**
 * Simple tables: a header row (TH scoped to its column) repeated, as an artifact, at the top of every page
 * the table runs onto; rows are never split across pages; a small table is kept on one page; a cell too
 * tall for a page is cut with an ellipsis rather than running off it.
 */
import type { PackWriter } from "./document.js";
import { pdfSafe } from "./format.js";
import { COLOURS, FONTS, MARGINS } from "./style.js";

export interface Column {
  header: string;
  /** Relative width: the columns share the text width in proportion. */
  width: number;
  align?: "left" | "right" | "center";
  mono?: boolean;
}

export interface TableSpec {
  columns: readonly Column[];
  rows: readonly (readonly string[])[];
  fontSize?: number;
  /** Show the header row (default true). */
  header?: boolean;
  /** The first cell of each row heads its row (TH, scope Row). */
  rowHeaders?: boolean;
  /** A caption above the table (part of the Table element). */
  caption?: string;
  /** Written instead of the table when there are no rows. */
  empty?: string;
  /** Width in points, if narrower than the text width. */
  width?: number;
  /** Keep a small table on one page (default true); false where it must follow what precedes it. */
  keepWhole?: boolean;
}

const PAD = 3;
/** Tables of at most this many rows are kept on one page when they take up to a third of one. */
const KEEP_WHOLE_ROWS = 12;

export function drawTable(w: PackWriter, spec: TableSpec): void {
  const doc = w.doc;
  if (spec.rows.length === 0) {
    if (spec.caption) w.paragraph(spec.caption, { font: FONTS.bold, size: 9, gapAfter: 2 });
    w.paragraph(spec.empty ?? "None.", { size: 9, color: COLOURS.muted });
    return;
  }
  const size = spec.fontSize ?? 8.5;
  const tableWidth = Math.min(w.width, spec.width ?? w.width);
  const total = spec.columns.reduce((s, c) => s + c.width, 0);
  const widths = spec.columns.map((c) => (c.width / total) * tableWidth);
  const xs = widths.map((_, i) => w.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const showHeader = spec.header !== false;
  const headers = spec.columns.map((c) => c.header);
  const isHead = (i: number, head: boolean) => head || (spec.rowHeaders === true && i === 0);
  const fontOf = (i: number, head: boolean) =>
    isHead(i, head) ? FONTS.bold : spec.columns[i]?.mono ? FONTS.mono : FONTS.regular;
  const textOptions = (i: number) => ({
    width: (widths[i] as number) - 2 * PAD,
    lineGap: 0.5,
    align: spec.columns[i]?.align ?? "left",
  });
  const maxHeight = w.bottom - MARGINS.top - 60;
  const measure = (cells: readonly string[], head: boolean) =>
    Math.min(
      maxHeight,
      Math.max(
        ...spec.columns.map((_, i) => {
          doc.font(fontOf(i, head)).fontSize(size);
          return doc.heightOfString(pdfSafe(cells[i] ?? "") || " ", textOptions(i));
        }),
      ) +
        2 * PAD,
    );

  let stripe = false;
  const paintRow = (cells: readonly string[], y: number, h: number, head: boolean, tagged: boolean) => {
    w.artifact(() => {
      if (head || stripe) {
        doc
          .rect(w.left, y, tableWidth, h)
          .fillColor(head ? COLOURS.headerFill : COLOURS.stripe)
          .fill();
      }
      doc
        .moveTo(w.left, y + h)
        .lineTo(w.left + tableWidth, y + h)
        .lineWidth(head ? 0.8 : 0.3)
        .strokeColor(COLOURS.rule)
        .stroke();
    });
    spec.columns.forEach((_, i) => {
      const draw = () => {
        doc
          .font(fontOf(i, head))
          .fontSize(size)
          .fillColor(COLOURS.ink)
          .text(pdfSafe(cells[i] ?? ""), (xs[i] as number) + PAD, y + PAD, {
            ...textOptions(i),
            height: h - 2 * PAD + 1,
            ellipsis: true,
          });
      };
      if (!tagged) w.artifact(draw);
      else if (isHead(i, head)) w.tag("TH", draw, { scope: head ? "Column" : "Row" });
      else w.tag("TD", draw);
    });
  };

  const headerHeight = showHeader ? measure(headers, true) : 0;
  const firstRow = measure(spec.rows[0] as readonly string[], false);
  // A small table (up to a third of a page) is kept whole: it starts a page rather than leave a row or
  // two on the next one.
  const third = (w.bottom - MARGINS.top) / 3;
  const whole =
    spec.keepWhole !== false && spec.rows.length <= KEEP_WHOLE_ROWS
      ? headerHeight + spec.rows.reduce((sum, row) => sum + measure(row, false), 0)
      : Infinity;
  w.group("Table", () => {
    if (spec.caption) {
      const caption = pdfSafe(spec.caption);
      doc.font(FONTS.bold).fontSize(9);
      const captionHeight = doc.heightOfString(caption, { width: w.width }) + 4;
      w.ensureSpace(captionHeight + (whole <= third ? whole : headerHeight + firstRow));
      w.tag("Caption", () => {
        doc
          .font(FONTS.bold)
          .fontSize(9)
          .fillColor(COLOURS.ink)
          .text(caption, w.left, doc.y, { width: w.width });
      });
      doc.y += 2;
    } else w.ensureSpace(whole <= third ? whole : headerHeight + firstRow);
    if (showHeader) {
      const y = doc.y;
      w.group("TR", () => paintRow(headers, y, headerHeight, true, true));
      doc.y = y + headerHeight;
    }
    for (const row of spec.rows) {
      const h = measure(row, false);
      if (doc.y + h > w.bottom) {
        w.newPage();
        stripe = false;
        if (showHeader) {
          // Painting moves doc.y to the end of the last cell's text: place the row from the header's top.
          const top = doc.y;
          paintRow(headers, top, headerHeight, true, false);
          doc.y = top + headerHeight;
        }
      }
      const y = doc.y;
      w.group("TR", () => paintRow(row, y, h, false, true));
      stripe = !stripe;
      doc.y = y + h;
    }
  });
  doc.x = w.left;
  doc.y += 8;
  doc.font(FONTS.regular).fontSize(10).fillColor(COLOURS.ink);
}

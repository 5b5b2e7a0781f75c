/**
 * Shared page furniture for the evidence packs (pdfkit): A4, a running header (area · pack title), a footer
 * (page X of Y; as at <date> · log position N), OFFICIAL-SENSITIVE at the top and bottom of every page of a
 * case-level pack, headings, paragraphs, lists, tables whose header row repeats after a page break, figures,
 * and the closing manifest page (the furniture and manifest are in furniture.ts).
 *
 * Accessibility: the PDF is tagged (`tagged`, `lang` en-GB, `displayTitle`, PDF 1.7). Every piece of
 * content sits in a structure element — Document › Sect › H1–H3, P, L/LI/Lbl/LBody, TOC/TOCI, Table/TR/TH/TD
 * (TH scoped to its column or row), Figure with alternative text — and page furniture, rules, fills and
 * repeated header rows are marked as artifacts, so a screen reader reads the content once, in order.
 * H1 headings are also bookmarks. The standard fonts are not embedded, so this is not PDF/UA.
 *
 * Determinism: pdfkit derives the file `/ID` from an MD5 of the info dictionary, including CreationDate
 * (pdfkit 0.20, `PDFSecurity.generateFileID`), and defaults CreationDate to the clock. Setting CreationDate
 * and ModDate from the pack's `asOf` therefore fixes both the dates and the `/ID`; nothing else in pdfkit's
 * output depends on time or randomness for unencrypted documents with standard fonts, so the same input
 * gives the same bytes (the tests build each pack twice and compare).
 */
import PDFDocument from "pdfkit";
import { pdfSafe } from "./format.js";
import { encodePackInfo, PACK_INFO_KEY, type PackMeta } from "./meta.js";
import { furniture, manifestPage } from "./furniture.js";
import { BODY_SIZE, COLOURS, FONTS, MARGINS, PAGE } from "./style.js";
import { drawTable, type TableSpec } from "./table.js";

export {
  canonicalJson,
  contentSha256,
  type PackKind,
  type PackMeta,
  readPackMeta,
  type StoredPackMeta,
} from "./meta.js";
export { BODY_SIZE, COLOURS, FONTS, MARGINS, MARKING, PAGE } from "./style.js";
export type { Column, TableSpec } from "./table.js";

export type Doc = PDFKit.PDFDocument;
export type Struct = PDFKit.PDFStructureElement;

/** Options pdfkit 0.20's `struct()` reads beyond its typings (alt text, table header scope, layout). */
export interface StructOptions {
  alt?: string;
  title?: string;
  scope?: "Row" | "Column" | "Both";
  placement?: "Block" | "Inline";
  bbox?: [number, number, number, number];
}

const HEADING_SIZES = { 1: 16, 2: 12.5, 3: 10.5 } as const;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ParagraphOptions {
  size?: number;
  font?: string;
  color?: string;
  indent?: number;
  gapAfter?: number;
}

/** Writes a pack's body: content in reading order, each piece inside its structure element. */
export class PackWriter {
  /** Page numbers of anchors set in this pass (for a contents list in the next). */
  readonly anchors = new Map<string, number>();
  /** Whether anything printed a page number (then the pack is drawn a second time). */
  usedPageNumbers = false;
  private readonly parents: Struct[];
  private outlineItem: PDFKit.PDFOutline | undefined;

  constructor(
    readonly doc: Doc,
    root: Struct,
    private readonly known: ReadonlyMap<string, number>,
    readonly timeZone: string,
  ) {
    this.parents = [root];
  }

  readonly left = MARGINS.left;
  readonly width = PAGE.width - MARGINS.left - MARGINS.right;
  readonly bottom = PAGE.height - MARGINS.bottom;

  /** The current page, from 1 (pages are only ever appended while writing). */
  get pageNumber(): number {
    return this.doc.bufferedPageRange().count;
  }

  private get parent(): Struct {
    return this.parents[this.parents.length - 1] as Struct;
  }

  /** Add a structure element whose content `draw` paints. */
  tag(type: string, draw: () => void, options: StructOptions = {}): void {
    this.parent.add(this.doc.struct(type, options as PDFKit.Mixins.StructureElementOptions, draw));
  }

  /** Paint something that is not content (rules, fills, repeated headers). */
  artifact(draw: () => void): void {
    this.doc.markContent("Artifact");
    draw();
    this.doc.endMarkedContent();
  }

  /** A structure element of `type` that everything written inside `draw` belongs to. */
  group<T>(type: string, draw: () => T, options: StructOptions = {}): T {
    const s = this.doc.struct(type, options as PDFKit.Mixins.StructureElementOptions);
    this.parent.add(s);
    this.parents.push(s);
    try {
      return draw();
    } finally {
      this.parents.pop();
      s.end();
    }
  }

  section<T>(draw: () => T): T {
    return this.group("Sect", draw);
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = MARGINS.top;
  }

  /** Start a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  gap(points: number): void {
    if (this.doc.y > MARGINS.top) this.doc.y += points;
  }

  /** Remember the current page under `key`. */
  anchor(key: string): void {
    this.anchors.set(key, this.pageNumber);
  }

  /** The page `key` was on in the previous pass ("" in the first). */
  pageOf(key: string): string {
    this.usedPageNumbers = true;
    const n = this.known.get(key);
    return n === undefined ? "" : String(n);
  }

  /**
   * A heading, kept on the same page as at least `keepWith` points of what follows (default 50), and
   * bookmarked (levels 1 and 2) unless `outline` is false.
   */
  heading(
    text: string,
    level: 1 | 2 | 3 = 1,
    options: { anchor?: string; outline?: boolean; keepWith?: number } = {},
  ): void {
    const size = HEADING_SIZES[level];
    const doc = this.doc;
    this.gap(level === 1 ? 10 : 6);
    // Keep a heading with at least a few lines of what follows.
    this.ensureSpace(size * 1.4 + (options.keepWith ?? 50));
    if (options.anchor) this.anchor(options.anchor);
    const safe = pdfSafe(text);
    if (options.outline !== false && level === 1) this.outlineItem = doc.outline.addItem(safe);
    else if (options.outline !== false && level === 2) (this.outlineItem ?? doc.outline).addItem(safe);
    this.tag(`H${level}`, () => {
      doc.font(FONTS.bold).fontSize(size).fillColor(COLOURS.ink);
      doc.text(safe, this.left, doc.y, { width: this.width, lineGap: 1 });
    });
    doc.y += level === 1 ? 6 : 3;
    doc.font(FONTS.regular).fontSize(BODY_SIZE);
  }

  paragraph(text: string, options: ParagraphOptions = {}): void {
    const doc = this.doc;
    const indent = options.indent ?? 0;
    this.tag("P", () => {
      doc
        .font(options.font ?? FONTS.regular)
        .fontSize(options.size ?? BODY_SIZE)
        .fillColor(options.color ?? COLOURS.ink);
      doc.text(pdfSafe(text), this.left + indent, doc.y, { width: this.width - indent, lineGap: 2 });
    });
    doc.y += options.gapAfter ?? 5;
    doc.x = this.left;
    doc.font(FONTS.regular).fontSize(BODY_SIZE).fillColor(COLOURS.ink);
  }

  /** A bulleted list (L › LI › Lbl + LBody). */
  bullets(items: readonly string[], options: { size?: number; indent?: number } = {}): void {
    if (items.length === 0) return;
    const doc = this.doc;
    const size = options.size ?? BODY_SIZE;
    const x = this.left + (options.indent ?? 0);
    this.group("L", () => {
      for (const item of items) {
        doc.font(FONTS.regular).fontSize(size);
        this.ensureSpace(doc.currentLineHeight(true) * 2);
        const y = doc.y;
        this.group("LI", () => {
          this.tag("Lbl", () => {
            doc.font(FONTS.regular).fontSize(size).fillColor(COLOURS.ink);
            doc.text("•", x + 2, y, { lineBreak: false });
          });
          this.tag("LBody", () => {
            doc.font(FONTS.regular).fontSize(size).fillColor(COLOURS.ink);
            doc.text(pdfSafe(item), x + 13, y, { width: this.width - (x - this.left) - 13, lineGap: 1.5 });
          });
        });
        doc.y += 2.5;
      }
    });
    doc.x = this.left;
    doc.y += 3;
  }

  table(spec: TableSpec): void {
    drawTable(this, spec);
  }

  /** Label/value pairs as a two-column table whose first cell heads its row. */
  keyValues(rows: readonly (readonly [string, string])[], options: { fontSize?: number } = {}): void {
    this.table({
      columns: [
        { header: "Item", width: 3 },
        { header: "Value", width: 7 },
      ],
      rows: rows.map(([k, v]) => [k, v]),
      header: false,
      rowHeaders: true,
      fontSize: options.fontSize ?? 9,
    });
  }

  /** A contents list (TOC › TOCI) with the page numbers of anchors from the previous pass. */
  contents(entries: readonly { label: string; anchor: string }[]): void {
    const doc = this.doc;
    this.group("TOC", () => {
      for (const e of entries) {
        doc.font(FONTS.regular).fontSize(BODY_SIZE);
        const label = pdfSafe(e.label);
        const height = doc.heightOfString(label, { width: this.width - 40, lineGap: 1 });
        this.ensureSpace(height + 4);
        const y = doc.y;
        const page = this.pageOf(e.anchor);
        // TOCI › P (the entry) + Reference (its page, read out as "page N").
        this.group("TOCI", () => {
          this.tag("P", () => {
            doc.font(FONTS.regular).fontSize(BODY_SIZE).fillColor(COLOURS.ink);
            doc.text(label, this.left, y, { width: this.width - 40, lineGap: 1 });
          });
          this.tag(
            "Reference",
            () => {
              doc.font(FONTS.regular).fontSize(BODY_SIZE).fillColor(COLOURS.ink);
              doc.text(page, this.left + this.width - 30, y, { width: 30, align: "right" });
            },
            { alt: `page ${page}` },
          );
        });
        doc.y = y + height + 4;
      }
    });
    doc.x = this.left;
    doc.y += 4;
  }

  /** A figure of `height` points, painted by `draw` inside a Figure element with alternative text. */
  figure(alt: string, height: number, draw: (box: Box) => void): void {
    this.ensureSpace(height);
    const box: Box = { x: this.left, y: this.doc.y, width: this.width, height };
    this.tag("Figure", () => draw(box), {
      alt: pdfSafe(alt),
      placement: "Block",
      bbox: [box.x, box.y, box.x + box.width, box.y + box.height],
    });
    this.doc.x = this.left;
    this.doc.y = box.y + height + 6;
    this.doc.font(FONTS.regular).fontSize(BODY_SIZE).fillColor(COLOURS.ink);
  }
}

/** Info strings also go into the XMP metadata unescaped (pdfkit 0.20), so keep them XML-safe. */
const xmlSafe = (s: string) => pdfSafe(s).replace(/&/g, "and").replace(/[<>]/g, "");

export interface RenderOptions {
  /** Case ids the pack covers, stored with its metadata. */
  caseIds?: readonly string[];
  /** For dates printed in the pack. Default Europe/London. */
  timeZone?: string;
}

async function renderOnce(
  meta: PackMeta,
  draw: (w: PackWriter) => void,
  options: RenderOptions,
  known: ReadonlyMap<string, number>,
): Promise<{ buffer: Buffer; anchors: Map<string, number>; usedPageNumbers: boolean }> {
  const at = new Date(meta.asOf);
  if (Number.isNaN(at.getTime())) throw new RangeError(`pack asOf is not a date-time: ${meta.asOf}`);
  const timeZone = options.timeZone ?? "Europe/London";
  const info: Record<string, string | Date> = {
    Title: xmlSafe(`${meta.title}: ${meta.areaName}`),
    Author: xmlSafe(meta.areaName),
    Subject: xmlSafe(`Area SEND inspection evidence pack (${meta.kind}), as at ${meta.asOf}`),
    Keywords: xmlSafe(
      `SEND; area SEND inspection; ${meta.kind}; log position ${meta.position}; sha256 ${meta.contentSha256}`,
    ),
    Creator: "send-evidence-store",
    CreationDate: at,
    ModDate: at,
    [PACK_INFO_KEY]: encodePackInfo(meta, options.caseIds),
  };
  const doc: Doc = new PDFDocument({
    size: "A4",
    margins: { ...MARGINS },
    bufferPages: true,
    tagged: true,
    lang: "en-GB",
    displayTitle: true,
    pdfVersion: "1.7",
    info: info as PDFKit.DocumentInfo,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const root = doc.struct("Document");
  doc.addStructure(root);
  const writer = new PackWriter(doc, root, known, timeZone);
  doc.font(FONTS.regular).fontSize(BODY_SIZE).fillColor(COLOURS.ink);
  draw(writer);
  manifestPage(writer, meta);
  root.end();
  furniture(doc, meta, timeZone);
  doc.end();
  return { buffer: await done, anchors: writer.anchors, usedPageNumbers: writer.usedPageNumbers };
}

/**
 * Build a pack: `draw` writes the body; the manifest page and the page furniture are added here. When
 * the body sets anchors (a contents list), it is drawn twice so the contents carry the page numbers.
 * `draw` must be a pure function of its input: it may run twice.
 */
export async function renderPack(
  meta: PackMeta,
  draw: (w: PackWriter) => void,
  options: RenderOptions = {},
): Promise<Buffer> {
  const first = await renderOnce(meta, draw, options, new Map());
  if (!first.usedPageNumbers) return first.buffer;
  return (await renderOnce(meta, draw, options, first.anchors)).buffer;
}

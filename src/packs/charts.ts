/**
 * Small vector line charts of a metric: the area against England, statistical neighbours and regions.
 * Each line differs in dash pattern and marker shape as well as colour (Okabe–Ito palette), so the chart
 * reads in black-and-white print and for colour-blind readers; the legend shows the same samples, and the
 * figures follow in a table, so nothing is only in the picture.
 */
import { comparePeriods, type MetricComparison } from "../../projections/metricComparison.js";
import type { Box, Doc, PackWriter } from "./document.js";
import { formatNumber, pdfSafe, withUnit } from "./format.js";
import { COLOURS, FONTS, MARGINS } from "./style.js";

export interface ChartLine {
  label: string;
  points: readonly { period: string; value: number }[];
}

export interface ChartSpec {
  title: string;
  unit: string;
  lines: readonly ChartLine[];
}

type Marker = "circle" | "square" | "triangle" | "diamond";

/** One style per line, in order: area, England, statistical neighbours, then regions. */
export const LINE_STYLES: readonly {
  colour: string;
  dash: number[] | null;
  width: number;
  marker: Marker;
}[] = [
  { colour: "#0072B2", dash: null, width: 2.2, marker: "circle" },
  { colour: "#D55E00", dash: [6, 3], width: 1.5, marker: "square" },
  { colour: "#009E73", dash: [1.2, 2.4], width: 1.6, marker: "triangle" },
  { colour: "#CC79A7", dash: [7, 2.5, 1.5, 2.5], width: 1.3, marker: "diamond" },
];

const MAX_LINES = LINE_STYLES.length;

/** Whether a metric has both an area series and an England series to compare it with. */
export const hasEnglandComparator = (m: MetricComparison): boolean =>
  m.series.some((s) => s.scope.kind === "area" && s.points.length > 0) &&
  m.series.some((s) => s.scope.kind === "england" && s.points.length > 0);

/** The lines of a metric's chart: area, England, statistical neighbours, regions (at most four). */
export function metricChart(m: MetricComparison, areaName = "Area"): ChartSpec {
  const label = (s: MetricComparison["series"][number]) => {
    switch (s.scope.kind) {
      case "area":
        return areaName;
      case "england":
        return "England";
      case "statisticalNeighbours":
        return "Statistical neighbours";
      case "region":
        return s.scope.name;
      default:
        return s.key;
    }
  };
  // Area, England and statistical neighbours keep the first three styles whatever else is present.
  const rank = { area: 0, england: 1, statisticalNeighbours: 2, region: 3, localAuthority: 4 } as const;
  const lines = m.series
    .filter((s) => s.scope.kind !== "localAuthority" && s.points.length > 0)
    .sort((a, b) => rank[a.scope.kind] - rank[b.scope.kind])
    .slice(0, MAX_LINES)
    .map((s) => ({ label: label(s), points: s.points }));
  return { title: m.title, unit: m.unit, lines };
}

/** Every period any line has, in time order. */
export const periodsOf = (spec: ChartSpec): string[] =>
  [...new Set(spec.lines.flatMap((l) => l.points.map((p) => p.period)))].sort(comparePeriods);

/**
 * Where a period starts, in months since year 0: "2022/23" (academic or financial year) and "2022" start in
 * their first year (September for academic years is not assumed: the spacing only needs to be even), "2024-02"
 * its month, "2024-Q3" its quarter. Undefined for any other spelling.
 */
export function periodStartMonth(period: string): number | undefined {
  const m =
    /^(\d{4})(?:\/\d{2}|\/\d{4})?$/.exec(period) ??
    /^(\d{4})-(\d{2})$/.exec(period) ??
    /^(\d{4})-Q([1-4])$/.exec(period);
  if (!m) return undefined;
  const year = Number(m[1]) * 12;
  if (period.includes("-Q")) return year + (Number(m[2]) - 1) * 3;
  if (/^\d{4}-\d{2}$/.test(period)) return year + Number(m[2]) - 1;
  return year;
}

/**
 * The x position of each period as a share of the axis (0 … 1): spaced by time when every period's start
 * is known (so 2022/23 → 2024/25 spans two years' width, not one), else evenly in order.
 */
export function periodPositions(periods: readonly string[]): Map<string, number> {
  const starts = periods.map(periodStartMonth);
  const first = starts[0];
  const last = starts[starts.length - 1];
  const timed =
    starts.every((x) => x !== undefined) && first !== undefined && last !== undefined && last > first;
  return new Map(
    periods.map((p, i) => [
      p,
      periods.length === 1
        ? 0.5
        : timed
          ? (starts[i]! - first!) / (last! - first!)
          : i / (periods.length - 1),
    ]),
  );
}

/** Round bounds and a step for about `count` intervals covering [min, max]. */
export function niceScale(min: number, max: number, count = 4): { lo: number; hi: number; step: number } {
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceScale(min - pad, max + pad, count);
  }
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((f) => f * magnitude >= raw) as number) * magnitude;
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  return { lo: Number(lo.toPrecision(12)), hi: Number(hi.toPrecision(12)), step };
}

/** A y-axis label: every percentage carries its sign ("40%"); other units are named on the top label. */
export const axisLabel = (v: number, unit: string, top = false) =>
  unit === "percent"
    ? `${formatNumber(v, 2)}%`
    : top && unit !== "" && unit !== "count"
      ? `${formatNumber(v, 2)} ${pdfSafe(unit)}`
      : formatNumber(v, 2);

/** The title, with the unit added unless the title already names it. */
function titleWithUnit(spec: ChartSpec): string {
  const unit = spec.unit === "percent" ? "%" : spec.unit;
  if (!unit || spec.unit === "count" || spec.title.toLowerCase().includes(unit.toLowerCase()))
    return spec.title;
  return `${spec.title} (${unit})`;
}

/** Decimal places for a chart's figures: as many as its most precise value needs, at most 2. */
export function decimalsOf(values: readonly number[]): number {
  return Math.max(
    0,
    ...values.map((v) => (Number.isInteger(v) ? 0 : Math.min(2, String(v).split(".")[1]?.length ?? 0))),
  );
}

const setDash = (doc: Doc, dash: number[] | null) =>
  dash ? doc.addContent(`[${dash.join(" ")}] 0 d`) : doc.undash();

function marker(doc: Doc, shape: Marker, x: number, y: number, colour: string) {
  const r = 2.6;
  doc.undash().lineWidth(0.8).fillColor(colour).strokeColor(colour);
  if (shape === "circle") doc.circle(x, y, r);
  else if (shape === "square") doc.rect(x - r, y - r, 2 * r, 2 * r);
  else if (shape === "triangle")
    doc.polygon([x, y - r - 0.6], [x + r + 0.4, y + r - 0.2], [x - r - 0.4, y + r - 0.2]);
  else doc.polygon([x, y - r - 0.6], [x + r + 0.6, y], [x, y + r + 0.6], [x - r - 0.6, y]);
  doc.fill();
}

/** A legend sample: a short line in the series' dash pattern with its marker in the middle. */
function sample(doc: Doc, i: number, x: number, y: number) {
  const style = LINE_STYLES[i] as (typeof LINE_STYLES)[number];
  setDash(doc, style.dash);
  doc
    .lineWidth(style.width)
    .strokeColor(style.colour)
    .moveTo(x, y)
    .lineTo(x + 26, y)
    .stroke();
  marker(doc, style.marker, x + 13, y, style.colour);
}

/** Paint the chart into `box`: title, legend, axes with labels, gridlines, lines and markers. */
export function drawLineChart(doc: Doc, box: Box, spec: ChartSpec): void {
  const periods = periodsOf(spec);
  const values = spec.lines.flatMap((l) => l.points.map((p) => p.value));
  doc.save();
  doc.font(FONTS.bold).fontSize(9).fillColor(COLOURS.ink);
  doc.text(pdfSafe(titleWithUnit(spec)), box.x, box.y, {
    width: box.width,
    height: 12,
    ellipsis: true,
    lineBreak: false,
  });

  // Legend: samples and labels left to right, wrapping to a second row if needed.
  doc.font(FONTS.regular).fontSize(7.5);
  let lx = box.x;
  let ly = box.y + 19;
  spec.lines.forEach((line, i) => {
    const text = pdfSafe(line.label);
    const w = 30 + doc.widthOfString(text) + 14;
    if (lx + w > box.x + box.width && lx > box.x) {
      lx = box.x;
      ly += 12;
    }
    sample(doc, i, lx, ly);
    doc.undash().font(FONTS.regular).fontSize(7.5).fillColor(COLOURS.ink);
    doc.text(text, lx + 30, ly - 3.5, { lineBreak: false });
    lx += w;
  });

  const plot = { x: box.x + 40, y: ly + 12, width: box.width - 52, height: 0 };
  plot.height = box.y + box.height - 16 - plot.y;
  const { lo, hi, step } = niceScale(Math.min(...values), Math.max(...values));
  const yOf = (v: number) => plot.y + plot.height - ((v - lo) / (hi - lo)) * plot.height;
  const slot = plot.width / Math.max(periods.length, 1);
  // Half a slot of margin at each end; in between, periods spaced by time (periodPositions).
  const positions = periodPositions(periods);
  const xOf = (period: string) => plot.x + slot / 2 + (plot.width - slot) * (positions.get(period) ?? 0);

  // Gridlines and y labels.
  doc.undash().font(FONTS.regular).fontSize(7).fillColor(COLOURS.muted);
  for (let v = lo; v <= hi + step / 1e6; v += step) {
    const y = yOf(v);
    doc
      .lineWidth(0.3)
      .strokeColor("#c8c8c8")
      .moveTo(plot.x, y)
      .lineTo(plot.x + plot.width, y)
      .stroke();
    const top = v + step > hi + step / 1e6;
    const label = axisLabel(Number(v.toPrecision(12)), spec.unit, top);
    doc.text(label, plot.x - 4 - doc.widthOfString(label), y - 3, { lineBreak: false });
  }
  // Axes.
  doc.lineWidth(0.8).strokeColor(COLOURS.ink);
  doc
    .moveTo(plot.x, plot.y)
    .lineTo(plot.x, plot.y + plot.height)
    .lineTo(plot.x + plot.width, plot.y + plot.height);
  doc.stroke();
  // X labels: every period if they fit, else every k-th counting back from the latest.
  doc.fontSize(periods.length > 10 ? 6.5 : 7).fillColor(COLOURS.muted);
  const widest = Math.max(...periods.map((p) => doc.widthOfString(p)));
  const every = Math.max(1, Math.ceil((widest + 6) / slot));
  periods.forEach((p, i) => {
    if ((periods.length - 1 - i) % every !== 0) return;
    const x = xOf(p);
    doc
      .moveTo(x, plot.y + plot.height)
      .lineTo(x, plot.y + plot.height + 3)
      .lineWidth(0.6)
      .stroke();
    doc.text(p, x - doc.widthOfString(p) / 2, plot.y + plot.height + 5, { lineBreak: false });
  });

  // Lines, then markers on top.
  spec.lines.forEach((line, i) => {
    const style = LINE_STYLES[i] as (typeof LINE_STYLES)[number];
    const pts = [...line.points].sort((a, b) => comparePeriods(a.period, b.period));
    if (pts.length > 1) {
      setDash(doc, style.dash);
      doc.lineWidth(style.width).strokeColor(style.colour).lineJoin("round");
      pts.forEach((p, j) => {
        if (j === 0) doc.moveTo(xOf(p.period), yOf(p.value));
        else doc.lineTo(xOf(p.period), yOf(p.value));
      });
      doc.stroke();
    }
    for (const p of pts) marker(doc, style.marker, xOf(p.period), yOf(p.value), style.colour);
  });
  doc.undash();
  doc.restore();
}

/** The chart's alternative text: what it shows and the latest figures. */
export function chartAlt(spec: ChartSpec): string {
  const periods = periodsOf(spec);
  const last = periods[periods.length - 1] ?? "";
  const latest = spec.lines
    .map((l) => {
      const v = l.points.find((p) => p.period === last);
      return v ? `${l.label} ${withUnit(v.value, spec.unit)}` : undefined;
    })
    .filter((s): s is string => s !== undefined);
  const span = periods.length > 1 ? `${periods[0] as string} to ${last}` : last;
  return `Line chart: ${spec.title}, ${spec.lines.map((l) => l.label).join(", ")}, ${span}. Latest (${last}): ${latest.join("; ")}. The figures are in the table that follows.`;
}

/** About how tall a chart's figures table prints (caption, header, a row per period), in points. */
export const figuresHeight = (spec: ChartSpec): number => 44 + periodsOf(spec).length * 16;

/**
 * Whether a chart says more than its table: only when the area has a line to draw (figures for two
 * periods or more). One or two lone points read better as the figures alone.
 */
export const worthCharting = (spec: ChartSpec): boolean => (spec.lines[0]?.points.length ?? 0) >= 2;

/**
 * A chart and, below it, the same figures as a table (periods down, lines across), kept on one page when
 * they fit on one; without `chart`, the table alone.
 */
export function chartWithTable(w: PackWriter, spec: ChartSpec, height = 170, chart = true): void {
  if (spec.lines.length === 0) return;
  const periods = periodsOf(spec);
  const dp = decimalsOf(spec.lines.flatMap((l) => l.points.map((p) => p.value)));
  const figure = (v: number | undefined) =>
    v === undefined ? "—" : withUnit(Number(v.toFixed(dp)), spec.unit, dp);
  if (chart) {
    w.ensureSpace(Math.min(height + 6 + figuresHeight(spec), w.bottom - MARGINS.top));
    w.figure(chartAlt(spec), height, (box) => drawLineChart(w.doc, box, spec));
  }
  w.table({
    columns: [
      { header: "Period", width: 1.2 },
      ...spec.lines.map((l) => ({ header: l.label, width: 1, align: "right" as const })),
    ],
    rows: periods.map((p) => [
      p,
      ...spec.lines.map((l) => figure(l.points.find((x) => x.period === p)?.value)),
    ]),
    fontSize: 8,
    caption: `Figures: ${spec.title}`,
    // Beside its chart: space for both was made above; never leave the chart to keep the table whole.
    keepWhole: !chart,
  });
}

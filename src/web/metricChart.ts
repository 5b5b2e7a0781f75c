/**
 * A metric as a server-rendered SVG line chart for the pages: the same lines as the packs' charts (area,
 * England, statistical neighbours, a region; src/packs/charts.ts), each with its own colour, dash and marker
 * so it reads without colour; a title, a y-axis with its unit and round ticks, the periods evenly spaced in
 * period order along the x-axis, a legend, and `role="img"` with `<title>` and `<desc>` for screen readers.
 * Presentation attributes only (no `style`), so the page's Content-Security-Policy has nothing to refuse.
 * Every text from outside is escaped here: the result is markup the template prints as it is.
 */
import { type ChartSpec, LINE_STYLES, decimalsOf, niceScale, periodsOf } from "../packs/charts.js";
import { formatNumber } from "../packs/format.js";

const WIDTH = 520;
const PLOT = { left: 78, right: 40, top: 52, bottom: 280 };
const INK = "#0b0c0c";
const GRID = "#b1b4b6";
const FONT = 'font-family="GDS Transport, arial, sans-serif"';

export const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;",
  );

/** The y-axis's name: what the numbers are. */
export const unitName = (unit: string) =>
  unit === "percent"
    ? "Per cent"
    : unit === "count"
      ? "Number"
      : unit === "rate"
        ? "Rate"
        : unit.charAt(0).toUpperCase() + unit.slice(1);

const r1 = (n: number) => Math.round(n * 10) / 10;

/** The x position of each period: evenly spaced in period order across the plot. */
export function periodX(periods: readonly string[]): Map<string, number> {
  const span = WIDTH - PLOT.left - PLOT.right;
  return new Map(
    periods.map((p, i) => [
      p,
      r1(PLOT.left + (periods.length === 1 ? span / 2 : (span * i) / (periods.length - 1))),
    ]),
  );
}

function marker(kind: string, x: number, y: number, colour: string): string {
  const s = 4.5;
  switch (kind) {
    case "square":
      return `<rect x="${r1(x - s)}" y="${r1(y - s)}" width="${2 * s}" height="${2 * s}" fill="${colour}"/>`;
    case "triangle":
      return `<polygon points="${r1(x)},${r1(y - s - 1)} ${r1(x + s + 1)},${r1(y + s)} ${r1(x - s - 1)},${r1(y + s)}" fill="${colour}"/>`;
    case "diamond":
      return `<polygon points="${r1(x)},${r1(y - s - 1)} ${r1(x + s + 1)},${r1(y)} ${r1(x)},${r1(y + s + 1)} ${r1(x - s - 1)},${r1(y)}" fill="${colour}"/>`;
    default:
      return `<circle cx="${r1(x)}" cy="${r1(y)}" r="${s}" fill="${colour}"/>`;
  }
}

export interface SvgChartOptions {
  /** Unique on the page: the ids of the title and description. */
  id: string;
  /** What the chart shows, in words (the figures follow in a table too). */
  description: string;
}

/** The chart as SVG markup. */
export function svgLineChart(spec: ChartSpec, o: SvgChartOptions): string {
  const periods = periodsOf(spec);
  // Room under the axis for the "Period" label and one legend row per line.
  const height = PLOT.bottom + 76 + Math.max(1, spec.lines.length) * 26;
  const values = spec.lines.flatMap((l) => l.points.map((p) => p.value));
  const id = escapeXml(o.id);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" ${FONT}>`,
    `<title id="${id}-title">${escapeXml(spec.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(o.description)}</desc>`,
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="24" font-size="19" font-weight="700" fill="${INK}">${escapeXml(spec.title)}</text>`,
  ];
  if (values.length === 0) {
    parts.push(
      `<text x="${WIDTH / 2}" y="${(PLOT.top + PLOT.bottom) / 2}" font-size="16" text-anchor="middle" fill="${INK}">No values recorded yet</text>`,
      "</svg>",
    );
    return parts.join("");
  }
  // Percentages start at 0 unless every value is well above it, so small changes are not made to look large.
  const min = Math.min(...values);
  const max = Math.max(...values);
  const scale = niceScale(spec.unit === "percent" && min < max * 0.5 ? 0 : min, max);
  const y = (v: number) =>
    r1(PLOT.bottom - ((v - scale.lo) / (scale.hi - scale.lo)) * (PLOT.bottom - PLOT.top));
  const dp = decimalsOf([scale.step]);
  const tick = (v: number) => `${formatNumber(v, dp)}${spec.unit === "percent" ? "%" : ""}`;

  parts.push(
    `<text x="16" y="${(PLOT.top + PLOT.bottom) / 2}" font-size="17" fill="${INK}" text-anchor="middle" transform="rotate(-90 16 ${(PLOT.top + PLOT.bottom) / 2})">${escapeXml(unitName(spec.unit))}</text>`,
  );
  for (let v = scale.lo, i = 0; v <= scale.hi + scale.step / 1e6 && i < 50; v = scale.lo + ++i * scale.step) {
    const at = y(v);
    parts.push(
      `<line x1="${PLOT.left}" y1="${at}" x2="${WIDTH - PLOT.right}" y2="${at}" stroke="${GRID}" stroke-width="1"/>`,
      `<text x="${PLOT.left - 8}" y="${r1(at + 5)}" font-size="17" text-anchor="end" fill="${INK}">${escapeXml(tick(v))}</text>`,
    );
  }
  parts.push(
    `<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${WIDTH - PLOT.right}" y2="${PLOT.bottom}" stroke="${INK}" stroke-width="1.5"/>`,
    `<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${PLOT.bottom}" stroke="${INK}" stroke-width="1.5"/>`,
  );
  const xs = periodX(periods);
  // Every period is a tick; when there are many, every other (or every third) one is labelled, counting
  // back from the latest, which is always labelled.
  const every = Math.ceil(periods.length / 6);
  const last = periods.length - 1;
  periods.forEach((p, i) => {
    const x = xs.get(p)!;
    parts.push(
      `<line x1="${x}" y1="${PLOT.bottom}" x2="${x}" y2="${PLOT.bottom + 6}" stroke="${INK}" stroke-width="1.5"/>`,
    );
    if ((last - i) % every === 0)
      parts.push(
        `<text x="${x}" y="${PLOT.bottom + 24}" font-size="17" text-anchor="middle" fill="${INK}">${escapeXml(p)}</text>`,
      );
  });
  parts.push(
    `<text x="${(PLOT.left + WIDTH - PLOT.right) / 2}" y="${PLOT.bottom + 48}" font-size="17" text-anchor="middle" fill="${INK}">Period</text>`,
  );

  spec.lines.forEach((line, i) => {
    const style = LINE_STYLES[i % LINE_STYLES.length]!;
    const points = line.points.filter((p) => xs.has(p.period)).map((p) => [xs.get(p.period)!, y(p.value)]);
    const dash = style.dash ? ` stroke-dasharray="${style.dash.map((d) => r1(d * 1.5)).join(" ")}"` : "";
    if (points.length > 1)
      parts.push(
        `<polyline points="${points.map(([px, py]) => `${px},${py}`).join(" ")}" fill="none" stroke="${style.colour}" stroke-width="${r1(style.width * 1.4)}"${dash}/>`,
      );
    for (const [px, py] of points) parts.push(marker(style.marker, px!, py!, style.colour));
    // The legend: one line a row under the axis label.
    const lx = PLOT.left;
    const ly = PLOT.bottom + 82 + i * 26;
    parts.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 40}" y2="${ly}" stroke="${style.colour}" stroke-width="${r1(style.width * 1.4)}"${dash}/>`,
      marker(style.marker, lx + 20, ly, style.colour),
      `<text x="${lx + 50}" y="${ly + 5}" font-size="17" fill="${INK}">${escapeXml(line.label)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("");
}

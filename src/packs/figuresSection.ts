/**
 * The store's own figures in a pack (SEF and data request): each named figure with its value as at the
 * pack's position and the counts behind it, then every recorded or published value that disagrees with the
 * store's own figure for the same measure and period (projections/storeFigures.ts).
 */
import type { FigureContradiction, StoreFigure } from "../../projections/storeFigures.js";
import { FIGURE_TOLERANCE_POINTS } from "../../projections/storeFigures.js";
import type { PackWriter } from "./document.js";
import { datesInWords, formatDate, formatNumber } from "./format.js";

export interface FiguresInput {
  asOf: string;
  figures: readonly StoreFigure[];
  figureContradictions: readonly FigureContradiction[];
}

export const figureValue = (f: StoreFigure) =>
  f.value === null ? "—" : f.unit === "percent" ? `${formatNumber(f.value)}%` : formatNumber(f.value);

export function storeFiguresSection(
  w: PackWriter,
  input: FiguresInput,
  options: { heading: string; level: 1 | 2 },
): void {
  w.section(() => {
    // Kept with its note and the figures table (eight rows, kept whole).
    w.heading(options.heading, options.level, { anchor: "figures", keepWith: 230 });
    w.paragraph(
      `Computed from the partnership's own records as at ${formatDate(input.asOf.slice(0, 10))}, not typed in; SEF statements cite them by name. Timeliness figures cover the 12 months to that date.`,
      { size: 9 },
    );
    w.table({
      columns: [
        { header: "Figure", width: 4 },
        { header: "Value", width: 1.1, align: "right" },
        { header: "Counted from", width: 5 },
      ],
      rows: input.figures.map((f) => [f.title, figureValue(f), datesInWords(f.detail)]),
      fontSize: 8,
      empty: "No figures.",
    });
    const contradictions = input.figureContradictions;
    w.heading("Recorded or published values against the store's own", 2, { keepWith: 110 });
    w.paragraph(
      `A recorded or published value for the same measure and period that differs from the store's own figure by more than ${FIGURE_TOLERANCE_POINTS} percentage points is a contradiction: one of the two is wrong, and the partnership should know which before an inspector asks.`,
      { size: 9 },
    );
    w.table({
      columns: [
        { header: "Measure", width: 4 },
        { header: "Period", width: 1 },
        { header: "Recorded", width: 1.1, align: "right" },
        { header: "Store's own", width: 1.1, align: "right" },
      ],
      rows: contradictions.map((c) => [
        c.metricTitle,
        c.period,
        `${formatNumber(c.recorded)}%`,
        `${formatNumber(c.computed)}%`,
      ]),
      fontSize: 8,
      empty: "None: every recorded value agrees with the store's own figure for its period.",
    });
  });
}

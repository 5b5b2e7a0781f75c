/**
 * Small conversions between the store's `YYYY-MM-DD` dates and spreadsheet cells. Dates travel as JS Dates
 * at UTC midnight, so an Excel serial is a whole number and no time zone can move a date by a day.
 */
import type { AnnexACell } from "./annexAColumns.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` → a Date at UTC midnight; `undefined` for anything that is not a real calendar date. */
export function isoToDate(iso: string | undefined): Date | undefined {
  if (iso === undefined || !ISO_DATE.test(iso)) return undefined;
  const d = new Date(`${iso}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? d : undefined;
}

/** A Date's calendar date in UTC, `YYYY-MM-DD`. */
export const dateToIso = (d: Date): string => d.toISOString().slice(0, 10);

/** The calendar date a cell holds: a valid Date, or text already written as `YYYY-MM-DD`. */
export function cellIsoDate(cell: AnnexACell): string | undefined {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : dateToIso(cell);
  return typeof cell === "string" && isoToDate(cell.trim()) ? cell.trim() : undefined;
}

/** Unknown: no value, or text that is only white space. A 0 is a value, not a blank. */
export const isBlank = (cell: AnnexACell): boolean =>
  cell === undefined || (typeof cell === "string" && cell.trim() === "");

/** A cell as comparable text (trimmed), `undefined` when blank. */
export function cellText(cell: AnnexACell): string | undefined {
  if (isBlank(cell)) return undefined;
  if (cell instanceof Date) return cellIsoDate(cell);
  return String(cell).trim();
}

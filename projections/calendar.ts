/**
 * Date arithmetic for statutory clocks, on `YYYY-MM-DD` calendar dates in UTC (no time zones, no clock).
 * Month arithmetic clamps to the end of the month: 31 January + 1 month = 28/29 February.
 */
import type { IsoDate } from "../schemas/common.js";

const DAY_MS = 86_400_000;
const toUtc = (d: IsoDate) =>
  Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const fromUtc = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

export const addDays = (d: IsoDate, days: number): IsoDate => fromUtc(toUtc(d) + days * DAY_MS);
export const addWeeks = (d: IsoDate, weeks: number): IsoDate => addDays(d, weeks * 7);

export function addMonths(d: IsoDate, months: number): IsoDate {
  const year = Number(d.slice(0, 4));
  const month = Number(d.slice(5, 7)) - 1 + months;
  const day = Number(d.slice(8, 10));
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(year, month, Math.min(day, lastDay)));
}

export const addYears = (d: IsoDate, years: number): IsoDate => addMonths(d, years * 12);

/** Whole days from `a` to `b` (negative if b is earlier). */
export const daysBetween = (a: IsoDate, b: IsoDate): number => Math.round((toUtc(b) - toUtc(a)) / DAY_MS);

/** The date part of an ISO date-time, in UTC. */
export const dateOf = (instant: string): IsoDate => new Date(instant).toISOString().slice(0, 10);

/** Add working days (Monday–Friday) to a moment, keeping its time of day. Bank holidays are not modelled. */
export function addWorkingDays(instant: string, days: number): string {
  const t = new Date(instant);
  let left = days;
  while (left > 0) {
    t.setUTCDate(t.getUTCDate() + 1);
    const dow = t.getUTCDay();
    if (dow !== 0 && dow !== 6) left -= 1;
  }
  return t.toISOString();
}

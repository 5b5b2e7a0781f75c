/**
 * Reading `asAt` from a query: a log position (`"12345"`), a moment (`"2026-10-23T17:00:00Z"`), or a date
 * (`"2026-10-23"`, meaning the end of that day in UTC). Anything else is the user's error, not a crash.
 */
import { z } from "zod";
import type { AsAt } from "../runner/runner.js";

const moment = z.iso.datetime({ offset: true });
const day = z.iso.date();

export class AsAtError extends Error {
  constructor(readonly value: string) {
    super(
      `asAt "${value}" is not a log position (e.g. "12345"), a date-time (e.g. "2026-10-23T17:00:00Z") or a date (e.g. "2026-10-23")`,
    );
    this.name = "AsAtError";
  }
}

export function parseAsAt(value: string | null | undefined): AsAt | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const v = value.trim();
  if (/^\d{1,15}$/.test(v)) return { position: Number(v) };
  if (day.safeParse(v).success) return { time: `${v}T23:59:59.999Z` };
  if (moment.safeParse(v).success) return { time: new Date(v).toISOString() };
  throw new AsAtError(value);
}

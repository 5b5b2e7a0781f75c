/**
 * Reading `asAt` from a query, the CLI or a pack request: a log position (`"12345"`), a moment
 * (`"2026-10-23T17:00:00Z"`), or a date (`"2026-10-23"`). One meaning of "a date" everywhere: the end of
 * that day in the area's calendar (`AREA_TIME_ZONE`), so an event recorded at 00:30 BST on 31 March is
 * inside "as at 31 March". Answers are judged on the date asked, also when it is after the last event.
 * Anything else is the user's error, not a crash.
 */
import { z } from "zod";
import type { AsAt, Folded } from "../runner/runner.js";

const moment = z.iso.datetime({ offset: true });
const day = z.iso.date();
const DEFAULT_TIME_ZONE = "Europe/London";

export class AsAtError extends Error {
  constructor(readonly value: string) {
    super(
      `asAt "${value}" is not a log position (e.g. "12345"), a date-time (e.g. "2026-10-23T17:00:00Z") or a date (e.g. "2026-10-23")`,
    );
    this.name = "AsAtError";
  }
}

import { dateIn, endOfDayIn } from "../../projections/areaCalendar.js";

export { dateIn, endOfDayIn };

/** What an as-at input asks for: the log moment to fold to, and (for dates and times) the date to judge on. */
export interface AsAtAsked {
  target: AsAt;
  /** The instant asked (the end of the day for a date); absent for a log position. */
  time?: string;
  /** The area's calendar date of the instant asked; absent for a log position. */
  asOf?: string;
}

export function readAsAt(
  value: string | null | undefined,
  timeZone: string = DEFAULT_TIME_ZONE,
): AsAtAsked | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const v = value.trim();
  if (/^\d{1,15}$/.test(v)) return { target: { position: Number(v) } };
  if (day.safeParse(v).success) {
    const time = endOfDayIn(timeZone, v);
    return { target: { time }, time, asOf: v };
  }
  if (moment.safeParse(v).success) {
    const time = new Date(v).toISOString();
    return { target: { time }, time, asOf: dateIn(timeZone, time) };
  }
  throw new AsAtError(value);
}

/** The log moment an as-at input asks for (see {@link readAsAt}). */
export function parseAsAt(
  value: string | null | undefined,
  timeZone: string = DEFAULT_TIME_ZONE,
): AsAt | undefined {
  return readAsAt(value, timeZone)?.target;
}

export interface AsAtMoment<S> {
  at: Folded<S>;
  /** The date answers are judged on: the date asked, the date of a position's last event, or today. */
  asOf: string;
  /** "Now" for clocks counted in hours: the instant asked, a position's last event, or the real time. */
  now: string;
}

/**
 * The one function that turns an as-at input into the folded moment and the date to judge it on: the live
 * model and today without one; the log up to the end of the day (or the instant) asked, judged on that
 * date, even when the last event is earlier; the log up to a position, judged on its last event's date.
 */
export async function momentAsAt<S>(
  value: string | null | undefined,
  o: {
    timeZone: string;
    today: () => string;
    runner: { at(target: AsAt): Promise<Folded<S>>; current(): Folded<S> };
  },
): Promise<AsAtMoment<S>> {
  const asked = readAsAt(value, o.timeZone);
  if (!asked) return { at: o.runner.current(), asOf: o.today(), now: new Date().toISOString() };
  const at = await o.runner.at(asked.target);
  return { at, ...judgedOn(asked, at.recordedAt, o.timeZone) };
}

/**
 * The date (and instant) an as-at moment is judged on: the date and instant asked, or for a log position its
 * last event's. Shared by {@link momentAsAt} and the heavy-work worker, so both judge a moment alike.
 */
export function judgedOn(
  asked: AsAtAsked,
  recordedAt: string | undefined,
  timeZone: string,
): { asOf: string; now: string } {
  if (asked.time !== undefined && asked.asOf !== undefined) return { asOf: asked.asOf, now: asked.time };
  const last = recordedAt ?? new Date(0).toISOString();
  return { asOf: dateIn(timeZone, last), now: last };
}

/**
 * Days in the area's calendar (AREA_TIME_ZONE, e.g. Europe/London): which date an instant falls on, and
 * the first and last millisecond of a date. Pure: the time zone and the instant are arguments.
 */

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** The calendar date of an instant in `timeZone` (`YYYY-MM-DD`). */
export function dateIn(timeZone: string, instant: string | Date): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, f);
  }
  return f.format(typeof instant === "string" ? new Date(instant) : instant);
}

/** Milliseconds `timeZone` is ahead of UTC at `ms`. */
function offsetAt(timeZone: string, ms: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The last millisecond of `date` in `timeZone`, as a UTC ISO instant. */
export function endOfDayIn(timeZone: string, date: string): string {
  const nextMidnight = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)) + 1,
  );
  // Midnight local is `nextMidnight - offset`; the offset is read at that instant (twice, across a change).
  let start = nextMidnight - offsetAt(timeZone, nextMidnight);
  start = nextMidnight - offsetAt(timeZone, start);
  return new Date(start - 1).toISOString();
}

/** The first millisecond of `date` in `timeZone`, as a UTC ISO instant. */
export function startOfDayIn(timeZone: string, date: string): string {
  const previous = new Date(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) - 1),
  );
  return new Date(Date.parse(endOfDayIn(timeZone, previous.toISOString().slice(0, 10))) + 1).toISOString();
}

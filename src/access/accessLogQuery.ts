/**
 * The DPO's question: who saw one child's data between two moments. The CLI, the HTTP route and the
 * GraphQL field all ask through here, and each answer is itself recorded (asking about a child is
 * reading about them); a question that is refused as bad input records nothing.
 */
import { type AccessEntry, type AccessLogQuery, endOf, startOf } from "../../schemas/accessLog.js";
import { endOfDayIn, startOfDayIn } from "../../projections/areaCalendar.js";
import type { AccessLog } from "./accessLog.js";
import type { Reader } from "./requestReads.js";

export interface AccessLogAnswer {
  caseId: string;
  /** The bounds as asked (inclusive), or null when open. */
  from: string | null;
  to: string | null;
  entries: AccessEntry[];
  truncated: boolean;
}

/** A bound as asked: a date is a whole day in the area's calendar (`timeZone`); a date-time is itself. */
const isDate = (bound: string) => bound.length === 10;
const fromOf = (bound: string, timeZone: string) =>
  isDate(bound) ? Date.parse(startOfDayIn(timeZone, bound)) : startOf(bound);
const toOf = (bound: string, timeZone: string) =>
  isDate(bound) ? Date.parse(endOfDayIn(timeZone, bound)) : endOf(bound);

/**
 * Answer a validated query, then record that `asker` asked it (through `what`). Dates are days in the
 * area's calendar (`timeZone`, AREA_TIME_ZONE): "1 July" in London starts at 23:00 UTC on 30 June.
 */
export function askAccessLog(
  log: AccessLog,
  query: AccessLogQuery,
  asker: Reader & { what: string },
  timeZone = "Europe/London",
  limit?: number,
): AccessLogAnswer {
  const from = query.from ? fromOf(query.from, timeZone) : Number.MIN_SAFE_INTEGER;
  const to = query.to ? toOf(query.to, timeZone) : Number.MAX_SAFE_INTEGER;
  const seen = log.seenBy(query.case, from, to, limit);
  log.record([{ ...asker, caseIds: [query.case] }]);
  return { caseId: query.case, from: query.from ?? null, to: query.to ?? null, ...seen };
}

/** No control characters reach the terminal, whatever a request id or actor name held. */
// eslint-disable-next-line no-control-regex
const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");

const COLUMNS = ["time", "actor", "role", "what", "request id"] as const;

/** The answer as a fixed-width table for a terminal, one read per line. */
export function accessLogTable(answer: AccessLogAnswer): string {
  const rows = answer.entries.map((e) => [e.at, e.actor, e.role, e.what, e.requestId].map(printable));
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const range = `${answer.from ?? "the beginning"} to ${answer.to ?? "now"}`;
  const summary =
    answer.entries.length === 0
      ? `No reads of ${answer.caseId} recorded from ${range}.`
      : `${answer.entries.length} read${answer.entries.length === 1 ? "" : "s"} of ${answer.caseId} from ${range}` +
        (answer.truncated ? " (the first ones only: ask for a narrower range)." : ".");
  return [line(COLUMNS), ...rows.map(line), summary].join("\n");
}

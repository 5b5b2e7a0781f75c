/**
 * The access log: who read which children's data, when, through what. Not an event (reads change
 * nothing in the evidence base); kept in its own file beside the store (`DATA_DIR/access-log.db`).
 */
import { z } from "zod";
import { caseId, isoDate, isoDateTime, role } from "./common.js";

/** One read as it is recorded: the time is stamped by the log. */
export const accessRead = z.object({
  actor: z.string().min(1),
  role,
  /** The route (`GET /api/v1/exports/annex-a.xlsx`) or GraphQL field (`cases`, `timeliness.lateCaseIds`). */
  what: z.string().min(1),
  /** The request's id (the same as in the application log). */
  requestId: z.string().min(1),
  /** Every child whose data the answer carried (a pack's full list). */
  caseIds: z.array(z.string()),
});

/** One entry as the DPO's query returns it. */
export const accessEntry = accessRead.omit({ caseIds: true }).extend({
  /** When the read was served, ISO 8601 in UTC with milliseconds. */
  at: isoDateTime,
  /** How many children the read covered in all. */
  cases: z.number().int().min(0),
});

/** A bound of the query: a date-time with an offset, or a date (UTC, like `asAt`). */
const bound = z.union([isoDateTime, isoDate], {
  error: "must be a date-time with a timezone (2026-11-23T09:00:00Z) or a date (2026-11-23)",
});

/**
 * Who saw one child's data between two moments. Both bounds are inclusive: a date as `from` means the
 * start of that day (00:00:00.000Z), as `to` the end of it (23:59:59.999Z).
 */
export const accessLogQuery = z
  .strictObject({ case: caseId, from: bound.optional(), to: bound.optional() })
  .refine((q) => !q.from || !q.to || startOf(q.from) <= endOf(q.to), {
    message: "must not be before from",
    path: ["to"],
  });

/** The first millisecond a bound covers. */
export const startOf = (b: string): number => Date.parse(b.length === 10 ? `${b}T00:00:00.000Z` : b);
/** The last millisecond a bound covers. */
export const endOf = (b: string): number => Date.parse(b.length === 10 ? `${b}T23:59:59.999Z` : b);

export type AccessRead = z.infer<typeof accessRead>;
export type AccessEntry = z.infer<typeof accessEntry>;
export type AccessLogQuery = z.infer<typeof accessLogQuery>;

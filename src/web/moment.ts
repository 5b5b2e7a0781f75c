/** The moment a reading page shows: `?asAt=` (a date or log position, the same parser as GraphQL) or now. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { EvidenceState } from "../../projections/evidence.js";
import { AsAtError, parseAsAt } from "../graphql/asAt.js";
import type { Folded, ProjectionRunner } from "../runner/runner.js";

export interface PageMoment {
  at: Folded<EvidenceState>;
  /** The calendar date the page is as of. */
  asOf: string;
  /** "Now" for clocks and countdowns. */
  now: string;
  /** What the "as at" banner says; undefined for the live view. */
  asAt?: string;
}

export async function pageMoment(
  request: FastifyRequest,
  reply: FastifyReply,
  runner: ProjectionRunner<EvidenceState>,
  today: () => string,
  now: () => Date,
): Promise<PageMoment | { error: string }> {
  const raw = (request.query as Record<string, unknown>).asAt;
  try {
    const target = typeof raw === "string" ? parseAsAt(raw) : undefined;
    if (!target) return { at: runner.current(), asOf: today(), now: now().toISOString() };
    const at = await runner.at(target);
    const moment = at.recordedAt ?? new Date(0).toISOString();
    return { at, asOf: moment.slice(0, 10), now: moment, asAt: `${moment} (log position ${at.position})` };
  } catch (err) {
    if (!(err instanceof AsAtError)) throw err;
    void reply;
    return { error: err.message };
  }
}

/**
 * An as-at query at a random past moment: the `timeliness` read model (20-week and annual review
 * timeliness, overdue lists) as at a moment drawn from the history, timed at the client. The cost depends on
 * how far the moment is from the nearest kept snapshot, so the moments are stratified: run i draws from the
 * i-th of N equal slices of the history (from a year after it begins to a week before today), and the
 * median is a moment near the middle. A different moment each run, so the runner's as-at cache never answers.
 */
import { seededRandom } from "../fixtures/seededRandom.js";
import { graphqlData, type Server } from "./client.js";
import { type Figure, log, series } from "./stats.js";

export const AS_AT_QUERY = `query ($asAt: String) {
  timeliness(asAt: $asAt) {
    at { position recordedAt events }
    twentyWeek { issued exceptionCases excludingExceptions { within total percent } includingExceptions { percent } }
    annualReviews { due heldOnTime percent }
    overdue { twentyWeekPlans annualReviews }
  }
}`;

export async function asAtBenchmark(server: Server, from: string, to: string, runs: number): Promise<Figure> {
  const r = seededRandom(1234);
  const start = Date.parse(from) + 365 * 86_400_000;
  const end = Date.parse(to) - 7 * 86_400_000;
  const times: number[] = [];
  const moments: string[] = [];
  const slice = (end - start) / runs;
  for (let i = 0; i < runs; i++) {
    const moment = new Date(start + Math.floor((i + r.next()) * slice)).toISOString();
    const res = await server.graphql(AS_AT_QUERY, { asAt: moment });
    const at = (graphqlData(res, "timeliness").timeliness as { at: { position: number } }).at;
    times.push(res.ms);
    moments.push(`${moment.slice(0, 10)} (position ${at.position})`);
    log(`as-at run ${i + 1}: ${moment} → position ${at.position}, ${Math.round(res.ms)} ms`);
  }
  const result = series("timeliness as at", "ms", times, 0);
  return {
    name: "as-at query at a random past moment",
    result,
    also: [series("slowest", "ms", [Math.max(...times)], 0)],
    goal: "≤ 2 s",
    met: result.median <= 2000,
    notes: `timeliness(asAt), one moment from each of ${runs} slices of the history: ${moments.join(", ")}`,
  };
}

/**
 * A single command over HTTP against the loaded store: `POST /api/v1/cases/<id>/record-disability` on a
 * random existing case, one at a time over a keep-alive connection, timed at the client (so it includes
 * HTTP, auth, validation, reading and folding the case's stream, deciding, the fsync'd append, and the
 * response). p50 and p99 per run; the figure is the median over runs.
 */
import { loadavg } from "node:os";
import { seededRandom } from "../fixtures/seededRandom.js";
import { recordDisability, type Server } from "./client.js";
import { type Figure, log, percentile, series } from "./stats.js";

export async function commandBenchmark(
  server: Server,
  cases: number,
  today: string,
  runs: number,
  perRun: number,
): Promise<Figure> {
  const r = seededRandom(4242);
  const once = async () => (await recordDisability(server, r.int(1, cases), today, r.chance(0.5))).ms;
  for (let i = 0; i < 50; i++) await once(); // warm-up
  await server.timings();
  const p50: number[] = [];
  const p99: number[] = [];
  const serverP99: number[] = [];
  const gcMax: number[] = [];
  for (let run = 0; run < runs; run++) {
    const times: number[] = [];
    for (let i = 0; i < perRun; i++) times.push(await once());
    const inside = await server.timings();
    p50.push(percentile(times, 50));
    p99.push(percentile(times, 99));
    serverP99.push(inside.p99);
    gcMax.push(inside.gcMaxMs);
    log(
      `command run ${run + 1}: p50 ${p50[run]!.toFixed(2)} ms, p99 ${p99[run]!.toFixed(2)} ms ` +
        `(server-side p50 ${inside.p50.toFixed(2)}, p99 ${inside.p99.toFixed(2)}, max ${inside.max.toFixed(1)}; ` +
        `${inside.gcPauses} GC pauses, longest ${inside.gcMaxMs.toFixed(1)} ms; load ${loadavg()[0]!.toFixed(1)})`,
    );
  }
  const a = series("p50", "ms", p50, 2);
  const b = series("p99", "ms", p99, 2);
  return {
    name: "single command over HTTP",
    result: a,
    also: [b, series("server-side p99", "ms", serverP99, 2), series("longest GC pause", "ms", gcMax, 1)],
    goal: "p50 < 5 ms, p99 < 20 ms",
    met: a.median < 5 && b.median < 20,
    notes: `${perRun} sequential record-disability commands per run on random cases of ${cases}, client-side timing, keep-alive`,
  };
}

/**
 * Read your write while readers hold the live model: a small GraphQL read (which hands the live read model
 * out, so the next event must fold into a copy), then a command, then the same read repeated until it shows
 * the command's position. Timed from sending the command to seeing it: HTTP, the append, the runner picking
 * the event up and folding it including copy-on-write, and the read. Diagnostic (no goal in the issue).
 */
export async function readYourWriteBenchmark(
  server: Server,
  cases: number,
  today: string,
  runs: number,
  perRun: number,
): Promise<Figure> {
  const r = seededRandom(4343);
  const read = async () => {
    const res = await server.graphql("{ sef { at { position } } }");
    return (JSON.parse(res.body.toString("utf8")) as { data: { sef: { at: { position: number } } } }).data.sef
      .at.position;
  };
  const once = async () => {
    await read();
    const t0 = performance.now();
    const { position } = await recordDisability(server, r.int(1, cases), today, r.chance(0.5));
    while ((await read()) < position) await new Promise((resolve) => setTimeout(resolve, 1));
    return performance.now() - t0;
  };
  for (let i = 0; i < 10; i++) await once(); // warm-up
  const p50: number[] = [];
  const p99: number[] = [];
  for (let run = 0; run < runs; run++) {
    const times: number[] = [];
    for (let i = 0; i < perRun; i++) times.push(await once());
    p50.push(percentile(times, 50));
    p99.push(percentile(times, 99));
    log(`read-your-write run ${run + 1}: p50 ${p50[run]!.toFixed(1)} ms, p99 ${p99[run]!.toFixed(1)} ms`);
  }
  return {
    name: "command then read it back, readers holding the model (copy-on-write; diagnostic)",
    result: series("p50", "ms", p50, 1),
    also: [series("p99", "ms", p99, 1)],
    goal: "—",
    met: null,
    notes: `${perRun} per run: a GraphQL read, a record-disability command on a random case of ${cases}, then reads until its position shows`,
  };
}

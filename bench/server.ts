/**
 * The server under test, in its own process (forked by bench/run.ts, so the load generator does not share
 * its event loop): the read side and app exactly as src/main.ts opens them, over a generated data
 * directory, plus a plain fastify app on a second port as the GraphQL baseline. Talks to the parent over
 * IPC: `ready` when listening, then answers `capture` (remember a GraphQL answer for the plain route),
 * `timings` (server-side handling times and GC pauses since the last ask), `stats` (memory) and `stop`.
 */
import { PerformanceObserver } from "node:perf_hooks";
import Fastify from "fastify";
import type { Principal } from "../src/access/principal.js";
import { buildApp } from "../src/http/app.js";
import { openReadSide } from "../src/runner/readSide.js";

export type ToServer =
  | { type: "capture"; query: string; token: string }
  | { type: "timings" }
  | { type: "stats" }
  | { type: "loop" }
  | { type: "stop" };

export interface Timings {
  type: "timings";
  requests: number;
  /** Server-side handling time (fastify's reply.elapsedTime), ms. */
  p50: number;
  p99: number;
  max: number;
  gcPauses: number;
  gcTotalMs: number;
  gcMaxMs: number;
}

export type FromServer =
  | {
      type: "ready";
      port: number;
      plainPort: number;
      startMs: number;
      historyMs: number;
      historySaved: number;
      position: number;
    }
  | { type: "captured"; status: number; bytes: number }
  | Timings
  | { type: "stats"; maxRssMb: number; rssMb: number; heapUsedMb: number; position: number }
  /** The event loop's delay since the last ask (ms): its largest and 99th percentile. */
  | { type: "loop"; maxMs: number; p99Ms: number };

const dataDir = process.env.BENCH_DATA_DIR;
const today = process.env.BENCH_TODAY;
const tokens = JSON.parse(process.env.BENCH_TOKENS ?? "{}") as Record<string, Principal>;
if (!dataDir || !today || !process.send) throw new Error("bench/server.js is started by bench/run.js");
const send = (m: FromServer) => process.send!(m);

const t0 = performance.now();
const readSide = await openReadSide(
  { DATA_DIR: dataDir, EVENTSTORE_URL: undefined },
  { historySnapshots: true, heavyWorkers: 1 },
);
const startMs = performance.now() - t0;
const { store, runner } = readSide;
const app = await buildApp({
  store,
  tokens,
  today: () => today,
  runner,
  logLevel: "info",
  production: true,
  ...(readSide.heavyWork ? { heavyWork: readSide.heavyWork } : {}),
  // As the server runs by default (src/config.ts), except the per-actor rate limit: the load benchmarks
  // send thousands of requests a minute as one actor.
  protection: { perActorPerMinute: 0, unauthenticatedPerMinute: 30, maxEventLoopDelayMs: 1000 },
});
// How long the event loop was held, for the abuse rows (bench/abuse.ts): a 10 ms timer's lateness.
// (perf_hooks.monitorEventLoopDelay misses a long block on Node 20: one 500 ms block reads as ~10 ms.)
const TICK_MS = 10;
let lags: number[] = [];
let lastTick = performance.now();
setInterval(() => {
  const now = performance.now();
  lags.push(Math.max(0, now - lastTick - TICK_MS));
  lastTick = now;
}, TICK_MS).unref();
// Instrumentation only: how long each request took inside the server, and every GC pause.
let handled: number[] = [];
let gc: number[] = [];
app.addHook("onResponse", async (_request, reply) => {
  handled.push(reply.elapsedTime);
});
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gc.push(e.duration);
}).observe({ entryTypes: ["gc"] });
const pct = (xs: number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? 0;
await app.listen({ port: 0, host: "127.0.0.1" });

// The baseline: a plain fastify route (same logger settings) returning the JSON the GraphQL query returns.
let captured: unknown = { data: null };
const plain = Fastify({ logger: { level: "info" } });
plain.post("/plain", async () => captured);
await plain.listen({ port: 0, host: "127.0.0.1" });

// The history's as-at snapshots are filled by a worker after the catch-up; wait for them so the load
// benchmarks do not share the second core with it (it is reported on its own).
const historyStarted = performance.now();
const history = await readSide.history?.done;
const historyMs = performance.now() - historyStarted;

const portOf = (a: ReturnType<typeof app.server.address>) => (typeof a === "object" && a ? a.port : 0);
send({
  type: "ready",
  port: portOf(app.server.address()),
  plainPort: portOf(plain.server.address()),
  startMs,
  historyMs,
  historySaved: history?.saved ?? 0,
  position: runner.current().position,
});

process.on("message", (m: ToServer) => {
  void (async () => {
    if (m.type === "capture") {
      const res = await app.inject({
        method: "POST",
        url: "/graphql",
        payload: { query: m.query },
        headers: { authorization: `Bearer ${m.token}` },
      });
      captured = res.json();
      send({ type: "captured", status: res.statusCode, bytes: res.body.length });
    } else if (m.type === "timings") {
      const times = handled.sort((a, b) => a - b);
      send({
        type: "timings",
        requests: times.length,
        p50: pct(times, 50),
        p99: pct(times, 99),
        max: times.at(-1) ?? 0,
        gcPauses: gc.length,
        gcTotalMs: gc.reduce((a, b) => a + b, 0),
        gcMaxMs: Math.max(0, ...gc),
      });
      handled = [];
      gc = [];
    } else if (m.type === "loop") {
      // The lateness of the tick now due counts too (a block that has only just ended).
      const sorted = [...lags, Math.max(0, performance.now() - lastTick - TICK_MS)].sort((a, b) => a - b);
      send({ type: "loop", maxMs: sorted.at(-1) ?? 0, p99Ms: pct(sorted, 99) });
      lags = [];
    } else if (m.type === "stats") {
      const mem = process.memoryUsage();
      send({
        type: "stats",
        maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        rssMb: Math.round(mem.rss / 1_048_576),
        heapUsedMb: Math.round(mem.heapUsed / 1_048_576),
        position: runner.current().position,
      });
    } else {
      await plain.close();
      await app.close();
      await readSide.close();
      process.exit(0);
    }
  })();
});

/**
 * The access log (src/access/accessLog.ts), sized and timed through the module itself:
 *
 * - growth: bytes on disk per 1,000 reads of each typical kind — a `case` read (one child), a
 *   `cases(first: 50)` page (50 children), and an Annex A download (every child of the area) — measured
 *   over a steady log (a base of mixed reads written first), as page count × page size;
 * - the cost of recording one request (the time the event loop waits), with synchronous=FULL (the
 *   default: one fsync per request) and NORMAL;
 * - the DPO's question (`seenBy`, which the CLI, HTTP and GraphQL all ask through) at `entries` entries:
 *   a random child over all time, and over one week, median of `runs` × 20 children.
 *
 * The big log is generated directly through `AccessLog.record`, one transaction per read (as a request
 * writes), with synchronous=NORMAL to save the generation time (the file and the query are the same).
 */
import { randomUUID } from "node:crypto";
import { rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { AccessRead } from "../schemas/accessLog.js";
import type { Role } from "../schemas/common.js";
import { type AccessLog, openAccessLog } from "../src/access/accessLog.js";
import { seededRandom } from "../fixtures/seededRandom.js";
import { type Figure, log, percentile, round, series } from "./stats.js";

export interface AccessLogBenchOptions {
  dir: string;
  /** Entries in the big log the question is timed on (the issue asks for one million). */
  entries: number;
  /** Children in the area (the demo area's 3,000 by default). */
  children: number;
  runs: number;
  seed: number;
}

const DAY = 86_400_000;
const START = Date.parse("2026-01-01T00:00:00Z");
const PEOPLE: [string, Role][] = [
  ["j.lano", "lano"],
  ["a.officer", "officer"],
  ["b.officer", "officer"],
  ["q.auditor", "auditor"],
  ["lead.inspector", "inspector"],
  ["dpo.admin", "admin"],
];

const caseIdOf = (n: number) => `C${String(n + 1).padStart(6, "0")}`;
const removeDb = (file: string) => {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
};

/** Reads as the server writes them: one `case`, one page of 50, or every child (an Annex A download). */
function reader(children: number, random: () => number) {
  const who = () => PEOPLE[Math.floor(random() * PEOPLE.length)]!;
  const base = (what: string, caseIds: string[]): AccessRead => {
    const [actor, role] = who();
    return { actor, role, what, requestId: randomUUID(), caseIds };
  };
  return {
    one: () => base("case", [caseIdOf(Math.floor(random() * children))]),
    page: () => {
      const offset = Math.floor(random() * Math.max(1, children - 50));
      return base(
        "cases",
        Array.from({ length: Math.min(50, children) }, (_, i) => caseIdOf(offset + i)),
      );
    },
    all: () =>
      base(
        "GET /api/v1/exports/annex-a.xlsx",
        Array.from({ length: children }, (_, i) => caseIdOf(i)),
      ),
    /** The mix the big log is made of: 70% one child (case, casePack, a stream), 30% a page of 50. */
    mixed: () => (random() < 0.7 ? base("case", [caseIdOf(Math.floor(random() * children))]) : undefined),
  };
}

/** Bytes per 1,000 reads of one kind, on top of a steady log. */
function growth(log: AccessLog, make: () => AccessRead, reads: number, at: () => Date): number {
  const before = log.bytes();
  for (let i = 0; i < reads; i++) log.record([make()], at());
  return ((log.bytes() - before) / reads) * 1000;
}

export async function accessLogBenchmark(o: AccessLogBenchOptions): Promise<Figure[]> {
  const random = seededRandom(o.seed).next;
  const reads = reader(o.children, random);
  let clock = START;
  const tick = () => new Date((clock += 1000));
  const figures: Figure[] = [];

  // Growth, on a steady log of 20,000 mixed reads.
  const growthFile = join(o.dir, "access-log-growth.db");
  removeDb(growthFile);
  const g = openAccessLog(growthFile);
  try {
    const base = openAccessLog(growthFile, { synchronous: "NORMAL" });
    for (let i = 0; i < 20_000; i++) base.record([reads.mixed() ?? reads.page()], tick());
    base.close();
    const oneKb = growth(g, reads.one, 2000, tick) / 1024;
    const pageKb = growth(g, reads.page, 2000, tick) / 1024;
    const allKb = growth(g, reads.all, 20, tick) / 1024;
    figures.push({
      name: "access log: growth per 1,000 reads (first: a `case` read, one child)",
      result: series("a `case` read (one child)", "KB", [oneKb]),
      also: [
        series("a `cases(first: 50)` page", "KB", [pageKb]),
        series(`an Annex A download (${o.children.toLocaleString("en-GB")} children)`, "KB", [allKb]),
      ],
      goal: "measured (docs/ACCESS-LOG.md: retention)",
      met: null,
      notes: `bytes on disk (page count × page size, WAL included) added by 2,000 reads of each kind (20 downloads), over a log of 20,000 mixed reads; ${o.children} children`,
    });
  } finally {
    g.close();
    removeDb(growthFile);
  }

  // The cost of recording one request, FULL (default) and NORMAL.
  for (const synchronous of ["FULL", "NORMAL"] as const) {
    const file = join(o.dir, `access-log-${synchronous}.db`);
    removeDb(file);
    const l = openAccessLog(file, { synchronous });
    const one: number[] = [];
    const page: number[] = [];
    try {
      for (let i = 0; i < 500 * o.runs; i++) {
        const single = reads.one();
        const fifty = reads.page();
        let t0 = performance.now();
        l.record([single], tick());
        one.push(performance.now() - t0);
        t0 = performance.now();
        l.record([fifty], tick());
        page.push(performance.now() - t0);
      }
    } finally {
      l.close();
      removeDb(file);
    }
    figures.push({
      name: `access log: recording one request (first: a \`case\` read, p50), synchronous=${synchronous}`,
      result: series("a `case` read, p50", "ms", [percentile(one, 50)], 3),
      also: [
        series("p99", "ms", [percentile(one, 99)], 3),
        series("a page of 50, p50", "ms", [percentile(page, 50)], 3),
        series("p99", "ms", [percentile(page, 99)], 3),
      ],
      goal: synchronous === "FULL" ? "measured: the event loop waits this long per read" : "comparison",
      met: null,
      notes: `${500 * o.runs} requests of each kind, one transaction each, timed around AccessLog.record`,
    });
  }

  // The DPO's question at `entries` entries.
  const file = join(o.dir, "access-log-big.db");
  removeDb(file);
  const big = openAccessLog(file, { synchronous: "NORMAL" });
  try {
    const spread = (365 * DAY) / o.entries;
    let at = START;
    const t0 = performance.now();
    for (let i = 0; i < o.entries; i++) {
      big.record([reads.mixed() ?? reads.page()], new Date((at += spread)));
      if ((i + 1) % 100_000 === 0)
        log(`access log: ${i + 1} entries (${Math.round(performance.now() - t0)} ms)`);
    }
    const buildMs = performance.now() - t0;
    const sizeMb =
      (statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0)) / 1e6;
    const allTime: number[] = [];
    const week: number[] = [];
    const found: number[] = [];
    for (let r = 0; r < o.runs; r++) {
      const times: number[] = [];
      const weekTimes: number[] = [];
      for (let k = 0; k < 20; k++) {
        const id = caseIdOf(Math.floor(random() * o.children));
        let t = performance.now();
        found.push(big.seenBy(id, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).entries.length);
        times.push(performance.now() - t);
        const from = START + Math.floor(random() * 51) * 7 * DAY;
        t = performance.now();
        big.seenBy(id, from, from + 7 * DAY - 1);
        weekTimes.push(performance.now() - t);
      }
      allTime.push(percentile(times, 50));
      week.push(percentile(weekTimes, 50));
    }
    figures.push({
      name: `access log: who saw one child, at ${o.entries.toLocaleString("en-GB")} entries`,
      result: series("over the whole year", "ms", allTime, 2),
      also: [
        series("over one week", "ms", week, 2),
        series("entries found (whole year)", "entries", [percentile(found, 50)], 0),
        series("log size", "MB", [sizeMb], 0),
        series("generating it", "s", [buildMs / 1000], 0),
      ],
      goal: "measured (an index range scan: grows with the child's entries, not the log)",
      met: null,
      notes: `${o.entries.toLocaleString("en-GB")} entries over a year (70% one child, 30% a page of 50; ${o.children} children), written one transaction each through AccessLog.record; each run is the median of 20 random children`,
    });
  } finally {
    big.close();
    removeDb(file);
  }
  return figures.map((f) => ({ ...f, result: { ...f.result, median: round(f.result.median, 3) } }));
}

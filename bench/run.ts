/**
 * Benchmarks: `npm run bench [-- --size demo|large|scaling] [--runs N]`.
 *
 *   demo     the demo area's size (1,000 plans, 2,000 SEN support; ~100k events). About 3 minutes.
 *   large    the largest English areas (20,000 plans, 40,000 SEN support; ~2M events). Tens of minutes on
 *            2 cores: loading, and each of the N rebuilds, take minutes.
 *   scaling  1×, 2×, 4×, 8× a mid-size area (2,500 plans, 5,000 SEN support): rebuild time against events
 *            and data-request time against cases (`--factors 1,2,4` to stop earlier). Longer than large.
 *   pages    the web pages' server render time alone (bench/pageRender.ts), at the demo size (a couple
 *            of minutes) or with `--pages-size large` at the large size (loading it takes minutes). The
 *            demo and large runs measure it too, at their size.
 *   first-start  the newcomer's first start (bench/firstStart.ts): `npm start` in a fresh clone with an
 *            empty data directory until the signed-in readiness page answers, built at install and cold;
 *            3 runs each by default. About 3 minutes.
 *   access-log  the access log alone (bench/accessLog.ts): growth per 1,000 reads, the cost of recording
 *            a request, and the DPO's question at `--entries N` entries (default 1,000,000; `--children N`,
 *            default 3,000). About 10 minutes at a million.
 *
 * Each figure is the median of N runs (default 5); where there is a baseline it is measured in the same run
 * and the ratio is the median of the per-run ratios. Data sets are generated into a temporary directory and
 * removed afterwards (`--keep` keeps them). Results: bench/results/<size>.json and .md; progress on stderr,
 * the table on stdout. Other options: --seed N, --today YYYY-MM-DD (default: today, UTC), --seconds S
 * (autocannon duration per run), --out DIR, --profile DIR (CPU profile of the server process), --skip
 * append,rebuild (leave those parts out).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SYNTHETIC_SIZES, type SyntheticOptions } from "../fixtures/syntheticArea/index.js";
import { abuseBenchmarks } from "./abuse.js";
import { accessLogBenchmark } from "./accessLog.js";
import { appendBenchmark } from "./append.js";
import { asAtBenchmark } from "./asAt.js";
import { startServer } from "./client.js";
import { casePackBenchmark } from "./casePack.js";
import { commandBenchmark, readYourWriteBenchmark } from "./command.js";
import { dataRequestBenchmark, dataRequestOnce, notifyInspection } from "./dataRequest.js";
import { type DataSet, makeDataSet } from "./dataset.js";
import { rebuildBenchmark } from "./rebuild.js";
import { barChart, machine, markdownTable, writeResults } from "./report.js";
import { firstStartBenchmark } from "./firstStart.js";
import { pageRenderBenchmark, type PageRenderResult } from "./pageRender.js";
import { sefLoadBenchmark } from "./sefLoad.js";
import { type Figure, log, median, round, series } from "./stats.js";

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "demo" },
    runs: { type: "string" },
    seed: { type: "string", default: "20260123" },
    today: { type: "string", default: new Date().toISOString().slice(0, 10) },
    seconds: { type: "string" },
    factors: { type: "string", default: "1,2,4,8" },
    out: { type: "string", default: join(process.cwd(), "bench", "results") },
    keep: { type: "boolean", default: false },
    profile: { type: "string" },
    entries: { type: "string", default: "1000000" },
    children: { type: "string", default: "3000" },
    "pages-size": { type: "string", default: "demo" },
    skip: { type: "string", default: "" },
  },
});

/** Parts of a demo or large run to leave out (`--skip append,rebuild`), e.g. to re-measure the server's. */
const SKIPPABLE = ["append", "rebuild"] as const;
const skip = new Set(args.skip.split(",").filter((s) => s !== ""));
for (const s of skip)
  if (!(SKIPPABLE as readonly string[]).includes(s))
    throw new Error(`--skip takes ${SKIPPABLE.join(", ")}, not ${s}`);

const size = args.size;
const SIZES = ["demo", "large", "scaling", "access-log", "pages", "first-start"];
if (!SIZES.includes(size)) throw new Error(`--size must be one of ${SIZES.join(", ")}, not ${size}`);
const runs = Math.max(1, Number(args.runs ?? (size === "first-start" ? 3 : 5)));
const seed = Number(args.seed);
const today = args.today;
const started = Date.now();
const command =
  `npm run bench -- --size ${size} --runs ${runs}` +
  (skip.size > 0 ? ` --skip ${[...skip].join(",")}` : "") +
  (size === "access-log" ? ` --entries ${args.entries} --children ${args.children}` : "") +
  (size === "pages" && args["pages-size"] !== "demo" ? ` --pages-size ${args["pages-size"]}` : "");

const sizesOf = (ds: DataSet) => ({
  plans: ds.options.plans,
  senSupport: ds.options.senSupport,
  children: ds.children,
  events: ds.events,
  streams: ds.streams,
  batches: ds.batches,
  history: { from: ds.from, to: ds.to },
  eventsDbMb: ds.fileMb,
  loadMs: ds.loadMs,
});

/** Render-time goals (p50) of the web pages: the issue's, by size. */
const pageGoalMs = (large: boolean) => (large ? 250 : 50);
const RENDERS = 60;

async function fullRun(options: SyntheticOptions, large: boolean) {
  const seconds = Number(args.seconds ?? (large ? 10 : 3));
  const ds = await makeDataSet(options, size);
  const figures: Figure[] = [];
  let pages: PageRenderResult | undefined;
  try {
    if (!skip.has("append")) {
      figures.push(await appendBenchmark(options, large ? 0.01 : 0.05, runs, ds.dir, "FULL"));
      figures.push(await appendBenchmark(options, large ? 0.1 : 0.2, runs, ds.dir, "NORMAL"));
    }
    if (!skip.has("rebuild")) figures.push(...(await rebuildBenchmark(ds, runs)).figures);
    const server = await startServer(ds.dir, today, args.profile);
    try {
      figures.push(await commandBenchmark(server, ds.children, today, runs, large ? 300 : 200));
      figures.push(await readYourWriteBenchmark(server, ds.children, today, runs, large ? 40 : 100));
      figures.push(await sefLoadBenchmark(server, runs, seconds));
      await notifyInspection(server, today);
      figures.push(await dataRequestBenchmark(server, today, runs));
      figures.push(await casePackBenchmark(server, ds.children, today, runs));
      figures.push(await asAtBenchmark(server, ds.from, ds.to, runs));
      const stats = await server.stats();
      const peak = series("peak RSS", "MB", [stats.maxRssMb], 0);
      figures.push({
        name: "peak memory, server running",
        result: peak,
        also: [
          series("RSS at the end", "MB", [stats.rssMb], 0),
          series("heap used at the end", "MB", [stats.heapUsedMb], 0),
        ],
        goal: "≤ 1.5 GB RSS (1,536 MB)",
        met: peak.median <= 1536,
        notes: `maximum resident set of the server process over the whole run (resuming from its snapshot, ${runs}×(commands, SEF load, data requests, as-at queries)); server resumed in ${Math.round(server.startMs)} ms, then its worker thread made ${server.historySaved} as-at snapshots across the history in ${Math.round(server.historyMs)} ms`,
      });
      // After the memory figure: the abuse rows measure the event loop, and some (before their fixes)
      // take far more memory than any legitimate request.
      figures.push(...(await abuseBenchmarks(server, today, runs)));
    } finally {
      await server.stop();
    }
    // In this process, after the server has stopped (so the two read sides are never in memory at once),
    // over the same data with the inspection the server runs notified.
    pages = await pageRenderBenchmark({
      dataDir: ds.dir,
      today,
      renders: RENDERS,
      goalMs: pageGoalMs(large),
      sizeLabel: size,
    });
    figures.push(...pages.figures);
  } finally {
    if (!args.keep) ds.remove();
  }
  return { sizes: sizesOf(ds), figures, skippedPages: pages?.skipped ?? [] };
}

/** Skipped pages, as the line under a table says them. */
const skippedNote = (skipped: PageRenderResult["skipped"]) =>
  skipped.length === 0
    ? ""
    : `\n\nPages not measured: ${skipped.map((s) => `${s.name}${s.path ? ` (${s.path})` : ""}: ${s.reason}`).join("; ")}.`;

async function scaling() {
  const factors = args.factors.split(",").map(Number);
  const points = [];
  for (const f of factors) {
    const options = {
      seed,
      today,
      plans: SYNTHETIC_SIZES.mid.plans * f,
      senSupport: SYNTHETIC_SIZES.mid.senSupport * f,
    };
    const ds = await makeDataSet(options, `scaling-${f}x`);
    try {
      const rebuilt = await rebuildBenchmark(ds, runs);
      const server = await startServer(ds.dir, today);
      const requests = [];
      try {
        await notifyInspection(server, today);
        for (let i = 0; i < runs; i++) requests.push(await dataRequestOnce(server, today, i + 1));
      } finally {
        await server.stop();
      }
      const point = {
        factor: f,
        ...sizesOf(ds),
        rebuildMs: rebuilt.medianMs,
        rebuildEventsPerSecond: rebuilt.figures[0].result.median,
        rebuildRatio: rebuilt.figures[0].ratio,
        storeReadMs: rebuilt.readOnlyMedianMs,
        rawReadEventsPerSecond: rebuilt.figures[0].baseline?.median,
        dataRequestMs: round(median(requests.map((r) => r.ms)), 0),
        list1Rows: requests.at(-1)?.list1,
        list2Rows: requests.at(-1)?.list2,
      };
      points.push(point);
      log(
        `scaling ${f}×: ${ds.events} events, rebuild ${point.rebuildMs} ms, data request ${point.dataRequestMs} ms`,
      );
    } finally {
      if (!args.keep) ds.remove();
    }
  }
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const markdown = [
    "| factor | children | events | rebuild (median) | rebuild events/s | store read alone | data request (median) | List 1 + List 2 rows |",
    "|---|---|---|---|---|---|---|---|",
    ...points.map(
      (p) =>
        `| ${p.factor}× | ${p.children.toLocaleString("en-GB")} | ${p.events.toLocaleString("en-GB")} | ${seconds(p.rebuildMs)} | ${p.rebuildEventsPerSecond.toLocaleString("en-GB")} | ${seconds(p.storeReadMs)} | ${seconds(p.dataRequestMs)} | ${((p.list1Rows ?? 0) + (p.list2Rows ?? 0)).toLocaleString("en-GB")} |`,
    ),
    "",
    "Events vs full rebuild time (as the read side runs it; ░ = the store's read of the log alone):",
    "```",
    barChart(
      points.flatMap((p) => [
        {
          label: `${p.events.toLocaleString("en-GB")} events`,
          value: p.rebuildMs,
          text: seconds(p.rebuildMs),
        },
        { label: "", value: p.storeReadMs, text: seconds(p.storeReadMs), fill: "░" },
      ]),
    ),
    "```",
    "",
    "Cases vs data-request time:",
    "```",
    barChart(
      points.map((p) => ({
        label: `${p.children.toLocaleString("en-GB")} cases`,
        value: p.dataRequestMs,
        text: seconds(p.dataRequestMs),
      })),
    ),
    "```",
  ].join("\n");
  return { points, markdown };
}

const header = {
  command,
  date: new Date().toISOString(),
  machine: machine(),
  /** 1-, 5- and 15-minute load averages when the run began: the machine is shared. */
  loadAverageAtStart: loadavg().map((x) => round(x, 2)),
  seed,
  today,
  runs,
};
const footer = () => ({
  loadAverageAtEnd: loadavg().map((x) => round(x, 2)),
  minutes: round((Date.now() - started) / 60_000),
});
if (size === "first-start") {
  const { figures, runs: each } = await firstStartBenchmark(process.cwd(), runs);
  const table = markdownTable(figures);
  const file = writeResults(
    args.out,
    "first-start",
    { ...header, figures, each, ...footer() },
    `${table}\n\n${command}`,
  );
  process.stdout.write(`${table}\n\nWritten ${file}\n`);
} else if (size === "pages") {
  const large = args["pages-size"] === "large";
  const options = { seed, today, ...SYNTHETIC_SIZES[large ? "large" : "demo"] };
  const label = large ? "large" : "demo";
  const ds = await makeDataSet(options, `pages-${label}`);
  try {
    const { figures, skipped } = await pageRenderBenchmark({
      dataDir: ds.dir,
      today,
      renders: RENDERS,
      goalMs: pageGoalMs(large),
      sizeLabel: label,
      notifyInspection: true,
    });
    const table = markdownTable(figures);
    const file = writeResults(
      args.out,
      large ? "pages-large" : "pages",
      { ...header, size: label, sizes: sizesOf(ds), figures, skippedPages: skipped, ...footer() },
      `${table}${skippedNote(skipped)}\n\n${command} — ${ds.events.toLocaleString("en-GB")} events`,
    );
    process.stdout.write(`${table}${skippedNote(skipped)}\n\nWritten ${file}\n`);
  } finally {
    if (!args.keep) ds.remove();
  }
} else if (size === "access-log") {
  const dir = mkdtempSync(join(tmpdir(), "send-bench-access-log-"));
  try {
    const figures = await accessLogBenchmark({
      dir,
      entries: Number(args.entries),
      children: Number(args.children),
      runs,
      seed,
    });
    const table = markdownTable(figures);
    const file = writeResults(
      args.out,
      "access-log",
      { ...header, figures, ...footer() },
      `${table}\n\n${command}`,
    );
    process.stdout.write(`${table}\n\nWritten ${file}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else if (size === "scaling") {
  const { points, markdown } = await scaling();
  const file = writeResults(
    args.out,
    "scaling",
    { ...header, unit: SYNTHETIC_SIZES.mid, points, ...footer() },
    markdown,
  );
  process.stdout.write(`${markdown}\n\nWritten ${file}\n`);
} else {
  const options = { seed, today, ...SYNTHETIC_SIZES[size === "large" ? "large" : "demo"] };
  const { sizes, figures, skippedPages } = await fullRun(options, size === "large");
  const table = markdownTable(figures) + skippedNote(skippedPages);
  const minutes = round((Date.now() - started) / 60_000);
  const file = writeResults(
    args.out,
    size,
    { ...header, size, sizes, figures, skippedPages, ...footer() },
    `${table}\n\n${command} — ${sizes.events.toLocaleString("en-GB")} events, ${sizes.children.toLocaleString("en-GB")} children, ${minutes} min`,
  );
  process.stdout.write(`${table}\n\nWritten ${file} (${minutes} min)\n`);
}

/**
 * What one client can do to everyone else (issue 9): each row sends one abusive or heavy request and
 * reports how long the server's event loop was held meanwhile (the largest lateness of a 10 ms timer in
 * the server process over the request), plus /healthz latency sampled while a large data request is
 * built in the heavy-work worker.
 *
 *   - `cases(first:500){items{qaAudits{auditId}}}`: time (goal p50 ≤ 300 ms) and loop delay;
 *   - 500 aliases of `sef(asAt: …)`, refused by the cost/alias limits;
 *   - verify with a forged manifest naming 1,000 children, refused by the case cap;
 *   - an XLSX that unzips to 250 MB, declared honestly and with a lying header;
 *   - /healthz p99 while the Annex A workbook and the data-request pack are built.
 */
import { zipArchive } from "../src/exports/zipArchive.js";
import type { Server } from "./client.js";
import { nudge } from "./client.js";
import { type Figure, log, percentile, series } from "./stats.js";

const LOOP_GOAL_MS = 250;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const settle = () => new Promise((resolve) => setTimeout(resolve, 1200));

/** Run `attack` once per run, timing it and reading the loop's largest delay over it. */
async function measured(
  server: Server,
  runs: number,
  attack: (run: number) => Promise<void>,
  stopAfterMs = Infinity,
) {
  const times: number[] = [];
  const loops: number[] = [];
  for (let i = 0; i < runs; i++) {
    await settle();
    await server.loop();
    const t0 = performance.now();
    await attack(i);
    times.push(performance.now() - t0);
    loops.push((await server.loop()).maxMs);
    if (times.at(-1)! > stopAfterMs) break;
  }
  return { times, loops };
}

const loopSeries = (loops: number[]) => series("largest event-loop delay", "ms", loops, 0);
const worst = (xs: number[]) => Math.max(...xs);

export const CASES_QA_QUERY = "{ cases(first: 500) { items { caseId qaAudits { auditId } } } }";

async function casesWithAudits(server: Server, runs: number): Promise<Figure> {
  let count = 0;
  // One very slow run is enough to know (and each holds the server): stop after a run over 10 s.
  const { times, loops } = await measured(
    server,
    runs,
    async () => {
      const res = await server.graphql(CASES_QA_QUERY);
      if (res.status !== 200) throw new Error(`cases/qaAudits: HTTP ${res.status}`);
      count = (JSON.parse(res.body.toString("utf8")) as { data: { cases: { items: unknown[] } } }).data.cases
        .items.length;
    },
    10_000,
  );
  const result = series("query", "ms", times, 0);
  log(`cases(first:500) with audits: ${result.median} ms, loop held ${Math.round(worst(loops))} ms`);
  return {
    name: "GraphQL cases(first:500){items{qaAudits{auditId}}}",
    result,
    also: [loopSeries(loops)],
    goal: `p50 ≤ 300 ms and loop delay ≤ ${LOOP_GOAL_MS} ms`,
    met: result.median <= 300 && worst(loops) <= LOOP_GOAL_MS,
    notes: `${count} cases with their audits; ${times.length} run(s) (stops after one over 10 s)`,
  };
}

async function aliasFlood(server: Server, runs: number): Promise<Figure> {
  const query = `{ ${Array.from({ length: 500 }, (_, i) => `s${i}: sef(asAt: "2026-01-01") { asOf criteria { code } }`).join(" ")} }`;
  let status = 0;
  const { times, loops } = await measured(server, runs, async () => {
    status = (await server.graphql(query)).status;
  });
  const loop = loopSeries(loops);
  return {
    name: "GraphQL alias flood: 500 × sef(asAt), refused by the limits",
    result: loop,
    also: [series("answer", "ms", times, 0)],
    goal: `loop delay ≤ ${LOOP_GOAL_MS} ms`,
    met: worst(loops) <= LOOP_GOAL_MS && status === 400,
    notes: `HTTP ${status} (before: 6 s of loop at the demo size)`,
  };
}

/** A real cases pack whose manifest is rewritten to name 1,000 children. */
async function forgedPack(server: Server): Promise<Buffer> {
  const pack = await server.request("GET", "/api/v1/packs/cases.pdf?case=C000001&case=C000002");
  if (pack.status !== 200) throw new Error(`cases.pdf: HTTP ${pack.status}`);
  const text = pack.body.toString("latin1");
  const named = `"caseIds":["C000001","C000002"]`;
  const at = text.lastIndexOf(named);
  if (at < 0) throw new Error("the pack's manifest does not name its cases");
  const many = Array.from({ length: 1000 }, (_, i) => `C${String(i + 1).padStart(6, "0")}`);
  return Buffer.from(
    text.slice(0, at) + `"caseIds":${JSON.stringify(many)}` + text.slice(at + named.length),
    "latin1",
  );
}

async function forgedVerify(server: Server, runs: number): Promise<Figure> {
  const pdf = await forgedPack(server);
  let verdict = "";
  const { times, loops } = await measured(server, runs, async () => {
    const res = await server.request("POST", "/api/v1/packs/verify", {
      raw: pdf,
      contentType: "application/pdf",
    });
    verdict = `HTTP ${res.status}: ${(JSON.parse(res.body.toString("utf8")) as { reason?: string }).reason ?? ""}`;
  });
  return {
    name: "verify with a forged manifest naming 1,000 children",
    result: loopSeries(loops),
    also: [series("answer", "ms", times, 0)],
    goal: `loop delay ≤ ${LOOP_GOAL_MS} ms`,
    met: worst(loops) <= LOOP_GOAL_MS,
    notes: `${verdict} (before: 10.6 s stall, 3.3 GB at the demo size)`,
  };
}

/** A workbook whose one worksheet unzips to 250 MB; and the same with a directory claiming 1 KB. */
function inflatedWorkbooks(): { honest: Buffer; lying: Buffer } {
  const honest = zipArchive(
    [{ name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(250 * 1024 * 1024, 0x20) }],
    new Date("2026-01-01T00:00:00Z"),
  );
  const lying = Buffer.from(honest);
  const end = lying.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  lying.writeUInt32LE(1024, lying.readUInt32LE(end + 16) + 24);
  return { honest, lying };
}

async function inflatedXlsx(server: Server, runs: number): Promise<Figure> {
  const { honest, lying } = inflatedWorkbooks();
  const statuses: number[] = [];
  const { times, loops } = await measured(server, runs, async () => {
    for (const raw of [honest, lying]) {
      const res = await server.request("POST", "/api/v1/imports/cases", {
        raw,
        contentType: XLSX,
        role: "officer",
      });
      statuses.push(res.status);
    }
  });
  return {
    name: "XLSX import unzipping to 250 MB (honest and lying headers)",
    result: loopSeries(loops),
    also: [series("both answers", "ms", times, 0)],
    goal: `loop delay ≤ ${LOOP_GOAL_MS} ms`,
    met: worst(loops) <= LOOP_GOAL_MS && statuses.every((s) => s === 413 || s === 400),
    notes: `${Math.round(honest.length / 1024)} KB on the wire; HTTP ${[...new Set(statuses)].join("/")} (before: 12 s stall, 2.7 GB for a 15 MB file)`,
  };
}

async function healthWhileBuilding(server: Server, today: string, runs: number): Promise<Figure> {
  const p99s: number[] = [];
  const loops: number[] = [];
  const builds: number[] = [];
  let samples = 0;
  for (let i = 0; i < runs; i++) {
    await nudge(server, today, 500 + i);
    await server.loop();
    const t0 = performance.now();
    let done = false;
    const building = Promise.all([
      server.request("GET", "/api/v1/exports/annex-a.xlsx"),
      server.request("GET", "/api/v1/packs/data-request.pdf?caseLevel=true"),
    ]).finally(() => {
      done = true;
    });
    const health: number[] = [];
    while (!done) {
      health.push((await server.request("GET", "/healthz")).ms);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const [xlsx, pdf] = await building;
    if (xlsx.status !== 200 || pdf.status !== 200)
      throw new Error(`data request: HTTP ${xlsx.status}/${pdf.status}`);
    builds.push(performance.now() - t0);
    loops.push((await server.loop()).maxMs);
    p99s.push(percentile(health, 99));
    samples += health.length;
    log(
      `healthz while building run ${i + 1}: p99 ${Math.round(p99s.at(-1)!)} ms over ${health.length} samples`,
    );
  }
  const result = series("/healthz p99", "ms", p99s, 1);
  return {
    name: "/healthz p99 while the Annex A workbook and data-request pack are built",
    result,
    also: [series("workbook + pack", "ms", builds, 0), loopSeries(loops)],
    goal: "p99 ≤ 50 ms",
    met: result.median <= 50,
    notes: `${samples} /healthz samples; built in the heavy-work worker (HEAVY_WORKERS=1)`,
  };
}

export async function abuseBenchmarks(server: Server, today: string, runs: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  figures.push(await healthWhileBuilding(server, today, runs));
  figures.push(await aliasFlood(server, runs));
  figures.push(await forgedVerify(server, runs));
  figures.push(await inflatedXlsx(server, runs));
  // Last: before the safe-state fix it holds the server for a long time.
  figures.push(await casesWithAudits(server, runs));
  return figures;
}

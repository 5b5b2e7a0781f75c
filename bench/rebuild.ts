/**
 * Full rebuild of all projections: a ProjectionRunner over the evidence projection, configured as the
 * server's read side configures it (src/runner/readSide.ts: a fresh snapshot file; the checkpoint is left
 * to the history worker, which runs on the other core once the server is up), timed from `start()` until
 * it has caught up with the whole log; `stop()` then writes the checkpoint, outside the timing. Baseline, in the same run: a raw read of
 * the events table in position order with JSON.parse of data and metadata.
 *
 * Diagnostics (not part of the goal): the store's own read of the log through the port (`readAll`, no fold),
 * which separates what the store adds to the raw read from what the fold adds; and the cost of writing one
 * snapshot of the final state (the runner writes one, at the end of the catch-up).
 */
import { rmSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { evidenceProjection } from "../projections/evidence.js";
import { readSideRunnerOptions } from "../src/runner/readSide.js";
import { ProjectionRunner } from "../src/runner/runner.js";
import { openSnapshotStore } from "../src/runner/snapshots.js";
import { openSqliteStore } from "../src/store/sqlite.js";
import type { DataSet } from "./dataset.js";
import { type Figure, log, pairedRatio, round, series, timed } from "./stats.js";

const removeDb = (file: string) => {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
};

/** Rebuild into `snapshotFile`; the time and what the snapshot file holds afterwards. */
async function rebuild(ds: DataSet, snapshotFile: string) {
  const store = openSqliteStore(ds.file);
  const snapshots = openSnapshotStore(snapshotFile);
  const runner = new ProjectionRunner(
    store,
    evidenceProjection,
    snapshots,
    readSideRunnerOptions({ historySnapshots: true }),
  );
  const { ms } = await timed(() => runner.start());
  const events = runner.current().state.events;
  await runner.stop();
  const kept = snapshots.list(evidenceProjection.name, evidenceProjection.version).length;
  snapshots.close();
  await store.close();
  const bytes =
    statSync(snapshotFile).size + (statSync(`${snapshotFile}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  return { ms, events, kept, mb: Math.round(bytes / 1_048_576) };
}

/** The floor: the events table read in position order, a page at a time, and both JSON columns parsed. */
function rawRead(ds: DataSet): number {
  const db = new Database(ds.file, { readonly: true });
  const page = db.prepare<[number], { position: number; data: string; metadata: string }>(
    "SELECT * FROM events WHERE position > ? ORDER BY position LIMIT 1000",
  );
  let n = 0;
  const t0 = performance.now();
  for (let after = 0; ;) {
    const rows = page.all(after);
    for (const row of rows) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
    }
    n += rows.length;
    if (rows.length < 1000) break;
    after = rows[rows.length - 1]!.position;
  }
  const ms = performance.now() - t0;
  db.close();
  if (n !== ds.events) throw new Error(`raw read saw ${n} events, expected ${ds.events}`);
  return ms;
}

/** The store's read of the whole log through the port, without folding: events seen and the time. */
async function storeRead(ds: DataSet) {
  const store = openSqliteStore(ds.file);
  let n = 0;
  const { ms } = await timed(async () => {
    for await (const _ of store.readAll()) n += 1;
  });
  await store.close();
  return { ms, events: n };
}

export interface RebuildResult {
  /** As the read side runs it; and the store's read alone (diagnostic). */
  figures: [Figure, Figure];
  /** Snapshot file the last run left behind, for the server to resume from. */
  snapshotFile: string;
  medianMs: number;
  readOnlyMedianMs: number;
}

export async function rebuildBenchmark(ds: DataSet, runs: number): Promise<RebuildResult> {
  const product: number[] = [];
  const readOnly: number[] = [];
  const base: number[] = [];
  const keep = join(ds.dir, "projections.db");
  let last = { kept: 0, mb: 0 };
  const check = (r: { events: number }) => {
    if (r.events !== ds.events) throw new Error(`rebuild folded ${r.events} events, expected ${ds.events}`);
  };
  for (let i = 0; i < runs; i++) {
    const file = i === runs - 1 ? keep : join(ds.dir, `rebuild-${i}.db`);
    const steps = [
      async () => {
        const r = await rebuild(ds, file);
        check(r);
        last = r;
        product.push(r.ms);
      },
      async () => {
        base.push(rawRead(ds));
      },
      async () => {
        const r = await storeRead(ds);
        check(r);
        readOnly.push(r.ms);
      },
    ];
    // Rotate the order, so none of the three always gets the warmer (or the busier) machine.
    for (let k = 0; k < steps.length; k++) await steps[(i + k) % steps.length]!();
    if (file !== keep) removeDb(file);
    log(
      `rebuild run ${i + 1}: runner ${Math.round(product[i]!)} ms, store read alone ${Math.round(readOnly[i]!)} ms, raw read ${Math.round(base[i]!)} ms`,
    );
  }
  const rate = (ms: number) => ds.events / (ms / 1000);
  const baseRate = base.map(rate);
  const baseline = {
    ...series("raw read + JSON.parse", "events/s", baseRate, 0),
    what: "SELECT * FROM events by position, 1,000 rows a page, JSON.parse of data and metadata",
  };
  const goal = "≥ 40% of baseline; ≥ 200k events/s";
  const figure = (name: string, what: string, times: number[], notes: string, diagnostic = false): Figure => {
    const result = series(what, "events/s", times.map(rate), 0);
    const ratio = pairedRatio(times.map(rate), baseRate);
    return {
      name,
      result,
      also: [series("wall time", "ms", times, 0)],
      baseline,
      ratio,
      goal: diagnostic ? "—" : goal,
      met: diagnostic ? null : ratio >= 0.4 && result.median >= 200_000,
      notes,
    };
  };

  // What the one snapshot of the final state costs (part of the runner's time).
  const snap = openSnapshotStore(keep);
  const state = snap.nearest(evidenceProjection.name, evidenceProjection.version)!.state;
  snap.close();
  const { ms: stringifyMs, value: json } = await timed(() => JSON.stringify(state));
  const jsonMb = Math.round(json.length / 1_048_576);
  log(`rebuild: one snapshot = ${jsonMb} MB JSON, stringify ${Math.round(stringifyMs)} ms`);

  return {
    snapshotFile: keep,
    medianMs: round(series("", "ms", product).median, 0),
    readOnlyMedianMs: round(series("", "ms", readOnly).median, 0),
    figures: [
      figure(
        "full rebuild of all projections",
        "runner catch-up",
        product,
        `${ds.events} events; the runner as the read side configures it (from an empty snapshot file, pages of ` +
          `1,000 events folded synchronously; the checkpoint is written by the history worker, here by stop() ` +
          `after the clock): ${last.kept} snapshot kept, snapshot file ${last.mb} MB; the snapshot is ${jsonMb} MB ` +
          `of JSON (JSON.stringify alone ${Math.round(stringifyMs)} ms).`,
      ),
      figure(
        "the store's read of the log alone, no fold (diagnostic)",
        "readAll",
        readOnly,
        "EventStore.readAll over the whole log (pages of 1,000, each row to an event: JSON.parse of data and metadata, one async-iterator step per event)",
        true,
      ),
    ],
  };
}

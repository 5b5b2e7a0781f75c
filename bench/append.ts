/**
 * Append throughput on the import path: every batch of a generated history (one stream's events at one
 * moment) appended as one `EventStore.append` at its known revision, with the store's defaults (WAL,
 * synchronous=FULL, so one fsync per append). Baseline, in the same run: the same rows inserted with raw
 * better-sqlite3, one transaction per batch, into the same schema with the same pragmas (JSON.stringify
 * of data and metadata included on both sides). Each run appends into fresh files.
 *
 * With FULL both sides wait for the disk on every batch, so a second figure runs both with
 * synchronous=NORMAL (no fsync per commit) on a larger sample: what the store itself costs per append.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import {
  appendBatches,
  type SyntheticBatch,
  syntheticArea,
  type SyntheticOptions,
} from "../fixtures/syntheticArea/index.js";
import { seedClock } from "../src/demo/seed.js";
import { openSqliteStore } from "../src/store/sqlite.js";
import { type Figure, log, pairedRatio, series, timed } from "./stats.js";

const removeDb = (file: string) => {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
};

type Sync = "FULL" | "NORMAL";

async function viaStore(
  file: string,
  batches: readonly SyntheticBatch[],
  synchronous: Sync,
): Promise<number> {
  const clock = seedClock();
  const store = openSqliteStore(file, { clock: clock.now, synchronous });
  const { ms } = await timed(() => appendBatches(store, batches, clock));
  await store.close();
  return ms;
}

async function raw(file: string, batches: readonly SyntheticBatch[], synchronous: Sync): Promise<number> {
  await openSqliteStore(file).close(); // the very same schema
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous}`);
  const insert = db.prepare(
    "INSERT INTO events (id, stream, revision, type, recorded_at, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const revisions = new Map<string, number>();
  const tx = db.transaction((b: SyntheticBatch) => {
    let revision = revisions.get(b.stream) ?? -1;
    for (const e of b.events)
      insert.run(
        e.id,
        b.stream,
        ++revision,
        e.type,
        b.recordedAt,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
      );
    revisions.set(b.stream, revision);
  });
  const { ms } = await timed(() => {
    for (const b of batches) tx(b);
  });
  db.close();
  return ms;
}

export async function appendBenchmark(
  options: SyntheticOptions,
  share: number,
  runs: number,
  dir: string,
  synchronous: Sync = "FULL",
): Promise<Figure> {
  const sample: SyntheticOptions = {
    ...options,
    seed: options.seed + 1,
    plans: Math.round(options.plans * share),
    senSupport: Math.round(options.senSupport * share),
  };
  const batches = [...syntheticArea(sample)];
  const events = batches.reduce((n, b) => n + b.events.length, 0);
  log(`append (${synchronous}): ${events} events in ${batches.length} batches, ${runs} runs`);
  const store: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = join(dir, `append-store-${i}.db`);
    const b = join(dir, `append-raw-${i}.db`);
    const viaPort = async () => store.push(events / ((await viaStore(a, batches, synchronous)) / 1000));
    const direct = async () => base.push(events / ((await raw(b, batches, synchronous)) / 1000));
    // Alternate which goes first, so neither always gets the warmer machine.
    if (i % 2 === 0) {
      await viaPort();
      await direct();
    } else {
      await direct();
      await viaPort();
    }
    removeDb(a);
    removeDb(b);
    log(`append run ${i + 1}: store ${Math.round(store[i]!)} events/s, raw ${Math.round(base[i]!)} events/s`);
  }
  const ratio = pairedRatio(store, base);
  const full = synchronous === "FULL";
  return {
    name: full
      ? "append throughput, import path (batched)"
      : "append throughput, import path (batched), synchronous=NORMAL (diagnostic)",
    result: series("EventStore.append per batch", "events/s", store, 0),
    baseline: {
      ...series("raw insert", "events/s", base, 0),
      what: "raw better-sqlite3 insert of the same rows, one transaction per batch",
    },
    ratio,
    goal: full ? "≥ 50% of baseline" : "— (what the store adds when the disk is not the bound)",
    met: full ? ratio >= 0.5 : null,
    notes:
      `${events} events in ${batches.length} batches (${(events / batches.length).toFixed(2)} per append), a ` +
      `${Math.round(share * 100)}% sample of the size's history, synchronous=${synchronous}, fresh files each run`,
  };
}

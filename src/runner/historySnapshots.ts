/**
 * Snapshots across the history, for "as at". The server's runner writes no snapshot while it catches up
 * (writing a large read model costs more than folding the events between two snapshots), and live
 * snapshots only from then on; so after a rebuild, "as at" last year would fold from the beginning. This
 * fills the gaps: it plans evenly spaced positions wherever two snapshots (or the start of the log and the
 * first snapshot) are further apart than the history's length over `count`, plus the head (the checkpoint a
 * restart resumes from), folds the log once over them, and saves a snapshot at each. It runs in a worker
 * thread (`startHistorySnapshots`) so the server's event loop never waits for it.
 */
import { Worker } from "node:worker_threads";
import { type Projection, snapshotOf, stateOf } from "../../projections/projection.js";
import type { EventStore } from "../store/port.js";
import type { SnapshotStore } from "./snapshots.js";

/** Snapshots the history should have, the newest included. */
export const HISTORY_SNAPSHOTS = 32;

/** The worker's heap cap: the read model of the largest areas is ~350 MB of heap while folding. */
export const HISTORY_WORKER_HEAP_MB = 640;

/**
 * Positions to snapshot so that no gap between neighbouring snapshots (counting position 0 as one) is
 * longer than `head / count`, each gap split evenly. Pure.
 */
export function historyTargets(existing: readonly number[], head: number, count: number): number[] {
  if (head <= 0 || count <= 0) return [];
  const spacing = Math.max(1, Math.ceil(head / count));
  const marks = [0, ...existing.filter((p) => p > 0 && p < head), head].sort((a, b) => a - b);
  const targets: number[] = [];
  for (let i = 1; i < marks.length; i++) {
    const from = marks[i - 1]!;
    const gap = marks[i]! - from;
    const pieces = Math.ceil(gap / spacing);
    for (let k = 1; k < pieces; k++) targets.push(from + Math.round((gap * k) / pieces));
  }
  if (!existing.includes(head)) targets.push(head);
  return targets;
}

export interface HistoryReport {
  saved: number;
  folded: number;
}

/**
 * Save a snapshot of `projection` at each target position (after the last event at or before it), folding
 * the log once from the nearest snapshot before the first target.
 */
export async function fillHistory<S>(
  store: EventStore,
  snapshots: SnapshotStore,
  projection: Projection<S>,
  targets: readonly number[],
): Promise<HistoryReport> {
  const todo = [...targets].sort((a, b) => a - b);
  if (todo.length === 0) return { saved: 0, folded: 0 };
  const snap = snapshots.nearest(projection.name, projection.version, { position: todo[0]! });
  let state = snap ? stateOf(projection, snap.state) : projection.initial();
  let position = snap?.position ?? 0;
  let recordedAt = snap?.recordedAt;
  let lastSaved = position;
  let saved = 0;
  let folded = 0;
  /** The fold is final for every target before `next` (the next event's position): save it once. */
  const saveBefore = (next: number) => {
    let due = false;
    while (todo.length > 0 && todo[0]! < next) {
      todo.shift();
      due = true;
    }
    if (due && position > lastSaved) {
      snapshots.save(
        projection.name,
        projection.version,
        position,
        recordedAt,
        snapshotOf(projection, state),
      );
      lastSaved = position;
      saved += 1;
    }
  };
  for await (const page of store.readPages({ after: position, until: todo.at(-1)! }))
    for (const e of page) {
      saveBefore(e.position);
      state = projection.apply(state, e);
      position = e.position;
      recordedAt = e.recordedAt;
      folded += 1;
    }
  saveBefore(Infinity);
  return { saved, folded };
}

export interface HistoryRun {
  /** Resolves with what was saved (or rejects with the worker's error). */
  done: Promise<HistoryReport>;
  stop(): Promise<void>;
}

/** Start a worker thread that fills the history's snapshots for the read side's store. */
export function startHistorySnapshots(settings: { DATA_DIR: string; EVENTSTORE_URL?: string | undefined }) {
  // Under the test runner this module is TypeScript; built, it is JavaScript beside its worker.
  const entry = new URL(
    import.meta.url.endsWith(".ts") ? "./historyWorker.ts" : "./historyWorker.js",
    import.meta.url,
  );
  // The worker holds a second copy of the read model while it folds: cap its heap so the server stays
  // within its memory budget (docs/PERFORMANCE.md); running out ends the worker, not the server, and
  // "as at" then folds from the snapshots there are.
  const worker = new Worker(entry, {
    workerData: settings,
    resourceLimits: { maxOldGenerationSizeMb: HISTORY_WORKER_HEAP_MB },
  });
  worker.unref();
  const done = new Promise<HistoryReport>((resolve, reject) => {
    worker.once("message", (m: HistoryReport) => resolve(m));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`history snapshots stopped (exit code ${code})`)));
  });
  done.catch(() => undefined);
  return {
    done,
    async stop() {
      await worker.terminate();
    },
  } satisfies HistoryRun;
}

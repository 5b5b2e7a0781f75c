/**
 * The projection runner: catch up from the log (starting at the newest snapshot of the current version),
 * then follow it live, snapshotting every so many events so a restart folds only the tail. "As at" a
 * position or a time folds exactly the events recorded up to then, from the nearest snapshot, and keeps the
 * last answer. A reader may hold what it was given: the next event folds into a copy (copy-on-write).
 */
import { type Projection, snapshotOf, stateOf } from "../../projections/projection.js";
import type { EventStore, Subscription } from "../store/port.js";
import { SNAPSHOTS_KEPT, type SnapshotStore } from "./snapshots.js";

export interface RunnerOptions {
  /**
   * Snapshot after this many live events folded since the last one. Default: 10,000, or a 40th of the log
   * once it is longer than 400,000 events, so about 40 snapshots span the history at any size, while the
   * read model of a large area (~60 MB of JSON, ~0.5 s to write at 2 million events) is written rarely.
   */
  snapshotEvery?: number;
  /**
   * Snapshot cadence while catching up at start (default: `snapshotEvery` when given, else none until the
   * end: see `checkpointAfterCatchUp`). Writing a large read model costs far more than folding the events
   * between two snapshots, so a cold rebuild writes at most its checkpoint; snapshots across the history
   * for "as at" are made by `historySnapshots` in a worker thread (measured: docs/PERFORMANCE.md).
   */
  catchUpSnapshotEvery?: number;
  /**
   * Write a checkpoint when the catch-up ends (default true). The server's read side turns it off because
   * its history worker writes the checkpoint, off the event loop (a large area's read model takes ~0.6 s to
   * write); `stop()` writes one either way if the newest state is not saved.
   */
  checkpointAfterCatchUp?: boolean;
  /**
   * As-at states kept in memory (default 1: each is a whole read model, ~350 MB of heap in the largest
   * areas, and one is enough for a request's fields and a pack built from the same moment).
   */
  cacheSize?: number;
  /**
   * How long an as-at fold runs (milliseconds) before it gives the event loop back (default 20), so a
   * fold over years of history does not hold up other callers or trip load shedding.
   */
  foldSliceMs?: number;
}

/**
 * What stopped the live read model: the event a projection threw on. The runner folds nothing after it,
 * writes no snapshot of the half-folded state, and readers are refused until a fixed build restarts.
 */
export interface ProjectionFailure {
  projection: string;
  position: number;
  stream: string;
  type: string;
  message: string;
  /** When it happened (the server's clock: this is operational, not part of any read model). */
  at: string;
}

export type FailureListener = (failure: ProjectionFailure, error: unknown) => void;

/** A moment in the log: a global position, or a time (everything recorded at or before it). */
export type AsAt = { position: number } | { time: string };

export interface Folded<S> {
  state: S;
  /** Position of the last event folded (0 if none). */
  position: number;
  recordedAt?: string;
}

/**
 * The default live snapshot cadence at a log position: every 10,000 events, or a 40th of the log once it
 * is longer than 400,000 events (so ~40 snapshots span any history and a large state is written rarely).
 */
export const defaultSnapshotEvery = (position: number): number =>
  Math.max(10_000, Math.floor(position / SNAPSHOTS_KEPT));

export class ProjectionRunner<S> {
  private live: Folded<S>;
  /**
   * Since the live state was last handed to a reader, what of it the runner has copied for writing (see
   * `Projection.ownForWrite`); `undefined` while no reader holds it, so events fold in place.
   */
  private owned: Set<string> | undefined;
  private sinceSnapshot = 0;
  /** Position of the last snapshot this runner wrote or started from (-1: none). */
  private savedAt = -1;
  private subscription?: Subscription;
  private following?: Promise<void>;
  private readonly cache = new Map<number, Folded<S>>();
  private readonly timeIndex = new Map<string, number>();
  private readonly waiters = new Set<{ position: number; resolve: (folded: boolean) => void }>();
  private readonly snapshotEvery: number | undefined;
  private readonly catchUpSnapshotEvery: number;
  private catchingUp = false;
  private readonly checkpointAfterCatchUp: boolean;
  private readonly cacheSize: number;
  private readonly foldSliceMs: number;
  private failed: ProjectionFailure | undefined;
  private readonly failureListeners: FailureListener[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly projection: Projection<S>,
    private readonly snapshots: SnapshotStore,
    options: RunnerOptions = {},
  ) {
    this.snapshotEvery = options.snapshotEvery;
    this.catchUpSnapshotEvery = options.catchUpSnapshotEvery ?? options.snapshotEvery ?? Infinity;
    this.cacheSize = options.cacheSize ?? 1;
    this.foldSliceMs = options.foldSliceMs ?? 20;
    this.checkpointAfterCatchUp = options.checkpointAfterCatchUp ?? true;
    this.live = { state: projection.initial(), position: 0 };
  }

  /** Resume from the newest snapshot, fold the tail, then follow live appends. */
  async start(): Promise<void> {
    const snap = this.snapshots.nearest(this.projection.name, this.projection.version);
    this.savedAt = snap?.position ?? -1;
    this.live = snap
      ? {
          state: stateOf(this.projection, snap.state),
          position: snap.position,
          ...(snap.recordedAt ? { recordedAt: snap.recordedAt } : {}),
        }
      : { state: this.projection.initial(), position: 0 };
    this.catchingUp = true;
    try {
      pages: for await (const page of this.store.readPages({ after: this.live.position }))
        for (const e of page) if (!this.applyLive(e)) break pages;
    } finally {
      this.catchingUp = false;
    }
    if (this.checkpointAfterCatchUp && !this.failed && this.live.position !== this.savedAt)
      this.snapshotNow();
    else this.sinceSnapshot = 0;
    const sub = this.store.subscribe(this.live.position);
    this.subscription = sub;
    this.following = (async () => {
      for await (const e of sub) if (!this.failed && e.position > this.live.position) this.applyLive(e);
    })();
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    await this.following;
    if (!this.failed && this.live.position !== this.savedAt) this.snapshotNow();
  }

  /** Why the live read model stopped, if a projection threw on an event (see `ProjectionFailure`). */
  failure(): ProjectionFailure | undefined {
    return this.failed;
  }

  /** Be told of a failure (at once, if there already is one). Without a listener it goes to stderr. */
  onFailure(listener: FailureListener): void {
    this.failureListeners.push(listener);
    if (this.failed) listener(this.failed, undefined);
  }

  /**
   * The live read model (read-only: do not mutate). It stays as it is for as long as the caller holds it:
   * the next event folds into a copy (copy-on-write), so an answer never changes under a reader.
   */
  current(): Folded<S> {
    this.owned = new Set();
    return this.live;
  }

  /**
   * The live read model for a look that ends before the caller's next `await` (an access decision).
   * Unlike `current()` it does not make the next event fold into a copy, so a command's access check does
   * not cost the next event a copy of every child. Never hand it out, keep it, or read it across an await.
   */
  peek(): Folded<S> {
    return this.live;
  }

  /**
   * Resolves true once the live model has folded `position` (e.g. after a command the caller just sent);
   * false after `timeoutMs`, or if the runner stopped on a failure first.
   */
  waitFor(position: number, timeoutMs = 5000): Promise<boolean> {
    if (this.live.position >= position) return Promise.resolve(true);
    if (this.failed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = { position, resolve };
      this.waiters.add(waiter);
      setTimeout(() => {
        if (this.waiters.delete(waiter)) resolve(false);
      }, timeoutMs).unref();
    });
  }

  /** The read model as at a moment: exactly the events recorded up to then. */
  async at(target: AsAt): Promise<Folded<S>> {
    const live = this.live;
    if (
      "position" in target
        ? target.position >= live.position
        : live.recordedAt !== undefined && target.time >= live.recordedAt
    )
      return this.current();
    const until = "position" in target ? target.position : undefined;
    const cached = this.cache.get(
      "position" in target ? target.position : (this.timeIndex.get(target.time) ?? -1),
    );
    if (cached) return cached;
    const snap = this.snapshots.nearest(
      this.projection.name,
      this.projection.version,
      "position" in target ? { position: target.position } : { time: target.time },
    );
    let folded: Folded<S> = snap
      ? {
          state: stateOf(this.projection, snap.state),
          position: snap.position,
          ...(snap.recordedAt ? { recordedAt: snap.recordedAt } : {}),
        }
      : { state: this.projection.initial(), position: 0 };
    const pages = this.store.readPages({
      after: folded.position,
      ...(until !== undefined ? { until } : {}),
    });
    let { state, position, recordedAt } = folded;
    // A long fold (years of history at the largest sizes) gives the event loop back every few
    // milliseconds, so other callers stay served and load shedding does not mistake it for overload.
    let slice = performance.now();
    fold: for await (const page of pages) {
      for (const e of page) {
        if ("time" in target && e.recordedAt > target.time) break fold;
        state = this.projection.apply(state, e);
        position = e.position;
        recordedAt = e.recordedAt;
      }
      if (performance.now() - slice >= this.foldSliceMs) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
    }
    folded = { state, position, ...(recordedAt !== undefined ? { recordedAt } : {}) };
    this.remember(folded);
    if ("time" in target) this.timeIndex.set(target.time, folded.position);
    return folded;
  }

  private remember(folded: Folded<S>) {
    this.cache.set(folded.position, folded);
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as number);
  }

  /** Fold one event into the live model; false (and the runner stops folding) if the projection threw. */
  private applyLive(e: Parameters<Projection<S>["apply"]>[1]): boolean {
    let state: S;
    try {
      // Copy-on-write: a state a reader holds is never changed under it.
      state = this.projection.apply(this.ownForWrite(e), e);
    } catch (error) {
      this.fail(e, error);
      return false;
    }
    this.live = { state, position: e.position, recordedAt: e.recordedAt };
    this.sinceSnapshot += 1;
    if (this.sinceSnapshot >= (this.catchingUp ? this.catchUpSnapshotEvery : this.liveSnapshotEvery()))
      this.snapshotNow();
    if (this.waiters.size > 0)
      for (const w of [...this.waiters])
        if (this.live.position >= w.position) {
          this.waiters.delete(w);
          w.resolve(true);
        }
    return true;
  }

  private fail(e: Parameters<Projection<S>["apply"]>[1], error: unknown) {
    const failure: ProjectionFailure = {
      projection: this.projection.name,
      position: e.position,
      stream: e.stream,
      type: e.type,
      message: error instanceof Error ? error.message : String(error),
      at: new Date().toISOString(),
    };
    this.failed = failure;
    // The live state may be half-updated: it is never served or saved again (readers get 503s).
    if (this.failureListeners.length === 0)
      console.error(
        `projection ${failure.projection} failed at position ${failure.position} (${failure.type} on ${failure.stream}): ${failure.message}`,
      );
    for (const listener of this.failureListeners) listener(failure, error);
    for (const w of [...this.waiters]) {
      this.waiters.delete(w);
      w.resolve(false);
    }
  }

  private liveSnapshotEvery(): number {
    return this.snapshotEvery ?? defaultSnapshotEvery(this.live.position);
  }

  private ownForWrite(e: Parameters<Projection<S>["apply"]>[1]): S {
    const { owned } = this;
    if (!owned) return this.live.state;
    if (this.projection.ownForWrite) return this.projection.ownForWrite(this.live.state, e, owned);
    this.owned = undefined;
    return structuredClone(this.live.state);
  }

  private snapshotNow() {
    this.snapshots.save(
      this.projection.name,
      this.projection.version,
      this.live.position,
      this.live.recordedAt,
      snapshotOf(this.projection, this.live.state),
    );
    this.savedAt = this.live.position;
    this.sinceSnapshot = 0;
  }
}

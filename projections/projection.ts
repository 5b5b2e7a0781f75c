/**
 * A projection: a name, a version (bump it and the runner rebuilds), an initial state and a fold.
 * Pure: no I/O, no clock. `apply` may update and return the state object it is given — the runner owns
 * that object and copies it for snapshots — so that folding two million events does not copy a large
 * state two million times. States keyed by ids use `Map`s (an id may be `__proto__` or `toString`), so a
 * projection whose state is not plain JSON says how to write and read it for a snapshot (`snapshot`).
 */
import type { RecordedEvent } from "../schemas/envelope.js";
import { decodeEvent, type EvidenceEvent } from "../schemas/events/index.js";

export interface Projection<S> {
  name: string;
  version: number;
  initial(): S;
  apply(state: S, event: RecordedEvent): S;
  /**
   * Copy-on-write, for when a reader holds the state `apply` is about to update in place: return a state
   * `apply(·, event)` may update without changing anything the reader sees, copying only what that event
   * touches. `owned` says what has already been copied since the state was last handed out (empty: nothing)
   * and is updated. Without it the runner copies the whole state (`structuredClone`).
   */
  ownForWrite?(state: S, event: RecordedEvent, owned: Set<string>): S;
  /** The state as JSON data and back, for snapshots; without it the state is JSON as it is. */
  snapshot?: SnapshotCodec<S>;
}

export interface SnapshotCodec<S> {
  write(state: S): unknown;
  read(json: unknown): S;
}

/** The state as a snapshot holds it. */
export const snapshotOf = <S>(projection: Projection<S>, state: S): unknown =>
  projection.snapshot ? projection.snapshot.write(state) : state;

/** The state a snapshot holds, as the projection folds it. */
export const stateOf = <S>(projection: Projection<S>, json: unknown): S =>
  projection.snapshot ? projection.snapshot.read(json) : (json as S);

/** A fold over decoded, typed events: a part of the evidence projection (see evidence.ts). */
export interface Fold<S> {
  name: string;
  version: number;
  initial(): S;
  apply(state: S, event: EvidenceEvent): S;
}

/**
 * A fold as a projection of stored events on its own (for tests and the imports, which fold one stream):
 * each event is decoded, and a type this build does not know is skipped.
 */
export function overStored<S>(part: Fold<S>): Projection<S> & { fold: Fold<S> } {
  return {
    name: part.name,
    version: part.version,
    initial: part.initial,
    apply(state, raw) {
      const event = decodeEvent(raw);
      return event ? part.apply(state, event) : state;
    },
    fold: part,
  };
}

/** The id part of a stream name: `case-C000001` → `C000001`. */
export const idOf = (stream: string) => stream.slice(stream.indexOf("-") + 1);

/** Fold a sequence of events from a given state (a fresh one by default). */
export function fold<S>(projection: Projection<S>, events: Iterable<RecordedEvent>, from?: S): S {
  let state = from ?? projection.initial();
  for (const e of events) state = projection.apply(state, e);
  return state;
}

/** A `Map`'s entries as JSON data (an array of pairs: any key, `__proto__` included, survives). */
export const entriesOf = <V>(map: ReadonlyMap<string, V>): [string, V][] => [...map];

/** A `Map` from the pairs `entriesOf` wrote. */
export const mapOf = <V>(json: unknown): Map<string, V> => new Map(json as [string, V][]);

/**
 * A projection: a name, a version (bump it and the runner rebuilds), an initial state and a fold.
 * Pure: no I/O, no clock. `apply` may update and return the state object it is given — the runner owns
 * that object and copies it for snapshots — so that folding two million events does not copy a large
 * state two million times. States are plain JSON data (records and arrays, no Maps), so a snapshot is JSON.
 */
import type { RecordedEvent } from "../schemas/envelope.js";

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
}

/** The id part of a stream name: `case-C000001` → `C000001`. */
export const idOf = (stream: string) => stream.slice(stream.indexOf("-") + 1);

/** Fold a sequence of events from a given state (a fresh one by default). */
export function fold<S>(projection: Projection<S>, events: Iterable<RecordedEvent>, from?: S): S {
  let state = from ?? projection.initial();
  for (const e of events) state = projection.apply(state, e);
  return state;
}

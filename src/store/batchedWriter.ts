/**
 * Appends held in memory and committed many at a time, through the store's `appendMany` (one transaction,
 * one fsync). For a bulk writer that is the only writer for the while (the demo seed): the command handler
 * reads and appends through it exactly as through the store — a stream reads back what was appended to it
 * but not yet committed, each append is checked against the stream's revision — and `flush` commits the
 * held appends, each one re-checked in the store against the revision it was decided on, so a write by
 * anyone else in between fails the whole batch (WrongExpectedRevisionError) and stores none of it.
 *
 * Held events read back as the store would hand them back: data and metadata through JSON, recordedAt
 * from the writer's clock, never going backwards. Positions are provisional until the flush (the head
 * when the batch began, counted on), which is what they become when nobody else writes.
 */
import type { NewEvent, RecordedEvent } from "../../schemas/envelope.js";
import {
  type AppendResult,
  DuplicateEventIdError,
  type EventStore,
  type ExpectedRevision,
  revisionMatches,
  type StreamAppend,
  type StreamStore,
  WrongExpectedRevisionError,
} from "./port.js";

export interface BatchedWriter extends StreamStore {
  /** Commit every held append, in one transaction. */
  flush(): Promise<void>;
  /** Events appended and not yet committed. */
  readonly held: number;
}

export interface BatchedWriterOptions {
  /** When each append happens (the demo seed's moment); the real time when absent. */
  clock?: () => Date;
  /** Streams kept in memory between flushes, in events; past this they are dropped at a flush. */
  maxCachedEvents?: number;
}

type Bulk = EventStore & Required<Pick<EventStore, "appendMany">>;

/** Does this store commit many appends in one transaction? */
export const canAppendMany = (store: EventStore): store is Bulk => typeof store.appendMany === "function";

const throughJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function batchedWriter(store: Bulk, options: BatchedWriterOptions = {}): BatchedWriter {
  const clock = options.clock ?? (() => new Date());
  const maxCached = options.maxCachedEvents ?? 200_000;
  /** Streams as the store holds them plus what is held for them: read once, then kept up to date. */
  const streams = new Map<string, RecordedEvent[]>();
  let cached = 0;
  let held: StreamAppend[] = [];
  let heldEvents = 0;
  /** Position and recordedAt of the log's last event, committed or held. */
  let head: { position: number; recordedAt?: string } | undefined;

  async function historyOf(stream: string): Promise<RecordedEvent[]> {
    let history = streams.get(stream);
    if (!history) {
      history = await store.readStream(stream);
      streams.set(stream, history);
      cached += history.length;
    }
    return history;
  }

  /** A retry of events already appended to this stream (the same ids in the same order) answers as one. */
  function replayed(stream: string, history: readonly RecordedEvent[], events: readonly NewEvent[]) {
    const from = history.findIndex((e) => e.id === events[0]!.id);
    if (from < 0) return undefined;
    const same = events.every((e, i) => history[from + i]?.id === e.id);
    if (!same) throw new DuplicateEventIdError(events[0]!.id);
    const last = history[from + events.length - 1]!;
    return { nextRevision: last.revision, position: last.position, duplicate: true };
  }

  return {
    get held() {
      return heldEvents;
    },
    async readStream(stream, fromRevision = 0) {
      return (await historyOf(stream)).slice(Math.max(0, fromRevision));
    },
    async append(stream, events, expected: ExpectedRevision): Promise<AppendResult> {
      const history = await historyOf(stream);
      head ??= await store.head();
      const actual = history.length - 1;
      if (events.length > 0) {
        const retry = replayed(stream, history, events);
        if (retry) return retry;
      }
      if (!revisionMatches(expected, actual)) throw new WrongExpectedRevisionError(stream, expected, actual);
      if (events.length === 0) return { nextRevision: actual, position: head.position, duplicate: false };
      const at = clock();
      const now = at.toISOString();
      const recordedAt = head.recordedAt && head.recordedAt > now ? head.recordedAt : now;
      let position = head.position;
      events.forEach((e, i) => {
        position += 1;
        history.push({
          id: e.id,
          stream,
          revision: actual + 1 + i,
          position,
          type: e.type,
          recordedAt,
          data: throughJson(e.data),
          metadata: throughJson(e.metadata),
        });
      });
      // Re-checked at the flush against the revision this append was decided on.
      held.push({ stream, events, expected: actual === -1 ? "noStream" : actual, recordedAt: at });
      heldEvents += events.length;
      cached += events.length;
      head = { position, recordedAt };
      return { nextRevision: actual + events.length, position, duplicate: false };
    },
    async flush() {
      const batch = held;
      held = [];
      heldEvents = 0;
      if (batch.length === 0) return;
      try {
        const results = await store.appendMany(batch);
        const last = results.at(-1);
        if (last && head && last.position !== head.position) {
          // Someone else wrote too: the provisional positions were wrong. Read the log again from now on.
          streams.clear();
          cached = 0;
          head = undefined;
        }
      } catch (err) {
        // Nothing of the batch was stored: what is kept in memory is no longer the store's.
        streams.clear();
        cached = 0;
        head = undefined;
        throw err;
      }
      if (cached > maxCached) {
        streams.clear();
        cached = 0;
      }
    },
  };
}

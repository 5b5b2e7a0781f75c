/**
 * The EventStoreDB adapter (server 22.6 or later, gRPC client v6). Translation rules live in
 * eventstoredbMapping.ts and are unit-tested there; this file is the I/O around them, checked by the shared
 * contract suite when EVENTSTORE_URL points at a server.
 *
 * Differences from the SQLite adapter, by design or by necessity:
 *  - Event ids are NOT unique across streams. EventStoreDB has no index by event id, so refusing an id that
 *    is already stored on another stream would cost a scan of `$all` or an extra write per event (a
 *    reservation stream per id), doubling the log. Not done: DuplicateEventIdError is raised only for an id
 *    repeated inside one batch and for a batch that overlaps, out of place, the events where a retry of it
 *    would have landed (see `duplicateResult`). Callers must mint a fresh UUID per event, as they already do.
 *  - Retries: a batch whose ids already sit exactly where a retry would put them is reported with
 *    `duplicate: true` and not appended again. With a numeric expected revision or "noStream" that check is
 *    exact (and the server's own idempotency backs it up). With "any" or "streamExists" the adapter only
 *    looks at the stream's last n events; a retry that other appends have since buried relies on the
 *    server's best-effort idempotency, which is reported as `duplicate: true` when it kicks in. Two
 *    identical requests racing each other append once, but both may report `duplicate: false`.
 *  - An append costs three round trips: the retry check (a read of at most n events), the append, and a
 *    one-event read-back for the last event's position. All three go to the leader.
 *  - The connecting user needs read access to `$all` (readAll, subscribe, head). System events (`$` types,
 *    `$` streams) are never returned and appends to `$` streams are refused.
 *  - `after` and `until` must be 0 or positions this store handed out: EventStoreDB reads `$all` from real
 *    log positions only.
 */
import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  type ReadPosition,
  type ReadStreamOptions,
  type ResolvedEvent,
  START,
} from "@eventstore/db-client";
import type { NewEvent, RecordedEvent } from "../../schemas/envelope.js";
import {
  duplicateResult,
  fromEsdbPosition,
  fromEsdbRevision,
  isStreamNotFound,
  isSystemEvent,
  isSystemStream,
  mapAppendError,
  replayedByServer,
  repeatedId,
  retrySlotStart,
  type StoredRef,
  toEsdbEvent,
  toEsdbExpectedRevision,
  toReadPosition,
  toRecordedEvent,
  toStoredRef,
} from "./eventstoredbMapping.js";
import {
  type AppendResult,
  DuplicateEventIdError,
  type EventStore,
  type ExpectedRevision,
  inPages,
  type ReadAllOptions,
  revisionMatches,
  type StoreHead,
  type Subscription,
  WrongExpectedRevisionError,
} from "./port.js";

/** Events of `$all` looked at per round trip when searching backwards for the last non-system event. */
const HEAD_PAGE = 64;

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function openEventStoreDb(url: string): EventStore {
  // Parses the connection string now; connects lazily on the first call.
  const client = EventStoreDBClient.connectionString(url);
  const open = new Set<Subscription>();

  /** A slice of one stream; a stream that was never written reads as empty. */
  async function readRaw(stream: string, options: ReadStreamOptions): Promise<ResolvedEvent[]> {
    try {
      return await collect(client.readStream(stream, options));
    } catch (err) {
      if (isStreamNotFound(err)) return [];
      throw err;
    }
  }

  /** The append path reads its own writes: from the leader, whatever the connection's node preference. */
  function readOwn(stream: string, options: ReadStreamOptions): Promise<ResolvedEvent[]> {
    return readRaw(stream, { ...options, requiresLeader: true });
  }

  async function lastRevision(stream: string): Promise<number> {
    const [last] = await readOwn(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return last ? toStoredRef(last).revision : -1;
  }

  async function append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    if (isSystemStream(stream)) throw new Error(`stream ${stream}: "$" streams belong to EventStoreDB`);
    const expectedRevision = toEsdbExpectedRevision(expected); // validates a numeric revision up front
    const repeated = repeatedId(events);
    if (repeated) throw new DuplicateEventIdError(repeated);

    if (events.length === 0) {
      const actual = await lastRevision(stream);
      if (!revisionMatches(expected, actual)) throw new WrongExpectedRevisionError(stream, expected, actual);
      return { nextRevision: actual, position: (await head()).position, duplicate: false };
    }

    // Where would this batch already be if the request is a retry? See duplicateResult.
    const slot = retrySlotStart(expected);
    let found: StoredRef[];
    let revisionBefore: number;
    if (slot === undefined) {
      const tail = await readOwn(stream, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: events.length,
      });
      found = tail.map(toStoredRef).reverse();
      revisionBefore = found.at(-1)?.revision ?? -1;
    } else {
      const there = await readOwn(stream, { fromRevision: BigInt(slot), maxCount: events.length });
      found = there.map(toStoredRef);
      revisionBefore = slot - 1;
    }
    const replay = duplicateResult(events, found);
    if (replay) return replay;

    let nextExpectedRevision: bigint;
    try {
      // One append request: the server writes all of the events or none of them.
      ({ nextExpectedRevision } = await client.appendToStream(stream, events.map(toEsdbEvent), {
        expectedRevision,
      }));
    } catch (err) {
      throw mapAppendError(err, stream, expected);
    }
    const nextRevision = fromEsdbRevision(nextExpectedRevision);
    // The append's own position is the transaction's, not always the last event's: read the event back.
    const [last] = await readOwn(stream, { fromRevision: nextExpectedRevision, maxCount: 1 });
    if (!last) throw new Error(`stream ${stream}: revision ${nextRevision} is not readable after the append`);
    return {
      nextRevision,
      position: toStoredRef(last).position,
      duplicate: replayedByServer(nextRevision, events.length, revisionBefore),
    };
  }

  /** `$all` forwards, in pages. EventStoreDB v6's readAll takes no server-side filter: system events are
   * skipped here, after they have counted towards the page. */
  async function* readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    let seen = options.after ?? 0;
    const until = options.until ?? Number.MAX_SAFE_INTEGER;
    const size = options.batchSize ?? 1000;
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`batchSize must be >= 1, got ${size}`);
    let from: ReadPosition = toReadPosition(seen);
    for (;;) {
      // A read from a position includes the event there, already seen: ask for one more.
      const maxCount = from === START ? size : size + 1;
      const page: AllStreamResolvedEvent[] = await collect(
        client.readAll({ direction: FORWARDS, fromPosition: from, maxCount }),
      );
      for (const resolved of page) {
        const { event } = resolved;
        if (!event) continue;
        const position = fromEsdbPosition(event.position);
        if (position <= seen) continue;
        if (position > until) return;
        seen = position;
        if (!isSystemEvent(event)) yield toRecordedEvent(resolved);
      }
      const tail = page.at(-1)?.event;
      if (!tail || page.length < maxCount) return;
      from = tail.position;
    }
  }

  async function head(): Promise<StoreHead> {
    let from: ReadPosition = END;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await collect(
        client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: HEAD_PAGE }),
      );
      const last = page.find((r) => r.event && !isSystemEvent(r.event));
      if (last) {
        const e = toRecordedEvent(last);
        return { position: e.position, recordedAt: e.recordedAt };
      }
      const oldest = page.at(-1)?.event;
      if (!oldest || page.length < HEAD_PAGE) return { position: 0 };
      from = oldest.position;
    }
  }

  function subscribe(after: number): Subscription {
    const fromPosition = toReadPosition(after);
    let closed = false;
    let stop: (() => Promise<void>) | undefined;

    async function* run(): AsyncGenerator<RecordedEvent> {
      // Opened on first pull, so a subscription closed before use never touches the server, and the client
      // stream always has a reader to take its errors.
      const live = client.subscribeToAll({ fromPosition, filter: excludeSystemEvents() });
      let stopped = false;
      stop = async () => {
        if (stopped) return;
        stopped = true;
        // Cancelling the call does not end the client stream; destroying it ends the loop below.
        // Closing regardless: a call that already failed has nothing left to cancel.
        await live.unsubscribe().catch(() => undefined);
        live.destroy();
      };
      let seen = after;
      try {
        for await (const resolved of live) {
          const { event } = resolved;
          if (!event) continue;
          const position = fromEsdbPosition(event.position);
          if (position <= seen) continue; // whether the server starts at or after `after`, skip it
          seen = position;
          if (!isSystemEvent(event)) yield toRecordedEvent(resolved);
        }
      } catch (err) {
        if (!closed) throw err;
      } finally {
        await stop();
      }
    }

    const iterator = run();
    const subscription: Subscription = {
      [Symbol.asyncIterator]: () => iterator,
      async close() {
        closed = true;
        open.delete(subscription);
        await stop?.();
        await iterator.return(undefined);
      },
    };
    open.add(subscription);
    return subscription;
  }

  return {
    kind: "eventstoredb",
    append,
    async readStream(stream, fromRevision = 0) {
      if (!Number.isSafeInteger(fromRevision) || fromRevision < 0)
        throw new RangeError(`fromRevision must be a non-negative integer, got ${fromRevision}`);
      return (await readRaw(stream, { fromRevision: BigInt(fromRevision) })).map(toRecordedEvent);
    },
    readAll,
    readPages: (options: ReadAllOptions = {}) => inPages(readAll(options), options.batchSize ?? 1000),
    subscribe,
    head,
    async close() {
      await Promise.all([...open].map((s) => s.close()));
      await client.dispose();
    },
  };
}

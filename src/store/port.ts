/**
 * The EventStore port: the one interface both adapters (SQLite, EventStoreDB) implement and the one
 * contract suite (test/store/contract.ts) checks.
 */
import type { NewEvent, RecordedEvent } from "../../schemas/envelope.js";

/** What the writer believes the stream's last revision is. */
export type ExpectedRevision = number | "any" | "noStream" | "streamExists";

export interface AppendResult {
  /** The stream's revision after the append (its last event's revision). */
  nextRevision: number;
  /** Global position of the last appended event. */
  position: number;
  /** True when every event id was already in the stream: a retried request, nothing appended. */
  duplicate: boolean;
}

export interface ReadAllOptions {
  /** Start after this global position (exclusive); 0 reads from the beginning. */
  after?: number;
  /** Stop at this global position (inclusive). */
  until?: number;
  /** Events fetched per round trip. */
  batchSize?: number;
}

export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

/** One stream's append within `appendMany`. */
export interface StreamAppend {
  stream: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
  /**
   * When the store records these events (the demo seed's backdated history); the store's clock when
   * absent. As with `append`, recordedAt never goes backwards along the log.
   */
  recordedAt?: Date;
}

export interface StoreHead {
  /** Global position of the last event, 0 for an empty store. */
  position: number;
  /** recordedAt of the last event, undefined for an empty store. */
  recordedAt?: string;
}

export interface EventStore {
  readonly kind: "sqlite" | "eventstoredb";
  /** Append atomically: all of `events` or none. Rejects with WrongExpectedRevisionError on conflict. */
  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Many appends in one transaction, all or none, in order: each is checked against its expected
   * revision as the appends before it in the same call left its stream, and answers as `append` would.
   * For bulk writers (the demo seed, src/store/batchedWriter.ts): one commit and one fsync instead of one
   * per command. Optional: EventStoreDB has no transaction across streams, so only SQLite offers it;
   * callers without it append one by one.
   */
  appendMany?(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** Every event of one stream, in revision order, from `fromRevision` (inclusive). Empty if no stream. */
  readStream(stream: string, fromRevision?: number): Promise<RecordedEvent[]>;
  /** The global log in position order, batched. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /**
   * The same events as `readAll`, a page (at most `batchSize`, never empty) at a time: for folding millions
   * of events, where one await per event costs more than the fold (docs/PERFORMANCE.md).
   */
  readPages(options?: ReadAllOptions): AsyncIterable<RecordedEvent[]>;
  /** Catch up from after `after`, then follow live appends until closed. */
  subscribe(after: number): Subscription;
  head(): Promise<StoreHead>;
  close(): Promise<void>;
}

/** What a command handler needs of a store: its streams, and appending to one. */
export type StreamStore = Pick<EventStore, "readStream" | "append">;

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision; -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = "WrongExpectedRevisionError";
  }
}

/** An event id already stored, but not as the same batch on the same stream: a real clash, not a retry. */
export class DuplicateEventIdError extends Error {
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already stored elsewhere`);
    this.name = "DuplicateEventIdError";
  }
}

/** Does `actual` (-1 = no stream) satisfy `expected`? Shared by both adapters. */
export function revisionMatches(expected: ExpectedRevision, actual: number): boolean {
  switch (expected) {
    case "any":
      return true;
    case "noStream":
      return actual === -1;
    case "streamExists":
      return actual >= 0;
    default:
      return expected === actual;
  }
}

/** Group a stream of events into pages of at most `size` (for adapters whose reads are not paged). */
export async function* inPages<T>(items: AsyncIterable<T>, size = 1000): AsyncGenerator<T[]> {
  let page: T[] = [];
  for await (const item of items) {
    page.push(item);
    if (page.length >= size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/**
 * The embedded default store: one SQLite file in WAL mode with synchronous=FULL, so an acknowledged
 * append survives a crash of the process or the machine. better-sqlite3 is synchronous; each call is one
 * short transaction, wrapped in a promise to match the port. `appendMany` puts many streams' appends in one
 * transaction (the demo seed: one fsync per batch rather than per command).
 */
import Database from "better-sqlite3";
import type { NewEvent, RecordedEvent } from "../../schemas/envelope.js";
import {
  type AppendResult,
  DuplicateEventIdError,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  revisionMatches,
  type StoreHead,
  type StreamAppend,
  type Subscription,
  WrongExpectedRevisionError,
} from "./port.js";
import { liveFeed } from "./liveFeed.js";
import { privateFile } from "./privateFiles.js";

export interface SqliteStoreOptions {
  /** When the store accepts an event. Tests and the demo seed pass their own. */
  clock?: () => Date;
  /** How often a live subscription looks for events written by another process, in ms. */
  pollMs?: number;
  /** `FULL` (default) or `NORMAL`; see docs/OPERATIONS.md before changing it. */
  synchronous?: "FULL" | "NORMAL";
}

interface Row {
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  recorded_at: string;
  data: string;
  metadata: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT NOT NULL UNIQUE,
  stream      TEXT NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  data        TEXT NOT NULL,
  metadata    TEXT NOT NULL,
  UNIQUE (stream, revision)
);
`;

const toRecorded = (r: Row): RecordedEvent => ({
  id: r.id,
  stream: r.stream,
  revision: r.revision,
  position: r.position,
  type: r.type,
  recordedAt: r.recorded_at,
  data: JSON.parse(r.data) as Record<string, unknown>,
  metadata: JSON.parse(r.metadata) as RecordedEvent["metadata"],
});

export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): EventStore {
  privateFile(file);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${options.synchronous ?? "FULL"}`);
  db.pragma("busy_timeout = 5000");
  db.exec(SCHEMA);
  const clock = options.clock ?? (() => new Date());

  const q = {
    byId: db.prepare<[string], Row>("SELECT * FROM events WHERE id = ?"),
    lastRevision: db.prepare<[string], { r: number | null }>(
      "SELECT MAX(revision) AS r FROM events WHERE stream = ?",
    ),
    last: db.prepare<[], Pick<Row, "position" | "recorded_at">>(
      "SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1",
    ),
    insert: db.prepare(
      "INSERT INTO events (id, stream, revision, type, recorded_at, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ),
    stream: db.prepare<[string, number], Row>(
      "SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision",
    ),
    page: db.prepare<[number, number, number], Row>(
      "SELECT * FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?",
    ),
  };

  const feed = liveFeed(options.pollMs ?? 250);

  /** One stream's append, inside a transaction; `at` is when it is recorded (never before the log's last). */
  function appendInTx(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    at: () => Date,
  ): AppendResult {
    const actual = q.lastRevision.get(stream)?.r ?? -1;
    const first = events[0];
    if (first) {
      const existing = q.byId.get(first.id);
      if (existing) return replayed(stream, events, existing);
    }
    if (!revisionMatches(expected, actual)) throw new WrongExpectedRevisionError(stream, expected, actual);
    const last = q.last.get();
    if (events.length === 0) return { nextRevision: actual, position: last?.position ?? 0, duplicate: false };
    // recordedAt never goes backwards, so "as at a time" is always a prefix of the log.
    const now = at().toISOString();
    const recordedAt = last && last.recorded_at > now ? last.recorded_at : now;
    let revision = actual;
    let position = 0;
    for (const e of events) {
      revision += 1;
      const info = q.insert.run(
        e.id,
        stream,
        revision,
        e.type,
        recordedAt,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
      );
      position = Number(info.lastInsertRowid);
    }
    return { nextRevision: revision, position, duplicate: false };
  }

  const appendTx = db.transaction(
    (stream: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendResult =>
      appendInTx(stream, events, expected, clock),
  );
  const appendManyTx = db.transaction((appends: readonly StreamAppend[]): AppendResult[] =>
    appends.map((a) =>
      appendInTx(a.stream, a.events, a.expected, a.recordedAt ? () => a.recordedAt! : clock),
    ),
  );

  /** The first id is stored: a retry of the very same batch is fine, anything else is a clash. */
  function replayed(stream: string, events: readonly NewEvent[], first: Row): AppendResult {
    let last = first;
    events.forEach((e, i) => {
      const row = q.byId.get(e.id);
      if (!row || row.stream !== stream || row.revision !== first.revision + i)
        throw new DuplicateEventIdError(e.id);
      last = row;
    });
    return { nextRevision: last.revision, position: last.position, duplicate: true };
  }

  async function* readPages(opts: ReadAllOptions = {}): AsyncGenerator<RecordedEvent[]> {
    let after = opts.after ?? 0;
    const until = opts.until ?? Number.MAX_SAFE_INTEGER;
    const size = opts.batchSize ?? 1000;
    for (;;) {
      const rows = q.page.all(after, until, size);
      if (rows.length > 0) yield rows.map(toRecorded);
      const tail = rows.at(-1);
      if (!tail || rows.length < size) return;
      after = tail.position;
    }
  }

  async function* readAll(opts: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    for await (const page of readPages(opts)) yield* page;
  }

  return {
    kind: "sqlite",
    async append(stream, events, expected) {
      // .immediate takes the write lock at once, so two processes cannot both pass the revision check.
      const result = appendTx.immediate(stream, events, expected);
      if (!result.duplicate && events.length > 0) feed.notify();
      return result;
    },
    async appendMany(appends) {
      // One IMMEDIATE transaction for the lot: one commit (one fsync) however many streams it writes.
      const results = appendManyTx.immediate(appends);
      if (results.some((r, i) => !r.duplicate && appends[i]!.events.length > 0)) feed.notify();
      return results;
    },
    async readStream(stream, fromRevision = 0) {
      return q.stream.all(stream, fromRevision).map(toRecorded);
    },
    readAll,
    readPages,
    subscribe(after: number): Subscription {
      return feed.follow(after, (cursor, size) =>
        q.page.all(cursor, Number.MAX_SAFE_INTEGER, size).map(toRecorded),
      );
    },
    async head(): Promise<StoreHead> {
      const last = q.last.get();
      return last ? { position: last.position, recordedAt: last.recorded_at } : { position: 0 };
    },
    async close() {
      await feed.closeAll();
      if (db.open) db.close();
    },
  };
}

/**
 * The access log: every read of a child's data, on disk beside the store (`DATA_DIR/access-log.db`),
 * never in the application log (which `LOG_LEVEL` can silence) nor in the event log (reads are not
 * facts about the area).
 *
 * SQLite, WAL, `synchronous=FULL`: a read is recorded, and the commit is on the disk, before the answer
 * leaves (callers write before they send), so a power cut cannot lose the record of a read that was served.
 * That costs one fsync per request that reads case-level data; docs/ACCESS-LOG.md has the figures.
 *
 * Two tables: `entries` (one row per read: time, actor, role, what, request id, how many children) and
 * `entry_cases` (one row per child per read, keyed by case id then time), so "who saw child X between two
 * dates" is a range scan of one index. Append-only: this module has no update or delete, and triggers
 * refuse both in the file itself.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { AccessEntry, AccessRead } from "../../schemas/accessLog.js";
import type { Role } from "../../schemas/common.js";

export interface AccessLogOptions {
  /** When a read is served. Tests and the bench pass their own. */
  clock?: () => Date;
  /** `FULL` (default): see the top of this file before choosing `NORMAL`. */
  synchronous?: "FULL" | "NORMAL";
}

export interface SeenBy {
  entries: AccessEntry[];
  /** More entries matched than `limit`: ask for a narrower range. */
  truncated: boolean;
}

export interface AccessLog {
  /** Append the reads of one request in one transaction, stamped now (or at `at`). */
  record(reads: readonly AccessRead[], at?: Date): void;
  /** Entries naming `caseId` with `from <= time <= to` (milliseconds since 1970, UTC), oldest first. */
  seenBy(caseId: string, from: number, to: number, limit?: number): SeenBy;
  /** Entries in the log. */
  count(): number;
  /** The log's size on disk in bytes (the database and its write-ahead log, as pages). */
  bytes(): number;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  actor      TEXT NOT NULL,
  role       TEXT NOT NULL,
  what       TEXT NOT NULL,
  request_id TEXT NOT NULL,
  cases      INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS entry_cases (
  case_id  TEXT NOT NULL,
  at       INTEGER NOT NULL,
  entry_id INTEGER NOT NULL,
  PRIMARY KEY (case_id, at, entry_id)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS entries_append_only_update BEFORE UPDATE ON entries
  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS entries_append_only_delete BEFORE DELETE ON entries
  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS entry_cases_append_only_update BEFORE UPDATE ON entry_cases
  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS entry_cases_append_only_delete BEFORE DELETE ON entry_cases
  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
`;

interface Row {
  at: number;
  actor: string;
  role: Role;
  what: string;
  request_id: string;
  cases: number;
}

/** As many entries as a query returns before it says "truncated". */
export const SEEN_BY_LIMIT = 10_000;

/** Create the file readable by its owner only (0600), in a directory only its owner can enter. */
function privateFile(file: string) {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, "a", 0o600));
  chmodSync(file, 0o600);
}

export function openAccessLog(file: string, options: AccessLogOptions = {}): AccessLog {
  if (file !== ":memory:") privateFile(file);
  const db = new Database(file, { timeout: 5000 });
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${options.synchronous ?? "FULL"}`);
  db.exec(SCHEMA);
  const clock = options.clock ?? (() => new Date());

  const insertEntry = db.prepare<[number, string, string, string, string, number]>(
    "INSERT INTO entries (at, actor, role, what, request_id, cases) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const insertCase = db.prepare<[string, number, number | bigint]>(
    "INSERT OR IGNORE INTO entry_cases (case_id, at, entry_id) VALUES (?, ?, ?)",
  );
  const seen = db.prepare<[string, number, number, number], Row>(
    `SELECT e.at, e.actor, e.role, e.what, e.request_id, e.cases
       FROM entry_cases c JOIN entries e ON e.id = c.entry_id
      WHERE c.case_id = ? AND c.at >= ? AND c.at <= ?
      ORDER BY c.at, c.entry_id
      LIMIT ?`,
  );
  const count = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM entries");

  const append = db.transaction((reads: readonly AccessRead[], at: number) => {
    for (const read of reads) {
      const ids = new Set(read.caseIds);
      const { lastInsertRowid } = insertEntry.run(
        at,
        read.actor,
        read.role,
        read.what,
        read.requestId,
        ids.size,
      );
      for (const id of ids) insertCase.run(id, at, lastInsertRowid);
    }
  });

  return {
    record(reads, at = clock()) {
      if (reads.length > 0) append(reads, at.getTime());
    },
    seenBy(caseId, from, to, limit = SEEN_BY_LIMIT) {
      const rows = seen.all(caseId, from, to, limit + 1);
      return {
        truncated: rows.length > limit,
        entries: rows.slice(0, limit).map((r) => ({
          at: new Date(r.at).toISOString(),
          actor: r.actor,
          role: r.role,
          what: r.what,
          requestId: r.request_id,
          cases: r.cases,
        })),
      };
    },
    count: () => count.get()!.n,
    bytes: () =>
      (db.pragma("page_count", { simple: true }) as number) *
      (db.pragma("page_size", { simple: true }) as number),
    close: () => db.close(),
  };
}

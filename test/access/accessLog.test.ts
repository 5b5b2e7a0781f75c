import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import t from "tap";
import type { AccessRead } from "../../schemas/accessLog.js";
import { openAccessLog } from "../../src/access/accessLog.js";

const dir = mkdtempSync(join(tmpdir(), "send-access-log-"));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const read = (what: string, caseIds: string[], actor = "lano.one"): AccessRead => ({
  actor,
  role: "lano",
  what,
  requestId: `req-${what}`,
  caseIds,
});
const at = (iso: string) => new Date(iso);
const ALL = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] as const;

t.test("entries are durable across a reopen, owner-only on disk, and found by child and time", async (t) => {
  const file = join(dir, "nested", "access-log.db");
  const log = openAccessLog(file);
  log.record([read("cases", ["C1", "C2", "C1"]), read("qaAudits", ["C2"])], at("2026-11-20T10:00:00Z"));
  log.record([read("case", ["C1"], "officer.one")], at("2026-11-21T09:30:00.250Z"));
  log.record([]);
  t.equal(log.count(), 3, "one entry per read; an empty request writes nothing");
  log.close();

  t.equal(statSync(file).mode & 0o777, 0o600, "the file is readable by its owner only");
  t.equal(statSync(join(dir, "nested")).mode & 0o777, 0o700, "in a directory only its owner can enter");
  if (existsSync(`${file}-wal`)) t.equal(statSync(`${file}-wal`).mode & 0o777, 0o600, "and so is its WAL");

  const again = openAccessLog(file);
  t.teardown(() => again.close());
  t.equal(again.count(), 3, "every entry is there after a reopen");
  const c1 = again.seenBy("C1", ...ALL);
  t.same(
    c1.entries.map((e) => [e.at, e.actor, e.role, e.what, e.requestId, e.cases]),
    [
      ["2026-11-20T10:00:00.000Z", "lano.one", "lano", "cases", "req-cases", 2],
      ["2026-11-21T09:30:00.250Z", "officer.one", "lano", "case", "req-case", 1],
    ],
    "oldest first, a repeated id counted once",
  );
  t.equal(c1.truncated, false);
  t.same(
    again.seenBy("C2", ...ALL).entries.map((e) => e.what),
    ["cases", "qaAudits"],
  );
  const from = Date.parse("2026-11-21T09:30:00.250Z");
  t.same(
    again.seenBy("C1", from, from).entries.map((e) => e.what),
    ["case"],
    "both bounds inclusive, to the millisecond",
  );
  t.same(again.seenBy("C1", from + 1, Number.MAX_SAFE_INTEGER).entries, []);
  t.same(again.seenBy("C3", ...ALL).entries, [], "a child nobody read");
  t.ok(again.bytes() > 0);
});

t.test("append-only: the file itself refuses updates and deletes", async (t) => {
  const file = join(dir, "append-only.db");
  const log = openAccessLog(file, { synchronous: "NORMAL" });
  log.record([read("case", ["C9"])]);
  log.close();
  const db = new Database(file);
  t.teardown(() => db.close());
  t.throws(() => db.prepare("DELETE FROM entries").run(), /append-only/);
  t.throws(() => db.prepare("UPDATE entries SET actor = 'someone else'").run(), /append-only/);
  t.throws(() => db.prepare("DELETE FROM entry_cases").run(), /append-only/);
  t.throws(() => db.prepare("UPDATE entry_cases SET case_id = 'C0'").run(), /append-only/);
  t.equal((db.prepare("SELECT COUNT(*) AS n FROM entry_cases").get() as { n: number }).n, 1);
});

t.test("a long answer is cut at the limit and says so", async (t) => {
  let now = Date.parse("2026-11-01T00:00:00Z");
  const log = openAccessLog(":memory:", { clock: () => new Date((now += 1000)) });
  t.teardown(() => log.close());
  for (let i = 0; i < 5; i++) log.record([read(`r${i}`, ["C1"])]);
  const cut = log.seenBy("C1", ...ALL, 3);
  t.same(
    cut.entries.map((e) => e.what),
    ["r0", "r1", "r2"],
  );
  t.equal(cut.truncated, true);
  t.equal(log.seenBy("C1", ...ALL, 5).truncated, false);
});

t.test("any id the grammar allows, and hostile ones, are stored and found as given", async (t) => {
  const log = openAccessLog(":memory:");
  t.teardown(() => log.close());
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.oneof(
            fc.constantFrom("__proto__", "constructor", "toString", "valueOf"),
            fc.string({ minLength: 1 }),
          ),
          { minLength: 1, maxLength: 5 },
        ),
        (ids) => {
          const before = new Map(ids.map((id) => [id, log.seenBy(id, ...ALL).entries.length]));
          log.record([read("cases", ids)]);
          return ids.every((id) => log.seenBy(id, ...ALL).entries.length === before.get(id)! + 1);
        },
      ),
      { numRuns: 100 },
    ),
  );
});

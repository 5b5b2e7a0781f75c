import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import t from "tap";
import { demoAreaScript } from "../../fixtures/demoArea/index.js";
import { playScript, playScriptInBatches, seedClock } from "../../src/demo/seed.js";
import type { EventStore } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite.js";

const dir = mkdtempSync(join(tmpdir(), "send-seed-"));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

/** Every stored column but the event id (a random UUID either way), as SQLite holds it. */
function rowsOf(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(
        "SELECT position, stream, revision, type, recorded_at, data, metadata FROM events ORDER BY position",
      )
      .all() as Record<string, string | number>[];
  } finally {
    db.close();
  }
}

const script = demoAreaScript({ today: "2026-11-23", plans: 40, senSupport: 20 });

t.test("the batched seed stores the same streams, byte for byte, as one append per command", async (t) => {
  const oneByOne = join(dir, "one-by-one.db");
  const clock = seedClock();
  const a = openSqliteStore(oneByOne, { clock: clock.now });
  const reportA = await playScript(a, script, clock);
  await a.close();

  const batchedFile = join(dir, "batched.db");
  const store = openSqliteStore(batchedFile);
  let commits = 0;
  const counted: EventStore = {
    ...store,
    appendMany(appends) {
      commits += 1;
      return store.appendMany!(appends);
    },
    append() {
      throw new Error("the batched seed appends only through appendMany");
    },
  };
  const reportB = await playScriptInBatches(counted, script, seedClock(), 200);
  await store.close();

  t.same(reportB, reportA, "the same commands appended the same number of events, none refused");
  t.same(reportA.rejected, []);
  const expected = rowsOf(oneByOne);
  const got = rowsOf(batchedFile);
  t.equal(got.length, reportA.appended);
  t.ok(got.length > 800, `${got.length} events`);
  t.same(got, expected, "position, stream, revision, type, recordedAt, data and metadata all equal");
  t.ok(
    commits >= Math.floor(got.length / 200) && commits <= Math.ceil(got.length / 200) + 1,
    `${commits} commits of about 200 events for ${got.length} events`,
  );
});

t.test("a store without appendMany is seeded one append at a time, the same way", async (t) => {
  const clock = seedClock();
  const store = openSqliteStore(":memory:", { clock: clock.now });
  t.teardown(() => store.close());
  const plain: EventStore = { ...store, appendMany: undefined };
  const report = await playScriptInBatches(plain, script.slice(0, 200), clock);
  t.same(report.rejected, []);
  t.equal((await store.head()).position, report.appended);
  const first = await store.readStream(`area-${String(script[0]!.id)}`);
  t.ok(first.length > 0, "the area was configured");
  t.equal(first[0]!.recordedAt, script[0]!.at, "recorded at the scripted moment");
});

t.test("commands the handler refuses are reported, and the rest are committed", async (t) => {
  const store = openSqliteStore(":memory:");
  t.teardown(() => store.close());
  const invalid = { ...script[0]!, id: "E09000098", input: {} };
  const caseStep = script.find((c) => /^C\d{6}$/.test(c.id) && c.command !== "registerCase")!;
  const unregistered = { ...caseStep, id: "C999999" };
  const report = await playScriptInBatches(store, [invalid, unregistered, ...script.slice(0, 50)]);
  t.same(
    report.rejected.map((r) => [r.command, r.id]),
    [
      [invalid.command, invalid.id],
      [unregistered.command, "C999999"],
    ],
  );
  t.match(report.rejected[0]!.reason, /"path"/, "bad input: the first issues");
  t.match(report.rejected[1]!.reason, /not registered/, "a refused command: the decider's reason");
  t.equal(report.commands, 52);
  t.equal((await store.head()).position, report.appended);
});

t.test(
  "an unknown command in the script is a programming error: nothing of the batch is stored",
  async (t) => {
    const store = openSqliteStore(":memory:");
    t.teardown(() => store.close());
    await t.rejects(
      playScriptInBatches(store, [...script.slice(0, 5), { ...script[5]!, command: "noSuchCommand" }]),
      /unknown command noSuchCommand/,
    );
    t.equal((await store.head()).position, 0);
  },
);

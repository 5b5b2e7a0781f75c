import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { appendManyContract, ev, storeContract } from "./contract.js";

const dir = mkdtempSync(join(tmpdir(), "send-store-"));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

t.test("SQLite adapter passes the store contract", async (t) => {
  storeContract(t, async () => openSqliteStore(join(dir, `contract-${n++}.db`), { pollMs: 20 }));
  appendManyContract(t, async () => openSqliteStore(join(dir, `contract-${n++}.db`), { pollMs: 20 }));
});

t.test("appendMany records each append at its own moment, never going backwards", async (t) => {
  const store = openSqliteStore(":memory:", { clock: () => new Date("2030-01-01T00:00:00.000Z") });
  t.teardown(() => store.close());
  await store.appendMany!([
    { stream: "case-M1", events: [ev()], expected: "noStream", recordedAt: new Date("2020-05-01T12:00:00Z") },
    { stream: "case-M2", events: [ev()], expected: "noStream", recordedAt: new Date("2020-04-01T12:00:00Z") },
    { stream: "case-M1", events: [ev()], expected: 0, recordedAt: new Date("2021-01-01T12:00:00Z") },
    { stream: "case-M1", events: [ev()], expected: 1 },
  ]);
  const log: string[] = [];
  for await (const e of store.readAll()) log.push(e.recordedAt);
  t.same(log, [
    "2020-05-01T12:00:00.000Z",
    "2020-05-01T12:00:00.000Z",
    "2021-01-01T12:00:00.000Z",
    "2030-01-01T00:00:00.000Z",
  ]);
});

t.test("recordedAt never goes backwards, even if the clock does", async (t) => {
  const times = ["2024-01-02T00:00:00.000Z", "2023-12-31T00:00:00.000Z", "2024-03-01T00:00:00.000Z"];
  let i = 0;
  const store = openSqliteStore(join(dir, "clock.db"), { clock: () => new Date(times[i++]!) });
  t.teardown(() => store.close());
  for (let k = 0; k < 3; k++) await store.append("case-X1", [ev()], "any");
  const read = await store.readStream("case-X1");
  t.same(
    read.map((e) => e.recordedAt),
    [times[0], times[0], times[2]],
  );
  t.same(await store.head(), { position: 3, recordedAt: times[2] });
});

t.test("the file survives close and reopen", async (t) => {
  const file = join(dir, "reopen.db");
  const a = openSqliteStore(file);
  await a.append("case-R1", [ev(), ev()], "noStream");
  await a.close();
  const b = openSqliteStore(file);
  t.teardown(() => b.close());
  t.equal((await b.readStream("case-R1")).length, 2);
  t.equal((await b.head()).position, 2);
});

import t from "tap";
import { demoAreaScript } from "../../fixtures/demoArea/index.js";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { playScript, seedClock } from "../../src/demo/seed.js";
import { copyLog } from "../../src/store/copy.js";
import { openSqliteStore } from "../../src/store/sqlite.js";

const all = async (store: ReturnType<typeof openSqliteStore>) => {
  const out: RecordedEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
};

t.test("the log copies into another store exactly, and a second run appends nothing", async (t) => {
  const clock = seedClock();
  const source = openSqliteStore(":memory:", { clock: clock.now });
  await playScript(source, demoAreaScript({ today: "2026-11-23", plans: 20, senSupport: 20 }), clock);
  const targetClock = seedClock();
  const target = openSqliteStore(":memory:", { clock: targetClock.now });
  t.teardown(async () => {
    await source.close();
    await target.close();
  });
  const progress: number[] = [];
  const report = await copyLog(source, target, {
    setClock: targetClock.set,
    progress: (n) => progress.push(n),
    every: 100,
  });
  t.same(report.mismatches, []);
  t.equal(report.appended, report.events);
  t.ok(progress.length > 0);
  const [a, b] = [await all(source), await all(target)];
  /** What a copy keeps of an event: everything but its global position. */
  const kept = ({ position: _, ...rest }: RecordedEvent) => rest;
  t.same(
    b.map(kept),
    a.map(kept),
    "same ids, streams, revisions, data, metadata and recordedAt, in the same order",
  );
  const again = await copyLog(source, target);
  t.same([again.appended, again.alreadyThere, again.mismatches], [0, report.events, []]);
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import t, { type Test } from "tap";
import { demoAreaScript } from "../../fixtures/demoArea/index.js";
import { evidenceProjection } from "../../projections/evidence.js";
import { serialised } from "../../projections/evidenceSnapshot.js";
import { fold } from "../../projections/projection.js";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { playScript, seedClock } from "../../src/demo/seed.js";
import {
  fillHistory,
  HISTORY_SNAPSHOTS,
  historyTargets,
  startHistorySnapshots,
} from "../../src/runner/historySnapshots.js";
import { openReadSide } from "../../src/runner/readSide.js";
import { ProjectionRunner } from "../../src/runner/runner.js";
import { openSnapshotStore, type SnapshotStore, thinned } from "../../src/runner/snapshots.js";
import { openSqliteStore } from "../../src/store/sqlite.js";

const dir = mkdtempSync(join(tmpdir(), "send-history-"));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const maxGap = (positions: readonly number[]) =>
  positions.slice(1).reduce((m, p, i) => Math.max(m, p - positions[i]!), 0);

/** A demo history in DATA_DIR-shaped folder `name`: events.db (closed again) and its events. */
async function demoDir(name: string) {
  const dataDir = join(dir, name);
  const clock = seedClock();
  const store = openSqliteStore(join(dataDir, "events.db"), { clock: clock.now });
  await playScript(store, demoAreaScript({ today: "2026-11-23", plans: 40, senSupport: 60 }), clock);
  const events: RecordedEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return { dataDir, store, events };
}

/** Every snapshot is the fold of exactly the events up to its position. */
function checkSnapshots(t: Test, snapshots: SnapshotStore, events: readonly RecordedEvent[]) {
  const list = snapshots.list("evidence", evidenceProjection.version);
  for (const s of list) {
    const snap = snapshots.nearest("evidence", evidenceProjection.version, { position: s.position })!;
    t.equal(
      JSON.stringify(snap.state),
      serialised(
        fold(
          evidenceProjection,
          events.filter((e) => e.position <= s.position),
        ),
      ),
      `at ${s.position}`,
    );
  }
  return list.map((s) => s.position);
}

t.test("thinning keeps the oldest and the newest and spreads the rest evenly", async (t) => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 2, maxLength: 120 }),
      fc.integer({ min: 2, max: 50 }),
      (raw, keep) => {
        const positions = [...raw].sort((a, b) => a - b);
        const dropped = new Set(thinned(positions, keep));
        const left = positions.filter((p) => !dropped.has(p));
        const span = positions.at(-1)! - positions[0]!;
        return (
          left.length === Math.min(positions.length, keep) &&
          left[0] === positions[0] &&
          left.at(-1) === positions.at(-1) &&
          maxGap(left) <= Math.max(maxGap(positions), Math.ceil((2 * span) / Math.max(1, keep - 1)))
        );
      },
    ),
  );
  t.same(thinned([10, 20, 30, 40, 100], 4), [20], "the one whose neighbours are closest (10 and 30)");
  t.same(thinned([1, 2], 1), [], "never below two");
});

t.test("history targets close every gap longer than head / count", async (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3_000_000 }),
      fc.uniqueArray(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 }),
      fc.integer({ min: 1, max: 60 }),
      (head, fractions, count) => {
        const existing = [...new Set([...fractions.map((f) => Math.floor(f * head)), head])].sort(
          (a, b) => a - b,
        );
        const targets = historyTargets(existing, head, count);
        const all = [0, ...new Set([...existing, ...targets])].sort((a, b) => a - b);
        return (
          targets.every((p) => p > 0 && p <= head && !existing.includes(p)) &&
          maxGap(all) <= Math.ceil(head / count) &&
          targets.length <= count + existing.length
        );
      },
    ),
  );
  t.same(
    historyTargets([100], 100, 4),
    [25, 50, 75],
    "only the checkpoint at the head: evenly from the start",
  );
  t.same(historyTargets([], 100, 2), [50, 100], "no snapshot at all: the head too");
  t.same(historyTargets([], 0, 4), [], "an empty log: nothing");
});

t.test("fillHistory folds once and saves a true snapshot at each target", async (t) => {
  const { store, events } = await demoDir("fill");
  t.teardown(() => store.close());
  const snapshots = openSnapshotStore(join(dir, "fill", "projections.db"));
  t.teardown(() => snapshots.close());
  const head = events.at(-1)!.position;
  const targets = [Math.floor(head / 3), Math.floor(head / 3) + 0.5, Math.floor((2 * head) / 3), head];
  const report = await fillHistory(store, snapshots, evidenceProjection, targets);
  t.equal(report.folded, events.length, "one pass over the log");
  t.equal(report.saved, 3, "two targets in the same gap between events save once");
  t.same(checkSnapshots(t, snapshots, events), [Math.floor(head / 3), Math.floor((2 * head) / 3), head]);
  const again = await fillHistory(store, snapshots, evidenceProjection, [Math.floor(head / 2)]);
  t.equal(again.saved, 1);
  t.equal(again.folded, Math.floor(head / 2) - Math.floor(head / 3), "folded from the snapshot before it");
  t.same(await fillHistory(store, snapshots, evidenceProjection, []), { saved: 0, folded: 0 });
});

t.test("the worker fills the history behind a cold start; as-at then starts near its target", async (t) => {
  const { dataDir, store, events } = await demoDir("worker");
  t.teardown(() => store.close());
  const snapshots = openSnapshotStore(join(dataDir, "projections.db"));
  t.teardown(() => snapshots.close());
  let applied = 0;
  const counting = {
    ...evidenceProjection,
    apply: (s: never, e: RecordedEvent) => (applied++, evidenceProjection.apply(s, e)),
  };
  const runner = new ProjectionRunner(store, counting, snapshots);
  await runner.start();
  t.equal(
    snapshots.list("evidence", evidenceProjection.version).length,
    1,
    "a cold start writes one checkpoint",
  );
  const run = startHistorySnapshots({ DATA_DIR: dataDir });
  const report = await run.done;
  t.equal(report.saved, HISTORY_SNAPSHOTS - 1, "evenly spaced snapshots behind the checkpoint");
  const positions = checkSnapshots(t, snapshots, events);
  t.ok(
    maxGap([0, ...positions]) <= Math.ceil(events.length / HISTORY_SNAPSHOTS),
    "no gap longer than a spacing",
  );
  applied = 0;
  const middle = events[Math.floor(events.length / 2)]!;
  const at = await runner.at({ position: middle.position });
  t.same(at.state, fold(evidenceProjection, events.slice(0, Math.floor(events.length / 2) + 1)));
  t.ok(applied <= Math.ceil(events.length / HISTORY_SNAPSHOTS), `as-at folded ${applied} events`);
  await run.stop();
  await runner.stop();
});

t.test("a worker that cannot open its store reports the failure", async (t) => {
  const run = startHistorySnapshots({ DATA_DIR: join(dir, "worker", "events.db", "not-a-dir") });
  await t.rejects(run.done);
  await run.stop();
});

t.test(
  "the server's read side leaves the checkpoint to the worker, which writes it with the history",
  async (t) => {
    const { dataDir, store, events } = await demoDir("readside");
    await store.close();
    const readSide = await openReadSide(
      { DATA_DIR: dataDir, EVENTSTORE_URL: undefined },
      { historySnapshots: true },
    );
    const head = events.at(-1)!.position;
    t.equal(readSide.runner.current().position, head, "caught up");
    t.same(
      readSide.snapshots.list("evidence", evidenceProjection.version),
      [],
      "no checkpoint from the catch-up",
    );
    const report = await readSide.history!.done;
    t.equal(report.saved, HISTORY_SNAPSHOTS, "the history and the head");
    const positions = readSide.snapshots.list("evidence", evidenceProjection.version).map((s) => s.position);
    t.equal(positions.at(-1), head, "the checkpoint is there");
    await readSide.close();
    const again = await openReadSide({ DATA_DIR: dataDir, EVENTSTORE_URL: undefined });
    t.equal(again.runner.current().position, head, "a restart resumes from it");
    await again.close();
  },
);

t.test("stop() saves the newest state when nothing has", async (t) => {
  const { store, events } = await demoDir("stop");
  t.teardown(() => store.close());
  const snapshots = openSnapshotStore(":memory:");
  t.teardown(() => snapshots.close());
  const runner = new ProjectionRunner(store, evidenceProjection, snapshots, {
    checkpointAfterCatchUp: false,
  });
  await runner.start();
  t.equal(snapshots.list("evidence", evidenceProjection.version).length, 0);
  await runner.stop();
  t.same(
    snapshots.list("evidence", evidenceProjection.version).map((s) => s.position),
    [events.at(-1)!.position],
  );
  const resumed = new ProjectionRunner(store, evidenceProjection, snapshots);
  await resumed.start();
  await resumed.stop();
  t.equal(
    snapshots.list("evidence", evidenceProjection.version).length,
    1,
    "a stop with nothing new saves nothing",
  );
});

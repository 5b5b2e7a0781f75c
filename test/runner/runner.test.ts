import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import t from "tap";
import { demoAreaScript } from "../../fixtures/demoArea/index.js";
import { evidenceProjection, type EvidenceState } from "../../projections/evidence.js";
import { serialised } from "../../projections/evidenceSnapshot.js";
import { fold, type Projection, stateOf } from "../../projections/projection.js";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { playScript, seedClock } from "../../src/demo/seed.js";
import { defaultSnapshotEvery, ProjectionRunner } from "../../src/runner/runner.js";
import { openSnapshotStore } from "../../src/runner/snapshots.js";
import { openSqliteStore } from "../../src/store/sqlite.js";

const dir = mkdtempSync(join(tmpdir(), "send-runner-"));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

/** A small demo history, recorded at the moments it happened. */
async function demoStore(name: string) {
  const clock = seedClock();
  const store = openSqliteStore(join(dir, `${name}.db`), { clock: clock.now, pollMs: 10 });
  const report = await playScript(
    store,
    demoAreaScript({ today: "2026-11-23", plans: 40, senSupport: 60 }),
    clock,
  );
  const events: RecordedEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return { store, events, report };
}

/** A state as plain JSON data (its maps as pairs), for comparing states exactly. */
const copy = (s: EvidenceState): unknown => JSON.parse(serialised(s));

/** Wraps a projection to count the events it folds. */
function counting<S>(p: Projection<S>, version = p.version) {
  const counter = { applied: 0 };
  const wrapped: Projection<S> = { ...p, version, apply: (s, e) => (counter.applied++, p.apply(s, e)) };
  return { wrapped, counter };
}

t.test("folding all events equals folding from any snapshot plus the rest", async (t) => {
  const { store, events } = await demoStore("property");
  t.teardown(() => store.close());
  const whole = fold(evidenceProjection, events);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: events.length }), (k) => {
      const snapshot = stateOf(evidenceProjection, copy(fold(evidenceProjection, events.slice(0, k))));
      const resumed = fold(evidenceProjection, events.slice(k), snapshot);
      t.equal(serialised(resumed), serialised(whole));
      return true;
    }),
    { numRuns: 12 },
  );
});

t.test("catch up, snapshot, restart from the snapshot, follow live, rebuild on a version bump", async (t) => {
  const { store, events } = await demoStore("lifecycle");
  t.teardown(() => store.close());
  const snapshots = openSnapshotStore(join(dir, "lifecycle-projections.db"));
  t.teardown(() => snapshots.close());
  const first = counting(evidenceProjection);
  const runner = new ProjectionRunner(store, first.wrapped, snapshots, { snapshotEvery: 500 });
  await runner.start();
  t.equal(first.counter.applied, events.length, "a cold start folds every event");
  t.same(copy(runner.current().state), copy(fold(evidenceProjection, events)), "equals a plain fold");
  t.ok(snapshots.list("evidence", evidenceProjection.version).length >= 2, "snapshots were taken");

  const more = {
    id: "6d6b1c0e-8a59-4b3f-9d7e-3f1b2c4d5e6f",
    type: "DisabilityRecorded",
    data: { schemaVersion: 1, recordedOn: "2026-11-23", hasDisability: true },
    metadata: { actor: "t", role: "officer" as const, correlationId: "t", source: "test" },
  };
  const appended = await store.append("case-C000001", [more], "any");
  t.ok(await runner.waitFor(appended.position), "the live model reaches a new event");
  t.equal(runner.current().state.cases.byId.get("C000001")?.hasDisability, true);
  await runner.stop();

  const second = counting(evidenceProjection);
  const restarted = new ProjectionRunner(store, second.wrapped, snapshots, { snapshotEvery: 500 });
  await restarted.start();
  t.equal(second.counter.applied, 0, "a restart after a clean stop folds nothing");
  t.equal(restarted.current().position, appended.position);
  await restarted.stop();

  const bumped = counting(evidenceProjection, evidenceProjection.version + 1);
  const rebuilt = new ProjectionRunner(store, bumped.wrapped, snapshots);
  await rebuilt.start();
  t.equal(bumped.counter.applied, events.length + 1, "a new version rebuilds from the beginning");
  await rebuilt.stop();
});

t.test("as at a position or a time is exactly the events recorded up to then", async (t) => {
  const { store, events } = await demoStore("asat");
  t.teardown(() => store.close());
  const snapshots = openSnapshotStore(join(dir, "asat-projections.db"));
  t.teardown(() => snapshots.close());
  const runner = new ProjectionRunner(store, evidenceProjection, snapshots, { snapshotEvery: 300 });
  await runner.start();
  t.teardown(() => runner.stop());
  for (const k of [0, 1, 250, 301, Math.floor(events.length / 2), events.length - 1]) {
    const target = events[k]!;
    const at = await runner.at({ position: target.position });
    t.equal(at.position, target.position);
    t.same(
      copy(at.state),
      copy(fold(evidenceProjection, events.slice(0, k + 1))),
      `position ${target.position}`,
    );
  }
  const time = events[Math.floor(events.length / 3)]!.recordedAt;
  const byTime = await runner.at({ time });
  const expected = events.filter((e) => e.recordedAt <= time);
  t.equal(byTime.position, expected.at(-1)!.position, "a time resolves to the last event recorded by then");
  t.same(copy(byTime.state), copy(fold(evidenceProjection, expected)));
  t.equal(await runner.at({ time }), byTime, "a repeated as-at comes from the cache");
  t.equal(
    (await runner.at({ time: "1999-01-01T00:00:00.000Z" })).position,
    0,
    "before the first event: empty",
  );
  t.equal(
    (await runner.at({ position: 10 ** 12 })).position,
    runner.current().position,
    "after the head: the live model",
  );
});

t.test("a cold start snapshots at its own cadence, then live events at theirs", async (t) => {
  const { store, events } = await demoStore("cadence");
  t.teardown(() => store.close());
  const snapshots = openSnapshotStore(join(dir, "cadence-projections.db"));
  t.teardown(() => snapshots.close());
  const runner = new ProjectionRunner(store, evidenceProjection, snapshots, {
    snapshotEvery: 2,
    catchUpSnapshotEvery: 10 ** 9,
  });
  await runner.start();
  t.same(
    snapshots.list("evidence", evidenceProjection.version).map((s) => s.position),
    [events.at(-1)!.position],
    "one snapshot at the end of the catch-up",
  );
  const meta = { actor: "t", role: "officer" as const, correlationId: "t", source: "test" };
  const data = { schemaVersion: 1, recordedOn: "2026-11-23", hasDisability: true };
  let last = 0;
  for (const id of ["6d6b1c0e-8a59-4b3f-9d7e-3f1b2c4d5e70", "6d6b1c0e-8a59-4b3f-9d7e-3f1b2c4d5e71"])
    last = (
      await store.append("case-C000002", [{ id, type: "DisabilityRecorded", data, metadata: meta }], "any")
    ).position;
  await runner.waitFor(last);
  t.equal(snapshots.list("evidence", evidenceProjection.version).length, 2, "live events snapshot every 2");
  await runner.stop();
});

t.test("a projection without ownForWrite is copied whole before the first write after a read", async (t) => {
  const { store, events } = await demoStore("cow");
  t.teardown(() => store.close());
  const snapshots = openSnapshotStore(":memory:");
  t.teardown(() => snapshots.close());
  const { ownForWrite: _, ...plain } = evidenceProjection;
  const runner = new ProjectionRunner(store, plain, snapshots);
  await runner.start();
  const held = runner.current();
  const before = serialised(held.state);
  const meta = { actor: "t", role: "officer" as const, correlationId: "t", source: "test" };
  const data = { schemaVersion: 1, recordedOn: "2026-11-23", hasDisability: true };
  const { position } = await store.append(
    "case-C000002",
    [{ id: "6d6b1c0e-8a59-4b3f-9d7e-3f1b2c4d5e72", type: "DisabilityRecorded", data, metadata: meta }],
    "any",
  );
  await runner.waitFor(position);
  t.equal(serialised(held.state), before, "the held state is as it was");
  t.equal(runner.current().position, events.at(-1)!.position + 1);
  t.not(runner.current().state, held.state);
  await runner.stop();
});

t.test("the default live cadence: 10,000 events, or a 40th of a long log", async (t) => {
  t.equal(defaultSnapshotEvery(0), 10_000);
  t.equal(defaultSnapshotEvery(400_000), 10_000);
  t.equal(defaultSnapshotEvery(2_000_000), 50_000, "about 40 snapshots span two million events");
});

t.test("a peek for an access decision does not make the next event fold into a copy", async (t) => {
  const { store } = await demoStore("peek");
  t.teardown(() => store.close());
  const snapshots = openSnapshotStore(":memory:");
  t.teardown(() => snapshots.close());
  const { ownForWrite: _, ...plain } = evidenceProjection;
  const copies = { made: 0 };
  const runner = new ProjectionRunner(store, plain, snapshots);
  await runner.start();
  t.teardown(() => runner.stop());
  const meta = { actor: "t", role: "officer" as const, correlationId: "t", source: "test" };
  const data = { schemaVersion: 1, recordedOn: "2026-11-23", hasDisability: true };
  const append = async (id: string) =>
    (await store.append("case-C000002", [{ id, type: "DisabilityRecorded", data, metadata: meta }], "any"))
      .position;
  // Fold one event first, so the runner owns its state whatever start-up handed out.
  await runner.waitFor(await append("6d6b1c0e-8a59-4b3f-9d7e-3f1b2c4d5e80"));
  const peeked = runner.peek().state;
  await runner.waitFor(await append("6d6b1c0e-8a59-4b3f-9d7e-3f1b2c4d5e81"));
  t.equal(runner.peek().state, peeked, "folded in place: no copy after a peek");
  const held = runner.current().state;
  await runner.waitFor(await append("6d6b1c0e-8a59-4b3f-9d7e-3f1b2c4d5e82"));
  if (runner.peek().state !== held) copies.made += 1;
  t.equal(copies.made, 1, "after current(), the next event folds into a copy");
});

t.test("a long as-at fold gives the event loop back between pages", async (t) => {
  const { store, events } = await demoStore("slices");
  t.teardown(() => store.close());
  const snapshots = openSnapshotStore(":memory:");
  t.teardown(() => snapshots.close());
  const runner = new ProjectionRunner(store, evidenceProjection, snapshots, { foldSliceMs: 0 });
  await runner.start();
  t.teardown(() => runner.stop());
  t.ok(events.length > 1000, "more than one page of history");
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 0);
  const target = events.at(-2)!;
  const at = await runner.at({ position: target.position });
  clearInterval(timer);
  t.equal(at.position, target.position);
  t.ok(ticks >= 1, `timers ran while it folded (${ticks})`);
  t.same(copy(at.state), copy(fold(evidenceProjection, events.slice(0, -1))), "and the fold is exact");
});

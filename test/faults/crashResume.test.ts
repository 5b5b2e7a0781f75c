/**
 * Crashes on the read side. A child process ingests (commands through the handler and multi-event
 * batches) while its projection runner follows the log and snapshots; it is killed with SIGKILL at
 * several moments chosen by a seeded PRNG, and restarted each time from the top of its work (idempotency
 * keys make the replay append nothing twice). After each kill:
 *  - the log is exactly a prefix of the reference log (the same work replayed in memory here) that ends
 *    on a whole item: no acknowledged event missing, no batch in part, nothing doubled or extra;
 *  - every snapshot the child left is a true fold of the log up to its position;
 *  - a runner started on the snapshot file resumes from its checkpoint (it folds only the tail) and its
 *    read model equals a plain fold of the whole log.
 * Then a child that only runs the runner, snapshotting every 3 events, is killed mid-catch-up: the newest
 * snapshot is the last one it announced or the next one (old or new, never broken), every snapshot is a
 * true fold, and a runner resumes from it to the same read model as a full rebuild.
 *
 * The child is this file run with `child <mode> ...` (so that `tap test/faults` finds no helper files to
 * run on their own): `child ingest DIR` and `child snapshots DIR FILE`, see `child()` below.
 */
import { fork } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Test } from "tap";
import { demoAreaScript } from "../../fixtures/demoArea/index.js";
import type { ScriptedCommand } from "../../fixtures/demoArea/script.js";
import { seededRandom } from "../../fixtures/seededRandom.js";
import { type EvidenceState, evidenceProjection } from "../../projections/evidence.js";
import { fold, type Projection, stateOf } from "../../projections/projection.js";
import { serialised } from "../../projections/evidenceSnapshot.js";
import type { NewEvent, RecordedEvent } from "../../schemas/envelope.js";
import { stamp } from "../../src/commands/decision.js";
import { eventIdFor, handleCommand } from "../../src/commands/handle.js";
import { commandByName } from "../../src/commands/index.js";
import { type SeedClock, seedClock } from "../../src/demo/seed.js";
import { ProjectionRunner } from "../../src/runner/runner.js";
import { openSnapshotStore, type SnapshotStore } from "../../src/runner/snapshots.js";
import type { EventStore } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite.js";

// ---------------------------------------------------------------------------------------------------------
// The work: the demo script's commands through the command handler (each with an idempotency key, so a
// restarted child that starts again from the top appends nothing twice), with a multi-event batch appended
// straight to the store every 20 commands (a batch is stored whole or not at all). Deterministic: event
// ids come from the keys and `recordedAt` from the script's clock, so the same work gives the same log.

type WorkItem =
  { kind: "command"; step: ScriptedCommand } | { kind: "batch"; stream: string; events: NewEvent[] };

const DEMO_SIZE = { plans: 30, senSupport: 30 };

function batch(after: number): WorkItem {
  const key = `crash-batch-${after}`;
  const updates = 1 + (after % 5);
  const decided = [
    stamp("ActionRaised", {
      title: `Follow-up ${after} from the crash drill`,
      priorityArea: "Resilience",
      criteria: ["B1"],
      owner: "Head of SEND",
      dueOn: "2027-06-30",
      source: { kind: "self-identified" },
    }),
    ...Array.from({ length: updates }, (_, u) =>
      stamp("ActionProgressUpdated", {
        updatedOn: "2026-11-01",
        rag: (["red", "amber", "green"] as const)[u % 3],
        narrative: `Update ${u + 1} of ${updates}`,
        evidence: [],
      }),
    ),
  ];
  return {
    kind: "batch",
    stream: `action-CRASH-${after}`,
    events: decided.map((e, j) => ({
      id: eventIdFor(key, j),
      type: e.type,
      data: e.data,
      metadata: { actor: "crash.drill", role: "lano", correlationId: key, source: "crash" },
    })),
  };
}

function workItems(): WorkItem[] {
  const items: WorkItem[] = [];
  demoAreaScript({ today: "2026-11-23", ...DEMO_SIZE }).forEach((step, i) => {
    items.push({ kind: "command", step });
    if (i % 20 === 19) items.push(batch(i));
  });
  return items;
}

interface ItemResult {
  /** True when the item was already stored (a restarted child catching up): nothing appended. */
  duplicate: boolean;
  /** Position of the item's last event. */
  position: number;
  events: number;
}

/** Do item `index`; the clock follows the script so `recordedAt` is the same in every run. */
async function runItem(
  store: EventStore,
  items: readonly WorkItem[],
  index: number,
  clock: SeedClock,
): Promise<ItemResult> {
  const item = items[index]!;
  if (item.kind === "batch") {
    const result = await store.append(item.stream, item.events, "noStream");
    return { duplicate: result.duplicate, position: result.position, events: item.events.length };
  }
  const { step } = item;
  clock.set(new Date(step.at));
  const key = `crash-step-${index}`;
  const outcome = await handleCommand(store, commandByName.get(step.command)!, {
    id: step.id,
    input: step.input,
    caller: { actor: step.actor, role: step.role, source: "crash", correlationId: key },
    today: step.at.slice(0, 10),
    idempotencyKey: key,
  });
  if (outcome.kind !== "appended") throw new Error(`item ${index} (${step.command}): ${outcome.kind}`);
  return { duplicate: outcome.duplicate, position: outcome.position, events: outcome.events.length };
}

// ---------------------------------------------------------------------------------------------------------
// The child, killed with SIGKILL by the parent at a moment it chooses.
//
// `ingest DIR`: the server's write and read sides in one process. A projection runner follows the log
// (snapshotting every 40 events into DIR/projections.db) while the work is done from the top; prints
// `ack <item> <duplicate 0|1> <position> <events>` after the store acknowledged each item, `done` at the
// end, then idles until killed.
//
// `snapshots DIR FILE`: a runner catching up on DIR/events.db and snapshotting every 3 events into FILE;
// prints `saved <position>` after each snapshot is written, `caught-up <position>` at the end, then idles.

const say = (line: string) => process.stdout.write(`${line}\n`);
const idle = () => setInterval(() => undefined, 60_000);

function announcing(snapshots: SnapshotStore): SnapshotStore {
  return {
    ...snapshots,
    save(name, version, position, recordedAt, state) {
      snapshots.save(name, version, position, recordedAt, state);
      say(`saved ${position}`);
    },
  };
}

async function child(mode: string | undefined, dir: string | undefined, file: string | undefined) {
  if (mode === "ingest") {
    const clock = seedClock();
    const store = openSqliteStore(join(dir!, "events.db"), { clock: clock.now, pollMs: 20 });
    const snapshots = announcing(openSnapshotStore(join(dir!, "projections.db")));
    const runner = new ProjectionRunner(store, evidenceProjection, snapshots, { snapshotEvery: 40 });
    await runner.start();
    const items = workItems();
    for (let i = 0; i < items.length; i++) {
      const r = await runItem(store, items, i, clock);
      say(`ack ${i} ${r.duplicate ? 1 : 0} ${r.position} ${r.events}`);
    }
    say("done");
    idle();
  } else if (mode === "snapshots") {
    const store = openSqliteStore(join(dir!, "events.db"), { pollMs: 1000 });
    const runner = new ProjectionRunner(store, evidenceProjection, announcing(openSnapshotStore(file!)), {
      snapshotEvery: 3,
    });
    await runner.start();
    say(`caught-up ${runner.current().position}`);
    idle();
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The parent: the tests.

const { name, version } = evidenceProjection;

/**
 * Run the child until `trigger` matches a line, then SIGKILL it `delayMs` later (or, with no delay, as
 * soon as `finished` matches). Only whole lines count: a line cut by the kill is no acknowledgement.
 */
function runChild(
  args: string[],
  trigger: RegExp,
  finished: RegExp,
  delayMs?: number,
): Promise<{ lines: string[]; finishedFirst: boolean }> {
  return new Promise((resolve, reject) => {
    const proc = fork(import.meta.filename, ["child", ...args], {
      execArgv: process.execArgv,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let out = "";
    let err = "";
    let armed = false;
    let killed = false;
    let finishedFirst = false;
    const kill = () => {
      killed = true;
      proc.kill("SIGKILL");
    };
    proc.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (killed) return;
      if (finished.test(out)) finishedFirst = true;
      if (delayMs === undefined) {
        if (finishedFirst) kill();
      } else if (!armed && trigger.test(out)) {
        armed = true;
        setTimeout(kill, delayMs);
      }
    });
    proc.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
    proc.on("exit", (_code, signal) => {
      if (signal !== "SIGKILL") return reject(new Error(`the child ended without being killed: ${err}`));
      resolve({ lines: out.split("\n").slice(0, -1), finishedFirst });
    });
  });
}

async function readLog(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return events;
}

/** What two logs must agree on, field by field. */
const view = (e: RecordedEvent) =>
  JSON.stringify([e.id, e.stream, e.revision, e.position, e.type, e.recordedAt, e.data, e.metadata]);
const json = (s: EvidenceState) => serialised(s);
/** A stored snapshot's state, read as the runner reads it. */
const read = (s: unknown) => stateOf(evidenceProjection, s);

/** Wraps a projection to count the events it folds. */
function counting<S>(p: Projection<S>) {
  const counter = { applied: 0 };
  const wrapped: Projection<S> = { ...p, apply: (s, e) => (counter.applied++, p.apply(s, e)) };
  return { wrapped, counter };
}

/** Every snapshot in `snapshots` equals the fold of `events` up to its position. */
function snapshotsAreTrue(t: Test, snapshots: SnapshotStore, events: readonly RecordedEvent[], what: string) {
  const positions = snapshots.list(name, version).map((s) => s.position);
  const wanted = new Set(positions);
  const wrong: number[] = [];
  let state = evidenceProjection.initial();
  if (wanted.has(0) && json(read(snapshots.nearest(name, version, { position: 0 })!.state)) !== json(state))
    wrong.push(0);
  for (const e of events) {
    state = evidenceProjection.apply(state, e);
    if (wanted.has(e.position)) {
      const snap = snapshots.nearest(name, version, { position: e.position });
      if (snap?.position !== e.position || json(read(snap.state)) !== json(state)) wrong.push(e.position);
    }
  }
  const beyond = positions.filter((p) => p > (events.at(-1)?.position ?? 0));
  t.same([...wrong, ...beyond], [], `${what}: all ${positions.length} snapshots are true folds of the log`);
  return positions;
}

/** A runner on `snapshots` resumes from the newest one, folds only the rest, and equals a rebuild. */
async function resumes(
  t: Test,
  store: EventStore,
  snapshots: SnapshotStore,
  events: RecordedEvent[],
  what: string,
) {
  const checkpoint = snapshots.nearest(name, version)?.position ?? 0;
  const { wrapped, counter } = counting(evidenceProjection);
  const runner = new ProjectionRunner(store, wrapped, snapshots, { snapshotEvery: 40 });
  await runner.start();
  t.equal(
    counter.applied,
    events.length - checkpoint,
    `${what}: resumed at ${checkpoint}, folded only the tail`,
  );
  if (checkpoint > 0) t.ok(counter.applied < events.length, `${what}: fewer folds than the whole log`);
  t.equal(runner.current().position, events.at(-1)?.position ?? 0, `${what}: at the head`);
  t.equal(
    json(runner.current().state),
    json(fold(evidenceProjection, events)),
    `${what}: equals a full rebuild`,
  );
  await runner.stop();
  return checkpoint;
}

async function tests() {
  const { default: t } = await import("tap");
  const random = seededRandom(20261123);
  const items = workItems();
  const reference = await (async () => {
    const clock = seedClock();
    const store = openSqliteStore(":memory:", { clock: clock.now });
    const ends: number[] = [];
    for (let i = 0; i < items.length; i++) {
      await runItem(store, items, i, clock);
      ends.push((await store.head()).position);
    }
    const events = await readLog(store);
    await store.close();
    return { events, ends, boundaries: new Set([0, ...ends]) };
  })();
  const dir = mkdtempSync(join(tmpdir(), "send-faults-crash-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));

  t.test(
    "ingesting with a live runner, killed at random moments: the log and the read model recover",
    async (t) => {
      const resumedFrom: number[] = [];
      const announced: number[] = [];
      const KILLS = 3;
      for (let round = 0; round <= KILLS; round++) {
        const last = round === KILLS;
        const delay = last ? undefined : random.int(5, 150);
        const { lines, finishedFirst } = await runChild(["ingest", dir], /^ack \d+ 0 /m, /^done$/m, delay);
        const what = last ? "after the last run" : `kill ${round + 1} (${delay} ms in)`;
        if (!last && finishedFirst) t.comment(`${what}: the child had finished its work before the kill`);
        const acks = lines.flatMap((l) => {
          const m = /^ack (\d+) ([01]) (\d+) (\d+)$/.exec(l);
          return m ? [{ item: Number(m[1]), position: Number(m[3]) }] : [];
        });
        announced.push(...lines.filter((l) => l.startsWith("saved ")).map((l) => Number(l.slice(6))));
        t.ok(acks.length > 0, `${what}: the child acknowledged work before it died`);

        const store = openSqliteStore(join(dir, "events.db"));
        const events = await readLog(store);
        const diverged = events.findIndex((e, i) => view(e) !== view(reference.events[i]!));
        t.equal(
          diverged,
          -1,
          `${what}: the ${events.length} stored events are the reference log's first ${events.length}`,
        );
        t.ok(
          reference.boundaries.has(events.length),
          `${what}: the log ends on a whole item (no batch in part)`,
        );
        const late = acks.filter((a) => a.position !== reference.ends[a.item] || a.position > events.length);
        t.same(late, [], `${what}: every acknowledged item is stored, where it was acknowledged`);
        if (last)
          t.equal(events.length, reference.events.length, "the last run finished the work: the whole log");

        const snapshots = openSnapshotStore(join(dir, "projections.db"));
        snapshotsAreTrue(t, snapshots, events, what);
        resumedFrom.push(await resumes(t, store, snapshots, events, what));
        snapshots.close();
        await store.close();
      }
      t.ok(
        resumedFrom.some((p) => p > 0),
        `runners resumed from real checkpoints (${resumedFrom.join(", ")}), not from the beginning`,
      );
      t.ok(announced.length > 0, `the children snapshotted while ingesting (${announced.length} snapshots)`);
    },
  );

  t.test(
    "a runner killed while it snapshots leaves the old snapshot or the new one, never a broken one",
    async (t) => {
      const store = openSqliteStore(join(dir, "events.db"));
      t.teardown(() => store.close());
      const events = await readLog(store);
      t.equal(events.length, reference.events.length, "the whole log from the first test");
      const head = events.at(-1)!.position;
      const file = join(dir, "snapshots-b.db");
      let previous = 0;
      for (let round = 0; round < 3; round++) {
        const delay = random.int(5, 150);
        const { lines, finishedFirst } = await runChild(
          ["snapshots", dir, file],
          /^saved \d+$/m,
          /^caught-up \d+$/m,
          delay,
        );
        const what = `kill ${round + 1} (${delay} ms in)`;
        if (finishedFirst) t.comment(`${what}: the runner had caught up before the kill`);
        const saved = lines.filter((l) => /^saved \d+$/.test(l)).map((l) => Number(l.slice(6)));
        const lastSaved = saved.at(-1) ?? previous;
        const next = Math.min(lastSaved + 3, head);

        const snapshots = openSnapshotStore(file);
        const newest = snapshots.nearest(name, version);
        t.ok(newest, `${what}: there is a snapshot`);
        t.ok(
          newest!.position === lastSaved || newest!.position === next,
          `${what}: the newest snapshot (${newest!.position}) is the last announced (${lastSaved}) or the next (${next})`,
        );
        t.ok(newest!.position >= previous, `${what}: no snapshot went missing (was at ${previous})`);
        snapshotsAreTrue(t, snapshots, events, what);
        snapshots.close();
        previous = newest!.position;

        // Resume on a copy, so the next child finds exactly what the killed one left.
        const copy = join(dir, `snapshots-b-copy-${round}.db`);
        copyFileSync(file, copy);
        if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
        const copied = openSnapshotStore(copy);
        t.equal(
          await resumes(t, store, copied, events, what),
          previous,
          `${what}: the copy resumes from that snapshot`,
        );
        copied.close();
      }
    },
  );
}

if (process.argv[2] === "child") await child(process.argv[3], process.argv[4], process.argv[5]);
else await tests();

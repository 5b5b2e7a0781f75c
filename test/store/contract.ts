/**
 * The one contract every EventStore adapter must pass. Used by sqlite.test.ts always and by
 * eventstoredb.test.ts when EVENTSTORE_URL points at a server.
 */
import { randomUUID } from "node:crypto";
import type { Test } from "tap";
import type { NewEvent, RecordedEvent } from "../../schemas/envelope.js";
import { DuplicateEventIdError, type EventStore, WrongExpectedRevisionError } from "../../src/store/port.js";

export type StoreFactory = () => Promise<EventStore>;

const meta = { actor: "contract", role: "admin" as const, correlationId: "contract", source: "test" };
export const ev = (type = "Probe", data: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data: { schemaVersion: 1, ...data },
  metadata: meta,
});
const streamId = (name: string) => `contract-${name}${randomUUID().replaceAll("-", "").slice(0, 12)}`;

async function collect<T = RecordedEvent>(iterable: AsyncIterable<T>, limit = Number.POSITIVE_INFINITY) {
  const out: T[] = [];
  for await (const e of iterable) {
    out.push(e);
    if (out.length >= limit) break;
  }
  return out;
}

/** readAll filtered to the streams a test made, so the suite works on a shared server too. */
async function logOf(store: EventStore, streams: string[], after = 0) {
  return (await collect(store.readAll({ after }))).filter((e) => streams.includes(e.stream));
}

export function storeContract(t: Test, open: StoreFactory) {
  t.test("a new stream takes revisions from 0 and reads back intact", async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const s = streamId("a");
    t.same(await store.readStream(s), [], "an unknown stream reads as empty");
    const events = [ev("One", { n: 1, text: "café – 🙂" }), ev("Two", { n: 2 })];
    const r = await store.append(s, events, "noStream");
    t.equal(r.nextRevision, 1);
    t.equal(r.duplicate, false);
    const read = await store.readStream(s);
    t.same(
      read.map((e) => [e.id, e.type, e.revision, e.data, e.metadata, e.stream]),
      events.map((e, i) => [e.id, e.type, i, e.data, e.metadata, s]),
    );
    t.ok(
      read.every((e) => !Number.isNaN(Date.parse(e.recordedAt))),
      "recordedAt is a date-time",
    );
    t.ok(read[0]!.position < read[1]!.position, "positions increase within a batch");
    t.equal(r.position, read[1]!.position, "the result names the last position");
    t.same(
      (await store.readStream(s, 1)).map((e) => e.type),
      ["Two"],
      "reads from a revision",
    );
    t.ok((await store.head()).position >= r.position, "head has moved to at least the append");
  });

  t.test("the global log keeps append order across streams", async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const a = streamId("a");
    const b = streamId("b");
    const before = (await store.head()).position;
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const s = i % 2 === 0 ? a : b;
      const e = ev("Step", { i });
      order.push(e.id);
      await store.append(s, [e], "any");
    }
    const log = await logOf(store, [a, b], before);
    t.same(
      log.map((e) => e.id),
      order,
    );
    t.ok(
      log.every((e, i) => i === 0 || e.position > log[i - 1]!.position),
      "positions strictly increase",
    );
    const third = log[2]!.position;
    const window = (await collect(store.readAll({ after: log[0]!.position, until: third }))).filter((e) =>
      [a, b].includes(e.stream),
    );
    t.same(
      window.map((e) => e.id),
      order.slice(1, 3),
      "after is exclusive, until inclusive",
    );
    const small = await logOf(store, [a, b], before);
    t.equal(small.length, 6);
    const batched = (await collect(store.readAll({ after: before, batchSize: 2 }))).filter((e) =>
      [a, b].includes(e.stream),
    );
    t.same(
      batched.map((e) => e.id),
      order,
      "small batches give the same log",
    );
    const pages = await collect(store.readPages({ after: before, batchSize: 2 }));
    t.ok(
      pages.every((p) => p.length >= 1 && p.length <= 2),
      "pages are never empty and never longer than the batch",
    );
    t.same(
      pages.flat().map((e) => e.id),
      (await collect(store.readAll({ after: before }))).map((e) => e.id),
      "readPages gives exactly readAll's events, in order",
    );
    const windowPages = await collect(store.readPages({ after: log[0]!.position, until: third }));
    t.same(
      windowPages
        .flat()
        .filter((e) => [a, b].includes(e.stream))
        .map((e) => e.id),
      order.slice(1, 3),
      "readPages: after is exclusive, until inclusive",
    );
  });

  t.test("expected revisions are enforced and a conflict names the actual revision", async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const s = streamId("c");
    await t.rejects(store.append(s, [ev()], "streamExists"), WrongExpectedRevisionError);
    await t.rejects(store.append(s, [ev()], 0), WrongExpectedRevisionError);
    await store.append(s, [ev(), ev()], "noStream");
    const err = await store.append(s, [ev()], 0).catch((e: unknown) => e);
    t.type(err, WrongExpectedRevisionError);
    t.equal((err as WrongExpectedRevisionError).actual, 1, "the conflict carries the current revision");
    await t.rejects(store.append(s, [ev()], "noStream"), WrongExpectedRevisionError);
    t.equal((await store.append(s, [ev()], 1)).nextRevision, 2);
    t.equal((await store.append(s, [ev()], "streamExists")).nextRevision, 3);
    t.equal((await store.append(s, [ev()], "any")).nextRevision, 4);
    t.equal((await store.readStream(s)).length, 5, "failed appends left nothing behind");
  });

  t.test("the same event ids twice append once", async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const s = streamId("d");
    const batch = [ev(), ev()];
    const first = await store.append(s, batch, "noStream");
    const again = await store.append(s, batch, "noStream");
    t.equal(again.duplicate, true, "a retry is recognised");
    t.equal(again.nextRevision, first.nextRevision);
    t.equal(again.position, first.position);
    t.equal((await store.readStream(s)).length, 2, "nothing appended twice");
    const other = streamId("e");
    await t.rejects(
      store.append(other, [batch[0]!], "any"),
      DuplicateEventIdError,
      "an id reused elsewhere is refused",
    );
    t.same(await store.readStream(other), []);
  });

  t.test("a large batch is all or nothing", async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const s = streamId("f");
    const big = Array.from({ length: 2000 }, (_, i) => ev("Bulk", { i }));
    const r = await store.append(s, big, "noStream");
    t.equal(r.nextRevision, 1999);
    const read = await store.readStream(s);
    t.equal(read.length, 2000);
    t.same(
      read.map((e) => e.data.i),
      big.map((_, i) => i),
    );
    const clashing = streamId("g");
    const head = (await store.head()).position;
    const bad = [...Array.from({ length: 1500 }, (_, i) => ev("Bulk", { i })), big[5]!];
    await t.rejects(store.append(clashing, bad, "noStream"));
    t.same(await store.readStream(clashing), [], "no part of a failed batch is stored");
    t.equal((await store.head()).position, head, "the head did not move");
  });

  t.test("reading while writing sees a consistent prefix", async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const s = streamId("h");
    const before = (await store.head()).position;
    await store.append(
      s,
      Array.from({ length: 50 }, () => ev()),
      "noStream",
    );
    const seen: RecordedEvent[] = [];
    let appended = 0;
    for await (const e of store.readAll({ after: before, batchSize: 10 })) {
      if (e.stream === s) seen.push(e);
      if (appended < 20) {
        await store.append(s, [ev()], "any");
        appended += 1;
      }
    }
    const revisions = seen.map((e) => e.revision);
    t.same(
      revisions,
      revisions.map((_, i) => i),
      "no gaps, no repeats",
    );
    t.ok(seen.length >= 50, "at least what was there when the read began");
  });

  t.test("a subscription catches up, then follows live appends", async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const s = streamId("i");
    const before = (await store.head()).position;
    await store.append(s, [ev("Old"), ev("Old"), ev("Old")], "noStream");
    const sub = store.subscribe(before);
    const got: RecordedEvent[] = [];
    const done = (async () => {
      for await (const e of sub) {
        if (e.stream !== s) continue;
        got.push(e);
        if (got.length === 5) break;
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    await store.append(s, [ev("New")], "any");
    await store.append(s, [ev("New")], "any");
    await Promise.race([done, new Promise((_, rej) => setTimeout(() => rej(new Error("timed out")), 5000))]);
    await sub.close();
    t.same(
      got.map((e) => e.type),
      ["Old", "Old", "Old", "New", "New"],
    );
    t.same(
      got.map((e) => e.revision),
      [0, 1, 2, 3, 4],
    );
  });
}

/** `appendMany`, for the adapters that offer it (SQLite): on top of `storeContract`. */
export function appendManyContract(t: Test, open: StoreFactory) {
  t.test(
    "appendMany: many streams in one call, in order, each checked as the ones before left it",
    async (t) => {
      const store = await open();
      t.teardown(() => store.close());
      const a = streamId("ma");
      const b = streamId("mb");
      const before = (await store.head()).position;
      const batches = [
        { stream: a, events: [ev("A0"), ev("A1")], expected: "noStream" as const },
        { stream: b, events: [ev("B0")], expected: "noStream" as const },
        { stream: a, events: [ev("A2")], expected: 1 },
        { stream: b, events: [], expected: 0 },
        { stream: b, events: [ev("B1")], expected: "streamExists" as const },
      ];
      const results = await store.appendMany!(batches);
      t.same(
        results.map((r) => [r.nextRevision, r.duplicate]),
        [
          [1, false],
          [0, false],
          [2, false],
          [0, false],
          [1, false],
        ],
      );
      const log = await logOf(store, [a, b], before);
      t.same(
        log.map((e) => e.type),
        ["A0", "A1", "B0", "A2", "B1"],
        "the log keeps the call's order",
      );
      t.same(
        results.filter((_, i) => batches[i]!.events.length > 0).map((r) => r.position),
        [log[1]!.position, log[2]!.position, log[3]!.position, log[4]!.position],
        "each result names its last position",
      );
      t.equal(results[3]!.position, log[3]!.position, "an empty append names the head as it was then");
      const again = await store.appendMany!([batches[0]!]);
      t.same(again[0], { ...results[0], duplicate: true }, "a retried batch appends nothing");
    },
  );

  t.test("appendMany: one conflict and nothing of the call is stored", async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const a = streamId("mc");
    await store.append(a, [ev()], "noStream");
    const head = (await store.head()).position;
    const fresh = streamId("md");
    const err = await store.appendMany!([
      { stream: fresh, events: [ev(), ev()], expected: "noStream" },
      { stream: a, events: [ev()], expected: 5 },
    ]).catch((e: unknown) => e);
    t.type(err, WrongExpectedRevisionError);
    t.equal((err as WrongExpectedRevisionError).actual, 0, "the conflict names the actual revision");
    t.same(await store.readStream(fresh), [], "the first append was rolled back too");
    t.equal((await store.head()).position, head, "the head did not move");
    const taken = ev();
    await store.append(a, [taken], 0);
    await t.rejects(
      store.appendMany!([
        { stream: fresh, events: [ev()], expected: "noStream" },
        { stream: streamId("me"), events: [taken, ev()], expected: "any" },
      ]),
      DuplicateEventIdError,
      "an id stored elsewhere is refused",
    );
    t.same(await store.readStream(fresh), []);
    t.same(await store.appendMany!([]), [], "an empty call is fine");
  });

  t.test("appendMany: a live subscription sees the batch", async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const s = streamId("mf");
    const sub = store.subscribe((await store.head()).position);
    const got: string[] = [];
    const done = (async () => {
      for await (const e of sub) {
        if (e.stream === s) got.push(e.type);
        if (got.length === 3) break;
      }
    })();
    await store.appendMany!([
      { stream: s, events: [ev("X"), ev("Y")], expected: "noStream" },
      { stream: s, events: [ev("Z")], expected: 1 },
    ]);
    await Promise.race([done, new Promise((_, rej) => setTimeout(() => rej(new Error("timed out")), 5000))]);
    await sub.close();
    t.same(got, ["X", "Y", "Z"]);
  });
}

import fc from "fast-check";
import t from "tap";
import { batchedWriter, canAppendMany } from "../../src/store/batchedWriter.js";
import {
  DuplicateEventIdError,
  type EventStore,
  type StreamAppend,
  WrongExpectedRevisionError,
} from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { ev } from "./contract.js";

/** A SQLite store in memory that counts its commits. */
function counted(clock?: () => Date) {
  const store = openSqliteStore(":memory:", clock ? { clock } : {});
  const calls: StreamAppend[][] = [];
  const bulk = {
    ...store,
    appendMany(appends: readonly StreamAppend[]) {
      calls.push([...appends]);
      return store.appendMany!(appends);
    },
  };
  return { store, bulk, calls };
}

const all = async (store: EventStore) => {
  const out = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
};

t.test("held appends read back as the store would hand them, and reach it only at the flush", async (t) => {
  const { store, bulk, calls } = counted(() => new Date("2020-01-01T00:00:00.000Z"));
  t.teardown(() => store.close());
  t.ok(canAppendMany(store));
  await store.append("case-A", [ev("Stored")], "noStream");
  const writer = batchedWriter(bulk, { clock: () => new Date("2024-02-03T04:05:06.000Z") });
  const r = await writer.append("case-A", [ev("Held", { gone: undefined, when: "x" })], 0);
  t.same(r, { nextRevision: 1, position: 2, duplicate: false });
  const held = await writer.readStream("case-A");
  t.same(
    held.map((e) => [e.type, e.revision, e.position]),
    [
      ["Stored", 0, 1],
      ["Held", 1, 2],
    ],
  );
  t.same(held[1]!.data, { schemaVersion: 1, when: "x" }, "data as JSON gives it back");
  t.notOk("gone" in held[1]!.data);
  t.equal(held[1]!.recordedAt, "2024-02-03T04:05:06.000Z");
  t.same(
    (await writer.readStream("case-A", 1)).map((e) => e.type),
    ["Held"],
  );
  t.equal(writer.held, 1);
  t.equal((await store.head()).position, 1, "nothing held is in the store yet");
  await writer.flush();
  t.equal(calls.length, 1, "one commit");
  t.equal(writer.held, 0);
  const stored = await store.readStream("case-A");
  t.same(stored.slice(1), held.slice(1), "what was read back is what was stored");
  await writer.flush();
  t.equal(calls.length, 1, "an empty flush commits nothing");
});

t.test("expected revisions, retries and reused ids are answered as the store answers them", async (t) => {
  const { store, bulk } = counted();
  t.teardown(() => store.close());
  const writer = batchedWriter(bulk);
  const batch = [ev(), ev()];
  await writer.append("case-B", batch, "noStream");
  const err = await writer.append("case-B", [ev()], "noStream").catch((e: unknown) => e);
  t.type(err, WrongExpectedRevisionError);
  t.equal((err as WrongExpectedRevisionError).actual, 1);
  t.same(await writer.append("case-B", batch, "noStream"), { nextRevision: 1, position: 2, duplicate: true });
  await t.rejects(writer.append("case-B", [batch[1]!, batch[0]!], "any"), DuplicateEventIdError);
  t.same(await writer.append("case-B", [], 1), { nextRevision: 1, position: 2, duplicate: false });
  await writer.flush();
  t.equal((await store.readStream("case-B")).length, 2);
  t.same(await writer.append("case-B", batch, "any"), { nextRevision: 1, position: 2, duplicate: true });
  // An id stored on another stream is the store's to find, at the flush: the whole batch is refused.
  await writer.append("case-C", [batch[0]!], "any");
  await t.rejects(writer.flush(), DuplicateEventIdError);
  t.same(await store.readStream("case-C"), []);
});

t.test("a write by anyone else to a held stream fails the whole flush, and nothing is stored", async (t) => {
  const { store, bulk } = counted();
  t.teardown(() => store.close());
  const writer = batchedWriter(bulk);
  await writer.append("case-D", [ev()], "any");
  await writer.append("case-E", [ev()], "any");
  await store.append("case-E", [ev("Theirs")], "noStream");
  await t.rejects(writer.flush(), WrongExpectedRevisionError);
  t.same(await store.readStream("case-D"), [], "the other stream's append was rolled back too");
  t.same(
    (await writer.readStream("case-E")).map((e) => e.type),
    ["Theirs"],
    "the writer reads the store again afterwards",
  );
});

t.test("a write by anyone else to another stream: the flush stands, positions are read again", async (t) => {
  const { store, bulk } = counted();
  t.teardown(() => store.close());
  const writer = batchedWriter(bulk);
  const provisional = await writer.append("case-F", [ev()], "any");
  await store.append("case-G", [ev()], "noStream");
  await writer.flush();
  const f = await store.readStream("case-F");
  t.equal(f[0]!.position, provisional.position + 1, "the stored position is after the other write");
  t.same(await writer.readStream("case-F"), f, "the writer reads the stored stream again");
  const next = await writer.append("case-F", [ev()], 0);
  t.equal(next.position, 3, "positions count on from the real head");
  await writer.flush();
  t.equal((await store.readStream("case-F"))[1]!.position, 3);
});

t.test("past maxCachedEvents the streams are dropped at a flush, and read again when needed", async (t) => {
  const { store, bulk } = counted();
  t.teardown(() => store.close());
  const writer = batchedWriter(bulk, { maxCachedEvents: 2 });
  await writer.append("case-H", [ev(), ev(), ev()], "noStream");
  await writer.flush();
  await store.append("case-H", [ev("Later")], 2);
  t.same(
    (await writer.readStream("case-H")).map((e) => e.revision),
    [0, 1, 2, 3],
    "read from the store again, with the later event",
  );
});

t.test("recordedAt never goes backwards, as in the store", async (t) => {
  const times = ["2024-05-01T00:00:00.000Z", "2024-04-01T00:00:00.000Z"];
  let i = 0;
  const { store, bulk } = counted();
  t.teardown(() => store.close());
  const writer = batchedWriter(bulk, { clock: () => new Date(times[i++]!) });
  await writer.append("case-I", [ev()], "any");
  await writer.append("case-J", [ev()], "any");
  const held = [...(await writer.readStream("case-I")), ...(await writer.readStream("case-J"))];
  await writer.flush();
  const stored = await all(store);
  t.same(
    held.map((e) => e.recordedAt),
    [times[0], times[0]],
  );
  t.same(stored, held);
});

t.test("property: any appends, flushed anywhere, store what appending one by one stores", async (t) => {
  const step = fc.record({
    stream: fc.constantFrom("case-P", "case-Q", "case-R"),
    events: fc.integer({ min: 0, max: 3 }),
    stale: fc.boolean(),
    flush: fc.boolean(),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps) => {
      const at = new Date("2025-01-01T00:00:00.000Z");
      const direct = openSqliteStore(":memory:", { clock: () => at });
      const { store, bulk } = counted(() => at);
      const writer = batchedWriter(bulk, { clock: () => at });
      try {
        for (const s of steps) {
          const events = Array.from({ length: s.events }, () => ev("P"));
          const revision = (await direct.readStream(s.stream)).length - 1;
          const expected = s.stale ? revision + 1 : revision === -1 ? ("noStream" as const) : revision;
          const a = await direct.append(s.stream, events, expected).catch((e: unknown) => e);
          const b = await writer.append(s.stream, events, expected).catch((e: unknown) => e);
          if (a instanceof Error) {
            if (!(b instanceof Error) || b.name !== a.name) return false;
          } else if (JSON.stringify(a) !== JSON.stringify(b)) return false;
          if (s.flush) await writer.flush();
        }
        await writer.flush();
        const strip = (es: Awaited<ReturnType<typeof all>>) =>
          es.map(({ id: _id, ...rest }) => JSON.stringify(rest));
        return JSON.stringify(strip(await all(direct))) === JSON.stringify(strip(await all(store)));
      } finally {
        await direct.close();
        await store.close();
      }
    }),
    { numRuns: 60 },
  );
  t.pass("60 random histories agree");
});

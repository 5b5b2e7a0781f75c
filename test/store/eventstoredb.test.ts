/**
 * The store contract against a real EventStoreDB (22.6 or later), e.g.
 *   EVENTSTORE_URL=esdb://localhost:2113?tls=false npx tap test/store/eventstoredb.test.ts
 * Without EVENTSTORE_URL the whole file is reported as skipped, with the reason, not as passed. The adapter
 * is imported only when a server is named, so an unexercised adapter is not loaded at all.
 *
 * Two contract subtests are marked TODO here, with the reason: their clashing ids live on another stream,
 * and EventStoreDB does not enforce event-id uniqueness across streams (see src/store/eventstoredb.ts).
 * Everything else those two check is checked below, against the same server.
 */
import { randomUUID } from "node:crypto";
import t, { type Test } from "tap";
import { DuplicateEventIdError, WrongExpectedRevisionError } from "../../src/store/port.js";
import { ev, storeContract } from "./contract.js";

const url = process.env.EVENTSTORE_URL;

const CROSS_STREAM = "EventStoreDB does not enforce event-id uniqueness across streams";
const knownGaps: Record<string, string> = {
  "the same event ids twice append once": `${CROSS_STREAM}; retries are checked in "retries are recognised"`,
  "a large batch is all or nothing": `${CROSS_STREAM}; atomicity is checked in "a large batch is one append"`,
};

/** The contract's subtests as they are, except those named in knownGaps, which are reported as TODO. */
function withKnownGaps(parent: Test): Test {
  return new Proxy(parent, {
    get(target, prop) {
      if (prop === "test")
        return (name: string, fn: (t: Test) => Promise<void>) => {
          const todo = knownGaps[name];
          return todo === undefined ? target.test(name, fn) : target.test(name, { todo }, fn);
        };
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const stream = (name: string) => `esdb-${name}-${randomUUID().replaceAll("-", "").slice(0, 12)}`;

if (url === undefined || url === "") {
  t.plan(0, "EVENTSTORE_URL not set: no EventStoreDB server to run the contract against");
} else {
  const { openEventStoreDb } = await import("../../src/store/eventstoredb.js");
  const open = async () => openEventStoreDb(url);

  t.test("EventStoreDB adapter passes the store contract", async (t) => {
    storeContract(withKnownGaps(t), open);
  });

  t.test("retries are recognised", async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const s = stream("retry");
    const batch = [ev(), ev()];
    const first = await store.append(s, batch, "noStream");
    t.same(await store.append(s, batch, "noStream"), { ...first, duplicate: true }, "noStream retried");
    const next = [ev()];
    const second = await store.append(s, next, 1);
    t.same(await store.append(s, next, 1), { ...second, duplicate: true }, "a numeric revision retried");
    const loose = [ev(), ev()];
    const third = await store.append(s, loose, "any");
    t.equal(third.duplicate, false);
    t.same(await store.append(s, loose, "any"), { ...third, duplicate: true }, "any retried at once");
    t.same(await store.append(s, loose, "streamExists"), { ...third, duplicate: true });
    t.equal((await store.readStream(s)).length, 5, "nothing appended twice");
    await t.rejects(
      store.append(s, [batch[1]!, ev()], 0),
      DuplicateEventIdError,
      "part of a batch is a clash",
    );
    await t.rejects(
      store.append(s, [loose[1]!, ev()], "any"),
      DuplicateEventIdError,
      "out of place at the tail",
    );
    const twice = ev();
    await t.rejects(store.append(s, [twice, twice], "any"), DuplicateEventIdError, "an id twice in a batch");
    t.equal((await store.readStream(s)).length, 5, "refused batches left nothing behind");
  });

  t.test("a large batch is one append", async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const s = stream("big");
    const big = Array.from({ length: 2000 }, (_, i) => ev("Bulk", { i }));
    t.equal((await store.append(s, big, "noStream")).nextRevision, 1999);
    t.same(
      (await store.readStream(s)).map((e) => e.data.i),
      big.map((_, i) => i),
    );
    const head = (await store.head()).position;
    const late = Array.from({ length: 1500 }, (_, i) => ev("Bulk", { i }));
    await t.rejects(store.append(s, late, 10), WrongExpectedRevisionError, "a stale revision refuses it all");
    const clashing = stream("clash");
    await t.rejects(store.append(clashing, [...late, late[7]!], "noStream"), DuplicateEventIdError);
    t.equal((await store.readStream(s)).length, 2000, "no part of the refused batch is stored");
    t.same(await store.readStream(clashing), []);
    t.equal((await store.head()).position, head, "the head did not move");
  });

  t.test("system streams are refused", async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    await t.rejects(store.append("$ours", [ev()], "any"), /belong to EventStoreDB/);
  });
}

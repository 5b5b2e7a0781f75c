import { randomUUID } from "node:crypto";
import t from "tap";
import { defaultDataRequestCatalogue } from "../../fixtures/areaDefaults.js";
import { handleCommand } from "../../src/commands/handle.js";
import { commandByName } from "../../src/commands/index.js";
import { referenceFromLog, referenceFromReadModel } from "../../src/commands/reference.js";
import { openSqliteStore } from "../../src/store/sqlite.js";

const meta = { actor: "admin.one", role: "admin" as const, correlationId: "c", source: "test" };
const catalogue = (keys: string[]) => ({
  id: randomUUID(),
  type: "DataRequestCatalogueConfigured",
  data: {
    schemaVersion: 1,
    items: keys.map((key) => ({ ...defaultDataRequestCatalogue[0]!, key })),
  },
  metadata: meta,
});
const keysOf = async (source: ReturnType<typeof referenceFromLog>) => [
  ...(await source()).dataRequestItemKeys,
];

t.test("from the log: the newest catalogue, reading only what is new", async (t) => {
  const store = openSqliteStore(":memory:");
  t.teardown(() => store.close());
  const source = referenceFromLog(store);
  t.same(await keysOf(source), [], "no catalogue yet");
  await store.append("area-E09000099", [catalogue(["jsna", "toString"])], "any");
  t.same(await keysOf(source), ["jsna", "toString"]);
  await store.append("area-E09000099", [catalogue(["sef"])], "any");
  const [a, b] = await Promise.all([keysOf(source), keysOf(source)]);
  t.same(a, ["sef"], "a newer catalogue replaces the old");
  t.same(b, ["sef"], "two calls at once read the same");
  t.same(await keysOf(referenceFromLog(store)), ["sef"], "a fresh source reads from the start");
});

t.test("from the read model: waits for the log's head, then reads the catalogue folded", async (t) => {
  const store = openSqliteStore(":memory:");
  t.teardown(() => store.close());
  await store.append("area-E09000099", [catalogue(["jsna"])], "any");
  const waited: number[] = [];
  const source = referenceFromReadModel(store, {
    waitFor: async (position) => {
      waited.push(position);
      return true;
    },
    peek: () =>
      ({
        state: { partnership: { catalogue: [{ ...defaultDataRequestCatalogue[0]!, key: "annexAList1" }] } },
        position: 1,
      }) as never,
  });
  t.same([...(await source()).dataRequestItemKeys], ["annexAList1"]);
  t.same(waited, [1], "waited for the head's position");
});

t.test(
  "a bare stream store (the seed's batch writer) uses the reference it is given, or refuses",
  async (t) => {
    const store = openSqliteStore(":memory:");
    t.teardown(() => store.close());
    const bare = { readStream: store.readStream.bind(store), append: store.append.bind(store) };
    const request = {
      id: "INS-1",
      input: { itemKey: "jsna", providedAt: "2026-11-20T11:00:00Z" },
      caller: { actor: "lano.one", role: "lano" as const, source: "test" },
      today: "2026-11-20",
    };
    const definition = commandByName.get("provideDataRequestItem")!;
    await t.rejects(
      handleCommand(bare, definition, request),
      /cannot read the log, and no reference/,
      "no log to read and none given: an error, not an empty catalogue",
    );
    let asked = 0;
    const given = async () => {
      asked += 1;
      return await referenceFromLog(store)();
    };
    await handleCommand(bare, definition, { ...request, reference: given });
    t.equal(asked, 1, "the given reference is the one read");
  },
);

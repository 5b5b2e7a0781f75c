/**
 * Recording an item of the information request as provided: the item must be one of the area's catalogue
 * (read from the log without a read side, from the read model with one). Anything else is a 422 naming
 * `itemKey`, and nothing is appended, whatever the key (Object.prototype's names included).
 */
import fc from "fast-check";
import t from "tap";
import { defaultDataRequestCatalogue } from "../../fixtures/areaDefaults.js";
import { DEMO_LA } from "../../fixtures/demoArea/partnership.js";
import { harness } from "./harness.js";
import { readHarness } from "../graphql/readHarness.js";

interface Problem {
  status: number;
  type: string;
  detail: string;
  errors: { path: string; code?: string }[];
}

const KEYS = new Set(defaultDataRequestCatalogue.map((i) => i.key));
const provide = (inspection: string, itemKey: string) => ({
  url: `/api/v1/inspections/${inspection}/provide-item`,
  body: { itemKey, providedAt: "2026-11-20T11:00:00Z" },
});

t.test("without a catalogue nothing can be provided; after one, only its items", async (t) => {
  const { post, head } = await harness(t);
  const la = `/api/v1/areas/${DEMO_LA.laCode}`;
  t.equal(
    (
      await post(
        `${la}/configure`,
        {
          laCode: DEMO_LA.laCode,
          name: "Test area",
          region: "London",
          icb: "Test ICB",
          statisticalNeighbours: [],
          lano: { name: "A LANO" },
        },
        "admin",
      )
    ).statusCode,
    201,
  );
  t.equal(
    (
      await post(
        "/api/v1/inspections/INS-1/notify",
        { notifiedAt: "2026-11-20T09:00:00Z", kind: "full" },
        "lano",
      )
    ).statusCode,
    201,
  );

  let before = await head();
  const none = provide("INS-1", "jsna");
  const refused = await post(none.url, none.body, "lano");
  t.equal(refused.statusCode, 422);
  t.equal(refused.headers["content-type"], "application/problem+json; charset=utf-8");
  t.match(refused.json(), { errors: [{ path: "itemKey", code: "noDataRequestCatalogue" }] });
  t.equal(await head(), before, "nothing appended");

  t.equal(
    (await post(`${la}/configure-data-request`, { items: defaultDataRequestCatalogue }, "admin")).statusCode,
    201,
  );
  before = await head();
  for (const key of ["jsnaChapter", "toString", "constructor", "valueOf", "hasOwnProperty"]) {
    const { url, body } = provide("INS-1", key);
    const res = await post(url, body, "lano");
    t.equal(res.statusCode, 422, key);
    const problem = res.json() as Problem;
    t.match(problem, { status: 422, errors: [{ path: "itemKey", code: "unknownDataRequestItem" }] }, key);
    t.match(problem.detail, `itemKey ${key} is not an item of the area's data-request catalogue`);
    t.match(problem.detail, "annexAList1", "names the items it could be");
  }
  t.equal(await head(), before, "nothing appended for any unknown key");

  const proto = provide("INS-1", "__proto__");
  const bad = await post(proto.url, proto.body, "lano");
  t.equal(bad.statusCode, 400, "__proto__ is not even a key's shape");
  t.match(bad.json(), { errors: [{ path: "itemKey" }] });

  const ok = provide("INS-1", "jsna");
  t.equal((await post(ok.url, ok.body, "lano")).statusCode, 201);
  t.equal(await head(), before + 1);
});

t.test("any key outside the catalogue is refused, with the read model as the source", async (t) => {
  const { app, store, runner } = await readHarness(t, { plans: 6, senSupport: 6 });
  const post = (url: string, body: unknown) =>
    app.inject({
      method: "POST",
      url,
      payload: body as object,
      headers: { authorization: "Bearer lano-read-token-0123456789" },
    });
  const head = async () => (await store.head()).position;
  t.equal(
    (await post("/api/v1/inspections/INS-Q/notify", { notifiedAt: "2026-11-20T09:00:00Z", kind: "full" }))
      .statusCode,
    201,
  );
  const before = await head();
  await fc.assert(
    fc.asyncProperty(
      fc
        .oneof(
          fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,30}$/),
          fc.constantFrom("toString", "constructor", "valueOf", "isPrototypeOf", "propertyIsEnumerable"),
        )
        .filter((key) => !KEYS.has(key)),
      async (key) => {
        const { url, body } = provide("INS-Q", key);
        const res = await post(url, body);
        const problem = res.json() as Problem;
        t.equal(res.statusCode, 422, key);
        t.equal(problem.errors[0]?.path, "itemKey", key);
      },
    ),
    { seed: 20261120, numRuns: 60 },
  );
  t.equal(await head(), before, "nothing appended");

  // A catalogue configured a moment ago counts at once (the read model is waited for up to the log's head).
  const configured = await post(`/api/v1/areas/${DEMO_LA.laCode}/configure-data-request`, {
    items: [{ ...defaultDataRequestCatalogue[0]!, key: "toString" }],
  });
  t.equal(configured.statusCode, 201);
  const hostile = provide("INS-Q", "toString");
  t.equal((await post(hostile.url, hostile.body)).statusCode, 201, "toString, once it is an item");
  const old = provide("INS-Q", "jsna");
  t.equal((await post(old.url, old.body)).statusCode, 422, "an item of the old catalogue no longer");
  t.equal(runner.failure(), undefined);
});

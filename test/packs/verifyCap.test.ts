import t from "tap";
import { MAX_PACK_CASES } from "../../src/packs/build.js";
import { readPackMeta } from "../../src/packs/meta.js";
import { readHarness } from "../graphql/readHarness.js";

t.test("verify refuses a forged manifest naming more cases than a pack holds, before folding", async (t) => {
  const { app, auth, runner } = await readHarness(t, { plans: 10, senSupport: 10 });
  const ids = [...runner.current().state.cases.byId.keys()].slice(0, 2);
  const pack = await app.inject({
    url: `/api/v1/packs/cases.pdf?case=${ids[0]}&case=${ids[1]}`,
    headers: auth("lano"),
  });
  t.equal(pack.statusCode, 200, pack.body.slice(0, 200));
  const text = pack.rawPayload.toString("latin1");
  const named = `"caseIds":${JSON.stringify(ids)}`;
  const at = text.lastIndexOf(named);
  t.ok(at > 0, "the manifest names its cases");
  const many = Array.from({ length: 1000 }, (_, i) => `C${String(i).padStart(6, "0")}`);
  const forged = Buffer.from(
    text.slice(0, at) + `"caseIds":${JSON.stringify(many)}` + text.slice(at + named.length),
    "latin1",
  );
  t.equal(
    (readPackMeta(forged)?.request?.caseIds as string[] | undefined)?.length,
    1000,
    "the forged manifest still reads",
  );

  let folds = 0;
  const fold = runner.at.bind(runner);
  runner.at = async (target) => {
    folds += 1;
    return fold(target);
  };
  const res = await app.inject({
    method: "POST",
    url: "/api/v1/packs/verify",
    payload: forged,
    headers: { ...auth("lano"), "content-type": "application/pdf" },
  });
  t.equal(res.statusCode, 200);
  t.match(res.json(), {
    ok: false,
    reason: `not built by this store: the pack names 1000 cases; a pack holds at most ${MAX_PACK_CASES}`,
  });
  t.equal(folds, 0, "nothing folded or rebuilt");

  const genuine = await app.inject({
    method: "POST",
    url: "/api/v1/packs/verify",
    payload: pack.rawPayload,
    headers: { ...auth("lano"), "content-type": "application/pdf" },
  });
  t.match(genuine.json(), { ok: true });
  const tooMany = await app.inject({
    url: `/api/v1/packs/cases.pdf?${many
      .slice(0, 31)
      .map((c) => `case=${c}`)
      .join("&")}`,
    headers: auth("lano"),
  });
  t.equal(tooMany.statusCode, 400, "the pack route's cap is the same");
});

import Fastify from "fastify";
import t from "tap";
import { servedRoutes } from "../../src/http/auth.js";
import { INSPECTION, readHarness, TODAY } from "../graphql/readHarness.js";

t.test("what a request names decides an inspector's access; unknown routes stay 404", async (t) => {
  const { app, runner, auth } = await readHarness(t, { plans: 20, senSupport: 5 });
  const lano = auth("lano");
  const post = (url: string, payload: object) => app.inject({ method: "POST", url, payload, headers: lano });
  const [tracked, untracked] = [...runner.current().state.cases.byId.keys()].sort();
  await post(`/api/v1/inspections/${INSPECTION}/notify`, { notifiedAt: `${TODAY}T09:30:00Z`, kind: "full" });
  await post(`/api/v1/inspections/${INSPECTION}/select-cases-for-tracking`, {
    selectedAt: `${TODAY}T10:00:00Z`,
    caseIds: [tracked!],
  });
  const issued = await post("/api/v1/packs/PACK-WORKING/issue", {
    kind: "sef",
    includeWarnings: true,
    recipient: "the LANO's own file",
  });
  t.equal(issued.statusCode, 201, issued.body);
  await runner.waitFor((issued.json() as { logPosition: number }).logPosition);

  const inspector = auth("inspector");
  const both = await app.inject({
    url: `/api/v1/packs/cases.pdf?case=${tracked}&case=${untracked}`,
    headers: inspector,
  });
  t.match(
    [both.statusCode, both.json()],
    [403, { reason: "notTrackedChild", detail: new RegExp(untracked!) }],
  );
  const working = await app.inject({ url: "/api/v1/packs/issued/PACK-WORKING.pdf", headers: inspector });
  t.match([working.statusCode, working.json()], [403, { reason: "internalAppendix" }]);
  const missing = await app.inject({ url: "/api/v1/packs/issued/PACK-NONE.pdf", headers: inspector });
  t.equal(missing.statusCode, 404, "no such pack: 404, not a refusal");
  const nowhere = await app.inject({ url: "/api/v1/nowhere", headers: inspector });
  t.equal(nowhere.statusCode, 404, "a known principal on an unknown route: 404");
  const anonymous = await app.inject({ url: "/api/v1/nowhere" });
  t.equal(anonymous.statusCode, 401, "no token: 401 whatever the route");
  t.same(servedRoutes(Fastify()), [], "an app without the access check has no routes recorded");
});

import t from "tap";
import { readHarness } from "./readHarness.js";

t.test("the SEF, the data request and a case pack over GraphQL, now and as at last month", async (t) => {
  const { gql, app, auth, runner } = await readHarness(t);
  const sef = await gql(
    `{ sef { at { position } asOf signedOff { version } criteria { code statements { statementId kind evidence { kind id found summary signal } } warnings { kind message } } warnings { kind } } }`,
  );
  t.equal(sef.status, 200, JSON.stringify(sef.body.errors));
  const view = sef.body.data!.sef as {
    criteria: { code: string; statements: unknown[] }[];
    signedOff: { version: string };
    warnings: unknown[];
  };
  t.equal(view.criteria.length, 11);
  t.equal(view.signedOff.version, "2026.1");
  t.ok(view.criteria.some((c) => c.statements.length > 0));
  t.ok(view.warnings.length > 0, "the demo SEF has gaps to show");

  const notify = await app.inject({
    method: "POST",
    url: "/api/v1/inspections/INS-DEMO/notify",
    payload: { notifiedAt: "2026-11-23T09:30:00Z", kind: "full" },
    headers: auth("lano"),
  });
  t.equal(notify.statusCode, 201);
  const track = await app.inject({
    method: "POST",
    url: "/api/v1/inspections/INS-DEMO/select-cases-for-tracking",
    payload: { selectedAt: "2026-11-23T10:00:00Z", caseIds: ["C000001", "C000002"] },
    headers: auth("lano"),
  });
  t.equal(track.statusCode, 201);
  t.ok(await runner.waitFor((track.json() as { position: number }).position), "the read model has caught up");

  const request = await gql(
    `{ dataRequest { inspectionId notifiedAt readiness counts { status count } items { key status detail dueAt hoursLeft } annexAChecks { code list severity row uniqueId message } } }`,
  );
  t.equal(request.status, 200, JSON.stringify(request.body.errors));
  const dr = request.body.data!.dataRequest as {
    inspectionId: string;
    items: { key: string; status: string; dueAt: string }[];
    readiness: number;
    annexAChecks: { code: number }[];
  };
  t.equal(dr.inspectionId, "INS-DEMO");
  t.equal(dr.items.find((i) => i.key === "annexAList1")!.dueAt, "2026-11-24T09:30:00.000Z");
  t.ok(["ready", "failing checks"].includes(dr.items.find((i) => i.key === "annexAList1")!.status));
  t.ok(dr.readiness > 0 && dr.readiness <= 100);

  const packs = await gql(
    `{ casePacks(inspectionId: "INS-DEMO") { caseId selectedFor profile { status age primaryNeed } timeline { step dueOn status } audits { auditId } actions { actionId } } }`,
  );
  t.equal(packs.status, 200, JSON.stringify(packs.body.errors));
  t.same(
    (packs.body.data!.casePacks as { caseId: string }[]).map((p) => p.caseId),
    ["C000001", "C000002"],
  );
  const one = await gql(
    `{ casePack(caseId: "C000001", asAt: "2026-10-23") { caseId asOf timeline { step status } } }`,
  );
  t.equal((one.body.data!.casePack as { asOf: string }).asOf <= "2026-10-23", true, "as at last month");

  const earlier = await gql(`{ dataRequest(asAt: "2026-10-23") { inspectionId items { key dueAt } } }`);
  const then = earlier.body.data!.dataRequest as {
    inspectionId: string | null;
    items: { dueAt: string | null }[];
  };
  t.equal(then.inspectionId, null, "last month there was no notification");
  t.ok(then.items.every((i) => i.dueAt === null));

  const timeliness = await gql(
    `{ timeliness(from: "2025-11-24", to: "2026-11-23") { twentyWeek { issued includingExceptions { percent } excludingExceptions { percent total } } annualReviews { due percent } overdue { annualReviews } } }`,
  );
  t.equal(timeliness.status, 200, JSON.stringify(timeliness.body.errors));
  const qa = await gql(
    `{ qaSummary { submitted overall { good total } bySection { key total } newPlanCoverage { plansIssued audited percent } moderationAgreementPercent unactioned { auditId } } }`,
  );
  t.equal(qa.status, 200, JSON.stringify(qa.body.errors));
  const plan = await gql(
    `{ actionPlan { rag { rag count } byPriorityArea { key actions { actionId rag } } overdue { actionId } completedWithImpact { actionId impact } } }`,
  );
  t.equal(plan.status, 200, JSON.stringify(plan.body.errors));
  const metrics = await gql(
    `{ metricComparisons { metricId latest { period value } england { value verdict } trend { direction verdict } series { key points { period value } } } }`,
  );
  t.equal(metrics.status, 200, JSON.stringify(metrics.body.errors));
  const badDate = await gql(`{ timeliness(from: "yesterday") { at { position } } }`);
  t.equal(badDate.body.errors![0]!.extensions!.code, "BAD_USER_INPUT");
});

t.test("a repeated query answers the same once compiled (mercurius jit), errors included", async (t) => {
  const { gql } = await readHarness(t, { plans: 40, senSupport: 40 });
  const queries = [
    `{ sef { at { position } criteria { code statements { statementId evidence { kind id found summary } } warnings { kind message } } } }`,
    `{ dataRequest { readiness counts { status count } items { key status } annexAChecks { code row } } }`,
    `{ timeliness(from: "yesterday") { at { position } } }`,
    `{ sef(asAt: "not a moment") { asOf } }`,
  ];
  for (const query of queries) {
    const first = await gql(query); // interpreted by graphql-js
    const second = await gql(query); // compiled after its first run
    const third = await gql(query);
    t.same(second, first, `the same answer: ${query.slice(0, 40)}`);
    t.same(third, first);
  }
  const bad = await gql(queries[3]!);
  t.equal(bad.status, 400, "a bad asAt is still a 400 when compiled");
  t.equal(bad.body.errors![0]!.extensions!.code, "BAD_USER_INPUT");
});

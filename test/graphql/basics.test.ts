import t from "tap";
import { readHarness } from "./readHarness.js";

t.test("GraphQL over the demo area: now and as at last month", async (t) => {
  const { gql, runner, app } = await readHarness(t);
  const now = await gql(
    `{ moment { position events } area { name laCode criteria { code } statisticalNeighbours { rank name } } }`,
  );
  t.equal(now.status, 200);
  const area = now.body.data!.area as { name: string; criteria: unknown[]; statisticalNeighbours: unknown[] };
  t.equal(area.name, "Fernbrook (demo area)");
  t.equal(area.criteria.length, 11);
  t.equal(area.statisticalNeighbours.length, 10);
  t.equal((now.body.data!.moment as { position: number }).position, runner.current().position);

  const page = await gql(
    `query($status: CaseStatus) { cases(status: $status, first: 5) { total at { position } items { caseId status age primaryNeed qaAudits { auditId overallGrade } } } }`,
    { status: "ehcPlan" },
  );
  const cases = page.body.data!.cases as {
    total: number;
    items: { caseId: string; status: string; qaAudits: unknown[] }[];
  };
  t.ok(cases.total > 50, `${cases.total} children with a plan`);
  t.equal(cases.items.length, 5);
  t.ok(cases.items.every((c) => c.status === "ehcPlan"));

  const lastMonth = await gql(
    `{ moment(asAt: "2026-10-23") { position recordedAt } cases(first: 0) { total } }`,
  );
  const earlier = await gql(`{ cases(asAt: "2026-10-23", first: 0) { total at { position recordedAt } } }`);
  const m = lastMonth.body.data!.moment as { position: number; recordedAt: string };
  t.ok(m.position < runner.current().position, "as at last month is an earlier position");
  t.ok(m.recordedAt <= "2026-10-23T23:59:59.999Z");
  const earlierCases = earlier.body.data!.cases as { total: number };
  t.ok(
    earlierCases.total <= (lastMonth.body.data!.cases as { total: number }).total,
    "fewer or as many cases then",
  );
  const byPosition = await gql(`query($p: String) { moment(asAt: $p) { position } }`, {
    p: String(m.position),
  });
  t.equal(
    (byPosition.body.data!.moment as { position: number }).position,
    m.position,
    "a position works as asAt",
  );

  const one = await gql(`query($id: ID!) { case(id: $id) { caseId dateOfBirth placement { mainPhase } } }`, {
    id: cases.items[0]!.caseId,
  });
  t.equal((one.body.data!.case as { caseId: string }).caseId, cases.items[0]!.caseId);
  const none = await gql(`{ case(id: "NOPE-1") { caseId } }`);
  t.equal(none.body.data!.case, null);

  const audits = await gql(
    `{ qaAudits { auditId caseId sections { section grade notApplicable } overallGrade } }`,
  );
  t.ok((audits.body.data!.qaAudits as unknown[]).length > 0, "the demo has QA audits");
  const actions = await gql(
    `{ actions { actionId title rag overdue impact } metrics { metricId title higherIsBetter values { period scope value } } }`,
  );
  const titles = (actions.body.data!.actions as { actionId: string }[]).map((a) => a.actionId);
  t.equal(
    titles.filter((id) => /^ACT-\d{3}$/.test(id)).length,
    7,
    "one action per area for development (and some raised from weak audits)",
  );
  t.ok((actions.body.data!.metrics as unknown[]).length >= 15);

  const anon = await app.inject({
    method: "POST",
    url: "/graphql",
    payload: { query: "{ moment { position } }" },
  });
  t.equal(anon.statusCode, 401, "GraphQL needs a token too");
});

t.test("bad asAt, deep queries and writes are refused clearly", async (t) => {
  const { gql } = await readHarness(t, { plans: 10, senSupport: 10 });
  const bad = await gql(`{ moment(asAt: "last tuesday") { position } }`);
  t.equal(bad.status, 400);
  t.match(bad.body.errors![0]!.message, /asAt "last tuesday" is not/);
  t.equal(bad.body.errors![0]!.extensions!.code, "BAD_USER_INPUT");
  const paging = await gql(`{ cases(first: 100000) { total } }`);
  t.equal(paging.body.errors![0]!.extensions!.code, "BAD_USER_INPUT");
  const mutation = await gql(`mutation { registerCase(id: "x") }`);
  t.match(
    mutation.body.errors![0]!.message,
    /mutation/i,
    "there are no mutations: writing stays on the command API",
  );
  t.notOk(mutation.body.data, "nothing was executed");
  const deep = await gql(
    `{ cases { items { qaAudits { sections { section } auditors { agency } } } } __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }`,
  );
  // Outside production introspection is not held to the depth limit (GraphiQL's own query is deeper);
  // in production it is refused outright (test/graphql/limits.test.ts).
  t.equal(deep.body.errors, undefined, "introspection is allowed outside production, however deep");
});

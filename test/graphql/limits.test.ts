import { Writable } from "node:stream";
import { buildSchema, getIntrospectionQuery, parse } from "graphql";
import t from "tap";
import {
  checkCost,
  checkLimits,
  DEFAULT_GRAPHQL_LIMITS,
  GraphqlLimitError,
} from "../../src/graphql/limits.js";
import { readModelSchema } from "../../src/graphql/readModelSchema.js";
import { schema } from "../../src/graphql/schema.js";
import { readHarness } from "./readHarness.js";

const small = { plans: 10, senSupport: 10 };
const CASE_FIELDS = `caseId status upn uln dateOfBirth age gender ethnicity primaryNeed placement { mainUrn mainPhase }`;

t.test("an alias flood of as-at SEFs is refused before anything runs", async (t) => {
  const { gql, runner } = await readHarness(t, small);
  let folds = 0;
  const at = runner.at.bind(runner);
  runner.at = async (target) => {
    folds += 1;
    return at(target);
  };
  const aliases = Array.from({ length: 500 }, (_, i) => `s${i}: sef(asAt: "2026-10-01") { asOf }`).join(" ");
  const started = performance.now();
  const flood = await gql(`{ ${aliases} }`);
  t.equal(flood.status, 400);
  t.equal(flood.body.errors!.length, 1);
  t.match(flood.body.errors![0]!, {
    message: "The query uses 500 aliases; at most 20 are allowed",
    extensions: { code: "QUERY_TOO_EXPENSIVE", limit: "maxAliases", max: 20, actual: 500 },
  });
  t.equal(flood.body.data, null);
  t.equal(folds, 0, "no as-at state was folded");
  t.ok(performance.now() - started < 2000, "answered at once");

  const viaFragment = await gql(
    `{ ...many } fragment many on Query { ${Array.from({ length: 21 }, (_, i) => `m${i}: moment { position }`).join(" ")} }`,
  );
  t.equal(viaFragment.body.errors![0]!.extensions!.limit, "maxAliases", "aliases inside fragments count");
});

t.test("more root fields folding an as-at state than allowed are refused", async (t) => {
  const { gql } = await readHarness(t, small);
  const four = await gql(
    `{ moment(asAt: "2026-10-01") { position } area(asAt: "2026-10-01") { name } ... on Query { actions(asAt: "2026-10-01") { actionId } } ...m } fragment m on Query { metrics(asAt: "2026-10-01") { metricId } }`,
  );
  t.equal(four.status, 400);
  t.match(four.body.errors![0]!.extensions, { limit: "maxAsAtFields", max: 3, actual: 4 });
  const three = await gql(
    `{ moment(asAt: "2026-10-01") { position } area(asAt: "2026-10-01") { name } actions(asAt: null) { actionId } metrics { metricId } }`,
  );
  t.equal(three.body.errors, undefined, "three (and an explicit null) are fine");
});

t.test(
  "a query over the cost limit is refused with a clear error; a page of 500 with audits is not",
  async (t) => {
    const { gql } = await readHarness(t, small);
    const heavy = await gql(
      `{ cases(first: 500) { items { ${CASE_FIELDS} qaAudits { auditId auditors { auditor agency } sections { section grade derivedGrade notApplicable criteriaMet criteriaNotMet comment } } } } }`,
    );
    t.equal(heavy.status, 400);
    const error = heavy.body.errors![0]!;
    t.match(error.message, /^The query's cost is \d+; the limit is 50000/);
    t.match(error.extensions, { code: "QUERY_TOO_EXPENSIVE", limit: "maxCost", max: 50_000 });
    t.ok((error.extensions!.actual as number) > 50_000);

    const viaVariable = await gql(
      `query($n: Int) { cases(first: $n) { items { ${CASE_FIELDS} qaAudits { auditId sections { section grade derivedGrade notApplicable criteriaMet criteriaNotMet comment } } } } }`,
      { n: 500 },
    );
    t.equal(viaVariable.body.errors![0]!.extensions!.limit, "maxCost", "first given as a variable counts");
    const fewer = await gql(
      `query($n: Int) { cases(first: $n) { items { ${CASE_FIELDS} qaAudits { auditId sections { section grade derivedGrade notApplicable criteriaMet criteriaNotMet comment } } } } }`,
      { n: 50 },
    );
    t.equal(fewer.body.errors, undefined, "the same query with first: 50 runs");

    const page = await gql(`{ cases(first: 500) { items { caseId qaAudits { auditId } } } }`);
    t.equal(page.body.errors, undefined);
    t.ok((page.body.data!.cases as { items: unknown[] }).items.length > 0);
  },
);

t.test("the cost rule: fields × list sizes, root views by their weight, asAt by its fold", async (t) => {
  const s = buildSchema([schema, readModelSchema].join("\n"));
  const open = { maxDepth: 99, maxAliases: 999, maxAsAtFields: 99, maxCost: 1e9 };
  const cost = (q: string, variables?: Record<string, unknown>) =>
    checkLimits(s, parse(q), variables, open).cost;
  t.equal(cost(`{ moment { position } }`), 2);
  t.equal(cost(`{ moment(asAt: "2026-01-01") { position } }`), 502);
  t.equal(cost(`{ cases(first: 10) { items { caseId } } }`), 20 + 10 * 2);
  t.equal(cost(`{ cases(first: 100000) { total } }`), 20 + 500, "first is counted at most at its maximum");
  t.equal(cost(`{ actions { actionId } }`), 1 + 20, "an unknown list: 20");
  t.equal(cost(`{ qaAudits { auditId } }`), 50 + 500, "a known list: its usual size");
  t.equal(cost(`{ __schema { types { name fields { name } } } }`), 0, "introspection is free");
  t.equal(cost(`query A { moment { position } } query B { sef { asOf } }`), 401, "the dearest operation");
  t.throws(
    () => checkLimits(s, parse(`{ cases { items { caseId } } }`), undefined, { ...open, maxDepth: 2 }),
    GraphqlLimitError,
  );
  t.same(
    checkLimits(s, parse(`fragment F on Query { moment { position } }`), undefined, DEFAULT_GRAPHQL_LIMITS),
    {
      depth: 0,
      aliases: 0,
      asAtFields: 0,
      cost: 0,
    },
  );
});

t.test("a cost is worked out once per document and variables, and the limit still applies", async (t) => {
  const s = buildSchema([schema, readModelSchema].join("\n"));
  const open = { maxDepth: 99, maxAliases: 999, maxAsAtFields: 99, maxCost: 1e9 };
  const document = parse(`query Q($n: Int) { cases(first: $n) { items { caseId } } }`);
  t.equal(checkCost(s, document, { n: 10 }, open), 40);
  t.equal(checkCost(s, document, { n: 100 }, open), 220, "other variables, another cost");
  t.equal(checkCost(s, document, { n: 10 }, open), 40, "the same variables: the same cost");
  t.throws(() => checkCost(s, document, { n: 100 }, { ...open, maxCost: 100 }), GraphqlLimitError);
  t.throws(
    () => checkCost(s, document, { n: 100 }, { ...open, maxCost: 100 }),
    GraphqlLimitError,
    "a remembered cost is still held against the limit",
  );
  for (let n = 0; n < 40; n++) t.equal(checkCost(s, document, { n }, open), 20 + 2 * n);
});

t.test("depth is limited, introspection aside", async (t) => {
  const { gql } = await readHarness(t, small, "demo", {
    graphqlLimits: { ...DEFAULT_GRAPHQL_LIMITS, maxDepth: 3 },
  });
  const deep = await gql(`{ cases { items { qaAudits { sections { section } } } } }`);
  t.equal(deep.status, 400);
  t.match(deep.body.errors![0]!, { message: "The query's depth is 5; at most 3 is allowed" });
  const introspection = await gql(getIntrospectionQuery());
  t.equal(introspection.body.errors, undefined, "GraphiQL's introspection query works outside production");
  t.ok((introspection.body.data!.__schema as { types: unknown[] }).types.length > 20);
});

t.test("production: no introspection, no suggestions, no console", async (t) => {
  const { gql, app, auth } = await readHarness(t, small, "demo", { production: true });
  const introspection = await gql(getIntrospectionQuery());
  t.equal(introspection.status, 400);
  t.match(introspection.body.errors![0]!.message, /introspection/i);
  const typo = await gql(`{ casez { total } }`);
  t.equal(typo.status, 400);
  t.equal(typo.body.errors![0]!.message, 'Cannot query field "casez" on type "Query".');
  // Not served: a token gets a 404 (without one, every unknown route is a 401).
  t.equal((await app.inject({ url: "/graphiql", headers: auth("lano") })).statusCode, 404, "no console");
  t.equal((await app.inject({ url: "/graphiql/console.js", headers: auth("lano") })).statusCode, 404);
});

t.test("outside production: suggestions and the console, served from here only", async (t) => {
  const { gql, app } = await readHarness(t, small);
  const typo = await gql(`{ casez { total } }`);
  t.match(typo.body.errors![0]!.message, /Did you mean "case"/);
  const page = await app.inject({ url: "/graphiql" });
  t.equal(page.statusCode, 200);
  t.match(page.headers["content-type"], /text\/html/);
  t.match(page.body, /<script src="\/graphiql\/console.js"><\/script>/);
  t.notMatch(page.body, /https?:\/\//, "nothing loaded from elsewhere");
  t.notMatch(page.body, /<script>|<style>|style="/, "no inline script or style (CSP)");
  const script = await app.inject({ url: "/graphiql/console.js" });
  t.match(script.headers["content-type"], /javascript/);
  t.match(script.body, /fetch\("\/graphql"/);
  t.match((await app.inject({ url: "/graphiql/console.css" })).headers["content-type"], /text\/css/);
});

t.test("an internal error is masked, and logged with the request id", async (t) => {
  const lines: Record<string, unknown>[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const { gql, runner } = await readHarness(t, small, "demo", { logLevel: "error", logStream });
  runner.current = () => {
    throw new Error("secret: the snapshot file /data/projections.db is locked");
  };
  const res = await gql(`{ moment { position } }`);
  const error = res.body.errors![0]!;
  t.match(error.message, /^Internal error \(request [0-9a-f-]{36}\)$/);
  t.notMatch(JSON.stringify(res.body), /secret|projections\.db/, "nothing of the real error leaks");
  const requestId = error.extensions!.requestId as string;
  t.ok(error.message.includes(requestId));
  const logged = lines.find((l) => l.msg === "graphql internal error");
  t.ok(logged, "the real error is logged");
  t.equal(logged!.reqId, requestId);
  t.match((logged!.err as { message: string }).message, /secret: the snapshot file/);
});

import type { FastifyInstance } from "fastify";
import t, { type Test } from "tap";
import { ALL_TIME, recorded as check } from "../access/recorded.js";
import { readHarness } from "./readHarness.js";

const ALL = ALL_TIME;
const recorded = (t: Test, app: FastifyInstance, what: string, ids: readonly string[], role = "lano") =>
  check(t, app, what, ids, role, `${role}.reader`);

t.test("every GraphQL field that returns children's data is on the record", async (t) => {
  const { app, gql, runner } = await readHarness(t);
  const count = () => app.accessLog.count();

  const before = count();
  const page = await gql(`{ cases(first: 500) { items { caseId } } }`);
  const ids = (page.body.data!.cases as { items: { caseId: string }[] }).items.map((c) => c.caseId);
  t.ok(ids.length > 200, `${ids.length} children on one page`);
  recorded(t, app, "cases", ids);
  t.equal(count(), before + 1, "one entry for the request");

  const noIds = await gql(`{ cases(first: 3) { items { dateOfBirth ethnicity } } }`, {}, "officer");
  t.equal(noIds.status, 200);
  recorded(t, app, "cases", ids.slice(0, 3), "officer");

  const one = ids[7]!;
  await gql(`query($id: ID!) { a: case(id: $id) { caseId } b: case(id: $id) { upn } }`, { id: one });
  recorded(t, app, "case", [one]);
  const n = count();
  await gql(`{ case(id: "NOPE-1") { caseId } casePack(caseId: "NOPE-1") { caseId } }`);
  await gql(`{ moment { position } area { name } actions { actionId } metrics { metricId } }`);
  t.equal(count(), n, "no child returned, nothing recorded");

  const audits = await gql(`{ qaAudits { auditId caseId } }`);
  const audited = [...new Set((audits.body.data!.qaAudits as { caseId: string }[]).map((a) => a.caseId))];
  recorded(t, app, "qaAudits", audited);
  await gql(`query($c: ID) { qaAudits(caseId: $c) { auditId } }`, { c: audited[0] }, "auditor");
  recorded(t, app, "qaAudits", [audited[0]!], "auditor");

  const pack = await gql(`query($c: ID!) { casePack(caseId: $c) { caseId profile { age } } }`, { c: one });
  t.equal(pack.status, 200);
  recorded(t, app, "casePack", [one]);

  const notify = await app.inject({
    method: "POST",
    url: "/api/v1/inspections/INS-A/notify",
    payload: { notifiedAt: "2026-11-23T09:30:00Z", kind: "full" },
    headers: { authorization: "Bearer lano-read-token-0123456789" },
  });
  const track = await app.inject({
    method: "POST",
    url: "/api/v1/inspections/INS-A/select-cases-for-tracking",
    payload: { selectedAt: "2026-11-23T10:00:00Z", caseIds: ids.slice(0, 2) },
    headers: { authorization: "Bearer lano-read-token-0123456789" },
  });
  t.equal(notify.statusCode + track.statusCode, 402);
  await runner.waitFor((track.json() as { position: number }).position);
  await gql(`{ casePacks(inspectionId: "INS-A") { caseId } }`, {}, "lano");
  recorded(t, app, "casePacks", ids.slice(0, 2), "lano");

  const late = await gql(
    `{ timeliness { twentyWeek { lateCaseIds } overdue { twentyWeekPlans annualReviews reviewDecisions } } }`,
  );
  const tl = late.body.data!.timeliness as {
    twentyWeek: { lateCaseIds: string[] };
    overdue: Record<string, string[]>;
  };
  recorded(t, app, "timeliness", [
    ...new Set([...tl.twentyWeek.lateCaseIds, ...Object.values(tl.overdue).flat()]),
  ]);
  const timelinessQuery = `{ timeliness { twentyWeek { lateCaseIds } overdue { twentyWeekPlans annualReviews reviewDecisions } } }`;
  const once = count();
  for (let i = 0; i < 3; i++) await gql(timelinessQuery);
  t.equal(count(), once + 3, "the same query again, once compiled (jit), still records each time");
  const quiet = count();
  await gql(`{ timeliness { twentyWeek { issued } annualReviews { due } } dataRequest { readiness } }`);
  t.equal(count(), quiet, "a query that asks for no ids records nothing");

  const checks = await gql(`{ dataRequest { annexAChecks { uniqueId } } }`);
  const failing = (checks.body.data!.dataRequest as { annexAChecks: { uniqueId: string }[] }).annexAChecks;
  recorded(t, app, "dataRequest.annexAChecks", [...new Set(failing.map((c) => c.uniqueId).filter(Boolean))]);

  const qa = await gql(`{ qaSummary { unactioned { caseId } } }`);
  const unactioned = (qa.body.data!.qaSummary as { unactioned: { caseId: string }[] }).unactioned;
  recorded(t, app, "qaSummary.unactioned", [...new Set(unactioned.map((u) => u.caseId))]);

  const audit = (audits.body.data!.qaAudits as { auditId: string; caseId: string }[])[0]!;
  const draft = await app.inject({
    method: "POST",
    url: "/api/v1/sef/E09000099/draft-statement",
    payload: {
      statementId: "S-ACCESS",
      criterion: "A1",
      kind: "strength",
      text: "Plans are co-produced with families.",
      evidence: [
        { kind: "case", id: ids[3] },
        { kind: "qaAudit", id: audit.auditId },
      ],
    },
    headers: { authorization: "Bearer lano-read-token-0123456789" },
  });
  t.equal(draft.statusCode, 201, draft.body);
  await runner.waitFor((draft.json() as { position: number }).position);
  const sef = await gql(`{ sef { criteria { statements { evidence { kind id summary } } } } }`);
  const named = (
    sef.body.data!.sef as { criteria: { statements: { evidence: { summary: string }[] }[] }[] }
  ).criteria.flatMap((c) => c.statements.flatMap((s) => s.evidence.map((e) => e.summary)));
  const sefIds = [
    ...new Set(
      named.flatMap((s) => /^QA audit \S+ of (\S+):|^case (\S+)$/.exec(s)?.slice(1).filter(Boolean) ?? []),
    ),
  ] as string[];
  recorded(t, app, "sef", sefIds);
});

t.test("the DPO's question in GraphQL: admin only, bounds, bad input names the argument", async (t) => {
  const { app, gql } = await readHarness(t, { plans: 10, senSupport: 10 });
  const page = await gql(`{ cases(first: 1) { items { caseId } } }`, {}, "lano");
  const id = (page.body.data!.cases as { items: { caseId: string }[] }).items[0]!.caseId;
  const ask = (vars: Record<string, unknown>, role: "admin" | "lano" = "admin") =>
    gql(
      `query($c: ID!, $f: String, $t: String) { accessLog(caseId: $c, from: $f, to: $t) { caseId from to truncated entries { at actor role what requestId cases } } }`,
      vars,
      role,
    );
  const answer = await ask({ c: id, f: "2000-01-01", t: "2999-12-31T23:59:59Z" });
  t.equal(answer.status, 200);
  const log = answer.body.data!.accessLog as {
    caseId: string;
    from: string;
    truncated: boolean;
    entries: { actor: string; role: string; what: string; cases: number }[];
  };
  t.same([log.caseId, log.from, log.truncated], [id, "2000-01-01", false]);
  t.same(
    log.entries.map((e) => [e.actor, e.role, e.what, e.cases]),
    [["lano.reader", "lano", "cases", 1]],
  );
  const past = await ask({ c: id, t: "2001-01-01" });
  t.same((past.body.data!.accessLog as { entries: unknown[] }).entries, [], "nothing read back then");
  const asked = app.accessLog.seenBy(id, ...ALL).entries.filter((e) => e.what === "accessLog");
  t.equal(asked.length, 2, "each question is itself recorded");

  const entries = app.accessLog.count();
  for (const [vars, field] of [
    [{ c: "x" }, "caseId"],
    [{ c: id, f: "yesterday" }, "from"],
    [{ c: id, t: "2026-02-30" }, "to"],
    [{ c: id, f: "2026-11-02", t: "2026-11-01" }, "to"],
  ] as const) {
    const bad = await ask(vars);
    t.equal(bad.status, 400, JSON.stringify(vars));
    t.equal(bad.body.errors![0]!.extensions!.code, "BAD_USER_INPUT");
    t.equal(bad.body.errors![0]!.extensions!.field, field);
    t.match(bad.body.errors![0]!.message, new RegExp(`^${field} `));
  }
  const refused = await ask({ c: id }, "lano");
  t.equal(refused.status, 403);
  t.equal(refused.body.errors![0]!.extensions!.code, "FORBIDDEN");
  t.equal(app.accessLog.count(), entries, "bad input and refusals record nothing");
});

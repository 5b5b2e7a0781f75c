import t from "tap";
import type { EvidenceState } from "../../projections/evidence.js";
import { RequestReads } from "../../src/access/requestReads.js";
import { type GraphqlContext, resolvers } from "../../src/graphql/resolvers.js";
import type { Folded } from "../../src/runner/runner.js";
import { readHarness } from "./readHarness.js";

type Item = { caseId: string; qaAudits: { auditId: string }[] };

/** Each case's audit ids as the folded state has them. */
const auditsOf = (at: Folded<EvidenceState>, caseId: string) =>
  [...at.state.qa.audits.values()]
    .filter((a) => a.caseId === caseId)
    .map((a) => a.auditId)
    .sort();

t.test(
  "Case.qaAudits over a demo-size area: every case's audits, now and as at, in one query; parents carry keys",
  async (t) => {
    const { gql, runner } = await readHarness(t, { plans: 1000, senSupport: 2000 }, "synthetic");
    const res = await gql(`{
    now: cases(first: 100, status: ehcPlan) { items { caseId qaAudits { auditId } } }
    then: cases(first: 100, status: ehcPlan, asAt: "2026-06-30") { at { position } items { caseId qaAudits { auditId } } }
  }`);
    t.equal(res.status, 200, JSON.stringify(res.body.errors));
    const now = (res.body.data!.now as { items: Item[] }).items;
    const then = res.body.data!.then as { at: { position: number }; items: Item[] };
    t.equal(now.length, 100);
    t.ok(
      now.some((c) => c.qaAudits.length > 0),
      "some of the first hundred children with a plan have audits",
    );
    const live = runner.current();
    for (const c of now)
      t.same(c.qaAudits.map((a) => a.auditId).sort(), auditsOf(live, c.caseId), `now: ${c.caseId}`);
    const earlier = await runner.at({ position: then.at.position });
    t.ok(then.at.position < live.position, "an earlier moment");
    for (const c of then.items)
      t.same(c.qaAudits.map((a) => a.auditId).sort(), auditsOf(earlier, c.caseId), `then: ${c.caseId}`);

    // What mercurius serialises for the loader cache key is the parent: it carries a position, not a state.
    const ctx = {
      principal: { actor: "t", role: "lano" },
      today: () => "2026-11-23",
      evidenceAt: async () => runner.current(),
      reads: new RequestReads({ actor: "t", role: "lano", requestId: "r" }),
      moments: new Map(),
    } as unknown as GraphqlContext;
    const page = await resolvers.Query.cases(null, { first: 500, offset: 0 }, ctx);
    t.equal(page.items.length, 500);
    for (const item of page.items) {
      t.notOk("_at" in item, "no state on the parent");
      t.equal(item._moment, runner.current().position);
    }
    t.ok(
      Math.max(...page.items.map((i) => JSON.stringify(i).length)) < 5_000,
      "each parent (what the loader cache key serialises) is small",
    );
    t.equal(ctx.moments.get(runner.current().position), runner.current(), "the request remembers its moment");
  },
);

/** Drawing a sample's choices: the next free audit ids, and plans drawn at random from children with a plan. */
import t from "tap";
import type { CaseRecord, CasesState } from "../../projections/cases.js";
import type { AuditRecord, QaState } from "../../projections/qa.js";
import { nextAuditIds, randomPlans } from "../../src/web/drawSamplePages.js";

const qa = (ids: string[]): QaState => ({
  audits: new Map(ids.map((id) => [id, { auditId: id } as AuditRecord])),
});

t.test("the next audit ids follow the highest QA<digits> id, whatever else is there", async (t) => {
  t.same(nextAuditIds(qa([]), 2), ["QA00001", "QA00002"]);
  t.same(nextAuditIds(qa(["QA00007", "QA00003", "constructor", "__proto__", "QA-9", "QA12x"]), 1), [
    "QA00008",
  ]);
  t.same(nextAuditIds(qa(["QA123456"]), 1), ["QA123457"]);
});

t.test("plans at random: only children with a plan, not ceased, each once", async (t) => {
  const child = (caseId: string, plans: number, ceased = false) =>
    ({
      caseId,
      plans: Array.from({ length: plans }, () => ({ kind: "initial", issuedOn: "2026-01-01" })),
      ...(ceased ? { ceased: { ceasedOn: "2026-02-01", reason: "moved" } } : {}),
    }) as unknown as CaseRecord;
  const cases: CasesState = {
    byId: new Map([
      ["A", child("A", 1)],
      ["B", child("B", 0)],
      ["C", child("C", 2, true)],
      ["toString", child("toString", 1)],
    ]),
  } as CasesState;
  t.same(randomPlans(cases, 5, () => 0).sort(), ["A", "toString"], "fewer than asked when fewer have a plan");
  t.same(
    randomPlans(cases, 1, (n) => n - 1),
    ["toString"],
    "the pick decides",
  );
  const drawn = randomPlans(cases, 2);
  t.equal(new Set(drawn).size, 2, "each child once");
});

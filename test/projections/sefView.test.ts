import t from "tap";
import { sectionCriteria, sendCode2015 } from "../../schemas/qaChecklist.js";
import type { PlanSection } from "../../schemas/common.js";
import type { ScriptedCommand } from "../../fixtures/demoArea/script.js";
import { evidenceProjection } from "../../projections/evidence.js";
import { fold } from "../../projections/projection.js";
import { sefView } from "../../projections/sefView.js";
import { planSection } from "../../schemas/common.js";
import { demoEvents } from "./demoEvents.js";

const LA = "E09000099";
let minute = 0;
const at = () => new Date(Date.parse("2026-11-20T08:00:00Z") + minute++ * 60_000).toISOString();
const as = (role: "lano" | "officer" | "auditor") => ({ actor: `test.${role}`, role });
const step = (
  command: string,
  id: string,
  input: Record<string, unknown>,
  role: "lano" | "officer" | "auditor" = "lano",
): ScriptedCommand => ({ at: at(), command, id, input, ...as(role) });

/** The default checklist's criterion ids for a section. */
const ids = (section: PlanSection) => sectionCriteria(sendCode2015, section).map((c) => c.id);

function weakAudit(id: string): ScriptedCommand[] {
  return [
    step("drawQaSample", id, { caseId: "C000001", reason: "thematic", drawnOn: "2026-11-01" }, "auditor"),
    step("assignQaAuditor", id, { auditor: "test.auditor", agency: "health" }, "auditor"),
    ...planSection.options.map((section) =>
      step(
        "rateQaSection",
        id,
        {
          section,
          criteriaMet: ids(section).slice(0, 1),
          criteriaNotMet: ids(section).slice(1),
        },
        "auditor",
      ),
    ),
    step("submitQaAudit", id, { submittedOn: "2026-11-10" }, "auditor"),
  ];
}

t.test("the SEF per criterion, with gaps and contradictions", async (t) => {
  const extra: ScriptedCommand[] = [
    step(
      "defineMetric",
      "testWorse",
      { title: "Test measure", unit: "percent", higherIsBetter: true, criteria: ["A1"], source: "test" },
      "officer",
    ),
    step("recordMetricValue", "testWorse", { period: "2025", scope: { kind: "area" }, value: 40 }, "officer"),
    step(
      "recordMetricValue",
      "testWorse",
      { period: "2025", scope: { kind: "england" }, value: 50 },
      "officer",
    ),
    step(
      "registerDocument",
      "DOC-OLD",
      {
        title: "Old policy",
        kind: "policy",
        uri: "https://x.example/p.pdf",
        sha256: "b".repeat(64),
        version: "1",
        publishedOn: "2019-01-01",
      },
      "officer",
    ),
    ...weakAudit("QA-WEAK-1"),
    ...weakAudit("QA-WEAK-2"),
    step("draftSefStatement", LA, {
      statementId: "T1",
      criterion: "A1",
      kind: "strength",
      text: "Needs are assessed quickly.",
      evidence: [{ kind: "metric", id: "testWorse" }],
    }),
    step("draftSefStatement", LA, {
      statementId: "T2",
      criterion: "A1",
      kind: "strength",
      text: "Plans are high quality.",
      evidence: [
        { kind: "qaAudit", id: "QA-WEAK-1" },
        { kind: "qaAudit", id: "QA-WEAK-2" },
      ],
    }),
    step("draftSefStatement", LA, {
      statementId: "T3",
      criterion: "A2",
      kind: "impact",
      text: "Families shape plans.",
      evidence: [],
    }),
    step("draftSefStatement", LA, {
      statementId: "T4",
      criterion: "A2",
      kind: "current position",
      text: "Policy in place.",
      evidence: [
        { kind: "document", id: "DOC-OLD" },
        { kind: "document", id: "DOC-MISSING" },
      ],
    }),
    step("draftSefStatement", LA, {
      statementId: "T5",
      criterion: "A2",
      kind: "area for development",
      text: "Withdrawn later.",
      evidence: [],
    }),
    step("withdrawSefStatement", LA, { statementId: "T5", reason: "merged" }),
    step(
      "defineMetric",
      "testEmpty",
      {
        title: "Measure never recorded",
        unit: "weeks",
        higherIsBetter: false,
        criteria: ["A3"],
        source: "test",
      },
      "officer",
    ),
    step(
      "defineMetric",
      "testComparatorsOnly",
      { title: "Regional measure", unit: "weeks", higherIsBetter: false, criteria: ["A3"], source: "test" },
      "officer",
    ),
    step(
      "recordMetricValue",
      "testComparatorsOnly",
      { period: "2026-06", scope: { kind: "region", name: "North Central London ICB" }, value: 14 },
      "officer",
    ),
    step(
      "recordMetricValue",
      "testComparatorsOnly",
      { period: "2026-03", scope: { kind: "england" }, value: 12.5 },
      "officer",
    ),
    step("draftSefStatement", LA, {
      statementId: "T6",
      criterion: "A3",
      kind: "current position",
      text: "Waits are known.",
      evidence: [
        { kind: "metric", id: "testEmpty" },
        { kind: "metric", id: "testComparatorsOnly" },
      ],
    }),
  ];
  const state = fold(evidenceProjection, await demoEvents({ plans: 30, senSupport: 10 }, extra));
  const view = sefView(state, "2026-11-23");
  t.equal(view.criteria.length, 11, "every configured criterion has a section");
  t.equal(view.area, "Fernbrook (demo area)");
  t.ok(view.signedOff, "the sign-off is shown");
  const a1 = view.criteria.find((c) => c.code === "A1")!;
  const a2 = view.criteria.find((c) => c.code === "A2")!;
  const mine = (c: typeof a1) => c.warnings.filter((w) => w.statementId?.startsWith("T"));
  t.same(
    mine(a1).map((w) => [w.kind, w.statementId]),
    [
      ["gap", "T1"],
      ["contradiction", "T1"],
      ["gap", "T2"],
      ["contradiction", "T2"],
    ],
  );
  t.match(
    mine(a1)[0]!.message,
    "statement T1 cites no evidence that bears on A1 (evidence about needs identification, assessment timeliness is needed)",
    "a metric defined without topics bears on nothing",
  );
  t.match(mine(a1)[1]!.message, /worse than England/);
  t.match(mine(a1)[2]!.message, /T2 cites no evidence that bears on A1/, "QA audits are about plan quality");
  t.match(mine(a1)[3]!.message, /2 of 2 linked QA audits/);
  const t2 = a1.statements.find((s) => s.statementId === "T2")!;
  t.same(
    t2.evidence.map((e) => [e.topics, e.bears]),
    [
      [["plan quality"], false],
      [["plan quality"], false],
    ],
  );
  const a2Warnings = mine(a2).map((w) => `${w.kind}:${w.statementId}:${w.message}`);
  t.ok(a2Warnings.some((w) => /gap:T3:statement T3 has no evidence/.test(w)));
  t.ok(a2Warnings.some((w) => /gap:T4:cites evidence over 12 months old: .*\(2019-01-01\)/.test(w)));
  t.ok(a2Warnings.some((w) => /gap:T4:evidence not found: document DOC-MISSING/.test(w)));
  t.notOk(
    a2.statements.some((s) => s.statementId === "T5"),
    "withdrawn statements are left out",
  );
  const t1 = a1.statements.find((s) => s.statementId === "T1")!;
  t.equal(t1.evidence[0]!.summary, "Test measure: 40% (2025); England 50%", "figures carry their unit");
  const a3 = view.criteria.find((c) => c.code === "A3")!;
  const t6 = a3.statements.find((s) => s.statementId === "T6")!;
  t.same(
    t6.evidence.map((e) => e.summary),
    [
      "Measure never recorded: no figure recorded",
      "Regional measure: no area figure; latest England 12.5 weeks (2026-03), North Central London ICB 14 weeks (2026-06)",
    ],
    "without an area figure, the comparators' latest figures; never just dashes",
  );
  t.ok(
    mine(a3).some(
      (w) =>
        w.kind === "gap" &&
        w.statementId === "T6" &&
        w.message === "cites a measure with no figure recorded: Measure never recorded",
    ),
    "a measure with no figure is a gap",
  );
  t.equal(t1.evidence[0]!.signal, "worse");
  const empty = view.criteria.filter((c) => c.statements.length === 0);
  t.ok(
    empty.every((c) => c.warnings.some((w) => w.message.startsWith("no statements"))),
    "empty criteria are gaps",
  );
  t.equal(
    view.warnings.length,
    view.criteria.reduce((n, c) => n + c.warnings.length, 0),
  );
});

t.test("long titles are shortened at a word", async (t) => {
  const { shorten } = await import("../../projections/sefView.js");
  t.equal(shorten("short", 120), "short");
  t.equal(
    shorten("Outcomes in EHC plans do not typically focus on the steps needed", 40),
    "Outcomes in EHC plans do not...",
  );
  t.equal(shorten("x".repeat(50), 20), `${"x".repeat(17)}...`, "no space: cut hard");
});

import fc from "fast-check";
import t from "tap";
import type { Grade } from "../../schemas/common.js";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { actionsProjection } from "../../projections/actions.js";
import { casesProjection, type CasesState } from "../../projections/cases.js";
import { fold } from "../../projections/projection.js";
import { recorded } from "./recorded.js";
import { type AuditRecord, qaProjection, type QaState } from "../../projections/qa.js";
import { type GradeCounts, GRADES, quarterOf, qaSummary } from "../../projections/qaSummary.js";

const ev = (stream: string, type: string, data: Record<string, unknown>): RecordedEvent =>
  recorded(stream, type, data);

const registered = (id: string, need?: string, phase?: string, planIssuedOn?: string): RecordedEvent[] => [
  ev(`case-${id}`, "CaseRegistered", {
    caseId: id,
    dateOfBirth: "2015-03-01",
    gender: "male",
    ethnicity: "WBRI",
  }),
  ...(need ? [ev(`case-${id}`, "PrimaryNeedRecorded", { need, recordedOn: "2025-01-01" })] : []),
  ...(phase
    ? [
        ev(`case-${id}`, "PlacementRecorded", {
          effectiveFrom: "2025-09-01",
          mainPhase: phase,
          electiveHomeEducation: false,
          alternativeProvision: false,
          outOfArea: false,
        }),
      ]
    : []),
  ...(planIssuedOn
    ? [
        ev(`case-${id}`, "AssessmentRequested", { requestedOn: "2025-11-03", requestedBy: "parent" }),
        ev(`case-${id}`, "EhcPlanIssued", { kind: "initial", issuedOn: planIssuedOn, exceptions: [] }),
      ]
    : []),
];

const rated = (id: string, section: string, grade: Grade) =>
  ev(`qa-${id}`, "QaSectionRated", {
    section,
    criteriaMet: [],
    criteriaNotMet: [],
    derivedGrade: grade,
    grade,
    schemaVersion: 1,
  });
const drawn = (id: string, caseId: string, reason: string, drawnOn: string, theme?: string) =>
  ev(`qa-${id}`, "QaSampleDrawn", { caseId, reason, drawnOn, ...(theme ? { theme } : {}) });
const auditor = (id: string, agency: string) =>
  ev(`qa-${id}`, "QaAuditorAssigned", { auditor: `${agency} auditor`, agency });
const submitted = (id: string, submittedOn: string, overallGrade: Grade, summary?: string) =>
  ev(`qa-${id}`, "QaAuditSubmitted", {
    submittedOn,
    derivedOverallGrade: overallGrade,
    overallGrade,
    ...(summary ? { summary } : {}),
  });
const moderated = (id: string, agreed: boolean, moderatedGrade: Grade, comment?: string) =>
  ev(`qa-${id}`, "QaAuditModerated", {
    moderatedOn: "2026-11-01",
    moderator: "moderator",
    agreed,
    moderatedGrade,
    ...(comment ? { comment } : {}),
  });
const raised = (id: string, kind: string, ref?: string) =>
  ev(`action-${id}`, "ActionRaised", {
    title: "Improve section B",
    priorityArea: "Quality of EHC plans",
    criteria: ["A1"],
    owner: "Head of SEND",
    dueOn: "2027-01-01",
    source: ref ? { kind, ref } : { kind },
  });

const cases = fold(casesProjection, [
  ...registered("C1", "ASD", "primary", "2026-07-01"),
  ...registered("C2", "SEMH", "secondary", "2026-02-01"),
  ...registered("C3"),
  ...registered("C4", "SLCN", "special", "2026-05-01"),
  ...registered("C5", "MLD", "primary", "2025-06-01"),
]);

const qa = fold(qaProjection, [
  drawn("Q1", "C1", "new plan", "2026-07-10"),
  auditor("Q1", "education"),
  auditor("Q1", "health"),
  auditor("Q1", "education"),
  rated("Q1", "A", "good"),
  rated("Q1", "B", "requires improvement"),
  ev("qa-Q1", "QaSectionNotApplicable", { section: "C", reason: "no health needs" }),
  rated("Q1", "F", "good"),
  submitted("Q1", "2026-08-01", "good", "A clear plan"),
  moderated("Q1", true, "good", "Agreed"),
  drawn("Q2", "C2", "annual review", "2026-09-01"),
  auditor("Q2", "social care"),
  rated("Q2", "H1", "outstanding"),
  rated("Q2", "A", "inadequate"),
  submitted("Q2", "2026-10-15", "inadequate"),
  moderated("Q2", false, "requires improvement"),
  drawn("Q3", "C3", "random", "2026-03-01"),
  rated("Q3", "A", "outstanding"),
  submitted("Q3", "2026-03-31", "outstanding"),
  drawn("Q4", "C1", "thematic", "2026-10-01", "preparation for adulthood"),
  rated("Q4", "E", "inadequate"),
  drawn("Q5", "C2", "new plan", "2026-01-01"),
  submitted("Q5", "2026-04-01", "requires improvement"),
  auditor("NOPE", "health"),
]);

const actions = fold(actionsProjection, [
  raised("X1", "qa audit", "Q2"),
  raised("X2", "self-evaluation", "Q5"),
  raised("X3", "qa audit"),
]);

const counts = (o: number, g: number, ri: number, i: number): GradeCounts => ({
  outstanding: o,
  good: g,
  "requires improvement": ri,
  inadequate: i,
  total: o + g + ri + i,
});

t.test("the fold keeps audits as recorded", async (t) => {
  t.equal([...qa.audits.keys()].length, 5, "an event for an unknown audit is ignored");
  t.equal(qa.audits.get("Q4")?.theme, "preparation for adulthood");
  t.equal(qa.audits.get("Q1")?.submitted?.summary, "A clear plan");
  t.equal(qa.audits.get("Q1")?.moderation?.comment, "Agreed");
  t.same(qa.audits.get("Q1")?.sections.C, { notApplicable: "no health needs" });
});

t.test("distributions by section, quarter, need, phase and agency", async (t) => {
  const s = qaSummary(qa, cases, actions, { newPlans: { from: "2026-01-01", to: "2026-12-31" } });
  t.same(s.audits, { drawn: 5, submitted: 4, moderated: 2 });
  t.same(s.overall, counts(1, 1, 2, 0), "the standing grade: moderated, else submitted");
  t.same(s.bySection, {
    A: counts(1, 1, 0, 1),
    B: counts(0, 0, 1, 0),
    F: counts(0, 1, 0, 0),
    H1: counts(1, 0, 0, 0),
  });
  t.same(Object.keys(s.byQuarter), ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
  t.same(s.byQuarter["2026-Q4"], counts(0, 0, 1, 0));
  t.same(s.byPrimaryNeed, { ASD: counts(0, 1, 0, 0), SEMH: counts(0, 0, 2, 0), unknown: counts(1, 0, 0, 0) });
  t.same(s.byPhase, {
    primary: counts(0, 1, 0, 0),
    secondary: counts(0, 0, 2, 0),
    unknown: counts(1, 0, 0, 0),
  });
  t.same(s.byAgency, {
    education: counts(0, 1, 0, 0),
    health: counts(0, 1, 0, 0),
    "social care": counts(0, 0, 1, 0),
    unassigned: counts(1, 0, 1, 0),
  });
  for (const breakdown of [s.byQuarter, s.byPrimaryNeed, s.byPhase])
    t.equal(
      Object.values(breakdown).reduce((n, c) => n + c.total, 0),
      s.audits.submitted,
      "adds up to the audits",
    );
  t.same(s.moderation, { moderated: 2, agreed: 1, percent: 50 });
});

t.test("new plans audited against the target", async (t) => {
  const s = qaSummary(qa, cases, actions, { newPlans: { from: "2026-01-01", to: "2026-12-31" } });
  t.same(s.newPlanCoverage, {
    from: "2026-01-01",
    to: "2026-12-31",
    plansIssued: 3,
    audited: 1,
    percent: 33.3,
    targetPercent: 10,
    meetsTarget: true,
  });
  const strict = qaSummary(qa, cases, actions, {
    newPlans: { from: "2026-01-01", to: "2026-12-31" },
    newPlanAuditTargetPercent: 50,
  });
  t.equal(strict.newPlanCoverage.meetsTarget, false);
  const exact = qaSummary(qa, cases, actions, {
    newPlans: { from: "2026-06-01", to: "2026-07-31" },
    newPlanAuditTargetPercent: 100,
  });
  t.match(exact.newPlanCoverage, { plansIssued: 1, audited: 1, percent: 100, meetsTarget: true });
  const none = qaSummary(qa, cases, actions, { newPlans: { from: "2020-01-01", to: "2020-12-31" } });
  t.match(none.newPlanCoverage, { plansIssued: 0, percent: null, meetsTarget: null });
});

t.test("RI and inadequate findings with no action raised from the audit", async (t) => {
  const s = qaSummary(qa, cases, actions, { newPlans: { from: "2026-01-01", to: "2026-12-31" } });
  // Audits are counted, not sections: Q1 is good overall with a weak section B, so it is counted apart.
  t.same(s.unactioned, [
    { auditId: "Q5", caseId: "C2", overallGrade: "requires improvement", weakSections: [] },
  ]);
  t.equal(s.weakSectionsUnactioned, 1);
  const closed = fold(
    actionsProjection,
    [raised("X4", "qa audit", "Q1"), raised("X5", "qa audit", "Q5")],
    actions,
  );
  t.same(qaSummary(qa, cases, closed, { newPlans: { from: "2026-01-01", to: "2026-12-31" } }).unactioned, []);
});

t.test("quarters", async (t) => {
  t.equal(quarterOf("2026-01-01"), "2026-Q1");
  t.equal(quarterOf("2026-03-31"), "2026-Q1");
  t.equal(quarterOf("2026-07-01"), "2026-Q3");
  t.equal(quarterOf("2026-12-31"), "2026-Q4");
});

t.test("property: every distribution but agency sums to the audits counted", async (t) => {
  const grade = fc.constantFrom(...GRADES);
  const audit = fc.record({
    caseId: fc.constantFrom("C1", "C2", "C3", "C9"),
    grade,
    moderatedGrade: fc.option(grade, { nil: undefined }),
    submittedOn: fc.option(
      fc
        .integer({ min: 0, max: 1000 })
        .map((n) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10)),
      { nil: undefined },
    ),
    agencies: fc.subarray(["education", "health", "social care", "parent carer"]),
    sections: fc.dictionary(fc.constantFrom("A", "B", "E", "F", "H1", "K"), grade),
  });
  fc.assert(
    fc.property(fc.array(audit, { maxLength: 30 }), (list) => {
      const state: QaState = { audits: new Map() };
      list.forEach((x, i) => {
        const a: AuditRecord = {
          auditId: `Q${999 - i}`, // inserted in descending order
          caseId: x.caseId,
          reason: "random",
          drawnOn: "2024-01-01",
          checklistVersion: i % 2 === 0 ? "legacy" : "send-cop-2015.1",
          actors: [],
          auditors: x.agencies.map((agency) => ({ auditor: agency, agency })),
          sections: Object.fromEntries(
            Object.entries(x.sections).map(([k, g]) => [
              k,
              { grade: g, derivedGrade: g, criteriaMet: [], criteriaNotMet: [] },
            ]),
          ),
          lastChangedAt: "2024-01-01T00:00:00Z",
          ...(x.submittedOn
            ? {
                submitted: {
                  submittedOn: x.submittedOn,
                  overallGrade: x.grade,
                  derivedOverallGrade: x.grade,
                },
              }
            : {}),
          ...(x.moderatedGrade
            ? {
                moderation: {
                  moderatedOn: "2027-01-01",
                  moderator: "m",
                  agreed: x.moderatedGrade === x.grade,
                  moderatedGrade: x.moderatedGrade,
                },
              }
            : {}),
        };
        state.audits.set(a.auditId, a);
      });
      const s = qaSummary(
        state,
        cases as CasesState,
        { byId: new Map() },
        {
          newPlans: { from: "2026-01-01", to: "2026-12-31" },
        },
      );
      const n = list.filter((x) => x.submittedOn).length;
      const sum = (b: Record<string, GradeCounts>) => Object.values(b).reduce((k, c) => k + c.total, 0);
      const consistent = (c: GradeCounts) => GRADES.reduce((k, g) => k + c[g], 0) === c.total;
      const sectionsRated = list
        .filter((x) => x.submittedOn)
        .reduce((k, x) => k + Object.keys(x.sections).length, 0);
      return (
        s.overall.total === n &&
        s.audits.submitted === n &&
        consistent(s.overall) &&
        sum(s.byQuarter) === n &&
        sum(s.byPrimaryNeed) === n &&
        sum(s.byPhase) === n &&
        sum(s.byAgency) >= n &&
        sum(s.bySection) === sectionsRated &&
        Object.values(s.byChecklist).reduce((k, v) => k + v.overall.total, 0) === n &&
        Object.values(s.byChecklist).reduce((k, v) => k + sum(v.bySection), 0) === sectionsRated &&
        s.unactioned.length <= GRADES.slice(2).reduce((k, g) => k + s.overall[g], 0) &&
        [s.byQuarter, s.byPrimaryNeed, s.byPhase, s.byAgency, s.bySection].every((b) =>
          Object.values(b).every(consistent),
        )
      );
    }),
  );
  t.pass("holds over generated audits");
});

import t from "tap";
import type { ScriptedCommand } from "../../fixtures/demoArea/script.js";
import { casePack, inspectionCasePacks } from "../../projections/casePack.js";
import { evidenceProjection } from "../../projections/evidence.js";
import { fold } from "../../projections/projection.js";
import { demoEvents } from "./demoEvents.js";

const officer = { actor: "t.officer", role: "officer" as const };
const lano = { actor: "t.lano", role: "lano" as const };
let m = 0;
const at = () => new Date(Date.parse("2026-11-12T08:00:00Z") + m++ * 60_000).toISOString();
const c = (
  command: string,
  id: string,
  input: Record<string, unknown>,
  who: { actor: string; role: "officer" | "lano" } = officer,
): ScriptedCommand => ({ at: at(), command, id, input, ...who });

t.test("a case pack: profile, statutory timeline, audits, actions, documents", async (t) => {
  const extra = [
    c("registerCase", "T-CASE-1", { dateOfBirth: "2016-02-29", gender: "male", ethnicity: "WBRI" }),
    c("recordPrimaryNeed", "T-CASE-1", { need: "SLCN", recordedOn: "2024-01-02" }),
    c("recordPlacement", "T-CASE-1", {
      effectiveFrom: "2024-01-02",
      mainUrn: "123456",
      mainPhase: "primary",
      subsidiaryPhase: "alternative provision",
      electiveHomeEducation: false,
      alternativeProvision: false,
      outOfArea: false,
    }),
    c("requestAssessment", "T-CASE-1", { requestedOn: "2024-02-29", requestedBy: "parent" }),
    c("recordAssessmentDecision", "T-CASE-1", { decidedOn: "2024-04-20", decision: "assess" }),
    c("issueEhcPlan", "T-CASE-1", {
      kind: "initial",
      issuedOn: "2024-07-18",
      draftIssuedOn: "2024-06-20",
      exceptions: [],
    }),
    c("recordAnnualReview", "T-CASE-1", { heldOn: "2025-07-30", reportSentOn: "2025-08-04" }),
    c("registerDocument", "T-DOC-1", {
      title: "EHC plan (final)",
      kind: "case record",
      uri: "https://x.example/p.pdf",
      sha256: "c".repeat(64),
      version: "1",
      caseId: "T-CASE-1",
    }),
    c(
      "raiseAction",
      "T-ACT-1",
      {
        title: "Quantify provision in F",
        priorityArea: "Plan quality",
        criteria: ["A3"],
        owner: "SEN lead",
        dueOn: "2026-12-31",
        source: { kind: "qa audit", ref: "T-CASE-1" },
      },
      lano,
    ),
    c("notifyInspection", "T-INS", { notifiedAt: "2026-11-02T09:30:00Z", kind: "full" }, lano),
    c(
      "selectCasesForTracking",
      "T-INS",
      { selectedAt: "2026-11-09T09:00:00Z", caseIds: ["T-CASE-1", "NOT-A-CASE"] },
      lano,
    ),
    c(
      "setCaseSamplingTopic",
      "T-INS",
      { setAt: "2026-11-09T09:00:00Z", topic: "Quality of EHC plans", caseIds: ["T-CASE-1"] },
      lano,
    ),
  ];
  const state = fold(evidenceProjection, await demoEvents({ plans: 10, senSupport: 10 }, extra));
  const pack = casePack(state, "T-CASE-1", "2026-11-23")!;
  t.equal(pack.profile.status, "ehcPlan");
  t.equal(pack.profile.age, 10, "born on a leap day: 10 on 23 Nov 2026");
  t.equal(pack.profile.alternativeProvision, true, "dual registration with AP counts");
  const steps = pack.timeline.map((s) => [s.step, s.dueOn, s.status]);
  t.same(
    steps.slice(0, 4),
    [
      ["Decision whether to assess (6 weeks)", "2024-04-11", "missed"],
      ["Draft EHC plan (week 16, tracked locally)", "2024-06-20", "met"],
      ["15 days for representations on the draft (reg 13(1))", "2024-07-05", "met"],
      ["Final EHC plan (20 weeks)", "2024-07-18", "met"],
    ],
    "the 20-week deadline of a 29 February request is 18 July; issued on day 140 is on time; the draft on day 112",
  );
  t.ok(
    pack.timeline.some((s) => s.step === "Annual review (12 months)" && s.status === "missed"),
    "a review 12 months and 12 days after issue is late",
  );
  t.ok(
    pack.timeline.some((s) => s.step === "Next annual review"),
    "the next review is on the clock",
  );
  // Every child's timeline reads in date order, and a review meeting comes before its report.
  for (const id of Object.keys(state.cases.byId)) {
    const line = casePack(state, id, "2026-11-23")!.timeline;
    const dates = line.map((s) => s.doneOn ?? s.dueOn);
    t.same(dates, [...dates].sort(), `${id}: in date order`);
    line.forEach((s, i) => {
      if (s.step !== "Review report (2 weeks)") return;
      const meeting = line.findIndex(
        (m) => m.step === "Annual review (12 months)" && m.doneOn === s.startsOn,
      );
      if (meeting >= 0) t.ok(meeting < i, `${id}: the review held on ${s.startsOn} comes before its report`);
    });
  }
  t.same(
    pack.actions.map((a) => a.actionId),
    ["T-ACT-1"],
  );
  t.same(
    pack.documents.map((d) => d.documentId),
    ["T-DOC-1"],
  );
  t.equal(casePack(state, "NOBODY", "2026-11-23"), undefined);
  t.same(
    casePack(state, "T-CASE-1", "2026-11-23")!.selectedFor,
    ["tracked in T-INS", "sampled in T-INS: Quality of EHC plans"],
    "a single-case view says which inspections track the child",
  );

  const packs = inspectionCasePacks(state, "T-INS", "2026-11-23");
  t.same(
    packs.map((p) => [p.caseId, p.selectedFor]),
    [["T-CASE-1", ["tracked", "sampled: Quality of EHC plans"]]],
    "unknown ids are left out",
  );
  t.same(inspectionCasePacks(state, "NO-INS", "2026-11-23"), []);
});

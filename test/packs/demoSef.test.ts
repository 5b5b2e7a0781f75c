/**
 * The demo area's SEF and data request read as a director or an inspector would: every statement cites
 * evidence that bears on it (the topic rule, recomputed here from the sources, not the view's flag), all
 * eleven criteria are covered in the partnership's own voice, the store's own figures are cited and
 * printed, actions are due around today, and the defects of issue 11 stay fixed (pdftotext and read models).
 */
import t from "tap";
import { demoAreaScript } from "../../fixtures/demoArea/index.js";
import { actionPlan } from "../../projections/actionPlan.js";
import { addMonths } from "../../projections/calendar.js";
import { type EvidenceState, evidenceProjection } from "../../projections/evidence.js";
import { criterionTopics, topicsOf } from "../../projections/evidenceTopics.js";
import { fold } from "../../projections/projection.js";
import { sefView } from "../../projections/sefView.js";
import type { EvidenceRef } from "../../schemas/common.js";
import { annexAFor } from "../../src/exports/annexAReport.js";
import { buildPack } from "../../src/packs/build.js";
import { demoEvents } from "../projections/demoEvents.js";
import { flat, pdfText } from "./fixtures.js";

const TODAY = "2026-11-23";
const state: EvidenceState = fold(
  evidenceProjection,
  await demoEvents({ plans: 150, senSupport: 60 }, [], TODAY),
);
const at = { state, position: state.position, recordedAt: state.recordedAt as string };
const day = (state.recordedAt as string).slice(0, 10);
const view = sefView(state, day, { annex: annexAFor(at, day).counts });

t.test("every statement cites evidence that bears on it, by the topic rule", async (t) => {
  const sef = [...state.sef.statements.values()].filter((s) => !s.withdrawn);
  t.ok(sef.length >= 11);
  for (const s of sef) {
    const wanted = new Set(criterionTopics(s.criterion));
    t.ok(s.evidence.length >= 2, `${s.statementId}: at least two citations`);
    for (const ref of s.evidence as EvidenceRef[]) {
      const topics = topicsOf(ref, state);
      t.ok(
        topics.some((x) => wanted.has(x)),
        `${s.statementId} (${s.criterion}) → ${ref.kind} ${ref.id}: [${topics.join(", ")}] meets [${[...wanted].join(", ")}]`,
      );
    }
  }
  const resolved = view.criteria.flatMap((c) => c.statements.flatMap((s) => s.evidence));
  t.ok(
    resolved.every((e) => e.found && e.bears),
    "the view agrees: every citation found and bearing",
  );
  t.notOk(
    view.warnings.some((w) => /bears on/.test(w.message) || /not found/.test(w.message)),
    "no gap of evidence that does not bear or cannot be found",
  );
});

t.test("all eleven criteria, in the partnership's own voice, with evidence chosen for each", async (t) => {
  t.equal(view.criteria.length, 11);
  for (const c of view.criteria) {
    t.ok(c.statements.length > 0, `${c.code} has statements`);
    for (const s of c.statements) {
      t.match(s.text, /^We know .*, because .*[Tt]he impact .*Next we will /s, `${s.statementId}: our voice`);
      t.notMatch(
        s.text,
        /parents spoke|inspectors|the local area has/i,
        `${s.statementId}: not the letter's`,
      );
    }
  }
  const cites = (code: string) =>
    view.criteria.find((c) => c.code === code)!.statements.map((s) => s.evidence.map((e) => e.id));
  t.notOk(
    cites("A1").some((ids) => ids.includes("ehcpPupilShare")),
    "A1 does not rest on the EHC plan share",
  );
  t.ok(
    cites("A3").filter((ids) => ids.includes("annualReviewCompliance")).length <= 1,
    "the annual-review line is cited by the statement about reviews only",
  );
  const figures = new Set(
    view.criteria.flatMap((c) =>
      c.statements.flatMap((s) => s.evidence.filter((e) => e.kind === "figure").map((e) => e.id)),
    ),
  );
  for (const id of [
    "decisionsWithin6Weeks",
    "finalPlansWithin20Weeks",
    "annualReviewsOnTime",
    "qaGoodOrBetter",
  ])
    t.ok(figures.has(id), `the store's own figure ${id} is cited`);
});

t.test("the demo is this year's: actions due around today, audits in the last 12 months", async (t) => {
  const plan = actionPlan(state.actions, day);
  const improvement = plan.actions.filter((a) => a.source.kind === "self-evaluation");
  t.equal(improvement.length, 7);
  const overdue = improvement.filter((a) => a.overdue);
  t.ok(overdue.length >= 1 && overdue.length <= 2, "one or two overdue");
  t.ok(
    overdue.every((a) => a.daysOverdue <= 60),
    `overdue by days or weeks, not years (${overdue.map((a) => a.daysOverdue).join(", ")})`,
  );
  t.ok(improvement.filter((a) => !a.overdue).length > improvement.length / 2, "most on track or complete");
  t.ok(
    plan.actions.every((a) => a.dueOn >= addMonths(day, -12) && (!a.overdue || a.daysOverdue <= 60)),
    "no action due years ago; none open for more than weeks past its date",
  );
  const audits = [...state.qa.audits.values()];
  t.ok(audits.length >= 3);
  t.ok(
    audits.every((a) => a.drawnOn >= addMonths(day, -12) && a.drawnOn <= day),
    "every audit drawn in the last 12 months",
  );
  const drawn = audits.map((a) => a.drawnOn).sort();
  t.ok(
    drawn.at(0)! <= addMonths(day, -6) && drawn.at(-1)! >= addMonths(day, -4),
    `spread over the year (${drawn.at(0)} to ${drawn.at(-1)}, ${audits.length} audits)`,
  );
  const latestArea = [...state.metrics.byId.values()]
    .flatMap((m) => [...m.values.values()])
    .map((v) => v.period)
    .sort()
    .at(-1);
  t.match(latestArea, /^2024\/25$|^2025/, "metric series reach the latest published year in the seeds");
});

t.test("social care status: Yes, No and unknown in realistic shares", async (t) => {
  const script = demoAreaScript({ today: TODAY, plans: 600, senSupport: 600 });
  const registered = new Set(script.filter((c) => c.command === "registerCase").map((c) => c.id));
  const recorded = script.filter((c) => c.command === "recordSocialCareStatus");
  const yes = recorded.filter((c) => c.input.knownToSocialCare === true).length;
  const no = recorded.length - yes;
  const unknown = registered.size - new Set(recorded.map((c) => c.id)).size;
  const share = (n: number) => n / registered.size;
  t.ok(share(yes) > 0.1 && share(yes) < 0.25, `Yes ${share(yes)}`);
  t.ok(share(no) > 0.6 && share(no) < 0.8, `No ${share(no)}`);
  t.ok(share(unknown) > 0.08 && share(unknown) < 0.2, `unknown ${share(unknown)}`);
});

t.test("the SEF and data-request packs print the store's own figures and the disagreement", async (t) => {
  const sef = flat(pdfText((await buildPack(at, { kind: "sef", includeWarnings: true }, "UTC")).pdf));
  t.match(sef, "The store's own figures");
  t.match(
    sef,
    /Store figure: Final EHC plans issued within 20 weeks \(excluding exceptions\): [\d.]+% \(\d+ of \d+/,
  );
  t.match(sef, /Annual reviews held on time [\d.]+% \d+ of \d+/);
  t.notMatch(sef, "No statements are recorded under this criterion");
  t.notMatch(sef, "parents spoke positively");
  t.notMatch(sef, /due 20(1\d|2[0-4])-/, "no action due years ago");
  t.notMatch(sef, /evidence metric \w+ is over/, "warnings name titles, not internal ids");
  const figure = view.figures.find((f) => f.id === "finalPlansWithin20WeeksExcludingExceptions")!;
  t.match(sef, `${figure.value}%`, "the figure as at the pack's position");

  const request = flat(pdfText((await buildPack(at, { kind: "dataRequest" }, "UTC")).pdf));
  t.match(request, "The store's own figures against recorded values");
  t.match(request, /Decisions whether to assess made within 6 weeks [\d.]+% \d+ of \d+/);
  t.ok(view.figureContradictions.length > 0, "the published 2022 figure disagrees with the store's own");
  for (const c of view.figureContradictions)
    t.match(request, `${c.recorded}% ${c.computed}%`, "each disagreement listed");
});

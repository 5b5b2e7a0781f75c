import t from "tap";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { actionsProjection } from "../../projections/actions.js";
import { actionPlan, actionView } from "../../projections/actionPlan.js";
import { fold } from "../../projections/projection.js";
import { recorded } from "./recorded.js";

const ev = (id: string, type: string, data: Record<string, unknown>): RecordedEvent =>
  recorded(`action-${id}`, type, data);
const raise = (id: string, priorityArea: string, criteria: string[], dueOn: string, ref?: string) =>
  ev(id, "ActionRaised", {
    title: `Action ${id}`,
    priorityArea,
    criteria,
    owner: "Head of SEND",
    dueOn,
    source: ref ? { kind: "qa audit", ref } : { kind: "self-identified" },
  });
const update = (id: string, updatedOn: string, rag: string) =>
  ev(id, "ActionProgressUpdated", { updatedOn, rag, narrative: `${rag} on ${updatedOn}`, evidence: [] });
const complete = (id: string, completedOn: string) =>
  ev(id, "ActionCompleted", {
    completedOn,
    impact: "20-week timeliness up from 48% to 71%",
    evidence: [{ kind: "metric", id: "ehcp-20wk" }],
  });

const actions = fold(actionsProjection, [
  raise("A1", "Timeliness", ["A1"], "2026-06-30", "Q7"),
  update("A1", "2026-02-01", "red"),
  update("A1", "2026-04-01", "amber"),
  update("A1", "2026-03-01", "green"), // recorded late, but older than the amber update
  raise("A2", "Timeliness", ["A1", "B5"], "2026-03-31"),
  update("A2", "2026-03-01", "amber"),
  complete("A2", "2026-03-20"),
  raise("A3", "Preparation for adulthood", ["A4"], "2026-09-30"),
  ev("A3", "ActionDueDateChanged", { dueOn: "2026-05-31", reason: "brought forward" }),
  raise("A4", "Preparation for adulthood", ["A4", "B5"], "2026-05-01"),
  update("A4", "2026-04-10", "green"),
  complete("A4", "2026-04-30"),
  ev("A4", "ActionReopened", { reopenedOn: "2026-05-02", reason: "impact not sustained" }),
  update("A4", "2026-05-02", "amber"),
  update("A4", "2026-05-02", "red"), // same day: the later-recorded update stands
  raise("A5", "Timeliness", ["B5"], "2026-12-31"),
  update("A5", "2026-05-15", "green"),
  complete("A5", "2026-08-01"),
  raise("A6", "Timeliness", ["B1"], "2026-03-31"), // same due and completion dates as A2
  complete("A6", "2026-03-20"),
  ev("NOPE", "ActionProgressUpdated", { updatedOn: "2026-01-01", rag: "red", narrative: "x", evidence: [] }),
]);

t.test("the fold", async (t) => {
  t.equal([...actions.byId.keys()].length, 6, "an update for an unknown action is ignored");
  t.same(actionsProjection.apply(actions, { ...ev("A1", "Other", {}), stream: "case-C1" }), actions);
  t.equal(actions.byId.get("A3")?.dueOn, "2026-05-31");
  t.equal(actions.byId.get("A4")?.completed, undefined, "reopened");
  t.equal(actions.byId.get("A4")?.reopened.length, 1);
});

t.test("latest RAG, overdue and completion as at a date", async (t) => {
  const plan = actionPlan(actions, "2026-06-01");
  t.same(
    plan.actions.map((a) => [a.actionId, a.rag, a.overdue, a.daysOverdue]),
    [
      ["A2", "complete", false, 0],
      ["A6", "complete", false, 0],
      ["A4", "red", true, 31],
      ["A3", "unrated", true, 1],
      ["A1", "amber", false, 0],
      ["A5", "green", false, 0],
    ],
    "sorted by due date, then id",
  );
  t.equal(plan.actions.find((a) => a.actionId === "A1")?.lastUpdatedOn, "2026-04-01");
  t.equal(plan.actions.find((a) => a.actionId === "A3")?.lastUpdatedOn, undefined);
  t.same(plan.rag, { red: 1, amber: 1, green: 1, complete: 2, unrated: 1 });
  t.same(
    plan.overdue.map((a) => a.actionId),
    ["A4", "A3"],
  );
  t.same(
    plan.completedWithImpact.map((a) => [a.actionId, a.completed?.completedOn]),
    [
      ["A2", "2026-03-20"],
      ["A6", "2026-03-20"],
    ],
  );

  const later = actionPlan(actions, "2026-09-01");
  t.same(
    later.completedWithImpact.map((a) => a.actionId),
    ["A5", "A2", "A6"],
    "most recent first, then id",
  );
  t.match(later.completedWithImpact[0]?.completed, {
    impact: "20-week timeliness up from 48% to 71%",
    evidence: [{ kind: "metric", id: "ehcp-20wk" }],
  });

  const early = actionView(actions.byId.get("A1")!, "2026-01-15");
  t.equal(early.rag, "unrated", "no update yet as at the date");
  t.equal(actionView(actions.byId.get("A1")!, "2026-03-15").rag, "green");
  t.equal(
    actionView(actions.byId.get("A2")!, "2026-03-10").rag,
    "amber",
    "completed after the date: still open",
  );
  t.equal(actionView(actions.byId.get("A1")!, "2026-06-30").overdue, false, "due today is not overdue");
  t.equal(actionView(actions.byId.get("A1")!, "2026-07-01").daysOverdue, 1);
  t.same(actionView(actions.byId.get("A1")!, "2026-07-01").source, { kind: "qa audit", ref: "Q7" });
});

t.test("by priority area and by criterion", async (t) => {
  const plan = actionPlan(actions, "2026-06-01");
  t.same(
    plan.byPriorityArea.map((g) => [g.key, g.actions.map((a) => a.actionId), g.overdue]),
    [
      ["Preparation for adulthood", ["A4", "A3"], 2],
      ["Timeliness", ["A2", "A6", "A1", "A5"], 0],
    ],
  );
  t.same(plan.byPriorityArea[1]?.rag, { red: 0, amber: 1, green: 1, complete: 2, unrated: 0 });
  t.same(
    plan.byCriterion.map((g) => [g.key, g.actions.map((a) => a.actionId)]),
    [
      ["A1", ["A2", "A1"]],
      ["A4", ["A4", "A3"]],
      ["B1", ["A6"]],
      ["B5", ["A2", "A4", "A5"]],
    ],
    "an action serving two criteria appears under both",
  );
  const empty = actionPlan({ byId: new Map() }, "2026-06-01");
  t.same(empty, {
    asOf: "2026-06-01",
    actions: [],
    byPriorityArea: [],
    byCriterion: [],
    rag: { red: 0, amber: 0, green: 0, complete: 0, unrated: 0 },
    overdue: [],
    completedWithImpact: [],
  });
});

/**
 * The action plan page as a view model: the same action plan GraphQL's `actionPlan` serves, as rows with
 * a RAG tag, owner, due date, days overdue and the latest progress as at the page's moment, filtered by
 * overdue or RAG. Pure.
 */
import { type ActionRag, actionPlan, latestUpdate, RAGS } from "../../projections/actionPlan.js";
import type { ActionRecord, ActionsState } from "../../projections/actions.js";
import { shorten } from "../../projections/sefView.js";
import { day } from "./day.js";

export const RAG_TAG = new Map<ActionRag, { text: string; classes: string }>([
  ["red", { text: "Red", classes: "govuk-tag--red" }],
  ["amber", { text: "Amber", classes: "govuk-tag--orange" }],
  ["green", { text: "Green", classes: "govuk-tag--green" }],
  ["complete", { text: "Complete", classes: "govuk-tag--grey" }],
  ["unrated", { text: "Not rated", classes: "govuk-tag--yellow" }],
]);

export interface ActionPlanFilter {
  overdueOnly: boolean;
  rag?: ActionRag;
}

/** The filter a query asks for; anything it does not recognise is ignored (all actions). */
export function filterOf(query: unknown): ActionPlanFilter {
  const q = (query ?? {}) as Record<string, unknown>;
  const rag = RAGS.find((r) => r === q.rag);
  return { overdueOnly: q.show === "overdue", ...(rag ? { rag } : {}) };
}

const progressOf = (a: ActionRecord | undefined, asOf: string) => {
  const u = a ? latestUpdate(a, asOf) : undefined;
  return u ? { on: day(u.updatedOn), narrative: u.narrative } : undefined;
};

export function actionPlanPage(actions: ActionsState, asOf: string, filter: ActionPlanFilter) {
  const plan = actionPlan(actions, asOf);
  const rows = plan.actions
    .filter((a) => (!filter.overdueOnly || a.overdue) && (!filter.rag || a.rag === filter.rag))
    .map((a) => {
      const progress = progressOf(actions.byId.get(a.actionId), asOf);
      return {
        id: a.actionId,
        href: `/action-plan/${encodeURIComponent(a.actionId)}`,
        title: shorten(a.title, 160),
        owner: a.owner,
        priorityArea: a.priorityArea,
        criteria: a.criteria.join(", "),
        dueOn: day(a.dueOn),
        rag: RAG_TAG.get(a.rag)!,
        overdue: a.overdue ? `${a.daysOverdue}\u00a0day${a.daysOverdue === 1 ? "" : "s"}` : undefined,
        progress: progress ? { on: progress.on, narrative: shorten(progress.narrative, 200) } : undefined,
      };
    });
  return {
    asOf: day(asOf),
    total: plan.actions.length,
    overdue: plan.overdue.length,
    rag: RAGS.map((r) => ({ rag: r, ...RAG_TAG.get(r)!, count: plan.rag[r] })),
    rows,
    filter,
  };
}

/** One action as at `asOf`, with its whole history of updates; undefined when there is no such action. */
export function actionPage(actions: ActionsState, actionId: string, asOf: string) {
  const record = actions.byId.get(actionId);
  if (!record) return undefined;
  const view = actionPlan({ byId: new Map([[actionId, record]]) }, asOf).actions[0]!;
  return {
    id: view.actionId,
    href: `/action-plan/${encodeURIComponent(view.actionId)}`,
    title: view.title,
    owner: view.owner,
    priorityArea: view.priorityArea,
    criteria: view.criteria.join(", "),
    source: view.source.ref ? `${view.source.kind}: ${view.source.ref}` : view.source.kind,
    dueOn: day(view.dueOn),
    rag: RAG_TAG.get(view.rag)!,
    open: !view.completed,
    overdue: view.overdue ? `${view.daysOverdue} day${view.daysOverdue === 1 ? "" : "s"}` : undefined,
    completed: view.completed
      ? { on: day(view.completed.completedOn), impact: view.completed.impact }
      : undefined,
    updates: record.updates
      .filter((u) => u.updatedOn <= asOf)
      .map((u) => ({ on: day(u.updatedOn), rag: RAG_TAG.get(u.rag)!, narrative: u.narrative }))
      .reverse(),
    dueDateChanges: record.dueDateChanges.map((c) => ({ dueOn: day(c.dueOn), reason: c.reason })),
  };
}

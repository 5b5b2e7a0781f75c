/**
 * The SEND & AP action plan as at a date: a pure selector over the `actions` read model.
 *
 * - Progress updates and completion dated after `asOf` are ignored (an action completed after `asOf` is
 *   still open as at `asOf`). The due date is the current one: due-date changes carry no date of their own.
 * - An action's RAG is `complete` once completed, else the RAG of its latest update (by `updatedOn`; the
 *   later-recorded one on the same day), else `unrated`. A reopened action goes back to its latest RAG.
 * - Overdue: open, and due before `asOf` (an action due on `asOf` is not yet overdue).
 */
import type { IsoDate } from "../schemas/common.js";
import type { ActionRecord, ActionsState } from "./actions.js";
import { daysBetween } from "./calendar.js";

export type ActionRag = "red" | "amber" | "green" | "complete" | "unrated";

export const RAGS: readonly ActionRag[] = ["red", "amber", "green", "complete", "unrated"];

export type RagCounts = Record<ActionRag, number>;

export interface ActionView {
  actionId: string;
  title: string;
  priorityArea: string;
  criteria: string[];
  owner: string;
  dueOn: IsoDate;
  source: { kind: string; ref?: string };
  rag: ActionRag;
  /** The date of the latest progress update, if any. */
  lastUpdatedOn?: IsoDate;
  overdue: boolean;
  /** Days past due as at `asOf` when overdue, else 0. */
  daysOverdue: number;
  completed?: { completedOn: IsoDate; impact: string; evidence: { kind: string; id: string }[] };
}

export interface ActionGroup {
  key: string;
  actions: ActionView[];
  rag: RagCounts;
  overdue: number;
}

export interface ActionPlan {
  asOf: IsoDate;
  /** Every action, by due date then id. */
  actions: ActionView[];
  /** Groups sorted by key; actions within a group by due date then id. */
  byPriorityArea: ActionGroup[];
  /** One group per criterion an action serves (an action serving two criteria appears in both). */
  byCriterion: ActionGroup[];
  rag: RagCounts;
  overdue: ActionView[];
  /** Completed actions with the impact recorded, most recently completed first. */
  completedWithImpact: ActionView[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const emptyRag = (): RagCounts => ({ red: 0, amber: 0, green: 0, complete: 0, unrated: 0 });

/** An action's latest progress update as at `asOf` (by `updatedOn`; the later-recorded one on the same day). */
export function latestUpdate(a: ActionRecord, asOf: IsoDate): ActionRecord["updates"][number] | undefined {
  let latest: ActionRecord["updates"][number] | undefined;
  for (const u of a.updates)
    if (u.updatedOn <= asOf && (!latest || u.updatedOn >= latest.updatedOn)) latest = u;
  return latest;
}

/** One action as at `asOf`. */
export function actionView(a: ActionRecord, asOf: IsoDate): ActionView {
  const latest = latestUpdate(a, asOf);
  const completed = a.completed && a.completed.completedOn <= asOf ? a.completed : undefined;
  const overdue = !completed && a.dueOn < asOf;
  const view: ActionView = {
    actionId: a.actionId,
    title: a.title,
    priorityArea: a.priorityArea,
    criteria: [...a.criteria],
    owner: a.owner,
    dueOn: a.dueOn,
    source: { ...a.source },
    rag: completed ? "complete" : (latest?.rag ?? "unrated"),
    overdue,
    daysOverdue: overdue ? daysBetween(a.dueOn, asOf) : 0,
  };
  if (latest) view.lastUpdatedOn = latest.updatedOn;
  if (completed)
    view.completed = {
      completedOn: completed.completedOn,
      impact: completed.impact,
      evidence: completed.evidence.map((e) => ({ ...e })),
    };
  return view;
}

function group(views: ActionView[], keysOf: (v: ActionView) => string[]): ActionGroup[] {
  // By priority area or criterion: text an officer wrote, so a `Map`.
  const groups = new Map<string, ActionGroup>();
  for (const v of views)
    for (const key of new Set(keysOf(v))) {
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { key, actions: [], rag: emptyRag(), overdue: 0 }));
      g.actions.push(v);
      g.rag[v.rag] += 1;
      if (v.overdue) g.overdue += 1;
    }
  return [...groups.values()].sort((a, b) => cmp(a.key, b.key));
}

export function actionPlan(actions: ActionsState, asOf: IsoDate): ActionPlan {
  const views = [...actions.byId.values()]
    .map((a) => actionView(a, asOf))
    .sort((a, b) => cmp(a.dueOn, b.dueOn) || cmp(a.actionId, b.actionId));
  const rag = emptyRag();
  for (const v of views) rag[v.rag] += 1;
  return {
    asOf,
    actions: views,
    byPriorityArea: group(views, (v) => [v.priorityArea]),
    byCriterion: group(views, (v) => v.criteria),
    rag,
    overdue: views.filter((v) => v.overdue),
    completedWithImpact: views
      .flatMap((v) => (v.completed ? [{ on: v.completed.completedOn, v }] : []))
      .sort((x, y) => cmp(y.on, x.on) || cmp(x.v.actionId, y.v.actionId))
      .map(({ v }) => v),
  };
}

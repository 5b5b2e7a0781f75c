/** `actions`: the SEND & AP action plan, with RAG history, due-date changes, completion and impact. */
import { idOf, type Projection } from "./projection.js";

export interface ActionRecord {
  actionId: string;
  title: string;
  priorityArea: string;
  criteria: string[];
  owner: string;
  dueOn: string;
  source: { kind: string; ref?: string };
  raisedAt: string;
  updates: { updatedOn: string; rag: string; narrative: string; evidence: { kind: string; id: string }[] }[];
  dueDateChanges: { dueOn: string; reason: string }[];
  completed?: { completedOn: string; impact: string; evidence: { kind: string; id: string }[] };
  reopened: { reopenedOn: string; reason: string }[];
}

export interface ActionsState {
  byId: Record<string, ActionRecord>;
}

type D = Record<string, unknown>;

export const actionsProjection: Projection<ActionsState> = {
  name: "actions",
  version: 1,
  initial: () => ({ byId: {} }),
  apply(state, event) {
    if (!event.stream.startsWith("action-")) return state;
    const d = event.data as D;
    const id = idOf(event.stream);
    if (event.type === "ActionRaised") {
      state.byId[id] = {
        actionId: id,
        title: d.title as string,
        priorityArea: d.priorityArea as string,
        criteria: d.criteria as string[],
        owner: d.owner as string,
        dueOn: d.dueOn as string,
        source: d.source as ActionRecord["source"],
        raisedAt: event.recordedAt,
        updates: [],
        dueDateChanges: [],
        reopened: [],
      };
      return state;
    }
    const a = state.byId[id];
    if (!a) return state;
    switch (event.type) {
      case "ActionProgressUpdated":
        a.updates.push({
          updatedOn: d.updatedOn as string,
          rag: d.rag as string,
          narrative: d.narrative as string,
          evidence: d.evidence as ActionRecord["updates"][number]["evidence"],
        });
        break;
      case "ActionDueDateChanged":
        a.dueOn = d.dueOn as string;
        a.dueDateChanges.push({ dueOn: d.dueOn as string, reason: d.reason as string });
        break;
      case "ActionCompleted":
        a.completed = {
          completedOn: d.completedOn as string,
          impact: d.impact as string,
          evidence: d.evidence as ActionRecord["updates"][number]["evidence"],
        };
        break;
      case "ActionReopened":
        delete a.completed;
        a.reopened.push({ reopenedOn: d.reopenedOn as string, reason: d.reason as string });
        break;
    }
    return state;
  },
};

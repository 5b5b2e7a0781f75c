/** `actions`: the SEND & AP action plan, with RAG history, due-date changes, completion and impact. */
import type { Rag } from "../schemas/common.js";
import type { EvidenceEvent } from "../schemas/events/index.js";
import { type Fold, idOf, overStored } from "./projection.js";

export interface ActionRecord {
  actionId: string;
  title: string;
  priorityArea: string;
  criteria: string[];
  owner: string;
  dueOn: string;
  source: { kind: string; ref?: string };
  raisedAt: string;
  updates: { updatedOn: string; rag: Rag; narrative: string; evidence: { kind: string; id: string }[] }[];
  dueDateChanges: { dueOn: string; reason: string }[];
  completed?: { completedOn: string; impact: string; evidence: { kind: string; id: string }[] };
  reopened: { reopenedOn: string; reason: string }[];
}

export interface ActionsState {
  /** By action id: a `Map`, since an id may be any name the id grammar allows. */
  byId: Map<string, ActionRecord>;
}

export const actionsFold: Fold<ActionsState> = {
  name: "actions",
  version: 2,
  initial: () => ({ byId: new Map() }),
  apply(state, event: EvidenceEvent) {
    if (!event.stream.startsWith("action-")) return state;
    const id = idOf(event.stream);
    if (event.type === "ActionRaised") {
      const d = event.data;
      state.byId.set(id, {
        actionId: id,
        title: d.title,
        priorityArea: d.priorityArea,
        criteria: d.criteria,
        owner: d.owner,
        dueOn: d.dueOn,
        source: d.source,
        raisedAt: event.recordedAt,
        updates: [],
        dueDateChanges: [],
        reopened: [],
      });
      return state;
    }
    const a = state.byId.get(id);
    if (!a) return state;
    switch (event.type) {
      case "ActionProgressUpdated": {
        const d = event.data;
        a.updates.push({ updatedOn: d.updatedOn, rag: d.rag, narrative: d.narrative, evidence: d.evidence });
        break;
      }
      case "ActionDueDateChanged":
        a.dueOn = event.data.dueOn;
        a.dueDateChanges.push({ dueOn: event.data.dueOn, reason: event.data.reason });
        break;
      case "ActionCompleted": {
        const d = event.data;
        a.completed = { completedOn: d.completedOn, impact: d.impact, evidence: d.evidence };
        break;
      }
      case "ActionReopened":
        delete a.completed;
        a.reopened.push({ reopenedOn: event.data.reopenedOn, reason: event.data.reason });
        break;
    }
    return state;
  },
};

/** The action plan on its own, over stored events. */
export const actionsProjection = overStored(actionsFold);

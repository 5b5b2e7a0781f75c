/**
 * Areas for improvement from an inspection report, each with the partner that owns it (local authority,
 * ICB, or both: June 2025 handbook) and the actions that take it forward: an action raised with source
 * `{ kind: "inspection finding", ref: "<inspectionId>/<ref>" }`. One without an action is flagged. Pure.
 */
import { actionView, type ActionView } from "./actionPlan.js";
import type { EvidenceState } from "./evidence.js";

export interface ImprovementView {
  ref: string;
  text: string;
  owner: string;
  actions: ActionView[];
  /** True when no action in the plan cites this area for improvement. */
  untracked: boolean;
}

/** The reference an action's source gives for an area for improvement. */
export const improvementRef = (inspectionId: string, ref: string) => `${inspectionId}/${ref}`;

export function improvements(state: EvidenceState, inspectionId: string, asOf: string): ImprovementView[] {
  const ins = state.partnership.inspections.get(inspectionId);
  const actions = [...state.actions.byId.values()];
  return (ins?.improvements ?? []).map((i) => {
    const cite = improvementRef(inspectionId, i.ref);
    const linked = actions
      .filter((a) => a.source.kind === "inspection finding" && a.source.ref === cite)
      .map((a) => actionView(a, asOf));
    return { ...i, actions: linked, untracked: linked.length === 0 };
  });
}

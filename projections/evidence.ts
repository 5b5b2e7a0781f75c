/**
 * The evidence base: every fold the read models are selected from, as one projection, so the runner keeps
 * one checkpoint and one snapshot, and "as at" folds the log once.
 */
import type { RecordedEvent } from "../schemas/envelope.js";
import { decode } from "../schemas/events/index.js";
import { actionsProjection, type ActionsState } from "./actions.js";
import { casesProjection, type CasesState } from "./cases.js";
import { metricsProjection, type MetricsState } from "./metrics.js";
import { partnershipProjection, type PartnershipState } from "./partnership.js";
import type { Projection } from "./projection.js";
import { qaProjection, type QaState } from "./qa.js";
import { sefProjection, type SefState } from "./sef.js";

export interface EvidenceState {
  /** Global position of the last event folded (0: none). */
  position: number;
  /** recordedAt of the last event folded. */
  recordedAt?: string;
  events: number;
  partnership: PartnershipState;
  cases: CasesState;
  qa: QaState;
  actions: ActionsState;
  metrics: MetricsState;
  sef: SefState;
}

const parts = {
  partnership: partnershipProjection,
  cases: casesProjection,
  qa: qaProjection,
  actions: actionsProjection,
  metrics: metricsProjection,
  sef: sefProjection,
} as const;

export const evidenceProjection: Projection<EvidenceState> = {
  name: "evidence",
  // The sum of the parts' versions: bumping any part rebuilds the whole.
  version: Object.values(parts).reduce((v, p) => v + p.version, 0),
  initial: () => ({
    position: 0,
    events: 0,
    partnership: partnershipProjection.initial(),
    cases: casesProjection.initial(),
    qa: qaProjection.initial(),
    actions: actionsProjection.initial(),
    metrics: metricsProjection.initial(),
    sef: sefProjection.initial(),
  }),
  apply(state, raw: RecordedEvent) {
    state.position = raw.position;
    state.recordedAt = raw.recordedAt;
    state.events += 1;
    const data = decode(raw.type, raw.data);
    if (!data) return state; // a type this build does not know: skipped, position still advances
    const event = data === raw.data ? raw : { ...raw, data };
    state.partnership = partnershipProjection.apply(state.partnership, event);
    state.cases = casesProjection.apply(state.cases, event);
    state.qa = qaProjection.apply(state.qa, event);
    state.actions = actionsProjection.apply(state.actions, event);
    state.metrics = metricsProjection.apply(state.metrics, event);
    state.sef = sefProjection.apply(state.sef, event);
    return state;
  },
};

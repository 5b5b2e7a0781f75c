/**
 * The evidence state as a snapshot holds it, and back. The state keeps its keyed parts in `Map`s (an id may
 * be `__proto__` or `toString`); JSON has no maps, so each is written as its array of `[key, value]` pairs
 * (which any key survives, `__proto__` included) and read back into a `Map`. Everything else is JSON as
 * it is. `read(write(s))` equals `s` (tested), so a resumed runner folds on from exactly what it saved.
 */
import type { ActionRecord } from "./actions.js";
import type { CaseRecord } from "./cases.js";
import type { EvidenceState } from "./evidence.js";
import type { MetricRecord, MetricValue } from "./metrics.js";
import type { DocumentRecord, InspectionRecord } from "./partnership.js";
import { entriesOf, mapOf, type SnapshotCodec } from "./projection.js";
import type { AuditRecord } from "./qa.js";
import type { StatementRecord } from "./sef.js";

type Pairs<V> = [string, V][];
type Written<T, K extends keyof T, V> = Omit<T, K> & Record<K, Pairs<V>>;

type InspectionJson = Written<InspectionRecord, "itemsProvided", unknown>;
type MetricJson = Written<MetricRecord, "values", MetricValue>;

/** The JSON form of the evidence state (what `JSON.stringify` is given and `JSON.parse` returns). */
export interface EvidenceJson extends Omit<
  EvidenceState,
  "partnership" | "cases" | "qa" | "actions" | "metrics" | "sef"
> {
  partnership: Omit<EvidenceState["partnership"], "documents" | "inspections"> & {
    documents: Pairs<DocumentRecord>;
    inspections: Pairs<InspectionJson>;
  };
  cases: { byId: Pairs<CaseRecord> };
  qa: { audits: Pairs<AuditRecord> };
  actions: { byId: Pairs<ActionRecord> };
  metrics: { byId: Pairs<MetricJson> };
  sef: Omit<EvidenceState["sef"], "statements"> & { statements: Pairs<StatementRecord> };
}

export function writeEvidence(state: EvidenceState): EvidenceJson {
  const { partnership: p, sef } = state;
  return {
    ...state,
    partnership: {
      ...p,
      documents: entriesOf(p.documents),
      inspections: [...p.inspections].map(([id, i]) => [
        id,
        { ...i, itemsProvided: entriesOf(i.itemsProvided) },
      ]),
    },
    cases: { byId: entriesOf(state.cases.byId) },
    qa: { audits: entriesOf(state.qa.audits) },
    actions: { byId: entriesOf(state.actions.byId) },
    metrics: { byId: [...state.metrics.byId].map(([id, m]) => [id, { ...m, values: entriesOf(m.values) }]) },
    sef: { ...sef, statements: entriesOf(sef.statements) },
  };
}

export function readEvidence(json: EvidenceJson): EvidenceState {
  const { partnership: p, sef } = json;
  return {
    ...json,
    partnership: {
      ...p,
      documents: mapOf(p.documents),
      inspections: new Map(
        p.inspections.map(([id, i]) => [id, { ...i, itemsProvided: mapOf(i.itemsProvided) }]),
      ),
    },
    cases: { byId: mapOf(json.cases.byId) },
    qa: { audits: mapOf(json.qa.audits) },
    actions: { byId: mapOf(json.actions.byId) },
    metrics: { byId: new Map(json.metrics.byId.map(([id, m]) => [id, { ...m, values: mapOf(m.values) }])) },
    sef: { ...sef, statements: mapOf(sef.statements) },
  };
}

export const evidenceSnapshot: SnapshotCodec<EvidenceState> = {
  write: writeEvidence,
  read: (json) => readEvidence(json as EvidenceJson),
};

/** The evidence state as one JSON string (what a snapshot stores): for comparing two states exactly. */
export const serialised = (state: EvidenceState): string => JSON.stringify(writeEvidence(state));

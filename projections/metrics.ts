/** `metrics`: each metric's definition and its values by period and scope, corrections applied. */
import type { MetricScope } from "../schemas/events/metric.js";
import type { EvidenceEvent } from "../schemas/events/index.js";
import { type Fold, idOf, overStored } from "./projection.js";

export interface MetricValue {
  period: string;
  scope: MetricScope;
  value: number;
  source?: string;
  recordedAt: string;
  /** Earlier values replaced by corrections, oldest first. */
  corrections: { value: number; reason: string; correctedAt: string }[];
}

export interface MetricRecord {
  metricId: string;
  title: string;
  unit: string;
  higherIsBetter: boolean | null;
  criteria: string[];
  source: string;
  /** What the measure is about (decides which criteria it bears on); none when not given. */
  topics: string[];
  /** The store figure this measure records a value of, if any. */
  storeFigure?: string;
  /** By `period|scope` (see `valueKey`): a `Map`, since the key holds text a file supplied. */
  values: Map<string, MetricValue>;
}

export interface MetricsState {
  /** By metric id: a `Map`, since an id may be any name the id grammar allows. */
  byId: Map<string, MetricRecord>;
}

/** One key per period and scope, e.g. `2022/23|region:London`. */
export function scopeKey(scope: MetricScope): string {
  if (scope.kind === "region") return `region:${scope.name}`;
  if (scope.kind === "localAuthority") return `la:${scope.laCode}`;
  return scope.kind;
}

/** The key of a value in `MetricRecord.values`: its period and scope. */
export const valueKey = (period: string, scope: MetricScope) => `${period}|${scopeKey(scope)}`;

export const metricsFold: Fold<MetricsState> = {
  name: "metrics",
  version: 3,
  initial: () => ({ byId: new Map() }),
  apply(state, event: EvidenceEvent) {
    if (!event.stream.startsWith("metric-")) return state;
    const id = idOf(event.stream);
    if (event.type === "MetricDefined") {
      const d = event.data;
      state.byId.set(id, {
        metricId: id,
        title: d.title,
        unit: d.unit,
        higherIsBetter: d.higherIsBetter,
        criteria: d.criteria,
        source: d.source,
        topics: d.topics ?? [],
        ...(d.storeFigure ? { storeFigure: d.storeFigure } : {}),
        values: new Map(),
      });
      return state;
    }
    const m = state.byId.get(id);
    if (!m) return state;
    if (event.type === "MetricValueRecorded") {
      const d = event.data;
      m.values.set(valueKey(d.period, d.scope), {
        period: d.period,
        scope: d.scope,
        value: d.value,
        ...(d.source ? { source: d.source } : {}),
        recordedAt: event.recordedAt,
        corrections: [],
      });
    } else if (event.type === "MetricValueCorrected") {
      const d = event.data;
      const v = m.values.get(valueKey(d.period, d.scope));
      if (v) {
        v.corrections.push({ value: v.value, reason: d.reason, correctedAt: event.recordedAt });
        v.value = d.value;
      }
    }
    return state;
  },
};

/** The metrics on their own, over stored events (the metrics import folds one stream with it). */
export const metricsProjection = overStored(metricsFold);

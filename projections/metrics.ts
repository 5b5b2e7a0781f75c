/** `metrics`: each metric's definition and its values by period and scope, corrections applied. */
import type { MetricScope } from "../schemas/events/metric.js";
import { idOf, type Projection } from "./projection.js";

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
  values: Record<string, MetricValue>;
}

export interface MetricsState {
  byId: Record<string, MetricRecord>;
}

/** One key per period and scope, e.g. `2022/23|region:London`. */
export function scopeKey(scope: MetricScope): string {
  if (scope.kind === "region") return `region:${scope.name}`;
  if (scope.kind === "localAuthority") return `la:${scope.laCode}`;
  return scope.kind;
}

type D = Record<string, unknown>;

export const metricsProjection: Projection<MetricsState> = {
  name: "metrics",
  version: 1,
  initial: () => ({ byId: {} }),
  apply(state, event) {
    if (!event.stream.startsWith("metric-")) return state;
    const d = event.data as D;
    const id = idOf(event.stream);
    if (event.type === "MetricDefined") {
      state.byId[id] = {
        metricId: id,
        title: d.title as string,
        unit: d.unit as string,
        higherIsBetter: d.higherIsBetter as boolean | null,
        criteria: d.criteria as string[],
        source: d.source as string,
        topics: (d.topics as string[] | undefined) ?? [],
        ...(d.storeFigure ? { storeFigure: d.storeFigure as string } : {}),
        values: {},
      };
      return state;
    }
    const m = state.byId[id];
    if (!m) return state;
    const key = `${d.period as string}|${scopeKey(d.scope as MetricScope)}`;
    if (event.type === "MetricValueRecorded") {
      m.values[key] = {
        period: d.period as string,
        scope: d.scope as MetricScope,
        value: d.value as number,
        ...(d.source ? { source: d.source as string } : {}),
        recordedAt: event.recordedAt,
        corrections: [],
      };
    } else if (event.type === "MetricValueCorrected") {
      const v = m.values[key];
      if (v) {
        v.corrections.push({ value: v.value, reason: d.reason as string, correctedAt: event.recordedAt });
        v.value = d.value as number;
      }
    }
    return state;
  },
};

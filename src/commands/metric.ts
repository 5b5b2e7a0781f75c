/**
 * Deciders for `metric-<id>`. Rules: a value needs a defined metric; a period and scope is recorded once,
 * after which only a correction (with a reason) changes it, so the history shows what was believed when.
 */
import { metricFamily, type MetricScope } from "../../schemas/events/metric.js";
import { command, fail, type StreamModel, stamp } from "./decision.js";

export interface MetricState {
  defined: boolean;
  /** `period|scope` keys already recorded. */
  recorded: Set<string>;
}

const ev = metricFamily.events;
export const valueKey = (period: string, scope: MetricScope) =>
  `${period}|${scope.kind}${"laCode" in scope ? `:${scope.laCode}` : ""}${"name" in scope && scope.kind === "region" ? `:${scope.name}` : ""}`;

export const metricModel: StreamModel<MetricState> = {
  family: "metric",
  resource: "metrics",
  initial: () => ({ defined: false, recorded: new Set() }),
  evolve(state, { type, data }) {
    if (type === "MetricDefined") return { ...state, defined: true };
    if (type === "MetricValueRecorded") {
      const d = data as { period: string; scope: MetricScope };
      return { ...state, recorded: new Set(state.recorded).add(valueKey(d.period, d.scope)) };
    }
    return state;
  },
};

const analysts = ["officer", "lano", "admin"] as const;

export const metricCommands = [
  command({
    name: "defineMetric",
    path: "define",
    summary: "Define a metric: unit, polarity (is higher better?), the criteria it evidences and its source.",
    model: metricModel,
    roles: analysts,
    input: ev.MetricDefined.payload,
    decide: (input, s, ctx) =>
      s.defined
        ? fail("metricAlreadyDefined", `metric ${ctx.streamId} is already defined`, [])
        : [stamp("MetricDefined", input)],
  }),
  command({
    name: "recordMetricValue",
    path: "record-value",
    summary:
      "Record a value for a period and scope (the area, England, the region, statistical neighbours, an LA).",
    model: metricModel,
    roles: analysts,
    input: ev.MetricValueRecorded.payload,
    decide: (input, s, ctx) =>
      !s.defined
        ? fail("metricNotDefined", `metric ${ctx.streamId} is not defined; define it first`, [])
        : s.recorded.has(valueKey(input.period, input.scope))
          ? fail(
              "valueAlreadyRecorded",
              `a value for ${input.period} is already recorded; correct it instead`,
              ["period"],
            )
          : [stamp("MetricValueRecorded", input)],
  }),
  command({
    name: "correctMetricValue",
    path: "correct-value",
    summary: "Correct a recorded value, with the reason; the original stays in the history.",
    model: metricModel,
    roles: analysts,
    input: ev.MetricValueCorrected.payload,
    decide: (input, s, ctx) =>
      !s.defined
        ? fail("metricNotDefined", `metric ${ctx.streamId} is not defined`, [])
        : s.recorded.has(valueKey(input.period, input.scope))
          ? [stamp("MetricValueCorrected", input)]
          : fail("noValueToCorrect", `no value for ${input.period} in that scope has been recorded`, [
              "period",
            ]),
  }),
];

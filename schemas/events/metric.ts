import { z } from "zod";
import { criterionCode, evidenceTopic, laCode, narrative, plainText, storeFigureId } from "../common.js";
import { defineFamily, type EventOf, eventData } from "../eventDefinition.js";

/** Whose figure a value is: the area's own, or a comparator. */
export const metricScope = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("area") }),
  z.strictObject({ kind: z.literal("england") }),
  z.strictObject({ kind: z.literal("region"), name: plainText(80) }),
  z.strictObject({ kind: z.literal("statisticalNeighbours") }),
  z.strictObject({ kind: z.literal("localAuthority"), laCode, name: plainText(80) }),
]);

/** A period as publishers state it: `2023`, `2022/23`, `2023-Q4`, `2024-02`. */
export const metricPeriod = z
  .string()
  .regex(/^\d{4}(\/\d{2}|-Q[1-4]|-\d{2})?$/, "must be a period such as 2023, 2022/23, 2023-Q4 or 2024-02");

export const metricFamily = defineFamily(
  "metric",
  "One measure (timeliness, waiting times, outcomes) with its values for the area and its comparators.",
  {
    MetricDefined: eventData(1, {
      title: narrative(200),
      unit: z.enum(["percent", "count", "weeks", "days", "rate"]),
      /** Polarity: true if higher is better, false if lower is better, null if neither. */
      higherIsBetter: z.boolean().nullable(),
      criteria: z.array(criterionCode).min(1).max(11),
      source: narrative(300),
      /** What the measure is about: decides which criteria it bears on (docs/SEF.md). */
      topics: z.array(evidenceTopic).max(6).optional(),
      /** The store figure this measure is a recorded or published value of, compared period by period. */
      storeFigure: storeFigureId.optional(),
    }),
    MetricValueRecorded: eventData(1, {
      period: metricPeriod,
      scope: metricScope,
      value: z.number().finite(),
      source: narrative(300).optional(),
    }),
    MetricValueCorrected: eventData(1, {
      period: metricPeriod,
      scope: metricScope,
      value: z.number().finite(),
      reason: narrative(500),
    }),
  },
);

export type MetricEvent = EventOf<typeof metricFamily.events>;
export type MetricScope = z.infer<typeof metricScope>;

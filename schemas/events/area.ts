import { z } from "zod";
import { criterionCode, laCode, narrative, plainText } from "../common.js";
import { defineFamily, type EventOf, eventData } from "../eventDefinition.js";

export const statisticalNeighbour = z.strictObject({
  rank: z.number().int().min(1).max(20),
  name: plainText(80),
  laCode: laCode.optional(),
});

export const evaluationCriterion = z.strictObject({
  code: criterionCode,
  text: narrative(400),
  /** False where the wording is not confirmed against the published framework (B1–B6). */
  wordingConfirmed: z.boolean(),
});

/** A deadline measured from the notification call: hours, or working days (Mon–Fri). */
export const deadlineOffset = z.strictObject({
  amount: z.number().int().min(0).max(60),
  unit: z.enum(["hours", "workingDays"]),
});

export const dataRequestItem = z.strictObject({
  key: z.string().regex(/^[a-z][a-zA-Z0-9]*$/, "must be a camelCase key"),
  title: narrative(200),
  kind: z.enum(["list", "document", "metric", "dataset", "report"]),
  owner: plainText(120),
  source: plainText(200),
  deadline: deadlineOffset,
});

export const areaFamily = defineFamily(
  "area",
  "The local area partnership: who it is, its criteria, what inspectors will ask for.",
  {
    AreaConfigured: eventData(1, {
      laCode,
      name: plainText(120, 2),
      region: plainText(80, 2),
      icb: plainText(160, 2),
      statisticalNeighbours: z.array(statisticalNeighbour).max(20),
      /** The Local Area Nominated Officer: a member of staff, not a child. */
      lano: z.strictObject({ name: plainText(120), email: z.email().optional() }),
    }),
    EvaluationCriteriaConfigured: eventData(1, {
      criteria: z.array(evaluationCriterion).min(1).max(20),
    }),
    DataRequestCatalogueConfigured: eventData(1, {
      items: z.array(dataRequestItem).min(1).max(100),
    }),
  },
);

export type AreaEvent = EventOf<typeof areaFamily.events>;
export type EvaluationCriterion = z.infer<typeof evaluationCriterion>;
export type DataRequestItem = z.infer<typeof dataRequestItem>;

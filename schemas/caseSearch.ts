/**
 * The Case tracking page's search, as its GET form sends it (src/web/caseTrackingPages.ts): every field may
 * be absent or blank (any), and a field given twice or with a value off the list is refused by name.
 */
import { z } from "zod";
import { phase, primaryNeed } from "./common.js";

/** A blank field is an absent one: the form sends every field, filled in or not. */
const blankIsAny = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/** Plan or SEN support, as the search asks it. */
export const supportKind = z.enum(["ehcPlan", "senSupport"]);

export const caseSearch = z.object({
  /** All of a case reference or its start; matched without regard to case. */
  case: blankIsAny(
    z
      .string()
      .trim()
      .max(40)
      .regex(/^[A-Za-z0-9_-]+$/),
  ),
  need: blankIsAny(primaryNeed),
  phase: blankIsAny(phase),
  support: blankIsAny(supportKind),
  /** Only children in alternative provision. */
  ap: blankIsAny(z.literal("yes")),
  page: blankIsAny(z.coerce.number().int().min(1).max(1_000_000)),
  /** Read by the page's moment (src/web/moment.ts), which takes only one; a repeated one is not a search error. */
  asAt: z.string().optional().catch(undefined),
});

export type CaseSearch = z.infer<typeof caseSearch>;
/** The fields of the search, in the order the form shows them. */
export const CASE_SEARCH_FIELDS = ["case", "need", "phase", "support", "ap", "page"] as const;
export type CaseSearchField = (typeof CASE_SEARCH_FIELDS)[number];

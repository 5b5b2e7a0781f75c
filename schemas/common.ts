/**
 * Shared building blocks for the event catalogue and command inputs.
 * Every TypeScript type in the project is inferred from a zod schema here or beside it.
 */
import { z } from "zod";

/** A calendar date with no time, as councils record statutory dates: `YYYY-MM-DD`. */
export const isoDate = z.iso.date({ error: "must be a date as YYYY-MM-DD" });
/** A moment with a UTC offset, e.g. `2026-11-23T09:00:00Z`. */
export const isoDateTime = z.iso.datetime({
  offset: true,
  error: "must be a date-time with a timezone, e.g. 2026-11-23T09:00:00Z",
});

/** The local area's own pseudonymous case reference. Never a name: letters, digits, `-` and `_` only. */
export const caseId = z
  .string()
  .min(3)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "must be a pseudonymous reference of letters, digits, '-' or '_'");

/** Ids for audits, actions, metrics, documents, inspections and packs share the same shape as case ids. */
export const entityId = caseId;

/** ONS-style local authority code, e.g. `E09000003`. */
export const laCode = z.string().regex(/^[EWSN]\d{8}$/, "must be an ONS-style code such as E09000003");

/** Unique Pupil Number: 13 characters, a check letter then 12 digits (or a temporary UPN ending in a letter). */
export const upn = z.string().regex(/^[A-Z]\d{11}[0-9A-Z]$/, "must be a 13-character UPN");
/** Unique Learner Number: 10 digits. */
export const uln = z.string().regex(/^\d{10}$/, "must be a 10-digit ULN");
/** Unique Reference Number of an establishment: 6 digits (7 for some newer settings). */
export const urn = z.string().regex(/^\d{6,7}$/, "must be a 6- or 7-digit URN");

/** Evaluation criteria codes: A1–A5 (impact) and B1–B6 (how partners plan, evaluate and develop). */
export const criterionCode = z
  .string()
  .regex(/^(A[1-5]|B[1-6])$/, "must be an evaluation criterion code, A1–A5 or B1–B6");

export const gender = z.enum(["female", "male", "other", "unknown"]);

/** The DfE primary need codes used in the school census and SEN2. */
export const primaryNeed = z.enum([
  "SPLD", // specific learning difficulty
  "MLD", // moderate learning difficulty
  "SLD", // severe learning difficulty
  "PMLD", // profound and multiple learning difficulty
  "SEMH", // social, emotional and mental health
  "SLCN", // speech, language and communication needs
  "HI", // hearing impairment
  "VI", // vision impairment
  "MSI", // multi-sensory impairment
  "PD", // physical disability
  "ASD", // autistic spectrum disorder
  "OTH", // other difficulty or disability
  "NSA", // SEN support but no specialist assessment of type of need
]);

/** Education phase, as Annex A's "Main education establishment – phase". */
export const phase = z.enum([
  "early years",
  "primary",
  "secondary",
  "all-through",
  "special",
  "alternative provision",
  "post-16",
  "further education",
  "independent",
  "not in education",
]);

/** Ofsted-style grades used for EHC plan QA, per section and overall. */
export const grade = z.enum(["outstanding", "good", "requires improvement", "inadequate"]);

/** EHC plan sections, SEND Regulations 2014 reg. 12. */
export const planSection = z.enum(["A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"]);

export const agency = z.enum(["education", "health", "social care", "parent carer", "independent"]);

export const role = z.enum(["lano", "officer", "auditor", "inspector", "admin"]);

export const rag = z.enum(["red", "amber", "green"]);
export type Rag = z.infer<typeof rag>;

/** A pointer from a claim or an action to the evidence behind it. */
/**
 * What a piece of evidence is about. A citation bears on a SEF statement when its topics meet the topics
 * of the statement's criterion (projections/evidenceTopics.ts, docs/SEF.md).
 */
export const evidenceTopic = z.enum([
  "needs identification",
  "assessment timeliness",
  "review timeliness",
  "participation",
  "plan quality",
  "health waiting times",
  "outcomes",
  "preparation for adulthood",
  "inclusion",
  "needs analysis",
  "commissioning",
  "improvement",
  "multi-agency working",
  "data quality",
]);

/** The figures the store computes itself and a statement can cite (projections/storeFigures.ts). */
export const storeFigureId = z.enum([
  "decisionsWithin6Weeks",
  "finalPlansWithin20Weeks",
  "finalPlansWithin20WeeksExcludingExceptions",
  "annualReviewsOnTime",
  "qaGoodOrBetter",
  "qaWeakWithActionRaised",
  "actionPlanOnTrack",
  "annexAErrors",
]);

export const evidenceRef = z
  .object({
    kind: z.enum(["metric", "figure", "qaAudit", "action", "document", "case", "survey", "voice"]),
    id: z.string().min(1).max(120),
    note: z.string().max(500).optional(),
  })
  .refine((r) => r.kind !== "figure" || storeFigureId.safeParse(r.id).success, {
    message: `a figure must be one of ${storeFigureId.options.join(", ")}`,
    path: ["id"],
  });

/**
 * Characters no text may hold: control characters (C0, DEL, C1) except, in multi-line text, tab and line
 * breaks (LF, or CR before LF); the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069),
 * which make text display other than it reads; and lone surrogates (not text at all).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const CONTROL_MULTI_LINE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\r(?!\n)/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const codePoint = (ch: string) => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

/** Why `text` may not be stored, or undefined when every character is allowed. */
export function forbiddenCharacter(text: string, multiLine: boolean): string | undefined {
  const control = (multiLine ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).exec(text);
  if (control)
    return `must not contain control characters (${codePoint(control[0])} at character ${control.index + 1})${multiLine ? "; tabs and line breaks are allowed" : ""}`;
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate)
    return `must not contain a lone surrogate (${codePoint(surrogate[0])} at character ${surrogate.index + 1})`;
  return undefined;
}

const cleanText = (multiLine: boolean) => (text: string, ctx: z.RefinementCtx) => {
  const reason = forbiddenCharacter(text, multiLine);
  if (reason) ctx.addIssue({ code: "custom", message: reason });
};

/** Free text a person writes (narratives, comments): multi-line. Bounded so a pack stays printable. */
export const narrative = (max = 4000) =>
  z.string().trim().min(1, "must not be empty").max(max).superRefine(cleanText(true));

/** A short single-line text (a name, a title, a label): no control characters at all. */
export const plainText = (max: number, min = 1) => z.string().min(min).max(max).superRefine(cleanText(false));

export type IsoDate = z.infer<typeof isoDate>;
export type Role = z.infer<typeof role>;
export type Grade = z.infer<typeof grade>;
export type PlanSection = z.infer<typeof planSection>;
export type EvidenceRef = z.infer<typeof evidenceRef>;
export type EvidenceTopic = z.infer<typeof evidenceTopic>;
export type StoreFigureId = z.infer<typeof storeFigureId>;

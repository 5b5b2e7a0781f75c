/**
 * Cell parsers shared by the import files: every cell arrives as text (CSV, or an XLSX cell turned into
 * text by ./table.ts) and a zod schema here turns it into the typed value the commands take. A blank cell
 * is "not known": it parses to `undefined`, and only `required` refuses it.
 */
import { z } from "zod";
import { isoDate, type IsoDate } from "../../schemas/common.js";

/** Trimmed text, with a blank cell as `undefined`. */
export function blankToUndefined(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** A cell that may be blank (not known). */
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** A cell that must be filled in. */
export const required = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToUndefined, z.custom<unknown>((v) => v !== undefined, "is required").pipe(schema));

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** `YYYY-MM-DD` or `DD/MM/YYYY` as an ISO date, or undefined when it is not a real calendar date. */
export function toIsoDate(text: string): IsoDate | undefined {
  const uk = UK.exec(text);
  const candidate = uk ? `${uk[3]}-${uk[2]!.padStart(2, "0")}-${uk[1]!.padStart(2, "0")}` : text;
  return ISO.test(candidate) && isoDate.safeParse(candidate).success ? candidate : undefined;
}

export const dateCell = z.string().transform((text, ctx) => {
  const iso = toIsoDate(text);
  if (iso) return iso;
  ctx.addIssue({ code: "custom", message: `"${text}" is not a date as YYYY-MM-DD or DD/MM/YYYY` });
  return z.NEVER;
});

const TRUE = new Set(["yes", "y", "true"]);
const FALSE = new Set(["no", "n", "false"]);

export const booleanCell = z.string().transform((text, ctx) => {
  const lower = text.toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  ctx.addIssue({ code: "custom", message: `"${text}" is not Yes/No or true/false` });
  return z.NEVER;
});

/** Case, spaces, `-` and `_` do not matter: `Not issue`, `not_issue` and `notIssue` are one value. */
export const looseKey = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** One of `values`, matched loosely (see looseKey), or through `aliases` (loose key → value). */
export function looseEnum<const V extends string>(
  values: readonly V[],
  aliases: Readonly<Record<string, V>> = {},
) {
  const byKey = new Map<string, V>(values.map((v) => [looseKey(v), v]));
  for (const [alias, v] of Object.entries(aliases)) byKey.set(alias, v);
  return z.string().transform((text, ctx) => {
    const value = byKey.get(looseKey(text));
    if (value !== undefined) return value;
    ctx.addIssue({ code: "custom", message: `"${text}" is not one of: ${values.join(", ")}` });
    return z.NEVER;
  });
}

/** A whole number in [min, max]. */
export const integerCell = (min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (n >= min && n <= max) return n;
    ctx.addIssue({ code: "custom", message: `"${text}" is not a whole number from ${min} to ${max}` });
    return z.NEVER;
  });

const DECIMAL = /^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/;

/** A decimal number, thousands separators allowed (`638,745`), optionally bounded and with a `%` sign. */
export const numberCell = (options: { min?: number; max?: number; percent?: boolean } = {}) =>
  z.string().transform((text, ctx) => {
    const bare = options.percent && text.endsWith("%") ? text.slice(0, -1).trimEnd() : text;
    const n = DECIMAL.test(bare) ? Number(bare.replaceAll(",", "")) : Number.NaN;
    const { min = -Infinity, max = Infinity } = options;
    if (Number.isFinite(n) && n >= min && n <= max) return n;
    const range = Number.isFinite(min) ? ` from ${min} to ${max}` : "";
    ctx.addIssue({ code: "custom", message: `"${text}" is not a number${range}` });
    return z.NEVER;
  });

/** An upper-cased code checked by `schema` (UPN, ethnicity code). */
export const upperCell = <T extends z.ZodType<unknown, string>>(schema: T) =>
  z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(schema);

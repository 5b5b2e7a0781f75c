/** Every setting in one place: environment variables with defaults, validated with zod. */
import { z } from "zod";
import { ANNUAL_REVIEW_RULES } from "../projections/clocks.js";
import { principal } from "./access/principal.js";

/**
 * An operator-supplied table of token → principal (AUTH_TOKENS): for tests and automation. Tokens of
 * people belong in access.db (`npm run cli -- access grant`), where only their hash is kept.
 */
export const tokenTable = z
  .record(z.string().min(32, "tokens must be at least 32 characters"), principal)
  .transform((t) => new Map(Object.entries(t)));
export type TokenTable = z.infer<typeof tokenTable>;

const settings = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** 127.0.0.1 by default: case-level data should not be served on every interface by accident. */
  HOST: z.string().default("127.0.0.1"),
  DATA_DIR: z.string().default("./data"),
  EVENTSTORE_URL: z
    .string()
    .startsWith("esdb", "must be an esdb:// or esdb+discover:// connection string")
    .optional(),
  /**
   * JSON: {"<token>": {"actor": "...", "role": "lano|officer|auditor|inspector|admin", "inspectionId"?: "...",
   * "expiresAt"?: "<ISO>"}}. Optional; principals are normally granted with `access grant`.
   */
  AUTH_TOKENS: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return undefined;
      try {
        return tokenTable.parse(JSON.parse(s));
      } catch (err) {
        ctx.addIssue({ code: "custom", message: `AUTH_TOKENS is not a valid token table: ${String(err)}` });
        return z.NEVER;
      }
    }),
  /** Seed the demo area into an empty store at start. */
  SEED_DEMO: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  NODE_ENV: z.string().default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Days after an inspection ends (its outcome published) that its inspectors may still read. */
  INSPECTOR_ACCESS_DAYS_AFTER: z.coerce.number().int().min(0).max(365).default(30),
  /** The time zone whose calendar decides "today" for statutory dates. */
  AREA_TIME_ZONE: z.string().default("Europe/London"),
  /**
   * How the annual review period is read (docs/CLOCKS.md): `act`, CFA 2014 s44(1), on time up to the day
   * before the anniversary; `anniversary`, on time up to and including it.
   */
  ANNUAL_REVIEW_RULE: z.enum(ANNUAL_REVIEW_RULES).default("act"),
});

export type Settings = z.infer<typeof settings>;

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = settings.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid settings:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** Today's date in the area's calendar. */
export const todayIn = (timeZone: string, now: Date) =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    now,
  );

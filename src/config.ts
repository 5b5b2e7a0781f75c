/** Every setting in one place: environment variables with defaults, validated with zod. */
import { z } from "zod";
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
  /** Worker threads building workbooks, packs and verifications off the event loop (0: in-process). */
  HEAVY_WORKERS: z.coerce.number().int().min(0).max(4).default(1),
  /** Requests per minute one actor may make (429 beyond; 0: no limit). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /** Failed authentications per minute from one address before it gets 429s (0: no limit). */
  UNAUTHENTICATED_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  /** Event-loop delay (ms) past which requests are shed with 503 + Retry-After (0: never). */
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  /** A request's headers and body must arrive within this (ms). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  /** An idle connection is closed after this (ms): longer than the largest pack takes to build. */
  CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).default(5_000),
  /** GraphQL: the most a query may cost (fields × list sizes; docs/OPERATIONS.md). */
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(50_000),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(20),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(8),
  /** GraphQL: root fields one query may give an `asAt` (each may fold the log to another moment). */
  GRAPHQL_MAX_AS_AT_FIELDS: z.coerce.number().int().min(0).default(3),
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

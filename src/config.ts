/** Every setting in one place: environment variables with defaults, validated with zod. */
import { z } from "zod";
import { ANNUAL_REVIEW_RULES } from "../projections/clocks.js";
import { principal } from "./access/principal.js";
import { parseRoleMap, type RoleMap } from "./access/roleMap.js";

/**
 * An operator-supplied table of token → principal (AUTH_TOKENS): for tests and automation. Tokens of
 * people belong in access.db (`npm run cli -- access grant`), where only their hash is kept.
 */
export const tokenTable = z
  .record(z.string().min(32, "tokens must be at least 32 characters"), principal)
  .transform((t) => new Map(Object.entries(t)));
export type TokenTable = z.infer<typeof tokenTable>;

/** The path the provider redirects back to (OIDC_REDIRECT_URL must end with it). */
export const CALLBACK_PATH = "/sign-in/oidc/callback";

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
  /** The address outside readers reach this store at; packs print `<PUBLIC_BASE_URL>/verify` as where to check them. */
  PUBLIC_BASE_URL: z
    .url()
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  /** The time zone whose calendar decides "today" for statutory dates. */
  AREA_TIME_ZONE: z.string().default("Europe/London"),
  /**
   * How the annual review period is read (docs/CLOCKS.md): `act`, CFA 2014 s44(1), on time up to the day
   * before the anniversary; `anniversary`, on time up to and including it.
   */
  ANNUAL_REVIEW_RULE: z.enum(ANNUAL_REVIEW_RULES).default("act"),
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
  /**
   * Signs the web pages' session cookie (at least 32 characters). Absent: a random one per process, so a
   * restart signs everyone out — set it when several processes serve the pages behind one address.
   */
  SESSION_SECRET: z.string().min(32).optional(),
  /** Single sign-on for council staff (OpenID Connect): the provider, e.g. Entra ID's v2.0 issuer. */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Where the provider sends people back; default `<PUBLIC_BASE_URL>/sign-in/oidc/callback`. */
  OIDC_REDIRECT_URL: z
    .url()
    .refine(
      (u) => !URL.canParse(u) || new URL(u).pathname.endsWith(CALLBACK_PATH),
      `must end with ${CALLBACK_PATH}`,
    )
    .optional(),
  /** The ID token claim holding the values OIDC_ROLE_MAP maps to roles. */
  OIDC_ROLE_CLAIM: z.string().trim().min(1).default("groups"),
  /** JSON: claim value → role (admin, lano, officer, auditor), e.g. Entra ID group ids. */
  OIDC_ROLE_MAP: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return undefined;
      try {
        return parseRoleMap(s);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    }),
  OIDC_SCOPES: z
    .string()
    .default("openid profile email")
    .refine((s) => s.split(/\s+/).includes("openid"), "must include openid"),
});

const SSO_REQUIRED = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_ROLE_MAP"] as const;
const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** Single sign-on is all or nothing, needs a redirect address, and talks to its provider over TLS. */
const checked = settings.superRefine((s, ctx) => {
  const given = SSO_REQUIRED.filter((k) => s[k] !== undefined);
  if (given.length === 0) return;
  for (const k of SSO_REQUIRED)
    if (s[k] === undefined)
      ctx.addIssue({
        code: "custom",
        path: [k],
        message: `is required for single sign-on (set with ${given.join(", ")})`,
      });
  if (!s.OIDC_REDIRECT_URL && !s.PUBLIC_BASE_URL)
    ctx.addIssue({
      code: "custom",
      path: ["OIDC_REDIRECT_URL"],
      message: `is required for single sign-on when PUBLIC_BASE_URL is not set (…${CALLBACK_PATH})`,
    });
  // (An OIDC_ISSUER that is no URL at all has its own issue already.)
  if (s.OIDC_ISSUER && URL.canParse(s.OIDC_ISSUER)) {
    const issuer = new URL(s.OIDC_ISSUER);
    if (issuer.protocol !== "https:" && !(issuer.protocol === "http:" && LOOPBACK.has(issuer.hostname)))
      ctx.addIssue({ code: "custom", path: ["OIDC_ISSUER"], message: "must be an https:// address" });
  }
});

export type Settings = z.infer<typeof settings>;

/** Single sign-on, when it is set up: the provider, this client, and how a claim becomes a role. */
export interface SingleSignOnSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  redirectUrl: URL;
  roleClaim: string;
  roleMap: RoleMap;
  scopes: string;
}

export function singleSignOnSettings(s: Settings): SingleSignOnSettings | undefined {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = s;
  if (!issuer || !clientId || !clientSecret || !s.OIDC_ROLE_MAP) return undefined;
  return {
    issuer: new URL(issuer),
    clientId,
    clientSecret,
    redirectUrl: new URL(s.OIDC_REDIRECT_URL ?? `${s.PUBLIC_BASE_URL}${CALLBACK_PATH}`),
    roleClaim: s.OIDC_ROLE_CLAIM,
    roleMap: s.OIDC_ROLE_MAP,
    scopes: s.OIDC_SCOPES.trim().split(/\s+/).join(" "),
  };
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = checked.safeParse(env);
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

/**
 * What keeps one client from stalling or flooding the server, and the headers every response carries:
 * - load shedding (@fastify/under-pressure): 503 problem+json with Retry-After once the event loop is
 *   delayed past `maxEventLoopDelayMs` (never /healthz, which must tell the truth about the process);
 * - rate limits (@fastify/rate-limit): per principal (its actor) once authenticated, and per address for
 *   requests that fail authentication; 429 problem+json with Retry-After;
 * - refused requests logged per address and window (refusalLog.ts), not per request;
 * - security headers (@fastify/helmet) with the Content-Security-Policy in `contentSecurityPolicy`;
 * - `Cache-Control: no-store` on every /api and /graphql response (they carry children's data);
 * - an `X-Correlation-Id` that is not ≤ 128 of `[A-Za-z0-9._:-]` replaced by the request's id;
 * - request, connection and keep-alive timeouts (`serverTimeouts`, passed to Fastify()).
 */
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import underPressure from "@fastify/under-pressure";
import { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from "fastify";
import { problem, sendProblem } from "./problem.js";
import { RefusalLog } from "./refusalLog.js";

export interface ProtectionLimits {
  /** Requests per minute one actor may make (0: no limit). */
  perActorPerMinute: number;
  /** Failed authentications per minute from one address before it gets 429s (0: no limit). */
  unauthenticatedPerMinute: number;
  /** Event-loop delay (ms) past which requests are shed with 503 (0: never). */
  maxEventLoopDelayMs: number;
  /** Seconds a shed client is told to wait. */
  retryAfterSeconds: number;
  /** Whole request (headers and body) must arrive within this (ms). */
  requestTimeoutMs: number;
  /** An idle socket is closed after this (ms); long enough for the largest pack to be built. */
  connectionTimeoutMs: number;
  keepAliveTimeoutMs: number;
  production: boolean;
  /** Origins besides this one a form may lead to: the council's sign-in service (signing out of it). */
  formActions?: readonly string[];
}

/**
 * An app built without settings (tests, embedding) has no rate limits and sheds nothing: those are the
 * server's to turn on, from its settings (src/config.ts: 600 a minute per actor, 30 failed
 * authentications a minute per address, shedding past 1 s of event-loop delay).
 */
export const DEFAULT_PROTECTION: ProtectionLimits = {
  perActorPerMinute: 0,
  unauthenticatedPerMinute: 0,
  maxEventLoopDelayMs: 0,
  retryAfterSeconds: 10,
  requestTimeoutMs: 30_000,
  connectionTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  production: false,
};

/**
 * The inline script GOV.UK Frontend puts at the top of <body>, allowed by its hash; any other inline
 * script needs the response's nonce (`reply.cspNonce.script`).
 */
export const GOVUK_BODY_SCRIPT =
  "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');";
export const GOVUK_BODY_SCRIPT_HASH = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='";

/**
 * Scripts, styles, fonts and images from this origin only; no plugins, no framing, forms to itself (and
 * to `formActions`: browsers hold a form's redirects to form-action too, so signing out of the council's
 * account, a redirect from the sign-out form, needs its origin here).
 */
export const contentSecurityPolicy = (production: boolean, formActions: readonly string[] = []) => ({
  useDefaults: false,
  directives: {
    "default-src": ["'self'"],
    "script-src": ["'self'", GOVUK_BODY_SCRIPT_HASH],
    "script-src-attr": ["'none'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'", ...formActions],
    "frame-ancestors": ["'none'"],
    ...(production ? { "upgrade-insecure-requests": [] } : {}),
  },
});

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's per-request log lines, less chatty: one line per request, none for refusals (counted). */
class RequestLog extends LogController {
  override incomingRequest() {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (!error && (reply.statusCode === 401 || reply.statusCode === 429)) return;
    super.requestCompleted(error, request, reply);
  }
}

/** Options for Fastify() itself: timeouts and the request log. */
export const serverOptions = (limits: ProtectionLimits) => ({
  requestTimeout: limits.requestTimeoutMs,
  connectionTimeout: limits.connectionTimeoutMs,
  keepAliveTimeout: limits.keepAliveTimeoutMs,
  logController: new RequestLog(),
});

const tooMany = (retryAfter: number, who: string) =>
  problem(429, "too-many-requests", "Too many requests", {
    detail: `${who}; try again in ${retryAfter} s`,
  });

const isPersonalData = (url: string) => url.startsWith("/api/") || url.startsWith("/graphql");

export interface Protection {
  /**
   * A request that failed authentication: true when it may be answered 401; false when its address has
   * failed too often and it has been answered 429.
   */
  admitUnauthenticated(request: FastifyRequest, reply: FastifyReply): Promise<boolean>;
  /** After authentication: the principal's rate limit (answers 429 when it is spent). */
  limitPrincipal(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
  refusals: RefusalLog;
}

export async function registerProtection(
  app: FastifyInstance,
  limits: ProtectionLimits = DEFAULT_PROTECTION,
): Promise<Protection> {
  await app.register(helmet, {
    contentSecurityPolicy: contentSecurityPolicy(limits.production, limits.formActions),
    enableCSPNonces: true,
    // As frame-ancestors 'none', for browsers that only know the older header.
    frameguard: { action: "deny" },
  });

  if (limits.maxEventLoopDelayMs > 0)
    await app.register(underPressure, {
      maxEventLoopDelay: limits.maxEventLoopDelayMs,
      retryAfter: limits.retryAfterSeconds,
      pressureHandler: (request, reply, type, value) => {
        if (request.url === "/healthz") return;
        // A value returned here is what under-pressure sends (instead of calling the route).
        const body = problem(503, "overloaded", "The server is busy", {
          detail: `${type} is ${Math.round(value ?? 0)}; try again in ${limits.retryAfterSeconds} s`,
          instance: request.url,
        });
        void reply
          .code(503)
          .type("application/problem+json")
          .header("retry-after", String(limits.retryAfterSeconds));
        return body as unknown as void;
      },
    });

  await app.register(rateLimit, { global: false });
  const refusals = new RefusalLog(app.log);
  app.addHook("onClose", async () => refusals.close());
  app.addHook("onResponse", async (request, reply) => {
    if (reply.statusCode === 401 || reply.statusCode === 429)
      refusals.record(request.ip, reply.statusCode, request.url.split("?")[0] ?? "");
  });

  const limiter = (max: number, key: (r: FastifyRequest) => string, who: string) => {
    if (max <= 0) return async () => true;
    const check = app.rateLimit({
      max,
      timeWindow: 60_000,
      keyGenerator: key,
      errorResponseBuilder: (_request, context) => {
        const retry = Math.max(1, Math.ceil(context.ttl / 1000));
        return Object.assign(new Error("rate limited"), { statusCode: 429, retry });
      },
    });
    return async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
      try {
        await check.call(app, request, reply);
        return true;
      } catch (err) {
        const retry = (err as { retry?: unknown }).retry;
        if (typeof retry !== "number") throw err;
        void reply.header("retry-after", String(retry));
        await sendProblem(reply, tooMany(retry, who));
        return false;
      }
    };
  };
  const byAddress = limiter(
    limits.unauthenticatedPerMinute,
    (r) => `address:${r.ip}`,
    "Too many failed authentications from this address",
  );
  const byActor = limiter(
    limits.perActorPerMinute,
    (r) => `actor:${r.principal?.actor ?? r.ip}`,
    "Too many requests for this account",
  );

  app.addHook("onRequest", async (request) => {
    const id = request.headers["x-correlation-id"];
    if (id !== undefined && (typeof id !== "string" || !CORRELATION_ID.test(id)))
      request.headers["x-correlation-id"] = request.id;
  });
  app.addHook("onSend", async (request, reply, payload) => {
    if (isPersonalData(request.url)) void reply.header("cache-control", "no-store");
    return payload;
  });

  return {
    refusals,
    admitUnauthenticated: (request, reply) => byAddress(request, reply),
    async limitPrincipal(request, reply) {
      if (!(await byActor(request, reply))) return reply;
      return undefined;
    },
  };
}

/** The fastify app: authentication, problem+json errors, OpenAPI, health, and the command and read routes. */
import { randomUUID } from "node:crypto";
import swagger from "@fastify/swagger";
import type { Writable } from "node:stream";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from "fastify";
import { type ClockRules, DEFAULT_CLOCK_RULES } from "../../projections/clocks.js";
import type { EvidenceState } from "../../projections/evidence.js";
import { type AccessLog, openAccessLog } from "../access/accessLog.js";
import { type Authenticator, eitherOf, tableAuthenticator } from "../access/authenticate.js";
import { DEFAULT_DAYS_AFTER } from "../access/inspectionWindow.js";
import type { Principal } from "../access/principal.js";
import type { GraphqlLimits } from "../graphql/limits.js";
import { registerGraphql } from "../graphql/plugin.js";
import { referenceFromLog, referenceFromReadModel } from "../commands/reference.js";
import type { HeavyWork } from "../runner/heavyWork.js";
import type { ProjectionRunner } from "../runner/runner.js";
import type { EventStore } from "../store/port.js";
import { registerAccessLogRoutes } from "./accessLogRoutes.js";
import { contextBase, registerAccess } from "./auth.js";
import { registerCommandRoutes } from "./commandRoutes.js";
import { registerExportRoutes } from "./exportRoutes.js";
import { registerImportRoutes } from "./importRoutes.js";
import { registerPackRoutes } from "./packRoutes.js";
import { packWork } from "../packs/packWork.js";
import { problem, sendProblem } from "./problem.js";
import {
  DEFAULT_PROTECTION,
  type ProtectionLimits,
  registerProtection,
  serverOptions,
} from "./protection.js";
import { registerReadHealth, unhealthyProblem } from "./readHealth.js";
import { redactedUrl } from "./redactedUrl.js";
import { registerStreamRoutes } from "./streamRoutes.js";
import { registerViews, registerWeb } from "../web/plugin.js";
import type { SessionLimits } from "../web/session.js";
import type { SingleSignOn } from "../web/singleSignOn.js";

export interface AppOptions {
  store: EventStore;
  /** An operator's token table (AUTH_TOKENS) or a test's. */
  tokens?: Record<string, Principal> | ReadonlyMap<string, Principal>;
  /** The granted principals (access.db), asked after `tokens`. */
  authenticator?: Authenticator;
  /** INSPECTOR_ACCESS_DAYS_AFTER. */
  inspectorDaysAfter?: number;
  /** The clock access decisions use (expiry, inspection windows). */
  now?: () => Date;
  /** Today's date in the area's calendar, `YYYY-MM-DD`. */
  today: () => string;
  logLevel?: string;
  /** The read side; without it /graphql is not mounted (command-only tests). */
  runner?: ProjectionRunner<EvidenceState>;
  production?: boolean;
  /** The area's calendar: "as at a date" is the end of that day there; dates printed in packs. */
  timeZone?: string;
  /** PUBLIC_BASE_URL: packs print where an outside reader verifies them. */
  publicBaseUrl?: string;
  /** The area's reading of the statutory clocks (default: the Act; docs/CLOCKS.md). */
  clockRules?: ClockRules;
  /** Rate limits, load shedding and timeouts (src/http/protection.ts); defaults: DEFAULT_PROTECTION. */
  protection?: Partial<ProtectionLimits>;
  /** GraphQL depth, alias, as-at and cost limits; defaults: DEFAULT_GRAPHQL_LIMITS. */
  graphqlLimits?: GraphqlLimits;
  /** Worker threads for the workbook, packs and verification (off the event loop); else in-process. */
  heavyWork?: HeavyWork;
  /** Where the log goes (default stdout); tests read it. */
  logStream?: Writable;
  /** Where reads of children's data are recorded (`DATA_DIR/access-log.db`); in memory when omitted. */
  accessLog?: AccessLog;
  /** The web pages (src/web): mounted with the read side unless `false`. */
  web?: false | { sessionSecret?: string; limits?: SessionLimits; singleSignOn?: SingleSignOn };
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const singleSignOn = options.web ? options.web.singleSignOn : undefined;
  const limits: ProtectionLimits = {
    ...DEFAULT_PROTECTION,
    production: options.production ?? false,
    ...(singleSignOn ? { formActions: [singleSignOn.settings.issuer.origin] } : {}),
    ...options.protection,
  };
  const app = Fastify({
    ...serverOptions(limits),
    logger: {
      level: options.logLevel ?? "info",
      redact: ["req.headers.authorization"],
      // The request line as fastify logs it, with secret query values (the sign-in link's code) redacted.
      serializers: {
        req: (request: FastifyRequest) => ({
          method: request.method,
          url: redactedUrl(request.url),
          host: request.host,
          remoteAddress: request.ip,
          remotePort: request.socket?.remotePort,
        }),
      },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: 1_048_576,
    genReqId: () => randomUUID(),
    // A URL the router cannot decode, or an id longer than it takes, is bad input like any other.
    frameworkErrors: (error, request, reply) =>
      sendProblem(
        reply,
        problem(400, "invalid-input", "The request's URL cannot be read", {
          detail: error.message,
          instance: request.url,
          errors: [
            {
              path: "id",
              pointer: "/id",
              message: "must be a pseudonymous reference of letters, digits, '-' or '_'",
              code: error.code,
            },
          ],
        }),
      ),
    // Validation is done by zod inside the handlers so every error names its field the same way;
    // the JSON schemas on routes are there for the OpenAPI document.
    ajv: { customOptions: { strict: false } },
  });
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  // Commands are JSON only: anything else is a 415, never a string handed to a decider.
  app.removeContentTypeParser("text/plain");

  await app.register(swagger, {
    openapi: {
      info: { title: "SEND inspection evidence store", version: "1" },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
  });

  const protection = await registerProtection(app, limits);
  const table =
    options.tokens instanceof Map ? options.tokens : new Map(Object.entries(options.tokens ?? {}));
  const access = {
    authenticator: eitherOf(
      tableAuthenticator(table),
      ...(options.authenticator ? [options.authenticator] : []),
    ),
    store: options.store,
    // A look for the access decision only (no copy-on-write): see `peek`.
    ...(options.runner ? { evidence: () => options.runner!.peek().state } : {}),
    inspectorDaysAfter: options.inspectorDaysAfter ?? DEFAULT_DAYS_AFTER,
    now: options.now ?? (() => new Date()),
    // Failed authentications are limited per address (429 once spent) before the 401.
    admitUnauthenticated: protection.admitUnauthenticated,
  };
  registerAccess(app, access);
  // After authentication: each principal's rate limit.
  app.addHook("onRequest", async (request, reply) => {
    if (request.principal) await protection.limitPrincipal(request, reply);
  });

  // After authentication: only callers who may read learn that the read side is down, and why.
  if (options.runner) registerReadHealth(app, options.runner);

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err }, "unexpected error");
      return sendProblem(
        reply,
        problem(500, "internal", "Something went wrong on our side", { detail: "see the server log" }),
      );
    }
    const slug = status === 413 ? "too-large" : status === 415 ? "unsupported-media-type" : "invalid-input";
    return sendProblem(
      reply,
      problem(status, slug, err.message, {
        errors: [{ path: "(body)", pointer: "/", message: err.message, code: err.code }],
      }),
    );
  });
  const pages = options.runner !== undefined && options.web !== false;
  if (pages) await registerViews(app, options.timeZone);
  app.setNotFoundHandler((request, reply) =>
    pages && request.method === "GET" && request.headers.accept?.includes("text/html")
      ? reply.code(404).view("problem.njk", {
          title: "Page not found",
          detail:
            "If you typed the web address, check it is correct. If you pasted it, check you copied all of it.",
        })
      : sendProblem(
          reply,
          problem(404, "not-found", "No such route", { detail: `${request.method} ${request.url}` }),
        ),
  );

  app.get(
    "/healthz",
    {
      schema: {
        summary: "Liveness, the store and its head position; 503 naming the event if a projection failed",
        tags: ["health"],
      },
    },
    async (_request, reply) => {
      const failure = options.runner?.failure();
      if (failure) return sendProblem(reply, unhealthyProblem(failure));
      const head = await options.store.head();
      return { status: "ok", store: options.store.kind, head };
    },
  );
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  const accessLog = options.accessLog ?? openAccessLog(":memory:");
  app.decorate("accessLog", accessLog);
  if (!options.accessLog) app.addHook("onClose", async () => accessLog.close());
  registerAccessLogRoutes(app, options.timeZone ?? "Europe/London");

  registerCommandRoutes(app, {
    store: options.store,
    today: options.today,
    reference: options.runner
      ? referenceFromReadModel(options.store, options.runner)
      : referenceFromLog(options.store),
  });
  registerStreamRoutes(app, options.store);
  registerImportRoutes(app, { store: options.store, today: options.today });
  if (options.runner) {
    await registerGraphql(app, {
      accessBase: () => contextBase(access),
      runner: options.runner,
      today: options.today,
      production: options.production ?? false,
      timeZone: options.timeZone ?? "Europe/London",
      clockRules: options.clockRules ?? DEFAULT_CLOCK_RULES,
      ...(options.graphqlLimits ? { limits: options.graphqlLimits } : {}),
      accessLog,
    });
    const heavy = options.heavyWork ? { heavy: options.heavyWork } : {};
    registerExportRoutes(app, {
      runner: options.runner,
      today: options.today,
      timeZone: options.timeZone ?? "Europe/London",
      ...heavy,
    });
    const packs = packWork({
      store: options.store,
      runner: options.runner,
      today: options.today,
      timeZone: options.timeZone ?? "Europe/London",
      clockRules: options.clockRules ?? DEFAULT_CLOCK_RULES,
      ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
      ...heavy,
    });
    registerPackRoutes(app, {
      accessBase: () => contextBase(access),
      store: options.store,
      runner: options.runner,
      today: options.today,
      timeZone: options.timeZone ?? "Europe/London",
      packs,
    });
    if (options.web !== false)
      await registerWeb(app, {
        access,
        store: options.store,
        runner: options.runner,
        today: options.today,
        production: options.production ?? false,
        timeZone: options.timeZone ?? "Europe/London",
        packs,
        clockRules: options.clockRules ?? DEFAULT_CLOCK_RULES,
        ...(options.web?.sessionSecret ? { sessionSecret: options.web.sessionSecret } : {}),
        ...(options.web?.limits ? { limits: options.web.limits } : {}),
        ...(singleSignOn ? { singleSignOn } : {}),
      });
  }
  return app;
}

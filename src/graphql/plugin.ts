/**
 * Mount GraphQL at /graphql (mercurius): read-only; depth, alias, as-at and cost limits (limits.ts);
 * internal errors masked (errorMasking.ts); introspection and the query console outside production only.
 */
import type { FastifyInstance } from "fastify";
import { NoSchemaIntrospectionCustomRule } from "graphql";
import mercurius, { type IResolvers, type MercuriusLoaders } from "mercurius";
import { type ClockRules, DEFAULT_CLOCK_RULES } from "../../projections/clocks.js";
import type { EvidenceState } from "../../projections/evidence.js";
import type { AccessLog } from "../access/accessLog.js";
import type { AccessContextBase } from "../access/authorise.js";
import { RequestReads } from "../access/requestReads.js";
import type { ProjectionRunner } from "../runner/runner.js";
import { guarded } from "./access.js";
import { accessLogResolvers, accessLogSchema } from "./accessLogField.js";
import { momentAsAt } from "./asAt.js";
import { registerQueryConsole } from "./queryConsole.js";
import { errorFormatter } from "./errorMasking.js";
import { checkCost, checkShape, DEFAULT_GRAPHQL_LIMITS, type GraphqlLimits } from "./limits.js";
import { type GraphqlContext, loaders, resolvers } from "./resolvers.js";
import { readModelFieldResolvers, readModelResolvers } from "./readModelResolvers.js";
import { readModelSchema } from "./readModelSchema.js";
import { schema } from "./schema.js";

export interface GraphqlOptions {
  /** The moment, settings and evidence every access decision of a request is taken with. */
  accessBase: () => AccessContextBase;
  runner: ProjectionRunner<EvidenceState>;
  today: () => string;
  production: boolean;
  /** The area's calendar: "as at a date" is the end of that day there (default Europe/London). */
  timeZone?: string;
  clockRules?: ClockRules;
  limits?: GraphqlLimits;
  /** Where each request's reads of children's data are recorded, before the answer is sent. */
  accessLog: AccessLog;
}

export async function registerGraphql(app: FastifyInstance, options: GraphqlOptions) {
  await app.register(mercurius, {
    schema: [schema, readModelSchema, accessLogSchema].join("\n"),
    // Our resolvers type their context as GraphqlContext (built below); mercurius types it as its own.
    resolvers: {
      Query: guarded(
        {
          ...resolvers.Query,
          ...readModelResolvers.Query,
          ...accessLogResolvers.Query,
        } as unknown as Parameters<typeof guarded>[0],
        options.accessBase,
      ),
      ...readModelFieldResolvers,
    } as unknown as IResolvers,
    loaders: loaders as unknown as MercuriusLoaders,
    // mercurius's GraphiQL page loads React and GraphiQL from a public CDN: our own console instead.
    graphiql: false,
    // Depth is checked with the other limits (which let introspection through outside production).
    ...(options.production ? { validationRules: [NoSchemaIntrospectionCustomRule] } : {}),
    errorFormatter: errorFormatter(options.production),
    // Compile a query to JavaScript after its first run: the dashboards and packs repeat the same few
    // queries, and executing the SEF's nested answer through graphql-js's interpreter cost most of each
    // request (docs/PERFORMANCE.md).
    jit: 1,
    context: (request): GraphqlContext => ({
      principal: request.principal!,
      requestId: request.id,
      accessLog: options.accessLog,
      reads: new RequestReads({
        actor: request.principal!.actor,
        role: request.principal!.role,
        requestId: request.id,
      }),
      today: options.today,
      timeZone: options.timeZone ?? "Europe/London",
      clockRules: options.clockRules ?? DEFAULT_CLOCK_RULES,
      evidenceAt: (asAt) =>
        momentAsAt(asAt, {
          timeZone: options.timeZone ?? "Europe/London",
          today: options.today,
          runner: options.runner,
        }),
      moments: new Map(),
    }),
  });
  const limits = options.limits ?? DEFAULT_GRAPHQL_LIMITS;
  // Aliases, depth and as-at fields before validation (which is itself slow on an alias flood); the
  // cost, which needs the variables, before execution.
  app.graphql.addHook("preValidation", async (_schema, document) => {
    checkShape(document, limits);
  });
  app.graphql.addHook("preExecution", async (schema, document, _context, variables) => {
    checkCost(schema, document, variables, limits);
  });
  if (!options.production) registerQueryConsole(app);
  // Resolvers note the case ids they return (ctx.reads); the request's reads are written in one
  // transaction once the query has run, before the answer is sent. If that write fails, nothing is served.
  app.graphql.addHook("onResolution", async (_execution, context) => {
    try {
      options.accessLog.record((context as unknown as GraphqlContext).reads.reads());
    } catch (err) {
      context.reply.request.log.error({ err }, "the access log cannot be written: the answer is withheld");
      throw new mercurius.ErrorWithProps("The read could not be recorded", { code: "ACCESS_LOG" }, 500);
    }
  });
}

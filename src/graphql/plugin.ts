/** Mount GraphQL at /graphql (mercurius): read-only, depth-limited, GraphiQL outside production. */
import type { FastifyInstance } from "fastify";
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
    graphiql: !options.production,
    queryDepth: 8,
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
      clockRules: options.clockRules ?? DEFAULT_CLOCK_RULES,
      evidenceAt: (asAt) =>
        momentAsAt(asAt, {
          timeZone: options.timeZone ?? "Europe/London",
          today: options.today,
          runner: options.runner,
        }),
    }),
  });
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

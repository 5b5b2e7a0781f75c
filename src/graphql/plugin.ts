/** Mount GraphQL at /graphql (mercurius): read-only, depth-limited, GraphiQL outside production. */
import type { FastifyInstance } from "fastify";
import mercurius, { type IResolvers, type MercuriusLoaders } from "mercurius";
import { type ClockRules, DEFAULT_CLOCK_RULES } from "../../projections/clocks.js";
import type { EvidenceState } from "../../projections/evidence.js";
import type { ProjectionRunner } from "../runner/runner.js";
import { momentAsAt } from "./asAt.js";
import { type GraphqlContext, loaders, resolvers } from "./resolvers.js";
import { readModelResolvers } from "./readModelResolvers.js";
import { readModelSchema } from "./readModelSchema.js";
import { schema } from "./schema.js";

export interface GraphqlOptions {
  runner: ProjectionRunner<EvidenceState>;
  today: () => string;
  production: boolean;
  /** The area's calendar: "as at a date" is the end of that day there (default Europe/London). */
  timeZone?: string;
  clockRules?: ClockRules;
}

export async function registerGraphql(app: FastifyInstance, options: GraphqlOptions) {
  await app.register(mercurius, {
    schema: [schema, readModelSchema].join("\n"),
    // Our resolvers type their context as GraphqlContext (built below); mercurius types it as its own.
    resolvers: { Query: { ...resolvers.Query, ...readModelResolvers.Query } } as unknown as IResolvers,
    loaders: loaders as unknown as MercuriusLoaders,
    graphiql: !options.production,
    queryDepth: 8,
    // Compile a query to JavaScript after its first run: the dashboards and packs repeat the same few
    // queries, and executing the SEF's nested answer through graphql-js's interpreter cost most of each
    // request (docs/PERFORMANCE.md).
    jit: 1,
    context: (request): GraphqlContext => ({
      principal: request.principal!,
      today: options.today,
      clockRules: options.clockRules ?? DEFAULT_CLOCK_RULES,
      evidenceAt: (asAt) =>
        momentAsAt(asAt, {
          timeZone: options.timeZone ?? "Europe/London",
          today: options.today,
          runner: options.runner,
        }),
      logRead(what, ids) {
        request.log.info(
          {
            audit: "read",
            actor: request.principal!.actor,
            role: request.principal!.role,
            what,
            caseIds: ids.slice(0, 50),
            count: ids.length,
          },
          "graphql read",
        );
      },
    }),
  });
}

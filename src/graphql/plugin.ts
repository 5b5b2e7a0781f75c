/**
 * Mount GraphQL at /graphql (mercurius): read-only; depth, alias, as-at and cost limits (limits.ts);
 * internal errors masked (errorMasking.ts); introspection and the query console outside production only.
 */
import type { FastifyInstance } from "fastify";
import { NoSchemaIntrospectionCustomRule } from "graphql";
import mercurius, { type IResolvers, type MercuriusLoaders } from "mercurius";
import type { EvidenceState } from "../../projections/evidence.js";
import type { ProjectionRunner } from "../runner/runner.js";
import { parseAsAt } from "./asAt.js";
import { registerQueryConsole } from "./queryConsole.js";
import { errorFormatter } from "./errorMasking.js";
import { checkCost, checkShape, DEFAULT_GRAPHQL_LIMITS, type GraphqlLimits } from "./limits.js";
import { type GraphqlContext, loaders, resolvers } from "./resolvers.js";
import { readModelResolvers } from "./readModelResolvers.js";
import { readModelSchema } from "./readModelSchema.js";
import { schema } from "./schema.js";

export interface GraphqlOptions {
  runner: ProjectionRunner<EvidenceState>;
  today: () => string;
  production: boolean;
  limits?: GraphqlLimits;
}

export async function registerGraphql(app: FastifyInstance, options: GraphqlOptions) {
  await app.register(mercurius, {
    schema: [schema, readModelSchema].join("\n"),
    // Our resolvers type their context as GraphqlContext (built below); mercurius types it as its own.
    resolvers: { Query: { ...resolvers.Query, ...readModelResolvers.Query } } as unknown as IResolvers,
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
      today: options.today,
      async evidenceAt(asAt) {
        const target = parseAsAt(asAt);
        return target ? options.runner.at(target) : options.runner.current();
      },
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
}

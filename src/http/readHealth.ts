/**
 * The read side's health, checked in one place: once a projection has thrown on an event the runner stops
 * folding, and every read of the read models (GraphQL, exports, packs) answers 503 problem+json naming the
 * event, rather than answers from a half-folded or stale model. Commands and stream reads go on: the log
 * is the truth, and a fixed build folds it again. `/healthz` says the same (see app.ts).
 */
import type { FastifyInstance } from "fastify";
import type { EvidenceState } from "../../projections/evidence.js";
import type { ProjectionFailure, ProjectionRunner } from "../runner/runner.js";
import { problem, sendProblem } from "./problem.js";

/** Paths answered from the read models. */
const READS = ["/graphql", "/api/v1/exports/", "/api/v1/packs/"];

export const readsReadModels = (path: string) =>
  READS.some((p) => path === p || (p.endsWith("/") && path.startsWith(p)));

export const unhealthyProblem = (failure: ProjectionFailure) =>
  problem(503, "read-models-unavailable", "The read models are unavailable", {
    detail: `projection ${failure.projection} failed on ${failure.type} at log position ${failure.position}: ${failure.message}`,
    failure,
  });

export function registerReadHealth(app: FastifyInstance, runner: ProjectionRunner<EvidenceState>) {
  runner.onFailure((failure, err) =>
    app.log.error({ err, failure }, `projection failed at log position ${failure.position}`),
  );
  app.addHook("onRequest", async (request, reply) => {
    const failure = runner.failure();
    if (!failure || !readsReadModels(request.url.split("?")[0] ?? "")) return;
    reply.header("retry-after", "300");
    return sendProblem(reply, unhealthyProblem(failure));
  });
}

/**
 * Recording a route's read of children's data in the access log (src/access/accessLog.ts), before the
 * answer is sent: a route calls `recordRead` with every case id its answer carries, then sends. If the
 * log cannot be written the request fails (500) and nothing is served.
 */
import type { FastifyRequest } from "fastify";
import type { AccessLog } from "../access/accessLog.js";

declare module "fastify" {
  interface FastifyInstance {
    accessLog: AccessLog;
  }
}

/** One entry: this request's principal read `caseIds` through `what` (the route, e.g. `GET /api/v1/…`). */
export function recordRead(request: FastifyRequest, what: string, caseIds: readonly string[]): void {
  const principal = request.principal!;
  request.server.accessLog.record([
    { actor: principal.actor, role: principal.role, what, requestId: request.id, caseIds: [...caseIds] },
  ]);
}

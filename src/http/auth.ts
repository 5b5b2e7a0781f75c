/**
 * Every /api and /graphql request: who is calling (a bearer token → a principal) and whether the access
 * matrix lets them use this route in this context (src/access). Deny by default: a route without a row in
 * the matrix is refused. 401 without a known token; 403 problem+json saying why otherwise.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { EvidenceState } from "../../projections/evidence.js";
import type { Authenticator } from "../access/authenticate.js";
import {
  type AccessContextBase,
  type Authenticated,
  authorise,
  type Decision,
  type IssuedPack,
} from "../access/authorise.js";
import { routeResource, rowFor } from "../access/matrix.js";
import { bearerToken } from "../access/tokens.js";
import type { EventStore } from "../store/port.js";
import { problem, sendProblem } from "./problem.js";

declare module "fastify" {
  interface FastifyRequest {
    principal?: Authenticated;
  }
}

export interface AccessOptions {
  authenticator: Authenticator;
  store: EventStore;
  /** The live evidence, for scoped access (absent on a command-only app). */
  evidence?: () => EvidenceState;
  inspectorDaysAfter: number;
  now: () => Date;
  /** Before a 401: false when the request has been answered already (429, src/http/protection.ts). */
  admitUnauthenticated?: (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>;
}

export const contextBase = (o: AccessOptions): AccessContextBase => {
  const state = o.evidence?.();
  return {
    now: o.now(),
    inspectorDaysAfter: o.inspectorDaysAfter,
    ...(state ? { evidence: state } : {}),
  };
};

/** A refusal as problem+json: 403, the reason as the problem type, the detail a person can act on. */
export const refusal = (d: Extract<Decision, { allowed: false }>) =>
  problem(403, "forbidden", "Not allowed", { detail: d.detail, reason: d.reason });

const strings = (v: unknown): string[] =>
  typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

const PACK_KINDS = new Map<string, "sef" | "dataRequest" | "cases">([
  ["sef", "sef"],
  ["data-request", "dataRequest"],
  ["cases", "cases"],
]);

/** What a request names that access depends on: an inspection, children, a pack. */
async function askedIn(request: FastifyRequest, url: string, store: EventStore) {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const params = (request.params ?? {}) as Record<string, unknown>;
  const inspectionId = typeof query.inspectionId === "string" ? query.inspectionId : undefined;
  const caseIds = strings(query.case);
  const kind = typeof params.kind === "string" ? PACK_KINDS.get(params.kind) : undefined;
  let issued: IssuedPack | undefined;
  if (url === "/api/v1/packs/issued/:id.pdf" && typeof params.id === "string") {
    const recorded = (await store.readStream(`pack-${params.id}`))[0]?.data;
    if (recorded) {
      const r = (recorded.request ?? {}) as Record<string, unknown>;
      issued = {
        kind: String(recorded.kind),
        issuedAt: String(recorded.issuedAt),
        ...(typeof r.inspectionId === "string" ? { inspectionId: r.inspectionId } : {}),
        ...(r.includeWarnings === true ? { includeWarnings: true } : {}),
      };
    }
  }
  return {
    ...(inspectionId !== undefined ? { inspectionId } : {}),
    ...(caseIds.length ? { caseIds } : {}),
    ...(kind
      ? { pack: { kind, ...(query.includeWarnings === "true" ? { includeWarnings: true } : {}) } }
      : {}),
    ...(issued ? { issued } : {}),
  };
}

async function check(o: AccessOptions, request: FastifyRequest, reply: FastifyReply) {
  const url = request.routeOptions.url;
  const resource = url === undefined ? undefined : routeResource(request.method, url);
  const token = bearerToken(request.headers.authorization);
  const principal = token === undefined ? undefined : o.authenticator.find(token);
  // A page a browser asks for that does not exist: the 404 page, not a 401.
  const browsing = request.method === "GET" && request.headers.accept?.includes("text/html");
  if (resource === undefined && !principal && !browsing) return unauthenticated(o, request, reply);
  if (resource === undefined) return; // no such route: the 404 handler answers
  const row = rowFor.get(resource);
  if (row?.open || row?.page) return; // pages: the session check in src/web decides
  if (!principal) return unauthenticated(o, request, reply);
  request.principal = principal;
  const decision = authorise(principal, resource, {
    ...contextBase(o),
    ...(await askedIn(request, url!, o.store)),
  });
  if (!decision.allowed) return sendProblem(reply, refusal(decision));
}

const unauthenticated = async (o: AccessOptions, request: FastifyRequest, reply: FastifyReply) => {
  if (o.admitUnauthenticated && !(await o.admitUnauthenticated(request, reply))) return reply;
  reply.header("www-authenticate", 'Bearer realm="send-evidence-store"');
  return sendProblem(reply, problem(401, "unauthenticated", "A valid bearer token is needed"));
};

const served = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

/** Every route the app registered (for the access matrix test: a route without a row fails it). */
export const servedRoutes = (app: FastifyInstance) => served.get(app) ?? [];

export function registerAccess(app: FastifyInstance, o: AccessOptions) {
  const routes: { method: string; url: string }[] = [];
  served.set(app, routes);
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  app.addHook("onRequest", (request, reply) => check(o, request, reply));
}

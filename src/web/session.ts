/**
 * Web sessions: signing in with an access code (the token `npm run cli -- access grant` prints) binds the
 * session to that principal. The session keeps the principal's facts and the token's SHA-256, never the
 * token; every request finds the principal again by that hash, so a revoked or expired one is refused at
 * once. Council staff signed in by single sign-on (src/web/singleSignOn.ts) carry their facts alone: their
 * provider decided at sign-in, and the session ends by the absolute limit at the latest. Idle and absolute
 * timeouts end a session.
 */
import type { FastifyRequest } from "fastify";
import type { Authenticator } from "../access/authenticate.js";
import type { Authenticated } from "../access/authorise.js";
import type { Role } from "../../schemas/common.js";
import { hashToken } from "../access/tokens.js";

/** How a session was signed in: an access code (found again by its hash), or the council's provider. */
export type SignInMethod = "accessCode" | "singleSignOn";

export type SessionPrincipal = {
  actor: string;
  role: Role;
  inspectionId?: string;
  expiresAt?: string;
  signedInAt: number;
  seenAt: number;
} & (
  | { method: "accessCode"; tokenSha256: string }
  /** `subject`: the provider's `sub` for the person, for the record. */
  | { method: "singleSignOn"; subject: string }
);

declare module "fastify" {
  interface Session {
    who?: SessionPrincipal;
  }
}

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export const DEFAULT_LIMITS: SessionLimits = { idleMs: 30 * 60_000, absoluteMs: 8 * 3_600_000 };

/** The principal an access code belongs to, as session facts; undefined for an unknown code. */
export function signIn(authenticator: Authenticator, code: string, now: Date): SessionPrincipal | undefined {
  const found = authenticator.find(code);
  if (!found) return undefined;
  return {
    actor: found.actor,
    role: found.role,
    ...(found.inspectionId ? { inspectionId: found.inspectionId } : {}),
    ...(found.expiresAt ? { expiresAt: found.expiresAt } : {}),
    method: "accessCode",
    tokenSha256: hashToken(code),
    signedInAt: now.getTime(),
    seenAt: now.getTime(),
  };
}

/** The session's principal, found again now (revoked and expired ones included: authorise says why). */
export function signedIn(
  request: FastifyRequest,
  authenticator: Authenticator,
  limits: SessionLimits,
  now: Date,
): Authenticated | undefined {
  const who = request.session.who;
  if (!who) return undefined;
  const t = now.getTime();
  if (t - who.signedInAt > limits.absoluteMs || t - who.seenAt > limits.idleMs) {
    request.session.who = undefined;
    return undefined;
  }
  const found =
    who.method === "singleSignOn"
      ? { actor: who.actor, role: who.role, ...(who.expiresAt ? { expiresAt: who.expiresAt } : {}) }
      : authenticator.findHash?.(who.tokenSha256);
  if (!found) {
    request.session.who = undefined;
    return undefined;
  }
  request.session.who = { ...who, seenAt: t };
  return found;
}

/** Where each role starts. */
export const homeOf = (role: Role) =>
  role === "inspector" ? "/inspection" : role === "auditor" ? "/audits" : "/readiness";

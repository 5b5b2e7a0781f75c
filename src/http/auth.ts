/**
 * Who is calling: a bearer token maps to an actor and a role. Deny by default: every /api and /graphql
 * request needs a known token; what each role may do is decided per command (src/commands) and per read.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { Role } from "../../schemas/common.js";
import type { TokenTable } from "../config.js";

export interface Principal {
  actor: string;
  role: Role;
}

declare module "fastify" {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Find the principal for a request's bearer token, comparing in constant time. */
export function authenticate(tokens: TokenTable, request: FastifyRequest): Principal | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  const presented = match?.[1];
  if (!presented) return undefined;
  const given = Buffer.from(presented);
  for (const [token, principal] of Object.entries(tokens)) {
    const known = Buffer.from(token);
    if (known.length === given.length && timingSafeEqual(known, given)) return principal;
  }
  return undefined;
}

/** One token per role for the demo area, random each time a data directory is created. */
export function demoTokens(): TokenTable {
  const people: [string, Role][] = [
    ["demo.lano", "lano"],
    ["demo.officer", "officer"],
    ["demo.auditor", "auditor"],
    ["demo.moderator", "auditor"],
    ["demo.inspector", "inspector"],
    ["demo.admin", "admin"],
  ];
  return Object.fromEntries(
    people.map(([actor, role]) => [randomBytes(18).toString("base64url"), { actor, role }]),
  );
}

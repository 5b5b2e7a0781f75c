/** Checking the access log after a request, for the route and field tests. */
import type { FastifyInstance } from "fastify";
import type { Test } from "tap";

export const ALL_TIME = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] as const;

/**
 * The newest entry naming each id must be one read `what`, by `actor` in `role`, covering exactly these
 * children (its count equals theirs, and each of them names it).
 */
export function recorded(
  t: Test,
  app: FastifyInstance,
  what: string,
  ids: readonly string[],
  role: string,
  actor: string,
) {
  t.ok(ids.length > 0, `${what}: the answer carried children's ids`);
  const last = ids.map((id) => app.accessLog.seenBy(id, ...ALL_TIME).entries.at(-1));
  t.ok(
    last.every((e) => e?.what === what && e.actor === actor && e.role === role && e.cases === ids.length),
    `${what}: one entry names all ${ids.length} children, with the actor and role`,
  );
  t.equal(new Set(last.map((e) => e?.requestId)).size, 1, `${what}: one request`);
}

/**
 * Every Query field asks the access matrix before it resolves (src/access), with what its arguments name:
 * a child (`id`, `caseId`) or an inspection. What a scope narrows is narrowed here: auditors get the
 * audits they take part in, inspectors their own inspection's data request, its tracked children's packs,
 * and the SEF as last signed off without the internal gaps and contradictions.
 */
import mercurius from "mercurius";
import { type AccessContextBase, auditVisibleTo, authorise, trackedChildren } from "../access/authorise.js";
import type { GraphqlContext } from "./resolvers.js";

type Resolver = (root: unknown, args: Record<string, unknown>, ctx: GraphqlContext, info: unknown) => unknown;

const named = (v: unknown): string[] => (typeof v === "string" ? [v] : []);

interface SefAnswer {
  warnings: unknown[];
  criteria: { warnings: unknown[] }[];
}

async function narrowed(field: string, answer: unknown, ctx: GraphqlContext, base: AccessContextBase) {
  const who = ctx.principal;
  if (who.role === "auditor" && field === "qaAudits")
    return (answer as Parameters<typeof auditVisibleTo>[0][]).filter((a) => auditVisibleTo(a, who.actor));
  if (who.role !== "inspector") return answer;
  if (field === "casePacks") {
    const tracked = trackedChildren(base.evidence!.partnership, who.inspectionId);
    return (answer as { caseId: string }[]).filter((p) => tracked.has(p.caseId));
  }
  if (field === "sef") {
    const sef = answer as SefAnswer;
    return { ...sef, warnings: [], criteria: sef.criteria.map((c) => ({ ...c, warnings: [] })) };
  }
  return answer;
}

/** The Query resolvers, each behind the access decision. */
export function guarded(
  query: Record<string, Resolver>,
  accessBase: () => AccessContextBase,
): Record<string, Resolver> {
  return Object.fromEntries(
    Object.entries(query).map(([field, resolve]) => [
      field,
      async (root, given, ctx, info) => {
        const base = accessBase();
        const args = { ...given };
        const decision = authorise(ctx.principal, `Query.${field}`, {
          ...base,
          caseIds: [...named(args.id), ...named(args.caseId)],
          ...(typeof args.inspectionId === "string" ? { inspectionId: args.inspectionId } : {}),
        });
        if (!decision.allowed)
          throw new mercurius.ErrorWithProps(
            decision.detail,
            { code: "FORBIDDEN", reason: decision.reason },
            403,
          );
        if (ctx.principal.role === "inspector") {
          if (field === "dataRequest") args.inspectionId = ctx.principal.inspectionId;
          // The SEF as last signed off: its moment, not today's working copy.
          if (field === "sef") args.asAt = base.evidence!.sef.signOffs.at(-1)!.at;
        }
        return narrowed(field, await resolve(root, args, ctx, info), ctx, base);
      },
    ]),
  );
}

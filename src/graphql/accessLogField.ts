/**
 * The DPO's question in GraphQL: `accessLog(caseId, from, to)` — who read one child's data between two
 * moments (both bounds inclusive; a date is the whole day in the area's time zone, AREA_TIME_ZONE). Admin only; bad input names the argument.
 */
import mercurius from "mercurius";
import { accessLogQuery } from "../../schemas/accessLog.js";
import { askAccessLog } from "../access/accessLogQuery.js";
import type { GraphqlContext } from "./resolvers.js";

export const accessLogSchema = /* GraphQL */ `
  "One read of a child's data: when, who, in which role, through which route or field, in which request."
  type AccessLogEntry {
    at: String!
    actor: String!
    role: String!
    what: String!
    requestId: String!
    "How many children that read covered in all."
    cases: Int!
  }

  type AccessLogAnswer {
    caseId: ID!
    from: String
    to: String
    entries: [AccessLogEntry!]!
    "More reads matched than are listed: ask for a narrower range."
    truncated: Boolean!
  }

  extend type Query {
    "Who read one child's data between two moments, oldest first (admin only). Bounds are inclusive."
    accessLog(caseId: ID!, from: String, to: String): AccessLogAnswer!
  }
`;

/** The query's fields as GraphQL names them. */
const ARGUMENT = new Map([["case", "caseId"]]);

export const accessLogResolvers = {
  Query: {
    accessLog: (
      _: unknown,
      args: { caseId: string; from?: string | null; to?: string | null },
      ctx: GraphqlContext,
    ) => {
      // Admin only: the access matrix refuses everyone else before this runs (src/graphql/access.ts).
      const q = accessLogQuery.safeParse({
        case: args.caseId,
        ...(args.from != null ? { from: args.from } : {}),
        ...(args.to != null ? { to: args.to } : {}),
      });
      if (!q.success) {
        const issue = q.error.issues[0]!;
        const field = String(issue.path[0] ?? "caseId");
        throw new mercurius.ErrorWithProps(
          `${ARGUMENT.get(field) ?? field} ${issue.message}`,
          { code: "BAD_USER_INPUT", field: ARGUMENT.get(field) ?? field },
          400,
        );
      }
      return askAccessLog(
        ctx.accessLog,
        q.data,
        {
          actor: ctx.principal.actor,
          role: ctx.principal.role,
          requestId: ctx.requestId,
          what: "accessLog",
        },
        ctx.timeZone,
      );
    },
  },
};

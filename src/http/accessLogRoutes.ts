/**
 * The DPO's question over HTTP: `GET /api/v1/access-log?case=ID&from=ISO&to=ISO` — who read one child's
 * data between two moments (both bounds inclusive; a date is the whole day in the area's time zone,
 * AREA_TIME_ZONE). Admin only.
 */
import type { FastifyInstance } from "fastify";
import { accessLogQuery } from "../../schemas/accessLog.js";
import { askAccessLog } from "../access/accessLogQuery.js";
import { fromZodIssues, problem, sendProblem } from "./problem.js";

export function registerAccessLogRoutes(app: FastifyInstance, timeZone = "Europe/London") {
  app.get(
    "/api/v1/access-log",
    {
      schema: {
        summary: "Who read one child's data between two moments (admin)",
        tags: ["access log"],
        querystring: {
          type: "object",
          required: ["case"],
          properties: {
            case: { type: "string" },
            from: {
              type: "string",
              description: "date-time with offset, or a date (its start in the area's time zone)",
            },
            to: {
              type: "string",
              description: "date-time with offset, or a date (its end in the area's time zone)",
            },
          },
        },
      },
    },
    async (request, reply) => {
      // Admin only: the access matrix (src/access/matrix.ts) refuses everyone else before this runs.
      const principal = request.principal!;
      const q = accessLogQuery.safeParse(request.query);
      if (!q.success)
        return sendProblem(
          reply,
          problem(400, "invalid-input", "Invalid query", { errors: fromZodIssues(q.error.issues) }),
        );
      return askAccessLog(
        request.server.accessLog,
        q.data,
        {
          actor: principal.actor,
          role: principal.role,
          requestId: request.id,
          what: "GET /api/v1/access-log",
        },
        timeZone,
      );
    },
  );
}

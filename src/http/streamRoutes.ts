/**
 * Reading a raw stream back, for the LANO and admins checking what was recorded (the access matrix,
 * src/access/matrix.ts, lets no one else). Each read is logged with the actor, role and stream.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { streamFamilyOf } from "../../schemas/events/index.js";
import type { EventStore } from "../store/port.js";
import { fromZodIssues, problem, sendProblem } from "./problem.js";

const query = z.strictObject({ fromRevision: z.coerce.number().int().min(0).default(0) });

export function registerStreamRoutes(app: FastifyInstance, store: EventStore) {
  app.get(
    "/api/v1/streams/:stream",
    { schema: { summary: "Read one stream's events", tags: ["streams"] } },
    async (request, reply) => {
      const principal = request.principal!;
      const { stream } = request.params as { stream: string };
      if (!streamFamilyOf(stream))
        return sendProblem(
          reply,
          problem(400, "invalid-input", "Unknown stream", {
            errors: [
              { path: "stream", pointer: "/stream", message: "must be <family>-<id>, e.g. case-C000123" },
            ],
          }),
        );
      const q = query.safeParse(request.query);
      if (!q.success)
        return sendProblem(
          reply,
          problem(400, "invalid-input", "Invalid query", { errors: fromZodIssues(q.error.issues) }),
        );
      const events = await store.readStream(stream, q.data.fromRevision);
      request.log.info(
        { audit: "read", actor: principal.actor, role: principal.role, stream },
        "stream read",
      );
      if (events.length === 0 && q.data.fromRevision === 0)
        return sendProblem(
          reply,
          problem(404, "not-found", "No such stream", { detail: `${stream} has no events` }),
        );
      return { stream, revision: events.at(-1)?.revision ?? -1, events };
    },
  );
}

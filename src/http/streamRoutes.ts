/**
 * Reading a raw stream back, for the LANO and admins checking what was recorded (the access matrix,
 * src/access/matrix.ts, lets no one else). Reads that carry children's data are recorded in the access
 * log with every case id in the events served.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { streamFamilyOf } from "../../schemas/events/index.js";
import type { RecordedEvent } from "../../schemas/envelope.js";
import type { EventStore } from "../store/port.js";
import { recordRead } from "./accessRecord.js";
import { fromZodIssues, problem, sendProblem } from "./problem.js";

const query = z.strictObject({ fromRevision: z.coerce.number().int().min(0).default(0) });

/** The children a stream's events are about: a case stream's own id, and any `caseId`/`caseIds` in the data. */
export function caseIdsIn(stream: string, events: readonly RecordedEvent[]): Set<string> {
  const ids = new Set<string>();
  if (events.length > 0 && streamFamilyOf(stream) === "case") ids.add(stream.slice("case-".length));
  for (const { data } of events) {
    if (typeof data.caseId === "string") ids.add(data.caseId);
    if (Array.isArray(data.caseIds)) for (const id of data.caseIds) if (typeof id === "string") ids.add(id);
  }
  return ids;
}

export function registerStreamRoutes(app: FastifyInstance, store: EventStore) {
  app.get(
    "/api/v1/streams/:stream",
    { schema: { summary: "Read one stream's events", tags: ["streams"] } },
    async (request, reply) => {
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
      const caseIds = caseIdsIn(stream, events);
      if (caseIds.size > 0) recordRead(request, `GET /api/v1/streams/${stream}`, [...caseIds]);
      if (events.length === 0 && q.data.fromRevision === 0)
        return sendProblem(
          reply,
          problem(404, "not-found", "No such stream", { detail: `${stream} has no events` }),
        );
      return { stream, revision: events.at(-1)?.revision ?? -1, events };
    },
  );
}

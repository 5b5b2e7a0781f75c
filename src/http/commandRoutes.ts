/**
 * One POST route per command: `/api/v1/<resource>/:id/<command>`. Expected revision from `If-Match` (or
 * a body field `expectedRevision`), retries made safe by `Idempotency-Key`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { entityId, laCode } from "../../schemas/common.js";
import { commandRoute } from "../access/matrix.js";
import { publicCommands as commands } from "../commands/index.js";
import type { CommandDefinition } from "../commands/decision.js";
import { handleCommand } from "../commands/handle.js";
import type { ReferenceSource } from "../commands/reference.js";
import type { EventStore, ExpectedRevision } from "../store/port.js";
import { fieldError, fromZodIssues, problem, sendProblem } from "./problem.js";

export interface CommandRouteOptions {
  store: EventStore;
  today: () => string;
  /** Where commands that need it read the area's reference data (the read model's, when there is one). */
  reference: ReferenceSource;
}

const revisionHeader = z
  .string()
  .regex(/^W?\/?"?-?\d+"?$/, 'If-Match must be a revision number such as 3 or "3"')
  .transform((s) => Number(s.replace(/[^-\d]/g, "")))
  .pipe(z.number().int().min(-1));
const revisionField = z.number().int().min(-1);
const idempotencyKey = z.string().min(8, "Idempotency-Key must be 8 to 200 characters").max(200);

/** Areas and the SEF are keyed by LA code; everything else by a pseudonymous id. */
const idSchemaFor = (definition: CommandDefinition) =>
  definition.model.family === "area" || definition.model.family === "sef" ? laCode : entityId;

/** The route of a command (one definition, shared with the access matrix). */
export const routeOf = commandRoute;

export function registerCommandRoutes(app: FastifyInstance, options: CommandRouteOptions) {
  for (const definition of commands) {
    app.post(
      routeOf(definition),
      {
        schema: {
          summary: definition.summary,
          tags: [definition.model.resource],
          operationId: definition.name,
          body: z.toJSONSchema(definition.input, { unrepresentable: "any", io: "input" }),
          params: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
        },
      },
      (request, reply) => run(definition, request, reply, options),
    );
  }
}

async function run(
  definition: CommandDefinition,
  request: FastifyRequest,
  reply: FastifyReply,
  o: CommandRouteOptions,
) {
  const principal = request.principal!;
  const id = idSchemaFor(definition).safeParse((request.params as { id: string }).id);
  const errors = id.success ? [] : fromZodIssues(id.error.issues, ["id"]);

  let body: unknown = request.body ?? {};
  let expectedRevision: ExpectedRevision | undefined;
  const ifMatch = request.headers["if-match"];
  if (ifMatch !== undefined) {
    const parsed = revisionHeader.safeParse(ifMatch);
    if (parsed.success) expectedRevision = parsed.data === -1 ? "noStream" : parsed.data;
    else errors.push(...fromZodIssues(parsed.error.issues, ["If-Match"]));
  }
  if (body && typeof body === "object" && !Array.isArray(body) && "expectedRevision" in body) {
    const { expectedRevision: field, ...rest } = body as Record<string, unknown>;
    body = rest;
    const parsed = revisionField.safeParse(field);
    if (parsed.success) expectedRevision = parsed.data === -1 ? "noStream" : parsed.data;
    else errors.push(...fromZodIssues(parsed.error.issues, ["expectedRevision"]));
  }
  const keyHeader = request.headers["idempotency-key"];
  const key = keyHeader === undefined ? undefined : idempotencyKey.safeParse(keyHeader);
  if (key && !key.success) errors.push(...fromZodIssues(key.error.issues, ["Idempotency-Key"]));
  if (errors.length > 0 || !id.success) return invalid(reply, errors);

  const outcome = await handleCommand(o.store, definition, {
    id: id.data,
    input: body,
    caller: {
      actor: principal.actor,
      role: principal.role,
      source: "api",
      correlationId:
        typeof request.headers["x-correlation-id"] === "string"
          ? request.headers["x-correlation-id"]
          : request.id,
    },
    today: o.today(),
    expectedRevision,
    idempotencyKey: key?.success ? key.data : undefined,
    reference: o.reference,
  });

  switch (outcome.kind) {
    case "appended":
      return reply
        .code(outcome.duplicate ? 200 : 201)
        .header("etag", `"${outcome.nextRevision}"`)
        .send(outcome);
    case "invalid":
      return invalid(reply, fromZodIssues(outcome.issues));
    case "rejected":
      return sendProblem(
        reply,
        problem(
          outcome.error.status ?? 422,
          outcome.error.code,
          outcome.error.status === 400 ? "The request has invalid fields" : "The command breaks a rule",
          {
            detail: outcome.error.message,
            errors: [fieldError(outcome.error.path, outcome.error.message, outcome.error.code)],
          },
        ),
      );
    case "conflict":
      return sendProblem(
        reply,
        problem(409, "revision-conflict", "The stream has changed", {
          detail: `${outcome.stream} is at revision ${outcome.actual}; re-read it and send If-Match: ${outcome.actual}`,
          stream: outcome.stream,
          currentRevision: outcome.actual,
        }),
      );
    case "forbidden":
      return sendProblem(reply, problem(403, "forbidden", "Not allowed", { detail: outcome.message }));
  }
}

const invalid = (reply: FastifyReply, errors: ReturnType<typeof fromZodIssues>) =>
  sendProblem(
    reply,
    problem(400, "invalid-input", "The request has invalid fields", {
      detail: errors.map((e) => `${e.path}: ${e.message}`).join("; "),
      errors,
    }),
  );

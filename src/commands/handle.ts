/**
 * The thin edge between a decider and the store: check the role, validate the input, load and fold the
 * stream, decide, append with optimistic concurrency. Shared by HTTP, the CLI, imports and the demo seed.
 */
import { createHash, randomUUID } from "node:crypto";
import type { z } from "zod";
import type { IsoDate, Role } from "../../schemas/common.js";
import type { NewEvent, RecordedEvent } from "../../schemas/envelope.js";
import { streamName, upcast } from "../../schemas/events/index.js";
import {
  DuplicateEventIdError,
  type ExpectedRevision,
  type EventStore,
  type StreamStore,
  WrongExpectedRevisionError,
} from "../store/port.js";
import { type CommandDefinition, type DomainError, isDomainError } from "./decision.js";
import { type ReferenceSource, referenceFromLog } from "./reference.js";

export interface Caller {
  actor: string;
  role: Role;
  correlationId?: string;
  source: string;
}

export interface CommandRequest {
  /** The id of the thing, e.g. the case id; the stream is `<family>-<id>`. */
  id: string;
  input: unknown;
  caller: Caller;
  today: IsoDate;
  /** The revision the caller last saw (If-Match). Without it the current revision is used, with retries. */
  expectedRevision?: ExpectedRevision;
  /** Makes a retried request append nothing twice: it becomes (or derives) the event ids. */
  idempotencyKey?: string;
  /**
   * Where a command that `needsReference` reads it: the server passes the read model's; without one the
   * log is read from the start (correct, but slow in a large area).
   */
  reference?: ReferenceSource;
}

export type CommandOutcome =
  | {
      kind: "appended";
      stream: string;
      nextRevision: number;
      position: number;
      duplicate: boolean;
      events: Pick<NewEvent, "id" | "type">[];
    }
  | { kind: "forbidden"; message: string }
  | { kind: "invalid"; issues: z.core.$ZodIssue[] }
  | { kind: "rejected"; error: DomainError }
  | { kind: "conflict"; stream: string; expected: ExpectedRevision; actual: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Event id `index` of a request: the key itself when it is a UUID, else a UUID derived from it. */
export function eventIdFor(key: string | undefined, index: number): string {
  if (key === undefined) return randomUUID();
  if (index === 0 && UUID.test(key)) return key.toLowerCase();
  const h = createHash("sha256").update(`${key}\u0000${index}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Fold a stream's stored events into the decider's state, upcasting old versions on the way. */
export function foldStream<S>(
  definition: CommandDefinition<unknown, S>,
  events: readonly RecordedEvent[],
): S {
  return events.reduce(
    (state, e) =>
      definition.model.evolve(state, {
        type: e.type,
        data: upcast(e.type, e.data),
        actor: e.metadata.actor,
      }),
    definition.model.initial(),
  );
}

/** The request's reference source, or the log's when the store can read it; a bare stream store must be given one. */
function referenceFor(store: StreamStore, request: CommandRequest): ReferenceSource {
  if (request.reference) return request.reference;
  if ("readPages" in store && typeof store.readPages === "function")
    return referenceFromLog(store as Pick<EventStore, "readPages">);
  throw new Error(
    "a command that needs the reference was given a store that cannot read the log, and no reference",
  );
}

export async function handleCommand(
  store: StreamStore,
  definition: CommandDefinition,
  request: CommandRequest,
): Promise<CommandOutcome> {
  const { caller } = request;
  if (!definition.roles.includes(caller.role))
    return { kind: "forbidden", message: `role ${caller.role} may not ${definition.name}` };
  const parsed = definition.input.safeParse(request.input);
  if (!parsed.success) return { kind: "invalid", issues: parsed.error.issues };

  const stream = streamName(definition.model.family, request.id);
  const correlationId = caller.correlationId ?? randomUUID();
  const pinned = request.expectedRevision !== undefined;
  const reference = definition.needsReference ? await referenceFor(store, request)() : undefined;

  for (let attempt = 0; ; attempt++) {
    const history = await store.readStream(stream);
    const actual = history.length - 1;
    const key = request.idempotencyKey;
    const earlier = key ? history.findIndex((e) => e.id === eventIdFor(key, 0)) : -1;
    if (key && earlier >= 0) return replay(stream, history, earlier, key);

    const expected = request.expectedRevision ?? (actual === -1 ? "noStream" : actual);
    if (pinned && typeof expected === "number" && expected !== actual)
      return { kind: "conflict", stream, expected, actual };

    const decided = definition.decide(parsed.data, foldStream(definition, history), {
      today: request.today,
      actor: caller.actor,
      role: caller.role,
      streamId: request.id,
      ...(reference ? { reference } : {}),
    });
    if (isDomainError(decided)) return { kind: "rejected", error: decided };

    const events: NewEvent[] = decided.map((e, i) => ({
      id: eventIdFor(request.idempotencyKey, i),
      type: e.type,
      data: e.data,
      metadata: { actor: caller.actor, role: caller.role, correlationId, source: caller.source },
    }));
    try {
      const result = await store.append(stream, events, expected);
      return { kind: "appended", stream, ...result, events: events.map(({ id, type }) => ({ id, type })) };
    } catch (err) {
      if (err instanceof DuplicateEventIdError)
        return {
          kind: "rejected",
          error: {
            code: "idempotencyKeyReused",
            message: "this Idempotency-Key was already used for a different request; send a new key",
            path: ["Idempotency-Key"],
          },
        };
      if (!(err instanceof WrongExpectedRevisionError)) throw err;
      // Someone wrote in between. If the caller pinned a revision, that is their conflict to resolve;
      // otherwise decide again on the new state (a few times, then give up).
      if (pinned || attempt >= 3) return { kind: "conflict", stream, expected, actual: err.actual };
    }
  }
}

/** A retried request: answer as the first time, appending nothing. */
function replay(
  stream: string,
  history: readonly RecordedEvent[],
  from: number,
  key: string,
): CommandOutcome {
  const batch: RecordedEvent[] = [];
  for (let i = from; i < history.length && history[i]!.id === eventIdFor(key, i - from); i++)
    batch.push(history[i]!);
  const last = batch.at(-1)!;
  return {
    kind: "appended",
    stream,
    nextRevision: last.revision,
    position: last.position,
    duplicate: true,
    events: batch.map(({ id, type }) => ({ id, type })),
  };
}

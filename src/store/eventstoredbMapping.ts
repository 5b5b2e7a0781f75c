/**
 * Pure translation between the EventStore port and `@eventstore/db-client` v6: no connection, no I/O, so every
 * rule the EventStoreDB adapter relies on is unit-tested without a server.
 *
 * Positions. The port's `position` is a number; EventStoreDB's is `{ commit, prepare }` as bigints, byte
 * offsets into the server's transaction log. Every event this adapter writes goes through a gRPC append,
 * which the server stores as an implicit transaction: each event then has `commit === prepare`, its own
 * log offset, so `Number(commit)` is unique per event and strictly increasing along `$all`. Offsets stay
 * exact as numbers up to 2^53 bytes (8 PiB of log), far beyond any single database; larger values throw
 * rather than round. (Events from legacy explicit TCP transactions share one commit position; this store
 * never writes them and does not expect to read them.)
 */
import {
  ANY,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type CurrentRevision,
  type EventData,
  ErrorType,
  type RecordedEvent as EsdbRecordedEvent,
  jsonEvent,
  NO_STREAM,
  type Position,
  type ResolvedEvent,
  START,
  STREAM_EXISTS,
  type WrongExpectedVersionError,
} from "@eventstore/db-client";
import type { EventMetadata, NewEvent, RecordedEvent } from "../../schemas/envelope.js";
import {
  type AppendResult,
  DuplicateEventIdError,
  type ExpectedRevision,
  WrongExpectedRevisionError,
} from "./port.js";

/** What the client hands back from reads and subscriptions: a resolved event or the recorded event itself. */
export type EsdbEventLike =
  ResolvedEvent | AllStreamResolvedEvent | EsdbRecordedEvent | AllStreamRecordedEvent;

/** The part of a stored event the append path needs: enough to recognise a retried batch. */
export interface StoredRef {
  id: string;
  revision: number;
  position: number;
}

/** The port's expected revision as the client's. `-1` is the port's numeric spelling of "no stream". */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case "any":
      return ANY;
    case "noStream":
      return NO_STREAM;
    case "streamExists":
      return STREAM_EXISTS;
    default:
      if (expected === -1) return NO_STREAM;
      if (!Number.isSafeInteger(expected) || expected < -1)
        throw new RangeError(`expected revision must be an integer >= -1, got ${expected}`);
      return BigInt(expected);
  }
}

/** A stream revision the server reports, as the port's number: -1 when the stream does not exist. */
export function fromEsdbRevision(revision: CurrentRevision): number {
  if (revision === NO_STREAM || revision < 0n) return -1;
  return safeNumber(revision, "stream revision");
}

/** Where to read `$all` from to see what lies after `after` (0 = the beginning). Forward reads include it. */
export function toReadPosition(after: number): typeof START | Position {
  if (!Number.isSafeInteger(after) || after < 0)
    throw new RangeError(`a log position must be a non-negative integer, got ${after}`);
  if (after === 0) return START;
  // Positions this store hands out have commit === prepare (see the module comment).
  return { commit: BigInt(after), prepare: BigInt(after) };
}

/** The port's position for a client position: the commit offset. */
export function fromEsdbPosition(position: Position): number {
  return safeNumber(position.commit, "commit position");
}

/** `$`-prefixed streams belong to the server (`$all`, `$$meta`, `$ce-…`, `$stats-…`). */
export function isSystemStream(name: string): boolean {
  return name.startsWith("$");
}

/** System events have a `$` type (links `$>`, `$metadata`, …) or live in a system stream. */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return isSystemStream(event.streamId) || event.type.startsWith("$");
}

/** A client event as the port's RecordedEvent. Data and metadata must be JSON objects. */
export function toRecordedEvent(input: EsdbEventLike): RecordedEvent {
  const e = recordedOf(input);
  const ref = refOf(e);
  const where = `event ${e.id} in stream ${e.streamId}`;
  if (!e.isJson)
    throw new Error(`${where} is not JSON (binary content); this store reads only application/json events`);
  if (!isJsonObject(e.data)) throw new Error(`${where}: data is not a JSON object`);
  if (!isJsonObject(e.metadata)) throw new Error(`${where}: metadata is missing or not a JSON object`);
  return {
    id: e.id,
    stream: e.streamId,
    revision: ref.revision,
    position: ref.position,
    type: e.type,
    recordedAt: e.created.toISOString(),
    data: e.data,
    // Written by this store from a validated NewEvent; the object shape is checked, the fields are trusted.
    metadata: e.metadata as EventMetadata,
  };
}

/** Id, revision and position of any stored event, JSON or not. */
export function toStoredRef(input: EsdbEventLike): StoredRef {
  return refOf(recordedOf(input));
}

/** A NewEvent as the client's JSON event; our metadata travels as the ESDB event's JSON metadata. */
export function toEsdbEvent(event: NewEvent): EventData {
  return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata });
}

/** The client's conflict error, recognised by its type tag so a second copy of the package still matches. */
export function isWrongExpectedVersion(err: unknown): err is WrongExpectedVersionError {
  return hasErrorType(err, ErrorType.WRONG_EXPECTED_VERSION) && "actualVersion" in err;
}

/** Reading a stream that has never been written fails with this; the port reads it as empty. */
export function isStreamNotFound(err: unknown): boolean {
  return hasErrorType(err, ErrorType.STREAM_NOT_FOUND);
}

/** The client's conflict as the port's WrongExpectedRevisionError; any other failure passes through as is. */
export function mapAppendError(err: unknown, stream: string, expected: ExpectedRevision): unknown {
  if (!isWrongExpectedVersion(err)) return err;
  return new WrongExpectedRevisionError(stream, expected, fromEsdbRevision(err.actualVersion));
}

/** The first id that occurs twice inside one batch, if any. */
export function repeatedId(events: readonly { id: string }[]): string | undefined {
  const seen = new Set<string>();
  for (const e of events) {
    if (seen.has(e.id)) return e.id;
    seen.add(e.id);
  }
  return undefined;
}

/**
 * Where a retry of a batch appended with `expected` must have landed: the revision after the expected one.
 * Undefined for "any" and "streamExists", whose batch may sit anywhere; the adapter then looks at the tail.
 */
export function retrySlotStart(expected: ExpectedRevision): number | undefined {
  if (expected === "noStream") return 0;
  return typeof expected === "number" ? expected + 1 : undefined;
}

/**
 * How the adapter reports `duplicate: true`. Before appending it reads what the stream holds where this batch
 * would already be if the request is a retry (`found`, in revision order):
 *  - for a numeric expected revision or "noStream", revisions expected+1 … expected+n (`retrySlotStart`);
 *  - for "any" and "streamExists", the stream's last n events.
 * Then:
 *  - `found` is exactly the batch's ids, in order: a retry. Nothing is appended; the stored batch's last
 *    revision and position are returned with `duplicate: true`.
 *  - none of the batch's ids is in `found`: undefined, go ahead and append (the server still checks the
 *    expected revision and its own idempotency).
 *  - some are, but not as this exact batch: DuplicateEventIdError for the first id out of place.
 */
export function duplicateResult(
  batch: readonly { id: string }[],
  found: readonly StoredRef[],
): AppendResult | undefined {
  if (batch.length > 0 && batch.every((e, i) => found[i]?.id === e.id)) {
    const last = found[batch.length - 1]!;
    return { nextRevision: last.revision, position: last.position, duplicate: true };
  }
  const stored = new Set(found.map((f) => f.id));
  if (!batch.some((e) => stored.has(e.id))) return undefined;
  // Not every id sits in its place (else the batch would have matched above), so this finds one.
  const misplaced = batch.find((e, i) => found[i]?.id !== e.id)!;
  throw new DuplicateEventIdError(misplaced.id);
}

/**
 * After a successful append: did the server treat it as an idempotent replay of events already stored?
 * `revisionBefore` is the stream's last revision seen before appending (for the slot check, expected, as the
 * slot was empty). The batch's first revision at or below it means nothing new was written.
 */
export function replayedByServer(nextRevision: number, count: number, revisionBefore: number): boolean {
  return nextRevision - count + 1 <= revisionBefore;
}

function recordedOf(input: EsdbEventLike): EsdbRecordedEvent | AllStreamRecordedEvent {
  const e = "streamId" in input ? input : input.event;
  if (!e) throw new Error("a resolved event without its event (a link to a deleted event?)");
  return e;
}

function refOf(e: EsdbRecordedEvent | AllStreamRecordedEvent): StoredRef {
  if (!e.position)
    throw new Error(
      `event ${e.id} in stream ${e.streamId} came without a log position: EventStoreDB 22.6 or later is required`,
    );
  return {
    id: e.id,
    revision: safeNumber(e.revision, "stream revision"),
    position: fromEsdbPosition(e.position),
  };
}

function safeNumber(value: bigint, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError(`${what} ${value} does not fit a non-negative safe integer`);
  return Number(value);
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function hasErrorType(err: unknown, type: ErrorType): err is Error & { type: ErrorType } {
  return err instanceof Error && "type" in err && err.type === type;
}

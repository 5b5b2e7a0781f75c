/**
 * The shape every decider shares: a stream family's state fold, and commands that turn an input and
 * that state into new events or a domain error. Everything here is pure: "today" is an argument.
 */
import type { z } from "zod";
import type { IsoDate, Role } from "../../schemas/common.js";
import type { StreamFamily } from "../../schemas/eventDefinition.js";
import { catalogue } from "../../schemas/events/index.js";

/** An event as a decider produces it, before it gets an id and metadata. */
export interface DecidedEvent {
  type: string;
  data: Record<string, unknown>;
}

/** An event as a decider's fold sees it: with the actor who caused it (from its metadata). */
export interface FoldedEvent extends DecidedEvent {
  actor?: string;
}

/** A rule the command broke. `path` names the input field a user should look at. */
export interface DomainError {
  code: string;
  message: string;
  path: string[];
  /** 400 when the input names something that does not exist (a field's value is invalid); 422 otherwise. */
  status?: 400 | 422;
}

export interface DecideContext {
  /** The date the command is decided on, in the area's calendar. */
  today: IsoDate;
  actor: string;
  role: Role;
  /** The id taken from the URL, e.g. the case id for `case-<id>`. */
  streamId: string;
  /** What lies beyond the stream, read by the handler for a command that `needsReference` (./reference.ts). */
  reference?: Reference;
}

/**
 * What a decider needs from beyond its own stream. The handler reads it (from the read model or the log)
 * and passes it in, so deciders stay pure functions of their input, their stream and this.
 */
export interface Reference {
  /** The item keys of the area's data-request catalogue in force; empty when the area has configured none. */
  dataRequestItemKeys: ReadonlySet<string>;
}

/** The state a family folds from its own stream, for its deciders only (read models live in projections/). */
export interface StreamModel<S> {
  family: StreamFamily;
  /** URL segment: `/api/v1/<resource>/:id/<command>`. */
  resource: string;
  initial: () => S;
  evolve: (state: S, event: FoldedEvent) => S;
}

export interface CommandDefinition<I = unknown, S = unknown> {
  /** camelCase name in the users' language, e.g. `rateQaSection`. */
  name: string;
  /** URL segment after the stream id, kebab-case, e.g. `rate-section`. */
  path: string;
  summary: string;
  model: StreamModel<S>;
  roles: readonly Role[];
  /** Not exposed as a generic route: the server supplies the input (e.g. a pack's hash). */
  internal?: boolean;
  input: z.ZodType<I>;
  /** The decider reads `context.reference`: the handler fetches it before deciding. */
  needsReference?: boolean;
  decide: (input: I, state: S, context: DecideContext) => DecidedEvent[] | DomainError;
}

/** Declare a command with its types tied together; the table in ./index.ts holds them all. */
export function command<I, S>(definition: CommandDefinition<I, S>): CommandDefinition<unknown, unknown> {
  return definition as unknown as CommandDefinition<unknown, unknown>;
}

export const fail = (code: string, message: string, path: string[] = [], status?: 400): DomainError => ({
  code,
  message,
  path,
  ...(status ? { status } : {}),
});
export const isDomainError = (x: DecidedEvent[] | DomainError): x is DomainError => !Array.isArray(x);

/** Add the current schemaVersion of `type` to a decided payload. */
export function stamp(type: string, payload: object): DecidedEvent {
  const entry = catalogue.get(type);
  if (!entry) throw new Error(`decider produced ${type}, which is not in the event catalogue`);
  return { type, data: { ...payload, schemaVersion: entry.version } };
}

/** The first of `fields` (name → date) that lies after `today`, as a domain error. */
export function futureDate(
  fields: Record<string, IsoDate | undefined>,
  today: IsoDate,
): DomainError | undefined {
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value > today)
      return fail("dateInFuture", `${name} ${value} is after today (${today})`, [name]);
  }
  return undefined;
}

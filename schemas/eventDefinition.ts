/**
 * How an event type is declared: a name, the stream family it lives in, its current schemaVersion and
 * the zod schema of its data. Families are declared in schemas/events/<family>.ts.
 */
import { z } from "zod";

export const streamFamilies = [
  "area",
  "case",
  "qa",
  "action",
  "metric",
  "sef",
  "document",
  "inspection",
  "pack",
] as const;
export type StreamFamily = (typeof streamFamilies)[number];

export interface EventVersion<S extends z.ZodRawShape> {
  version: number;
  /** The data schema, including `schemaVersion`. */
  data: z.ZodObject<S & { schemaVersion: z.ZodLiteral<number> }>;
  /** The shape without `schemaVersion`, which deciders fill in. */
  payload: z.ZodObject<S>;
}

/** Declare version `version` of an event's data. Unknown keys are refused so typos never get stored. */
export function eventData<S extends z.ZodRawShape>(version: number, shape: S): EventVersion<S> {
  const payload = z.strictObject(shape);
  const data = z.strictObject({ ...shape, schemaVersion: z.literal(version) }) as EventVersion<S>["data"];
  return { version, data, payload };
}

type AnyVersion = EventVersion<z.ZodRawShape>;

export interface Family<F extends StreamFamily, D extends Record<string, AnyVersion>> {
  family: F;
  /** One-line description of the family, reused in docs/EVENTS.md. */
  description: string;
  events: D;
}

export function defineFamily<F extends StreamFamily, D extends Record<string, AnyVersion>>(
  family: F,
  description: string,
  events: D,
): Family<F, D> {
  return { family, description, events };
}

/** `{ type, data }` for every event of a family, as a discriminated union. */
export type EventOf<D extends Record<string, AnyVersion>> = {
  [K in keyof D & string]: { type: K; data: z.infer<D[K]["data"]> };
}[keyof D & string];

/** What a decider returns: the type and the data without schemaVersion (filled by `stamp`). */
export type PayloadOf<D extends Record<string, AnyVersion>> = {
  [K in keyof D & string]: { type: K; data: z.infer<D[K]["payload"]> };
}[keyof D & string];

/**
 * The envelope every stored event travels in. `recordedAt` is when the store accepted it; the dates that
 * matter to the domain (`issuedOn`, `heldOn`) live in `data`.
 */
import { z } from "zod";
import { isoDateTime, role } from "./common.js";

export const eventMetadata = z.strictObject({
  actor: z.string().min(1).max(120),
  role,
  correlationId: z.string().min(1).max(120),
  causationId: z.string().min(1).max(120).optional(),
  /** Where the event came from: `api`, `import:<file>`, `seed`, `cli`. */
  source: z.string().min(1).max(200),
});

/** An event on its way into the store. */
export const newEvent = z.strictObject({
  id: z.uuid(),
  type: z.string().min(1).max(80),
  data: z.record(z.string(), z.unknown()),
  metadata: eventMetadata,
});

/** An event as the store hands it back. */
export const recordedEvent = newEvent.extend({
  stream: z.string().min(1),
  /** Per-stream revision, from 0. */
  revision: z.number().int().min(0),
  /** Global log position: monotonic, not necessarily contiguous (EventStoreDB commit positions are not). */
  position: z.number().int().min(1),
  recordedAt: isoDateTime,
});

export type EventMetadata = z.infer<typeof eventMetadata>;
export type NewEvent = z.infer<typeof newEvent>;
export type RecordedEvent = z.infer<typeof recordedEvent>;

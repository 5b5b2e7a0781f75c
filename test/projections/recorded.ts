/** A RecordedEvent for the pure projection tests: positions count up across a test file. */
import type { RecordedEvent } from "../../schemas/envelope.js";
import { catalogue } from "../../schemas/events/index.js";

let position = 0;

export function recorded(
  stream: string,
  type: string,
  data: Record<string, unknown>,
  recordedAt = "2026-11-23T09:00:00Z",
): RecordedEvent {
  position += 1;
  return {
    id: `00000000-0000-4000-8000-${String(position).padStart(12, "0")}`,
    type,
    // Stamped with the type's current schemaVersion, as the store holds it (folds trust that version).
    data: { schemaVersion: catalogue.get(type)?.version ?? 1, ...data },
    metadata: { actor: "test", role: "officer", correlationId: "test", source: "test" },
    stream,
    revision: 0,
    position,
    recordedAt,
  };
}

/**
 * Where the handler reads a decider's `Reference` (what lies beyond its stream: the area's data-request
 * catalogue). Two sources, the same answer: the live read model, once it has folded the log's head (the
 * server), or the log itself, read incrementally (the seed, the CLI, an app without a read side).
 */
import type { DataRequestItem } from "../../schemas/events/area.js";
import type { EvidenceState } from "../../projections/evidence.js";
import { upcast } from "../../schemas/events/index.js";
import type { ProjectionRunner } from "../runner/runner.js";
import type { EventStore } from "../store/port.js";
import type { Reference } from "./decision.js";

export type ReferenceSource = () => Promise<Reference>;

const referenceOf = (catalogue: readonly DataRequestItem[]): Reference => ({
  dataRequestItemKeys: new Set(catalogue.map((item) => item.key)),
});

/**
 * From the log: the newest `DataRequestCatalogueConfigured`. Each call reads only what was appended since
 * the last (calls are queued, so two requests never interleave their reads).
 */
export function referenceFromLog(store: Pick<EventStore, "readPages">): ReferenceSource {
  let after = 0;
  let reference = referenceOf([]);
  let queue: Promise<Reference> = Promise.resolve(reference);
  const readOn = async (): Promise<Reference> => {
    for await (const page of store.readPages({ after }))
      for (const event of page) {
        after = event.position;
        if (event.type === "DataRequestCatalogueConfigured")
          reference = referenceOf((upcast(event.type, event.data) as { items: DataRequestItem[] }).items);
      }
    return reference;
  };
  return () => (queue = queue.then(readOn, readOn));
}

/**
 * From the live read model, after it has folded everything in the log now (a catalogue configured a moment
 * ago counts). If the read side stopped on a failure it answers from what it folded (commands go on).
 */
export function referenceFromReadModel(
  store: EventStore,
  runner: Pick<ProjectionRunner<EvidenceState>, "waitFor" | "peek">,
): ReferenceSource {
  return async () => {
    await runner.waitFor((await store.head()).position);
    // A look that ends before the next await: `peek`, so a command does not cost the next event a copy.
    return referenceOf(runner.peek().state.partnership.catalogue);
  };
}

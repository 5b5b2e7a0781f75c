/**
 * Copy the log from one store into another — moving from the SQLite file to EventStoreDB, or restoring a
 * backup into a fresh file — in global order, keeping event ids, types, data and metadata, then check
 * the counts. Each source event is appended to its stream at its own revision (expected revision = its
 * revision − 1), so a copy that was interrupted can be run again: events already there are recognised
 * by id and skipped. With a clock the target can set (SQLite), recordedAt is kept too, so as-at queries
 * answer the same on both stores.
 */
import type { NewEvent, RecordedEvent } from "../../schemas/envelope.js";
import type { EventStore } from "./port.js";

export interface CopyReport {
  events: number;
  streams: number;
  appended: number;
  alreadyThere: number;
  /** Per-stream event counts that differ between source and target after the copy (empty when all match). */
  mismatches: { stream: string; source: number; target: number }[];
}

export interface CopyOptions {
  /** Set the target's clock before each append, so recordedAt is preserved (SQLite target). */
  setClock?: (at: Date) => void;
  /** Called every `every` events. */
  progress?: (copied: number) => void;
  every?: number;
}

export async function copyLog(
  source: EventStore,
  target: EventStore,
  options: CopyOptions = {},
): Promise<CopyReport> {
  const counts = new Map<string, number>();
  let appended = 0;
  let alreadyThere = 0;
  let events = 0;
  let batch: RecordedEvent[] = [];
  const flush = async () => {
    const first = batch[0];
    if (!first) return;
    options.setClock?.(new Date(first.recordedAt));
    const news: NewEvent[] = batch.map(({ id, type, data, metadata }) => ({ id, type, data, metadata }));
    const result = await target.append(
      first.stream,
      news,
      first.revision === 0 ? "noStream" : first.revision - 1,
    );
    if (result.duplicate) alreadyThere += batch.length;
    else appended += batch.length;
    batch = [];
  };
  for await (const e of source.readAll({ batchSize: 2000 })) {
    events += 1;
    counts.set(e.stream, (counts.get(e.stream) ?? 0) + 1);
    // Consecutive events of one stream recorded at the same moment were one append: keep them one batch.
    const last = batch.at(-1);
    if (
      last &&
      (last.stream !== e.stream || last.recordedAt !== e.recordedAt || last.revision + 1 !== e.revision)
    )
      await flush();
    batch.push(e);
    if (options.progress && events % (options.every ?? 10_000) === 0) options.progress(events);
  }
  await flush();
  const mismatches: CopyReport["mismatches"] = [];
  for (const [stream, n] of counts) {
    const there = (await target.readStream(stream)).length;
    if (there !== n) mismatches.push({ stream, source: n, target: there });
  }
  return { events, streams: counts.size, appended, alreadyThere, mismatches };
}

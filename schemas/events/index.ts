/**
 * The event catalogue: every event type, the stream family it belongs to, its current schemaVersion,
 * and the upcasters that lift stored older versions to the current one on read (never rewriting the log).
 */
import type { z } from "zod";
import type { RecordedEvent } from "../envelope.js";
import type { StreamFamily } from "../eventDefinition.js";
import { actionFamily, type ActionEvent } from "./action.js";
import { areaFamily, type AreaEvent } from "./area.js";
import { caseFamily, type CaseEvent } from "./case.js";
import { documentFamily, type DocumentEvent } from "./document.js";
import { inspectionFamily, type InspectionEvent } from "./inspection.js";
import { metricFamily, type MetricEvent } from "./metric.js";
import { packFamily, type PackEvent } from "./pack.js";
import { qaFamily, type QaEvent } from "./qa.js";
import { sefFamily, type SefEvent } from "./sef.js";

export const families = [
  areaFamily,
  caseFamily,
  qaFamily,
  actionFamily,
  metricFamily,
  sefFamily,
  documentFamily,
  inspectionFamily,
  packFamily,
] as const;

export interface CatalogueEntry {
  type: string;
  family: StreamFamily;
  version: number;
  data: z.ZodType<Record<string, unknown>>;
}

export const catalogue: ReadonlyMap<string, CatalogueEntry> = new Map(
  families.flatMap((f) =>
    Object.entries(f.events).map(([type, def]) => [
      type,
      { type, family: f.family, version: def.version, data: def.data as z.ZodType<Record<string, unknown>> },
    ]),
  ),
);

/** Lifts data of `type` from version `from` to `from + 1`. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;
/** Keyed `Type@fromVersion`. Empty while every type is at version 1; add entries when a schema changes. */
export type UpcasterTable = ReadonlyMap<string, Upcaster>;
export const upcasters: UpcasterTable = new Map();

export class UnknownEventError extends Error {
  constructor(
    readonly type: string,
    readonly detail: string,
  ) {
    super(`${type}: ${detail}`);
    this.name = "UnknownEventError";
  }
}

/**
 * Bring stored data up to the current version of its type, then validate it.
 * Throws UnknownEventError for a type or version the catalogue cannot read.
 */
export function upcast(
  type: string,
  data: Record<string, unknown>,
  table: UpcasterTable = upcasters,
  entries: ReadonlyMap<string, CatalogueEntry> = catalogue,
): Record<string, unknown> {
  const entry = entries.get(type);
  if (!entry) throw new UnknownEventError(type, "not in the event catalogue");
  let current = data;
  let version = typeof current.schemaVersion === "number" ? current.schemaVersion : 1;
  while (version < entry.version) {
    const step = table.get(`${type}@${version}`);
    if (!step) throw new UnknownEventError(type, `no upcaster from schemaVersion ${version}`);
    current = step(current);
    version += 1;
    current = { ...current, schemaVersion: version };
  }
  if (version > entry.version)
    throw new UnknownEventError(type, `schemaVersion ${version} is newer than this build`);
  const parsed = entry.data.safeParse(current);
  if (!parsed.success)
    throw new UnknownEventError(type, `stored data does not match: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * For folding: data at the current version is trusted as stored (it was validated when appended);
 * older versions are upcast and validated. Undefined for a type this build does not know.
 */
export function decode(type: string, data: Record<string, unknown>): Record<string, unknown> | undefined {
  const entry = catalogue.get(type);
  if (!entry) return undefined;
  return data.schemaVersion === entry.version ? data : upcast(type, data);
}

/**
 * A stored event whose data is typed by its `type`: the union of every type in the catalogue, inferred from
 * the zod schemas, so a fold that reads a renamed or missing field does not compile.
 */
export type EvidenceEvent = Omit<RecordedEvent, "type" | "data"> &
  (
    | AreaEvent
    | CaseEvent
    | QaEvent
    | ActionEvent
    | MetricEvent
    | SefEvent
    | DocumentEvent
    | InspectionEvent
    | PackEvent
  );

/**
 * A stored event decoded for folding (see `decode`): typed by its type, or undefined for a type this build
 * does not know. The one place stored data becomes typed: `decode` returns data valid for `type`.
 */
export function decodeEvent(raw: RecordedEvent): EvidenceEvent | undefined {
  const data = decode(raw.type, raw.data);
  if (!data) return undefined;
  return (data === raw.data ? raw : { ...raw, data }) as EvidenceEvent;
}

/** The family a stream belongs to, from its ESDB-style name `<family>-<id>`. */
export function streamFamilyOf(stream: string): StreamFamily | undefined {
  const dash = stream.indexOf("-");
  if (dash <= 0) return undefined;
  const prefix = stream.slice(0, dash);
  return families.find((f) => f.family === prefix)?.family;
}

export const streamName = (family: StreamFamily, id: string): string => `${family}-${id}`;

/**
 * The I/O edge of imports: read the file, read the streams it names, plan and dry-run (pure, ./plan.ts),
 * and only when the whole file is clean append through the command handler. Every command carries an
 * idempotency key from the file's hash, its row, its command, its stream and the revision it was planned
 * against, and is pinned to that revision: a re-run after a crash skips what was appended (it re-plans
 * from the store), a concurrent twin of the same import appends nothing twice, and a write by someone
 * else in between stops the import rather than deciding on a state nobody checked.
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import type { IsoDate } from "../../schemas/common.js";
import type { RecordedEvent } from "../../schemas/envelope.js";
import type { StreamFamily } from "../../schemas/eventDefinition.js";
import { streamName } from "../../schemas/events/index.js";
import { type Caller, type CommandOutcome, handleCommand } from "../commands/handle.js";
import type { EventStore } from "../store/port.js";
import { parseCaseExtract, planCaseImport } from "./caseExtract.js";
import { parseMetricsFile, planMetricsImport } from "./metricsFile.js";
import { type CurrentStreams, definitionOf, type ImportPlan } from "./plan.js";
import type { RowError } from "./table.js";

export type ImportOutcome =
  | { kind: "imported"; appended: number; commands: number; unchanged: number }
  | { kind: "refused"; errors: RowError[] };

/** An append failed after the dry run passed: someone wrote to a stream meanwhile. Re-running is safe. */
export class ImportInterruptedError extends Error {
  constructor(
    readonly line: number,
    readonly appended: number,
    readonly outcome: Exclude<CommandOutcome, { kind: "appended" }>,
  ) {
    super(
      `import stopped at line ${line} (${outcome.kind}) after appending ${appended} events; ` +
        "import the file again: what is already recorded is skipped",
    );
    this.name = "ImportInterruptedError";
  }
}

interface ImportKind<R extends { line: number }> {
  family: StreamFamily;
  what: string;
  /** A command whose roles decide who may run this import. */
  roleCommand: string;
  parse: (bytes: Buffer, fileName: string) => Promise<{ rows: R[]; errors: RowError[] }>;
  idOf: (row: R) => string;
  plan: (rows: readonly R[], current: CurrentStreams, today: IsoDate) => ImportPlan;
}

type Importer = (
  store: EventStore,
  bytes: Buffer,
  fileName: string,
  caller: Caller,
  today: IsoDate,
) => Promise<ImportOutcome>;

const importerOf =
  <R extends { line: number }>(kind: ImportKind<R>): Importer =>
  (store, bytes, fileName, caller, today) =>
    runImport(store, bytes, fileName, caller, today, kind);

/** Import a case extract (CSV or XLSX): see ./caseExtract.ts for the columns and what they become. */
export const importCases = importerOf({
  family: "case",
  what: "case extracts",
  roleCommand: "registerCase",
  parse: parseCaseExtract,
  idOf: (row) => row.caseId,
  plan: planCaseImport,
});

/** Import a metrics file (CSV): see ./metricsFile.ts. */
export const importMetrics = importerOf({
  family: "metric",
  what: "metrics files",
  roleCommand: "recordMetricValue",
  parse: parseMetricsFile,
  idOf: (row) => row.metric,
  plan: planMetricsImport,
});

async function runImport<R extends { line: number }>(
  store: EventStore,
  bytes: Buffer,
  fileName: string,
  caller: Caller,
  today: IsoDate,
  kind: ImportKind<R>,
): Promise<ImportOutcome> {
  if (!definitionOf(kind.roleCommand).roles.includes(caller.role))
    return refused([{ line: 0, reason: `role ${caller.role} may not import ${kind.what}` }]);
  const { rows, errors } = await kind.parse(bytes, fileName);
  if (errors.length > 0) return refused(errors);

  const current = new Map<string, RecordedEvent[]>();
  for (const id of new Set(rows.map(kind.idOf)))
    current.set(id, await store.readStream(streamName(kind.family, id)));
  const plan = kind.plan(rows, current, today);
  if (plan.errors.length > 0) return refused(plan.errors);

  const hash = createHash("sha256").update(bytes).digest("hex");
  const importer: Caller = {
    ...caller,
    source: `import:${basename(fileName)}`.slice(0, 200),
    correlationId: caller.correlationId ?? `import-${hash.slice(0, 32)}`,
  };
  let appended = 0;
  for (const c of plan.commands) {
    const outcome = await handleCommand(store, definitionOf(c.command), {
      id: c.id,
      input: c.input,
      caller: importer,
      today,
      expectedRevision: c.expectedRevision < 0 ? "noStream" : c.expectedRevision,
      idempotencyKey: `import:${hash}:${c.line}:${c.command}:${c.id}:${c.expectedRevision}`,
    });
    if (outcome.kind !== "appended") throw new ImportInterruptedError(c.line, appended, outcome);
    if (!outcome.duplicate) appended += outcome.events.length;
  }
  return { kind: "imported", appended, commands: plan.commands.length, unchanged: plan.unchanged };
}

const refused = (errors: RowError[]): ImportOutcome => ({ kind: "refused", errors });

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
import { type CaseRow, parseCaseExtract, planCaseImport } from "./caseExtract.js";
import { type MetricRow, parseMetricsFile, planMetricsImport } from "./metricsFile.js";
import { type CurrentStreams, definitionOf, type ImportPlan } from "./plan.js";
import type { RowError } from "./table.js";

export type ImportOutcome =
  | { kind: "imported"; appended: number; commands: number; unchanged: number }
  | { kind: "refused"; errors: RowError[] };

/** What a check finds: the file refused (every bad row), or what importing it would do. Nothing is written. */
export type ImportCheck =
  | { kind: "checked"; rows: number; commands: number; unchanged: number }
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

type Checker = (
  store: EventStore,
  bytes: Buffer,
  fileName: string,
  caller: Caller,
  today: IsoDate,
) => Promise<ImportCheck>;

const importerOf =
  <R extends { line: number }>(kind: ImportKind<R>): Importer =>
  (store, bytes, fileName, caller, today) =>
    runImport(store, bytes, fileName, caller, today, kind);

const checkerOf =
  <R extends { line: number }>(kind: ImportKind<R>): Checker =>
  async (store, bytes, fileName, caller, today) => {
    const checked = await checkImport(store, bytes, fileName, caller, today, kind);
    return checked.kind === "refused"
      ? checked
      : {
          kind: "checked",
          rows: checked.rows,
          commands: checked.plan.commands.length,
          unchanged: checked.plan.unchanged,
        };
  };

const caseExtracts: ImportKind<CaseRow> = {
  family: "case",
  what: "case extracts",
  roleCommand: "registerCase",
  parse: parseCaseExtract,
  idOf: (row) => row.caseId,
  plan: planCaseImport,
};

const metricsFiles: ImportKind<MetricRow> = {
  family: "metric",
  what: "metrics files",
  roleCommand: "recordMetricValue",
  parse: parseMetricsFile,
  idOf: (row) => row.metric,
  plan: planMetricsImport,
};

/** Import a case extract (CSV or XLSX): see ./caseExtract.ts for the columns and what they become. */
export const importCases = importerOf(caseExtracts);

/** Import a metrics file (CSV): see ./metricsFile.ts. */
export const importMetrics = importerOf(metricsFiles);

/** Check a case extract as its import would (parse, plan, dry run), writing nothing. */
export const checkCases = checkerOf(caseExtracts);

/** Check a metrics file as its import would, writing nothing. */
export const checkMetrics = checkerOf(metricsFiles);

/** Everything before the first write: who may, the file's rows, the plan and its dry run. */
async function checkImport<R extends { line: number }>(
  store: EventStore,
  bytes: Buffer,
  fileName: string,
  caller: Caller,
  today: IsoDate,
  kind: ImportKind<R>,
): Promise<{ kind: "refused"; errors: RowError[] } | { kind: "planned"; rows: number; plan: ImportPlan }> {
  if (!definitionOf(kind.roleCommand).roles.includes(caller.role))
    return refused([{ line: 0, reason: `role ${caller.role} may not import ${kind.what}` }]);
  const { rows, errors } = await kind.parse(bytes, fileName);
  if (errors.length > 0) return refused(errors);

  const current = new Map<string, RecordedEvent[]>();
  for (const id of new Set(rows.map(kind.idOf)))
    current.set(id, await store.readStream(streamName(kind.family, id)));
  const plan = kind.plan(rows, current, today);
  if (plan.errors.length > 0) return refused(plan.errors);
  return { kind: "planned", rows: rows.length, plan };
}

async function runImport<R extends { line: number }>(
  store: EventStore,
  bytes: Buffer,
  fileName: string,
  caller: Caller,
  today: IsoDate,
  kind: ImportKind<R>,
): Promise<ImportOutcome> {
  const checked = await checkImport(store, bytes, fileName, caller, today, kind);
  if (checked.kind === "refused") return checked;
  const { plan } = checked;

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

const refused = (errors: RowError[]) => ({ kind: "refused" as const, errors });

/**
 * What an import means to do, and the dry run that checks it: every planned command is validated by its
 * own zod input and decided by its own decider against the stream folded in memory, in order, so a
 * command that would be rejected is reported on its row before anything is written. Pure.
 */
import type { IsoDate } from "../../schemas/common.js";
import type { RecordedEvent } from "../../schemas/envelope.js";
import type { CommandDefinition } from "../commands/decision.js";
import { isDomainError } from "../commands/decision.js";
import { foldStream } from "../commands/handle.js";
import { commandByName } from "../commands/index.js";
import type { RowError } from "./table.js";

export interface PlannedCommand {
  /** The file line of the row the command comes from. */
  line: number;
  /** The column the fact comes from, named in any error about it. */
  column: string;
  /** Input field → column, for errors that point at another field of the command. */
  columns?: Readonly<Record<string, string>>;
  /** A command name from the command table, e.g. `recordPrimaryNeed`. */
  command: string;
  /** The stream id: the case id or the metric id. */
  id: string;
  input: Record<string, unknown>;
  /** The stream's last revision when this command runs (-1: no stream yet); set by the dry run. */
  expectedRevision: number;
}

export interface ImportPlan {
  commands: PlannedCommand[];
  errors: RowError[];
  /** Rows that need no command: the store already holds every fact they give. */
  unchanged: number;
}

/** Current streams by stream id (case id or metric id), as read from the store. Missing = no stream. */
export type CurrentStreams = ReadonlyMap<string, readonly RecordedEvent[]>;

export const definitionOf = (name: string): CommandDefinition => {
  const definition = commandByName.get(name);
  if (!definition) throw new Error(`an import planned ${name}, which is not in the command table`);
  return definition;
};

/** The column an error's field came from (own keys only: a field named `constructor` is no column). */
const columnFor = (c: PlannedCommand, path: readonly PropertyKey[]) => {
  const field = String(path[0]);
  return (c.columns && Object.hasOwn(c.columns, field) ? c.columns[field] : undefined) ?? c.column;
};

/**
 * Validate and decide `commands` in order against `current`, evolving each stream's state in memory.
 * Returns the commands with their expected revisions, and one error per row at most (the first rule a
 * row's commands break: later commands of that row would only fail because of it).
 */
export function dryRun(
  commands: readonly PlannedCommand[],
  current: CurrentStreams,
  today: IsoDate,
): { commands: PlannedCommand[]; errors: RowError[] } {
  const streams = new Map<string, { state: unknown; revision: number }>();
  const failedLines = new Set<number>();
  const errors: RowError[] = [];
  const planned: PlannedCommand[] = [];
  for (const c of commands) {
    if (failedLines.has(c.line)) continue;
    const definition = definitionOf(c.command);
    const key = `${definition.model.family}-${c.id}`;
    let stream = streams.get(key);
    if (!stream) {
      const events = current.get(c.id) ?? [];
      stream = { state: foldStream(definition, events), revision: events.length - 1 };
      streams.set(key, stream);
    }
    const parsed = definition.input.safeParse(c.input);
    if (!parsed.success) {
      failedLines.add(c.line);
      for (const issue of parsed.error.issues)
        errors.push({ line: c.line, column: columnFor(c, issue.path), reason: issue.message });
      continue;
    }
    const decided = definition.decide(parsed.data, stream.state, {
      today,
      actor: "import",
      role: "officer",
      streamId: c.id,
    });
    if (isDomainError(decided)) {
      failedLines.add(c.line);
      errors.push({ line: c.line, column: columnFor(c, decided.path), reason: decided.message });
      continue;
    }
    planned.push({ ...c, expectedRevision: stream.revision });
    for (const event of decided) stream.state = definition.model.evolve(stream.state, event);
    stream.revision += decided.length;
  }
  return { commands: planned, errors: errors.sort((a, b) => a.line - b.line) };
}

/**
 * Play the demo script into a store through the command handler. With a store whose clock the seed can
 * move (`SeedClock`), each event is recorded at the moment it happened, so "as at last month" works on
 * the demo as on a real area's history.
 *
 * `playScriptInBatches` decides every command exactly as `playScript` does (the same handler, deciders,
 * events and moments) but commits them many commands to a transaction (src/store/batchedWriter.ts): the
 * demo's ~29,000 events in a few commits instead of one fsync per command. The streams it writes are the
 * same, byte for byte, apart from the random event ids (test/demo/seed.test.ts).
 */
import type { ScriptedCommand } from "../../fixtures/demoArea/script.js";
import { commandByName } from "../commands/index.js";
import { handleCommand } from "../commands/handle.js";
import { referenceFromLog, type ReferenceSource } from "../commands/reference.js";
import { batchedWriter, canAppendMany } from "../store/batchedWriter.js";
import type { EventStore, StreamStore } from "../store/port.js";

export interface SeedClock {
  set(at: Date): void;
  now(): Date;
}

export function seedClock(): SeedClock {
  let current: Date | undefined;
  return {
    set(at) {
      current = at;
    },
    now: () => current ?? new Date(),
  };
}

export interface SeedReport {
  commands: number;
  appended: number;
  rejected: { command: string; id: string; reason: string }[];
}

/** Each command through the handler, one append (one transaction) each. */
export function playScript(
  store: EventStore,
  script: readonly ScriptedCommand[],
  clock?: SeedClock,
): Promise<SeedReport> {
  return play(store, script, clock ?? seedClock(), referenceFromLog(store), async () => {});
}

/** Events held before a commit, by default: large enough that commits cost little, small enough to hold. */
export const EVENTS_PER_COMMIT = 10_000;

/**
 * The same commands, decided the same way, committed `eventsPerCommit` events or so at a time (a command's
 * events are never split). A store without `appendMany` (EventStoreDB) gets them one by one.
 */
export async function playScriptInBatches(
  store: EventStore,
  script: readonly ScriptedCommand[],
  clock: SeedClock = seedClock(),
  eventsPerCommit = EVENTS_PER_COMMIT,
): Promise<SeedReport> {
  if (!canAppendMany(store)) return playScript(store, script, clock);
  const writer = batchedWriter(store, { clock: clock.now });
  // The reference (the data-request catalogue) is read from the log: what the writer holds is committed first.
  const fromLog = referenceFromLog(store);
  const reference: ReferenceSource = async () => {
    await writer.flush();
    return fromLog();
  };
  const report = await play(writer, script, clock, reference, async () => {
    if (writer.held >= eventsPerCommit) await writer.flush();
  });
  await writer.flush();
  return report;
}

async function play(
  store: StreamStore,
  script: readonly ScriptedCommand[],
  clock: SeedClock,
  reference: ReferenceSource,
  afterEach: () => Promise<void>,
): Promise<SeedReport> {
  const report: SeedReport = { commands: 0, appended: 0, rejected: [] };
  for (const step of script) {
    const definition = commandByName.get(step.command);
    if (!definition) throw new Error(`demo script names an unknown command ${step.command}`);
    clock.set(new Date(step.at));
    const outcome = await handleCommand(store, definition, {
      id: step.id,
      input: step.input,
      caller: {
        actor: step.actor,
        role: step.role,
        source: "seed",
        correlationId: `seed-${report.commands}`,
      },
      today: step.at.slice(0, 10),
      reference,
    });
    report.commands += 1;
    if (outcome.kind === "appended") report.appended += outcome.events.length;
    else
      report.rejected.push({
        command: step.command,
        id: step.id,
        reason:
          outcome.kind === "invalid"
            ? JSON.stringify(outcome.issues.slice(0, 2))
            : outcome.kind === "rejected"
              ? outcome.error.message
              : outcome.kind,
      });
    await afterEach();
  }
  return report;
}

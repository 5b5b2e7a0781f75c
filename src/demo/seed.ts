/**
 * Play the demo script into a store through the command handler. With a store whose clock the seed can
 * move (`SeedClock`), each event is recorded at the moment it happened, so "as at last month" works on
 * the demo as on a real area's history.
 */
import type { ScriptedCommand } from "../../fixtures/demoArea/script.js";
import { commandByName } from "../commands/index.js";
import { handleCommand } from "../commands/handle.js";
import { referenceFromLog } from "../commands/reference.js";
import type { EventStore } from "../store/port.js";

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

export async function playScript(
  store: EventStore,
  script: readonly ScriptedCommand[],
  clock?: SeedClock,
): Promise<SeedReport> {
  const report: SeedReport = { commands: 0, appended: 0, rejected: [] };
  const reference = referenceFromLog(store);
  for (const step of script) {
    const definition = commandByName.get(step.command);
    if (!definition) throw new Error(`demo script names an unknown command ${step.command}`);
    clock?.set(new Date(step.at));
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
  }
  return report;
}

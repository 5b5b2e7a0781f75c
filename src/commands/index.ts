/** Every command the API accepts, one route each. */
import { actionCommands } from "./action.js";
import { areaCommands } from "./area.js";
import { caseCommands } from "./case.js";
import type { CommandDefinition } from "./decision.js";
import { documentCommands, inspectionCommands } from "./inspection.js";
import { metricCommands } from "./metric.js";
import { qaCommands } from "./qaAudit.js";
import { sefCommands } from "./sef.js";

export const commands: readonly CommandDefinition[] = [
  ...areaCommands,
  ...caseCommands,
  ...qaCommands,
  ...actionCommands,
  ...metricCommands,
  ...sefCommands,
  ...documentCommands,
  ...inspectionCommands,
];

export const commandByName: ReadonlyMap<string, CommandDefinition> = new Map(
  commands.map((c) => [c.name, c]),
);

/** Every command the API accepts, one route each. */
import { actionCommands } from "./action.js";
import { areaCommands } from "./area.js";
import { caseCommands } from "./case.js";
import type { CommandDefinition } from "./decision.js";
import { documentCommands, inspectionCommands } from "./inspection.js";
import { metricCommands } from "./metric.js";
import { packCommands } from "./pack.js";
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
  ...packCommands,
];

/** The commands with a generic `POST /api/v1/<resource>/:id/<command>` route. */
export const publicCommands: readonly CommandDefinition[] = commands.filter((c) => !c.internal);

export const commandByName: ReadonlyMap<string, CommandDefinition> = new Map(
  commands.map((c) => [c.name, c]),
);

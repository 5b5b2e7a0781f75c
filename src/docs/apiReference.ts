/**
 * The command table of docs/API.md, generated from src/commands (`npm run cli -- docs-api`); a test fails
 * when it drifts. The full request schemas are in the OpenAPI document at /openapi.json.
 */
import { routeOf } from "../http/commandRoutes.js";
import { publicCommands as commands } from "../commands/index.js";

export function renderCommandTable(): string {
  const rows = commands.map(
    (c) =>
      `| \`POST ${routeOf(c).replace(":id", "{id}")}\` | \`${c.name}\` | ${c.roles.join(", ")} | ${c.summary} |`,
  );
  return ["| route | command | roles | what it records |", "|---|---|---|---|", ...rows, ""].join("\n");
}

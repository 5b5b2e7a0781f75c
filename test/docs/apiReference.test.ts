import { readFileSync } from "node:fs";
import t from "tap";
import { publicCommands as commands } from "../../src/commands/index.js";
import { renderCommandTable } from "../../src/docs/apiReference.js";

t.test("docs/API.md carries the current command table", async (t) => {
  const doc = readFileSync(new URL("../../docs/API.md", import.meta.url), "utf8");
  t.ok(doc.endsWith(renderCommandTable()), "regenerate the table with: npm run cli --silent -- docs-api");
  for (const c of commands) t.match(doc, `\`${c.name}\``, `${c.name} is documented`);
});

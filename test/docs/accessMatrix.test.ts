import { readFileSync } from "node:fs";
import t from "tap";
import { matrix } from "../../src/access/matrix.js";
import { renderAccessMatrix } from "../../src/docs/accessMatrix.js";

t.test("docs/ACCESS.md carries the current access matrix", async (t) => {
  const doc = readFileSync(new URL("../../docs/ACCESS.md", import.meta.url), "utf8");
  t.ok(doc.endsWith(renderAccessMatrix()), "regenerate with: npm run cli --silent -- docs-access");
  for (const row of matrix) t.match(doc, `\`${row.resource}\``, `${row.resource} is documented`);
});

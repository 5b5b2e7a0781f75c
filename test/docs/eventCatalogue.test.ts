import { readFileSync } from "node:fs";
import t from "tap";
import { renderEventCatalogue } from "../../src/docs/eventCatalogue.js";
import { catalogue } from "../../schemas/events/index.js";

t.test("docs/EVENTS.md matches the zod catalogue", async (t) => {
  const doc = readFileSync(new URL("../../docs/EVENTS.md", import.meta.url), "utf8");
  t.equal(
    doc,
    renderEventCatalogue(),
    "regenerate with: npm run cli --silent -- docs-events > docs/EVENTS.md",
  );
  for (const type of catalogue.keys()) t.match(doc, `### ${type} (`, `${type} is documented`);
});

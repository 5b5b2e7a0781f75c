/**
 * docs/EVENTS.md is generated from the zod catalogue (`npm run cli -- docs-events > docs/EVENTS.md`), and a
 * test fails when the two drift apart.
 */
import { z } from "zod";
import { families } from "../../schemas/events/index.js";

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

function describe(s: JsonSchema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(" \\| ");
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return alternatives.map(describe).join(" or ");
  if (s.type === "array") return `list of ${s.items ? describe(s.items) : "values"}`;
  if (s.type === "object" && s.properties) return `{ ${Object.keys(s.properties).join(", ")} }`;
  const type = Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "value");
  return s.format ? `${type} (${s.format})` : type;
}

export function renderEventCatalogue(): string {
  const lines = [
    "# Event catalogue",
    "",
    "Generated from `schemas/events/` by `npm run cli -- docs-events`; `test/docs/eventCatalogue.test.ts` fails if it",
    "is out of date. Every event's data carries `schemaVersion`; older versions are upcast on read (`upcast` in",
    "`schemas/events/index.ts`), never rewritten. Envelope: `id, type, stream, revision, position, recordedAt,",
    "data, metadata { actor, role, correlationId, causationId?, source }` (`schemas/envelope.ts`).",
    "",
  ];
  for (const family of families) {
    lines.push(`## \`${family.family}-<id>\``, "", family.description, "");
    for (const [type, def] of Object.entries(family.events)) {
      const schema = z.toJSONSchema(def.data, { unrepresentable: "any" }) as JsonSchema;
      lines.push(
        `### ${type} (schemaVersion ${def.version})`,
        "",
        "| field | required | type |",
        "|---|---|---|",
      );
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        if (name === "schemaVersion") continue;
        lines.push(`| \`${name}\` | ${schema.required?.includes(name) ? "yes" : "no"} | ${describe(prop)} |`);
      }
      lines.push("");
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/**
 * The role × resource table of docs/ACCESS.md, generated from the access matrix (src/access/matrix.ts,
 * `npm run cli -- docs-access`); a test fails when the two drift apart.
 */
import type { Role } from "../../schemas/common.js";
import { matrix, type MatrixRow, type Scope } from "../access/matrix.js";

const ROLES: readonly Role[] = ["lano", "officer", "auditor", "inspector", "admin"];

export const scopeMeaning: Record<Scope, string> = {
  all: "everything the resource serves",
  ownInspection:
    "their own inspection only, inside its access window (an `inspectionId` asked for must be it)",
  trackedChildren: "only children selected for tracking in their inspection, inside its window",
  signedOffSef: "the SEF as last signed off, without the internal gaps and contradictions, inside the window",
  inspectionPacks:
    "the SEF pack as signed off without its appendix, their inspection's data request, cases of tracked children",
  issuedForInspection: "packs issued for their inspection (named in the pack, or issued inside the window)",
  auditedChildren: "only children whose plans they audit (audits they drew, rated or submitted)",
  ownAudits: "audits they drew, rated, submitted or moderated, and submitted ones waiting for moderation",
};

const cell = (row: MatrixRow, role: Role) => {
  if (row.open) return "open";
  const scope = row.allow.get(role);
  return scope === undefined ? "—" : scope === "all" ? "✓" : scope;
};

export function renderAccessMatrix(): string {
  const table = (rows: readonly MatrixRow[]) => [
    `| resource | what | ${ROLES.join(" | ")} |`,
    `|---|---|${ROLES.map(() => "---").join("|")}|`,
    ...rows.map(
      (r) => `| \`${r.resource}\` | ${r.what} | ${ROLES.map((role) => cell(r, role)).join(" | ")} |`,
    ),
  ];
  const pages = matrix.filter((r) => r.page);
  const routes = matrix.filter(
    (r) => !r.page && !r.resource.startsWith("Query.") && !r.what.startsWith("command "),
  );
  const commands = matrix.filter((r) => r.what.startsWith("command "));
  const fields = matrix.filter((r) => r.resource.startsWith("Query."));
  return [
    "### HTTP routes",
    "",
    ...table(routes),
    "",
    "### Web pages (signed in by a session: src/web)",
    "",
    ...table(pages),
    "",
    "### Commands (`POST /api/v1/<resource>/{id}/<command>`)",
    "",
    ...table(commands),
    "",
    "### GraphQL Query fields",
    "",
    ...table(fields),
    "",
    "### Scopes",
    "",
    "✓ everything; — refused (403 `roleNotAllowed`); open: no token needed.",
    "",
    ...Object.entries(scopeMeaning)
      .filter(([s]) => s !== "all")
      .map(([s, meaning]) => `- \`${s}\`: ${meaning}.`),
    "",
  ].join("\n");
}

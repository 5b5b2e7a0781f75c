/**
 * The role × resource matrix as data: every HTTP route and every GraphQL Query field, which roles may use
 * it, and under which scope rule. `authorise` reads it, docs/ACCESS.md is generated from it, and
 * test/access/matrix.test.ts walks every route and field against it. A resource without a row is refused.
 */
import type { Role } from "../../schemas/common.js";
import { publicCommands } from "../commands/index.js";
import type { CommandDefinition } from "../commands/decision.js";

/** How far a role's access to a resource reaches. */
export type Scope =
  /** Everything the resource serves. */
  | "all"
  /** Inspectors: their own inspection, inside its access window (an `inspectionId` asked for must be it). */
  | "ownInspection"
  /** Inspectors: only children selected for tracking in their inspection, inside its window. */
  | "trackedChildren"
  /** Inspectors: the SEF once signed off, without the internal gaps and contradictions, inside the window. */
  | "signedOffSef"
  /** Inspectors: the SEF pack without its appendix, their inspection's data request, tracked children's cases. */
  | "inspectionPacks"
  /** Inspectors: packs issued for their inspection (named in the pack, or issued inside the window). */
  | "issuedForInspection"
  /** Auditors: only the children whose plans they audit (audits they drew, rated or submitted). */
  | "auditedChildren"
  /** Auditors: audits they took part in or moderated, and submitted audits waiting for moderation. */
  | "ownAudits";

export interface MatrixRow {
  /** `GET /api/v1/streams/:stream` for a route, `Query.case` for a GraphQL field. */
  resource: string;
  /** What it serves, in a few words (the doc's second column). */
  what: string;
  /** No token needed (health, the API description, GraphiQL's files). */
  open?: boolean;
  /** A web page: the session (src/web) signs the caller in, not a bearer token; `authorise` still decides. */
  page?: boolean;
  allow: ReadonlyMap<Role, Scope>;
}

const lead = ["lano", "admin"] as const;
const office = ["lano", "officer", "admin"] as const;

function allow(roles: readonly Role[], scoped: [Role, Scope][] = []): ReadonlyMap<Role, Scope> {
  return new Map<Role, Scope>([...roles.map((r): [Role, Scope] => [r, "all"]), ...scoped]);
}

const openRow = (resource: string, what: string): MatrixRow => ({
  resource,
  what,
  open: true,
  allow: new Map(),
});

/** The route of a command: `/api/v1/<resource>/:id/<command>`. */
export const commandRoute = (d: CommandDefinition) => `/api/v1/${d.model.resource}/:id/${d.path}`;

const commandRows: MatrixRow[] = publicCommands.map((d) => ({
  resource: `POST ${commandRoute(d)}`,
  what: `command ${d.name}`,
  allow: allow(d.roles.filter((r) => r !== "inspector")),
}));

const routeRows: MatrixRow[] = [
  openRow("GET /healthz", "liveness and the store's head"),
  openRow("GET /openapi.json", "the API description"),
  openRow("GET /graphiql", "the GraphQL query console (not in production)"),
  openRow("GET /graphiql/console.js", "the query console's script"),
  openRow("GET /graphiql/console.css", "the query console's styles"),
  {
    resource: "GET /graphql",
    what: "GraphQL (each Query field is checked on its own)",
    allow: allow([...office, "auditor"], [["inspector", "ownInspection"]]),
  },
  {
    resource: "POST /graphql",
    what: "GraphQL (each Query field is checked on its own)",
    allow: allow([...office, "auditor"], [["inspector", "ownInspection"]]),
  },
  { resource: "GET /api/v1/streams/:stream", what: "a raw event stream", allow: allow(lead) },
  { resource: "POST /api/v1/imports/cases", what: "import a case extract", allow: allow(office) },
  { resource: "POST /api/v1/imports/metrics", what: "import a metrics file", allow: allow(office) },
  {
    resource: "GET /api/v1/exports/annex-a.xlsx",
    what: "Annex A lists as a workbook",
    allow: allow(office, [["inspector", "ownInspection"]]),
  },
  {
    resource: "GET /api/v1/exports/annex-a/list-:n.csv",
    what: "one Annex A list as CSV",
    allow: allow(office, [["inspector", "ownInspection"]]),
  },
  {
    resource: "GET /api/v1/packs/:kind.pdf",
    what: "build a pack (sef, data-request, cases)",
    allow: allow(office, [["inspector", "inspectionPacks"]]),
  },
  { resource: "POST /api/v1/packs/:id/issue", what: "issue a pack to a recipient", allow: allow(lead) },
  {
    resource: "GET /api/v1/packs/issued",
    what: "the packs issued so far (inspectors: those issued for their inspection)",
    allow: allow(office, [["inspector", "issuedForInspection"]]),
  },
  {
    resource: "GET /api/v1/packs/issued/:id.pdf",
    what: "an issued pack, byte for byte",
    allow: allow(office, [["inspector", "issuedForInspection"]]),
  },
  {
    resource: "POST /api/v1/packs/verify",
    what: "verify a pack PDF",
    allow: allow(office, [["inspector", "ownInspection"]]),
  },
  { resource: "GET /api/v1/access-log", what: "who read a child's data, when", allow: allow(["admin"]) },
];

const page = (resource: string, what: string, allowed: ReadonlyMap<Role, Scope>): MatrixRow => ({
  resource,
  what,
  page: true,
  allow: allowed,
});

/** The web pages (src/web). Signing in and out, the assets and the home redirect are open. */
const pageRows: MatrixRow[] = [
  openRow("GET /", "the home page: sign-in or the role's home"),
  openRow("GET /sign-in", "the sign-in page (an access code, or the council account)"),
  openRow("POST /sign-in", "sign in with an access code"),
  openRow("GET /sign-in/oidc", "start signing in with a council account (single sign-on)"),
  openRow("GET /sign-in/oidc/callback", "where the council's sign-in service sends people back"),
  openRow("POST /sign-out", "sign out"),
  openRow("GET /assets/*", "GOV.UK Frontend's fonts and images"),
  openRow("GET /stylesheets/govuk-frontend.min.css", "GOV.UK Frontend's styles"),
  openRow("GET /javascripts/govuk-frontend.min.js", "GOV.UK Frontend's script"),
  openRow("GET /javascripts/init.js", "starts GOV.UK Frontend's components"),
  page("GET /readiness", "the LANO's inspection readiness page", allow(office)),
  page("POST /readiness/notify", "record the notification call", allow(lead)),
  page(
    "GET /annex-a.xlsx",
    "the Annex A workbook, from the pages",
    allow(office, [["inspector", "ownInspection"]]),
  ),
  page("GET /sef", "the SEF: criteria, statements, evidence, gaps, contradictions, sign-off", allow(office)),
  page("POST /sef/sign-off", "record the SEF's joint sign-off", allow(lead)),
  page("GET /action-plan", "the action plan: RAG, owner, due, overdue, progress", allow(office)),
  page("GET /action-plan/:actionId", "one action, its progress and the update forms", allow(office)),
  page("POST /action-plan/:actionId/progress", "record an action's progress", allow(office)),
  page("POST /action-plan/:actionId/complete", "complete an action with its impact", allow(office)),
  page("GET /metrics", "the metrics against England", allow(office)),
  page("GET /metrics/:metricId", "one metric's chart against its comparators", allow(office)),
  page("GET /imports", "upload a case extract or metrics file", allow(office)),
  page("POST /imports/check", "check an uploaded file, writing nothing", allow(office)),
  page("POST /imports/run", "import a checked file", allow(office)),
  page("GET /cases", "find a child's record by case id", allow(office)),
  page("GET /cases/:caseId", "a child's profile, plan dates and clocks", allow(office)),
  page("POST /cases/:caseId/school-record", "update a child's school record", allow(office)),
  page("POST /cases/:caseId/social-care", "record a child's social care status", allow(office)),
  page(
    "GET /case-tracking",
    "case tracking: the tracked children, their consent, finding children",
    allow(office),
  ),
  page("POST /case-tracking/select", "select children for tracking", allow(lead)),
  page("POST /case-tracking/consent", "record a tracked child's consent", allow(lead)),
  page("GET /packs", "packs: build and preview, issue, the issued packs, verify", allow(office)),
  page("GET /packs/:kind.pdf", "a pack built now or as at a moment, from the pages", allow(office)),
  page("POST /packs/issue", "issue a pack, from the pages", allow(lead)),
  page("GET /packs/issued/:id.pdf", "an issued pack, byte for byte, from the pages", allow(office)),
  page("POST /packs/verify", "verify an uploaded pack PDF, from the pages", allow(office)),
  page(
    "GET /inspection",
    "an inspector's inspection: items provided, downloads",
    allow([], [["inspector", "ownInspection"]]),
  ),
  page(
    "GET /inspection/cases/:caseId.pdf",
    "a tracked child's case pack",
    allow([], [["inspector", "trackedChildren"]]),
  ),
  ...auditorPageRows(),
];

/** The QA auditor's pages: auditors see their own audits (and others' waiting for moderation). */
function auditorPageRows(): MatrixRow[] {
  const own = allow(lead, [["auditor", "ownAudits"]]);
  const qa = allow([...lead, "auditor"]);
  return [
    page("GET /audits", "my audits: drawn, in progress, submitted, awaiting moderation", own),
    page("GET /audits/draw", "the form to draw a QA sample", qa),
    page("POST /audits/draw", "draw a QA sample and assign yourself as its auditor", qa),
    page("GET /audits/:auditId", "one audit: its sections as a task list, or as submitted", own),
    page("GET /audits/:auditId/sections/:section", "one plan section's criteria, to rate", own),
    page("POST /audits/:auditId/sections/:section", "rate a section or mark it not applicable", own),
    page("GET /audits/:auditId/check", "check your answers before submitting an audit", own),
    page("POST /audits/:auditId/submit", "submit an audit", own),
    page("GET /audits/:auditId/moderate", "moderate a submitted audit (a second auditor)", own),
    page("POST /audits/:auditId/moderate", "agree with or change an audit's grade", own),
    page(
      "GET /qa-dashboard",
      "QA grades by section, need and phase; sampling coverage; moderation",
      allow([...office, "auditor"]),
    ),
  ];
}

const fieldRows: MatrixRow[] = [
  {
    resource: "Query.moment",
    what: "the log moment an answer is folded at",
    allow: allow([...office, "auditor"], [["inspector", "ownInspection"]]),
  },
  {
    resource: "Query.area",
    what: "the area and its evaluation criteria",
    allow: allow([...office, "auditor"], [["inspector", "ownInspection"]]),
  },
  { resource: "Query.cases", what: "the case register (every child)", allow: allow(office) },
  {
    resource: "Query.case",
    what: "one child's case",
    allow: allow(office, [
      ["auditor", "auditedChildren"],
      ["inspector", "trackedChildren"],
    ]),
  },
  {
    resource: "Query.qaAudits",
    what: "QA audits (of one child with caseId)",
    allow: allow(office, [
      ["auditor", "ownAudits"],
      ["inspector", "trackedChildren"],
    ]),
  },
  { resource: "Query.actions", what: "the actions", allow: allow(office) },
  { resource: "Query.metrics", what: "the metrics and their values", allow: allow(office) },
  {
    resource: "Query.sef",
    what: "the SEF with its evidence (and, internally, gaps and contradictions)",
    allow: allow(office, [["inspector", "signedOffSef"]]),
  },
  {
    resource: "Query.dataRequest",
    what: "an inspection's data request and the items provided",
    allow: allow(office, [["inspector", "ownInspection"]]),
  },
  {
    resource: "Query.issuedPacks",
    what: "the packs issued so far (inspectors: those issued for their inspection)",
    allow: allow(office, [["inspector", "issuedForInspection"]]),
  },
  {
    resource: "Query.casePack",
    what: "one child's case pack",
    allow: allow(office, [
      ["auditor", "auditedChildren"],
      ["inspector", "trackedChildren"],
    ]),
  },
  {
    resource: "Query.casePacks",
    what: "an inspection's tracked and sampled children's packs",
    allow: allow(office, [["inspector", "ownInspection"]]),
  },
  { resource: "Query.timeliness", what: "20-week and annual review timeliness", allow: allow(office) },
  {
    resource: "Query.caseTracking",
    what: "an inspection's tracked children, their consent and the sample's warnings",
    allow: allow(office),
  },
  {
    resource: "Query.improvements",
    what: "a report's areas for improvement, their owners and actions",
    allow: allow(office),
  },
  {
    resource: "Query.engagement",
    what: "engagement meetings and when the next is due",
    allow: allow(office),
  },
  { resource: "Query.qaSummary", what: "QA grades in aggregate", allow: allow([...office, "auditor"]) },
  { resource: "Query.actionPlan", what: "the action plan", allow: allow(office) },
  {
    resource: "Query.metricComparisons",
    what: "metrics against England and neighbours",
    allow: allow(office),
  },
  { resource: "Query.accessLog", what: "who read a child's data, when", allow: allow(["admin"]) },
];

export const matrix: readonly MatrixRow[] = [...routeRows, ...pageRows, ...commandRows, ...fieldRows];

export const rowFor: ReadonlyMap<string, MatrixRow> = new Map(matrix.map((r) => [r.resource, r]));

/** The matrix key of an HTTP route (HEAD is answered as GET). */
export const routeResource = (method: string, url: string) => `${method === "HEAD" ? "GET" : method} ${url}`;

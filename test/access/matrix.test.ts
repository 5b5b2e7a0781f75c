/**
 * The access matrix, tested as one: every HTTP route the app serves (collected as it registers them) and
 * every GraphQL Query field (from the schema), for every role and for an expired, a revoked, an
 * out-of-scope and an out-of-window inspector, answers as src/access/matrix.ts says: 401 without a token,
 * 403 problem+json with a reason when refused, and past the access check (no 401/403) when allowed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSchema } from "graphql";
import t from "tap";
import type { Role } from "../../schemas/common.js";
import { matrix, routeResource, rowFor } from "../../src/access/matrix.js";
import { openTokenStore } from "../../src/access/tokenStore.js";
import { accessLogSchema } from "../../src/graphql/accessLogField.js";
import { readModelSchema } from "../../src/graphql/readModelSchema.js";
import { schema } from "../../src/graphql/schema.js";
import { servedRoutes } from "../../src/http/auth.js";
import { INSPECTION, readHarness, TODAY } from "../graphql/readHarness.js";

const ROLES: readonly Role[] = ["lano", "officer", "auditor", "inspector", "admin"];
const roleToken = (role: Role) => `${role}-read-token-0123456789`;

/** Principals refused everything but the open routes, with the reason. */
const refusedInspectors = {
  expired: {
    token: "expired-inspector-token-0123456789abcdef",
    who: {
      actor: "insp.expired",
      role: "inspector",
      inspectionId: INSPECTION,
      expiresAt: `${TODAY}T08:00:00Z`,
    },
    reason: "expired",
  },
  otherInspection: {
    token: "other-inspector-token-0123456789abcdefgh",
    who: { actor: "insp.other", role: "inspector", inspectionId: "INS-OTHER" },
    reason: "inspectionNotNotified",
  },
  pastWindow: {
    token: "past-inspector-token-0123456789abcdefghi",
    who: { actor: "insp.past", role: "inspector", inspectionId: "INS-OLD" },
    reason: "outsideInspectionWindow",
  },
} as const;

t.test("every route and field × every principal answers as the matrix says", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "send-matrix-"));
  const granted = openTokenStore(join(dir, "access.db"));
  t.teardown(() => {
    granted.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const revokedToken = granted.grant({ actor: "insp.revoked", role: "inspector", inspectionId: INSPECTION });
  granted.revoke("insp.revoked");
  const { app, runner, auth } = await readHarness(t, { plans: 30, senSupport: 10 }, "demo", {
    tokens: Object.fromEntries(Object.values(refusedInspectors).map((r) => [r.token, r.who])),
    authenticator: { find: (token) => granted.find(token) },
  });

  // The world the scoped principals live in: an inspection in its window with two tracked children,
  // an old one long past, a pack issued for the inspection, and an audit the auditor drew.
  const lano = auth("lano");
  const post = async (url: string, payload: object, headers = lano) => {
    const res = await app.inject({ method: "POST", url, payload, headers });
    t.ok(res.statusCode < 300, `${url}: ${res.body.slice(0, 200)}`);
    return (res.json() as { position?: number; logPosition?: number }) ?? {};
  };
  const children = [...runner.current().state.cases.byId.keys()].sort();
  const [tracked, alsoTracked, untracked] = [children[0]!, children[1]!, children[2]!];
  await post(`/api/v1/inspections/${INSPECTION}/notify`, { notifiedAt: `${TODAY}T09:30:00Z`, kind: "full" });
  await post(`/api/v1/inspections/${INSPECTION}/select-cases-for-tracking`, {
    selectedAt: `${TODAY}T10:00:00Z`,
    caseIds: [tracked, alsoTracked],
  });
  await post("/api/v1/inspections/INS-OLD/notify", { notifiedAt: "2025-01-06T09:30:00Z", kind: "full" });
  await post("/api/v1/qa-audits/QA-NOT-MINE/draw-sample", {
    caseId: untracked,
    reason: "random",
    drawnOn: TODAY,
  });
  await post(
    "/api/v1/qa-audits/QA-MATRIX/draw-sample",
    { caseId: tracked, reason: "random", drawnOn: TODAY },
    auth("auditor"),
  );
  const issued = await post("/api/v1/packs/PACK-MATRIX/issue", {
    kind: "dataRequest",
    inspectionId: INSPECTION,
    recipient: "Lead inspector",
  });
  await runner.waitFor(issued.logPosition!);

  // One request per resource, in scope for the scoped roles.
  const q = (query: string) => ({ method: "POST" as const, url: "/graphql", payload: { query } });
  const routeSample = new Map<string, { method: "GET" | "POST"; url: string; payload?: object | string }>([
    ["GET /healthz", { method: "GET", url: "/healthz" }],
    ["GET /openapi.json", { method: "GET", url: "/openapi.json" }],
    ["GET /graphql", { method: "GET", url: "/graphql?query=%7Bmoment%7Bposition%7D%7D" }],
    ["POST /graphql", q("{ moment { position } }")],
    ["GET /api/v1/streams/:stream", { method: "GET", url: `/api/v1/streams/case-${tracked}` }],
    ["POST /api/v1/imports/cases", { method: "POST", url: "/api/v1/imports/cases", payload: {} }],
    ["POST /api/v1/imports/metrics", { method: "POST", url: "/api/v1/imports/metrics", payload: {} }],
    ["GET /api/v1/exports/annex-a.xlsx", { method: "GET", url: "/api/v1/exports/annex-a.xlsx" }],
    ["GET /api/v1/exports/annex-a/list-:n.csv", { method: "GET", url: "/api/v1/exports/annex-a/list-1.csv" }],
    ["GET /api/v1/packs/:kind.pdf", { method: "GET", url: `/api/v1/packs/cases.pdf?case=${tracked}` }],
    ["POST /api/v1/packs/:id/issue", { method: "POST", url: "/api/v1/packs/bad id/issue", payload: {} }],
    ["GET /api/v1/packs/issued/:id.pdf", { method: "GET", url: "/api/v1/packs/issued/PACK-MATRIX.pdf" }],
    ["POST /api/v1/packs/verify", { method: "POST", url: "/api/v1/packs/verify", payload: {} }],
    ["GET /api/v1/access-log", { method: "GET", url: `/api/v1/access-log?case=${tracked}` }],
    ["POST /sign-in", { method: "POST", url: "/sign-in", payload: {} }],
    ["POST /sign-out", { method: "POST", url: "/sign-out", payload: {} }],
    ["GET /assets/*", { method: "GET", url: "/assets/manifest.json" }],
  ]);
  const fieldSample = new Map<string, string>([
    ["moment", "{ moment { position } }"],
    ["area", "{ area { name } }"],
    ["cases", "{ cases(first: 1) { total } }"],
    ["case", `{ case(id: "${tracked}") { caseId } }`],
    ["qaAudits", `{ qaAudits(caseId: "${tracked}") { auditId } }`],
    ["actions", "{ actions { actionId } }"],
    ["metrics", "{ metrics { metricId } }"],
    ["sef", "{ sef { asOf warnings { message } } }"],
    ["dataRequest", `{ dataRequest(inspectionId: "${INSPECTION}") { inspectionId } }`],
    ["casePack", `{ casePack(caseId: "${tracked}") { caseId } }`],
    ["casePacks", `{ casePacks(inspectionId: "${INSPECTION}") { caseId } }`],
    ["issuedPacks", "{ issuedPacks { packId } }"],
    ["timeliness", "{ timeliness { at { position } } }"],
    ["caseTracking", `{ caseTracking(inspectionId: "${INSPECTION}") { inspectionId } }`],
    ["improvements", `{ improvements(inspectionId: "${INSPECTION}") { ref } }`],
    ["engagement", "{ engagement { overdue } }"],
    ["qaSummary", "{ qaSummary { drawn } }"],
    ["actionPlan", "{ actionPlan { asOf } }"],
    ["metricComparisons", "{ metricComparisons { metricId } }"],
    ["accessLog", `{ accessLog(caseId: "${tracked}") { truncated } }`],
  ]);

  const routes = [...new Set(servedRoutes(app).map((r) => routeResource(r.method, r.url)))];
  const fields = Object.keys(
    buildSchema([schema, readModelSchema, accessLogSchema].join("\n")).getQueryType()!.getFields(),
  );
  t.ok(routes.length > 40 && fields.length >= 15, `${routes.length} routes, ${fields.length} fields`);
  for (const r of routes) t.ok(rowFor.has(r), `${r} has a row in the access matrix`);
  for (const f of fields) t.ok(rowFor.has(`Query.${f}`), `Query.${f} has a row in the access matrix`);
  const served = new Set([...routes, ...fields.map((f) => `Query.${f}`)]);
  for (const row of matrix) t.ok(served.has(row.resource), `${row.resource} is served`);

  const sampleOf = (resource: string) => {
    const known = routeSample.get(resource);
    if (known) return known;
    if (resource.startsWith("Query.")) {
      const query = fieldSample.get(resource.slice(6));
      return query === undefined ? undefined : q(query);
    }
    const [method, url] = resource.split(" ") as ["GET" | "POST", string];
    if (method === "GET" && !url.includes(":")) return { method, url };
    // A command with a revision nobody can mean: past the access check it is a 400, and appends nothing.
    return url.includes("/:id/")
      ? { method, url: url.replace(":id", "MATRIX-1"), payload: { expectedRevision: "never" } }
      : undefined;
  };

  type Outcome = { status: number; reason?: string; forbidden: boolean };
  const call = async (resource: string, token?: string): Promise<Outcome> => {
    const sample = sampleOf(resource);
    if (!sample) throw new Error(`the matrix test has no sample request for ${resource}: add one`);
    const res = await app.inject({
      method: sample.method,
      url: sample.url,
      ...(sample.payload !== undefined ? { payload: sample.payload } : {}),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    if (resource.startsWith("Query.") && res.statusCode !== 401) {
      const body = res.json() as { errors?: { extensions?: { code?: string; reason?: string } }[] };
      const refused = body.errors?.find((e) => e.extensions?.code === "FORBIDDEN");
      if (refused) return { status: 403, reason: refused.extensions!.reason!, forbidden: true };
      if (res.statusCode === 403)
        return { status: 403, reason: (res.json() as { reason: string }).reason, forbidden: true };
      return { status: res.statusCode, forbidden: false };
    }
    const forbidden = res.statusCode === 403;
    return {
      status: res.statusCode,
      ...(forbidden ? { reason: (res.json() as { reason: string }).reason } : {}),
      forbidden,
    };
  };

  // Pages are signed in by a session, not a bearer token: test/web/pageAccess.test.ts walks them.
  for (const row of matrix.filter((r) => served.has(r.resource) && !r.page)) {
    const anonymous = await call(row.resource);
    if (row.open) {
      t.not(anonymous.status, 401, `${row.resource} is open`);
      continue;
    }
    t.equal(anonymous.status, 401, `${row.resource} without a token: 401`);
    for (const role of ROLES) {
      const got = await call(row.resource, roleToken(role));
      if (row.allow.has(role))
        t.same(
          [got.status === 401, got.forbidden],
          [false, false],
          `${role} may ${row.resource} (${got.status})`,
        );
      else t.same([got.status, got.reason], [403, "roleNotAllowed"], `${role} may not ${row.resource}`);
    }
    const revoked = await call(row.resource, revokedToken);
    t.same([revoked.status, revoked.reason], [403, "revoked"], `a revoked inspector: ${row.resource}`);
    for (const [name, r] of Object.entries(refusedInspectors)) {
      const got = await call(row.resource, r.token);
      // GraphQL's door (/graphql) refuses an inspector outside their window before any field is asked.
      const atTheDoor = row.resource.startsWith("Query.") || row.allow.has("inspector") || name === "expired";
      const expected = atTheDoor ? r.reason : "roleNotAllowed";
      t.same([got.status, got.reason], [403, expected], `an ${name} inspector: ${row.resource}`);
    }
  }

  // Inside the window, the inspector's scope: their inspection only, tracked children only, no appendix.
  const inspector = roleToken("inspector");
  const refusedFor = async (
    what: string,
    sample: { method: "GET" | "POST"; url: string; payload?: object },
  ) => {
    const res = await app.inject({ ...sample, headers: { authorization: `Bearer ${inspector}` } });
    if (sample.url === "/graphql") {
      const e = (res.json() as { errors?: { extensions?: { reason?: string } }[] }).errors?.[0];
      return e?.extensions?.reason ?? `answered ${res.statusCode}`;
    }
    t.equal(res.headers["content-type"], "application/problem+json; charset=utf-8", what);
    return (res.json() as { reason?: string }).reason ?? `answered ${res.statusCode}`;
  };
  const outOfScope: [string, { method: "GET" | "POST"; url: string; payload?: object }, string][] = [
    ["an untracked child's case", q(`{ case(id: "${untracked}") { caseId } }`), "notTrackedChild"],
    ["an untracked child's pack", q(`{ casePack(caseId: "${untracked}") { caseId } }`), "notTrackedChild"],
    ["every child's audits", q("{ qaAudits { auditId } }"), "caseRequired"],
    [
      "another inspection's request",
      q('{ dataRequest(inspectionId: "INS-OLD") { inspectionId } }'),
      "otherInspection",
    ],
    ["the register", q("{ cases { total } }"), "roleNotAllowed"],
    [
      "cases.pdf of an untracked child",
      { method: "GET", url: `/api/v1/packs/cases.pdf?case=${untracked}` },
      "notTrackedChild",
    ],
    [
      "the SEF appendix",
      { method: "GET", url: "/api/v1/packs/sef.pdf?includeWarnings=true" },
      "internalAppendix",
    ],
    [
      "another inspection's list",
      { method: "GET", url: "/api/v1/exports/annex-a.xlsx?inspectionId=INS-OLD" },
      "otherInspection",
    ],
    ["a raw stream", { method: "GET", url: `/api/v1/streams/case-${tracked}` }, "roleNotAllowed"],
  ];
  for (const [what, sample, reason] of outOfScope) t.equal(await refusedFor(what, sample), reason, what);

  const sef = await app.inject({
    ...q("{ sef { warnings { message } criteria { warnings { message } } } }"),
    headers: { authorization: `Bearer ${inspector}` },
  });
  const answer = (
    sef.json() as { data: { sef: { warnings: unknown[]; criteria: { warnings: unknown[] }[] } } }
  ).data.sef;
  t.same(
    [answer.warnings, answer.criteria.flatMap((c) => c.warnings)],
    [[], []],
    "no gaps or contradictions for inspectors",
  );
  const lanoSef = await app.inject({ ...q("{ sef { warnings { message } } }"), headers: lano });
  t.ok(
    (lanoSef.json() as { data: { sef: { warnings: unknown[] } } }).data.sef.warnings.length > 0,
    "the LANO sees them",
  );
  const packs = await app.inject({
    ...q(`{ casePacks(inspectionId: "${INSPECTION}") { caseId } }`),
    headers: { authorization: `Bearer ${inspector}` },
  });
  t.same(
    (packs.json() as { data: { casePacks: { caseId: string }[] } }).data.casePacks
      .map((p) => p.caseId)
      .sort(),
    [tracked, alsoTracked].sort(),
    "only the tracked children's packs",
  );

  // Auditors: the children whose plans they audit, and their own audits.
  const auditor = { authorization: `Bearer ${roleToken("auditor")}` };
  const other = await app.inject({ ...q(`{ case(id: "${untracked}") { caseId } }`), headers: auditor });
  t.equal(
    (other.json() as { errors: { extensions: { reason: string } }[] }).errors[0]!.extensions.reason,
    "notAuditedChild",
  );
  const audits = await app.inject({ ...q("{ qaAudits { auditId } }"), headers: auditor });
  const mine = (audits.json() as { data: { qaAudits: { auditId: string }[] } }).data.qaAudits.map(
    (a) => a.auditId,
  );
  t.ok(mine.includes("QA-MATRIX"), "the audit the auditor drew");
  t.notOk(mine.includes("QA-NOT-MINE"), "not an audit someone else is doing");
});

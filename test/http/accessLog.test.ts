import t from "tap";
import type { Role } from "../../schemas/common.js";
import { annexAFor } from "../../src/exports/annexAReport.js";
import { ALL_TIME, recorded as check } from "../access/recorded.js";
import { readHarness, TODAY } from "../graphql/readHarness.js";
import { pdfText } from "../packs/fixtures.js";

/** The demo's case ids a PDF prints. */
const idsIn = (pdf: Buffer) => [...new Set(pdfText(pdf).match(/\bC\d{6}\b/g) ?? [])];

t.test("every download, pack, verification and stream read is on the record", async (t) => {
  const { app, auth, runner } = await readHarness(t, { plans: 60, senSupport: 40 });
  const recorded = (what: string, ids: readonly string[], role: Role) =>
    check(t, app, what, ids, role, `${role}.reader`);
  const get = (url: string, role: Role = "lano") => app.inject({ url, headers: auth(role) });
  const post = (url: string, payload: unknown, role: Role = "lano") =>
    app.inject({ method: "POST", url, payload: payload as object, headers: auth(role) });
  const count = () => app.accessLog.count();

  const { lists } = annexAFor(runner.current(), TODAY);
  const list1 = lists.list1.map((r) => String(r["Unique ID"]));
  const list2 = lists.list2.map((r) => String(r["Unique ID"]));
  t.equal((await get("/api/v1/exports/annex-a.xlsx", "lano")).statusCode, 200);
  recorded("GET /api/v1/exports/annex-a.xlsx", [...list1, ...list2], "lano");
  t.equal((await get("/api/v1/exports/annex-a/list-1.csv", "officer")).statusCode, 200);
  recorded("GET /api/v1/exports/annex-a/list-1.csv", list1, "officer");
  t.equal((await get("/api/v1/exports/annex-a/list-2.csv")).statusCode, 200);
  recorded("GET /api/v1/exports/annex-a/list-2.csv", list2, "lano");

  // A tracked inspection, a SEF statement citing a child and an audit: packs that name children.
  const ids = [...runner.current().state.cases.byId.values()]
    .filter((c) => c.plans.length > 0)
    .map((c) => c.caseId)
    .sort();
  const audit = [...runner.current().state.qa.audits.values()][0]!;
  const writes = [
    await post("/api/v1/inspections/INS-L/notify", { notifiedAt: "2026-11-23T09:30:00Z", kind: "full" }),
    await post("/api/v1/inspections/INS-L/select-cases-for-tracking", {
      selectedAt: "2026-11-23T10:00:00Z",
      caseIds: ids.slice(0, 3),
    }),
    await post("/api/v1/sef/E09000099/draft-statement", {
      statementId: "S-LOG",
      criterion: "A2",
      kind: "impact",
      text: "Needs are identified early.",
      evidence: [
        { kind: "case", id: ids[5] },
        { kind: "qaAudit", id: audit.auditId },
      ],
    }),
  ];
  t.same(
    writes.map((w) => w.statusCode),
    [201, 201, 201],
  );
  await runner.waitFor((writes[2]!.json() as { position: number }).position);

  const sef = await get("/api/v1/packs/sef.pdf", "lano");
  t.equal(sef.statusCode, 200);
  t.same(idsIn(sef.rawPayload).sort(), [ids[5]!, audit.caseId].sort(), "the SEF names two children");
  recorded("GET /api/v1/packs/sef.pdf", idsIn(sef.rawPayload), "lano");

  const before = count();
  const plain = await get("/api/v1/packs/data-request.pdf");
  t.equal(plain.statusCode, 200);
  t.same(idsIn(plain.rawPayload), [], "the ordinary data request names no child");
  t.equal(count(), before + 1, "and is still recorded, naming none");

  const caseLevel = await get("/api/v1/packs/data-request.pdf?caseLevel=true", "officer");
  t.equal(caseLevel.statusCode, 200);
  recorded("GET /api/v1/packs/data-request.pdf", idsIn(caseLevel.rawPayload), "officer");

  const cases = await get("/api/v1/packs/cases.pdf?inspectionId=INS-L", "lano");
  t.equal(cases.statusCode, 200);
  recorded("GET /api/v1/packs/cases.pdf", ids.slice(0, 3), "lano");

  const issued = await post("/api/v1/packs/PACK-L/issue", {
    kind: "cases",
    inspectionId: "INS-L",
    recipient: "Lead inspector",
  });
  t.equal(issued.statusCode, 201);
  recorded("POST /api/v1/packs/PACK-L/issue", ids.slice(0, 3), "lano");
  await runner.waitFor((issued.json() as { logPosition: number }).logPosition);
  t.equal((await get("/api/v1/packs/issued/PACK-L.pdf", "lano")).statusCode, 200);
  recorded("GET /api/v1/packs/issued/PACK-L.pdf", ids.slice(0, 3), "lano");

  const named = await get(`/api/v1/packs/cases.pdf?case=${ids[9]}&case=${ids[10]}`);
  const verified = await app.inject({
    method: "POST",
    url: "/api/v1/packs/verify",
    payload: named.rawPayload,
    headers: { ...auth("officer"), "content-type": "application/pdf" },
  });
  t.equal((verified.json() as { ok: boolean }).ok, true);
  recorded("POST /api/v1/packs/verify", [ids[9]!, ids[10]!], "officer");

  const stream = await get(`/api/v1/streams/case-${ids[12]}`, "admin");
  t.equal(stream.statusCode, 200);
  recorded(`GET /api/v1/streams/case-${ids[12]}`, [ids[12]!], "admin");
  t.equal((await get(`/api/v1/streams/qa-${audit.auditId}`, "admin")).statusCode, 200);
  recorded(`GET /api/v1/streams/qa-${audit.auditId}`, [audit.caseId], "admin");
  t.equal((await get("/api/v1/streams/inspection-INS-L", "admin")).statusCode, 200);
  recorded("GET /api/v1/streams/inspection-INS-L", ids.slice(0, 3), "admin");
  const quiet = count();
  t.equal((await get("/api/v1/streams/sef-E09000099")).statusCode, 200);
  t.equal((await get(`/api/v1/streams/case-NOPE-1`, "admin")).statusCode, 404);
  t.equal(count(), quiet, "a stream naming no child, or no stream, records nothing");
});

t.test("the DPO's question over HTTP: admin only, bounds, problem+json naming the field", async (t) => {
  const { app, auth } = await readHarness(t, { plans: 10, senSupport: 10 });
  await app.inject({ url: "/api/v1/streams/case-C000001", headers: auth("admin") });
  const ask = (query: string, role: Role = "admin") =>
    app.inject({ url: `/api/v1/access-log?${query}`, headers: auth(role) });

  const answer = await ask("case=C000001&from=2000-01-01&to=2999-01-01T00:00:00%2B01:00");
  t.equal(answer.statusCode, 200);
  const body = answer.json() as {
    caseId: string;
    from: string;
    to: string;
    truncated: boolean;
    entries: { at: string; actor: string; role: string; what: string; requestId: string; cases: number }[];
  };
  t.same(
    [body.caseId, body.from, body.to, body.truncated],
    ["C000001", "2000-01-01", "2999-01-01T00:00:00+01:00", false],
  );
  t.same(
    body.entries.map((e) => [e.actor, e.role, e.what, e.cases]),
    [["admin.reader", "admin", "GET /api/v1/streams/case-C000001", 1]],
  );
  t.match(body.entries[0]!.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  t.match(body.entries[0]!.requestId, /^[0-9a-f-]{36}$/);
  const empty = await ask("case=C000001&to=2001-01-01");
  t.same((empty.json() as { entries: unknown[] }).entries, [], "nothing before 2001");
  t.equal(
    app.accessLog.seenBy("C000001", ...ALL_TIME).entries.filter((e) => e.what === "GET /api/v1/access-log")
      .length,
    2,
    "each question is itself recorded",
  );

  const entries = app.accessLog.count();
  for (const [query, field] of [
    ["", "case"],
    ["case=x", "case"],
    ["case=C000001&case=C000002", "case"],
    ["case=C000001&from=soon", "from"],
    ["case=C000001&to=2026-02-30", "to"],
    ["case=C000001&from=2026-11-02&to=2026-11-01T23:00:00Z", "to"],
    ["case=C000001&who=me", "who"],
  ] as const) {
    const bad = await ask(query);
    t.equal(bad.statusCode, 400, query);
    t.equal(bad.headers["content-type"], "application/problem+json; charset=utf-8");
    t.same(
      [...new Set((bad.json() as { errors: { path: string }[] }).errors.map((e) => e.path))],
      [field],
      query,
    );
  }
  for (const role of ["lano", "officer", "auditor", "inspector"] as const) {
    const refused = await ask("case=C000001", role);
    t.equal(refused.statusCode, 403, role);
    t.match(refused.json(), { detail: `role ${role} may not use GET /api/v1/access-log` });
  }
  t.equal(app.accessLog.count(), entries, "bad input and refusals record nothing");
});

t.test("a read that cannot be recorded is not served", async (t) => {
  const { app, auth, gql } = await readHarness(t, { plans: 10, senSupport: 10 });
  app.accessLog.close();
  const csv = await app.inject({ url: "/api/v1/exports/annex-a/list-1.csv", headers: auth("lano") });
  t.equal(csv.statusCode, 500);
  t.notMatch(csv.body, /C000001/);
  const page = await gql(`{ cases(first: 5) { items { caseId } } }`);
  t.equal(page.status, 500);
  t.same(page.body.errors![0]!.extensions, { code: "ACCESS_LOG" });
  t.notMatch(JSON.stringify(page.body), /C000001/);
});

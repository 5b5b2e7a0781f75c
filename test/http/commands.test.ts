import t from "tap";
import { planSection } from "../../schemas/common.js";
import { harness, tokenFor } from "./harness.js";

t.test("a QA audit from sample to moderation, read back from its stream", async (t) => {
  const { app, post } = await harness(t);
  const base = "/api/v1/qa-audits/QA-2026-001";
  t.equal(
    (
      await post("/api/v1/cases/C000123/register", {
        dateOfBirth: "2015-03-01",
        gender: "female",
        ethnicity: "WBRI",
      })
    ).statusCode,
    201,
  );
  const drawn = await post(
    `${base}/draw-sample`,
    { caseId: "C000123", reason: "new plan", drawnOn: "2026-11-02" },
    "auditor",
  );
  t.equal(drawn.statusCode, 201);
  t.equal(drawn.headers.etag, '"0"');
  t.equal(
    (await post(`${base}/assign-auditor`, { auditor: "auditor.one", agency: "health" }, "auditor"))
      .statusCode,
    201,
  );
  for (const section of planSection.options) {
    const res =
      ["C", "D", "G", "H1", "H2", "J"].includes(section) && section !== "C"
        ? await post(
            `${base}/mark-section-not-applicable`,
            { section, reason: "no needs in this area" },
            "auditor",
          )
        : await post(
            `${base}/rate-section`,
            {
              section,
              criteriaMet: ["voice in first person", "specific", "quantified"],
              criteriaNotMet: ["SMART outcomes"],
            },
            "auditor",
          );
    t.equal(res.statusCode, 201, `section ${section}`);
  }
  const submitted = await post(`${base}/submit`, { submittedOn: "2026-11-20" }, "auditor");
  t.equal(submitted.statusCode, 201);
  const moderated = await post(
    `${base}/moderate`,
    { moderatedOn: "2026-11-21", moderatedGrade: "good" },
    "auditor",
    {},
    2,
  );
  t.equal(moderated.statusCode, 201, moderated.body);

  const read = await app.inject({
    url: "/api/v1/streams/qa-QA-2026-001",
    headers: { authorization: `Bearer ${tokenFor("lano")}` },
  });
  t.equal(read.statusCode, 200);
  const body = read.json() as {
    events: { type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }[];
  };
  const rated = body.events.find((e) => e.type === "QaSectionRated")!;
  t.equal(rated.data.derivedGrade, "good", "3 of 4 criteria met derives good");
  t.equal(rated.metadata.actor, "auditor.one");
  t.equal(rated.metadata.role, "auditor");
  const sub = body.events.find((e) => e.type === "QaAuditSubmitted")!;
  t.equal(sub.data.overallGrade, "good");
  const mod = body.events.at(-1)!;
  t.same([mod.type, mod.data.agreed, mod.data.moderator], ["QaAuditModerated", true, "auditor.two"]);
});

t.test("domain rules answer 422 naming the field, and append nothing", async (t) => {
  const { post, head } = await harness(t);
  await post("/api/v1/cases/C001/register", { dateOfBirth: "2015-03-01", gender: "male", ethnicity: "WBRI" });
  await post(
    "/api/v1/qa-audits/QA01/draw-sample",
    { caseId: "C001", reason: "random", drawnOn: "2026-11-01" },
    "auditor",
  );
  await post(
    "/api/v1/qa-audits/QA01/assign-auditor",
    { auditor: "auditor.one", agency: "education" },
    "auditor",
  );
  const cases: [string, unknown, string, string][] = [
    ["/api/v1/qa-audits/QA01/submit", { submittedOn: "2026-11-02" }, "sectionsNotRated", "sections"],
    [
      "/api/v1/qa-audits/QA01/moderate",
      { moderatedOn: "2026-11-02", moderatedGrade: "good" },
      "notSubmitted",
      "(body)",
    ],
    [
      "/api/v1/qa-audits/QA01/mark-section-not-applicable",
      { section: "F", reason: "none" },
      "sectionRequired",
      "section",
    ],
    [
      "/api/v1/cases/C001/issue-ehc-plan",
      { kind: "initial", issuedOn: "2026-01-01", exceptions: [] },
      "noRequest",
      "issuedOn",
    ],
    [
      "/api/v1/cases/C001/record-primary-need",
      { need: "ASD", recordedOn: "2027-01-01" },
      "dateInFuture",
      "recordedOn",
    ],
    [
      "/api/v1/cases/C001/record-primary-need",
      { need: "ASD", recordedOn: "2010-01-01" },
      "beforeBirth",
      "recordedOn",
    ],
    [
      "/api/v1/cases/NOPE1/record-disability",
      { recordedOn: "2026-01-01", hasDisability: true },
      "caseNotRegistered",
      "(body)",
    ],
    [
      "/api/v1/metrics/M001/record-value",
      { period: "2024", scope: { kind: "area" }, value: 3 },
      "metricNotDefined",
      "(body)",
    ],
    [
      "/api/v1/actions/A001/update-progress",
      { updatedOn: "2026-01-01", rag: "red", narrative: "x", evidence: [] },
      "actionNotRaised",
      "(body)",
    ],
  ];
  for (const [url, body, code, path] of cases) {
    const role = url.includes("qa-audits") ? "auditor" : "officer";
    const before = await head();
    const res = await post(url, body, role);
    t.equal(res.statusCode, 422, `${url} ${res.body}`);
    t.match(res.headers["content-type"], /application\/problem\+json/);
    const p = res.json() as { type: string; errors: { path: string; code: string }[] };
    t.match(p.type, new RegExp(`${code}$`));
    t.same(
      p.errors.map((e) => e.path),
      [path],
      `${code} names ${path}`,
    );
    t.equal(await head(), before, `${code}: nothing appended`);
  }
});

t.test("If-Match conflicts answer 409 with the current revision", async (t) => {
  const { post, head } = await harness(t);
  await post("/api/v1/cases/C002/register", {
    dateOfBirth: "2012-01-01",
    gender: "female",
    ethnicity: "AIND",
  });
  const ok = await post(
    "/api/v1/cases/C002/record-primary-need",
    { need: "SLCN", recordedOn: "2020-01-01" },
    "officer",
    { "if-match": '"0"' },
  );
  t.equal(ok.statusCode, 201);
  const before = await head();
  const stale = await post(
    "/api/v1/cases/C002/record-primary-need",
    { need: "ASD", recordedOn: "2021-01-01" },
    "officer",
    { "if-match": "0" },
  );
  t.equal(stale.statusCode, 409);
  t.equal((stale.json() as { currentRevision: number }).currentRevision, 1);
  t.equal(await head(), before);
  const viaBody = await post("/api/v1/cases/C002/record-primary-need", {
    need: "ASD",
    recordedOn: "2021-01-01",
    expectedRevision: 0,
  });
  t.equal(viaBody.statusCode, 409, "a body field works like If-Match");
  const right = await post("/api/v1/cases/C002/record-primary-need", {
    need: "ASD",
    recordedOn: "2021-01-01",
    expectedRevision: 1,
  });
  t.equal(right.statusCode, 201);
});

t.test("an Idempotency-Key makes a retry append nothing", async (t) => {
  const { app, post, head } = await harness(t);
  await post("/api/v1/cases/C003/register", {
    dateOfBirth: "2012-01-01",
    gender: "female",
    ethnicity: "AIND",
  });
  const key = { "idempotency-key": "7d1f0c3e-2b7a-4c1e-9a53-1b2f3c4d5e6f" };
  const body = { need: "SLCN", recordedOn: "2020-01-01" };
  const first = await post("/api/v1/cases/C003/record-primary-need", body, "officer", key);
  t.equal(first.statusCode, 201);
  const after = await head();
  const again = await post("/api/v1/cases/C003/record-primary-need", body, "officer", key);
  t.equal(again.statusCode, 200);
  t.equal((again.json() as { duplicate: boolean }).duplicate, true);
  t.same(
    (again.json() as { events: unknown }).events,
    (first.json() as { events: unknown }).events,
    "same answer as the first time",
  );
  t.equal(await head(), after, "nothing appended twice");
  t.equal(
    (first.json() as { events: { id: string }[] }).events[0]!.id,
    key["idempotency-key"],
    "the key became the event id",
  );
  const read = await app.inject({
    url: "/api/v1/streams/case-C003",
    headers: { authorization: `Bearer ${tokenFor("lano")}` },
  });
  t.equal((read.json() as { events: unknown[] }).events.length, 2);
});

t.test("who may do what: 401 without a token, 403 for the wrong role, inspectors never write", async (t) => {
  const { app, post, head } = await harness(t);
  const before = await head();
  const anon = await app.inject({ method: "POST", url: "/api/v1/cases/C004/register", payload: {} });
  t.equal(anon.statusCode, 401);
  t.match(anon.headers["www-authenticate"], /Bearer/);
  const bad = await app.inject({
    method: "POST",
    url: "/api/v1/cases/C004/register",
    payload: {},
    headers: { authorization: "Bearer nope-nope-nope-nope-nope" },
  });
  t.equal(bad.statusCode, 401);
  const inspector = await post(
    "/api/v1/cases/C004/register",
    { dateOfBirth: "2012-01-01", gender: "female", ethnicity: "AIND" },
    "inspector",
  );
  t.equal(inspector.statusCode, 403);
  const auditor = await post("/api/v1/sef/E09000099/draft-statement", {}, "auditor");
  t.equal(auditor.statusCode, 403);
  const read = await app.inject({
    url: "/api/v1/streams/case-C004",
    headers: { authorization: `Bearer ${tokenFor("inspector")}` },
  });
  t.equal(read.statusCode, 403, "inspectors get packs, not raw streams");
  t.equal(await head(), before, "nothing appended");
});

t.test("health and the OpenAPI document are served", async (t) => {
  const { app } = await harness(t);
  const health = await app.inject({ url: "/healthz" });
  t.equal(health.statusCode, 200);
  t.same(health.json(), { status: "ok", store: "sqlite", head: { position: 0 } });
  const doc = await app.inject({ url: "/openapi.json" });
  t.equal(doc.statusCode, 200);
  const spec = doc.json() as { openapi: string; paths: Record<string, unknown> };
  t.match(spec.openapi, /^3\./);
  t.ok(spec.paths["/api/v1/qa-audits/{id}/rate-section"], "command routes are documented");
});

t.test("self-moderation over HTTP: 422 naming why, nothing appended", async (t) => {
  const { post, head } = await harness(t);
  const base = "/api/v1/qa-audits/QA-SELF-1";
  await post(`${base}/draw-sample`, { caseId: "C009", reason: "random", drawnOn: "2026-11-01" }, "auditor");
  // The assigned name is free text: it does not match the actor who rates.
  await post(`${base}/assign-auditor`, { auditor: "Someone Else", agency: "education" }, "auditor");
  for (const section of ["A", "B", "C", "E", "F", "I", "K"])
    await post(`${base}/rate-section`, { section, criteriaMet: ["a"], criteriaNotMet: [] }, "auditor");
  for (const section of ["D", "G", "H1", "H2", "J"])
    await post(`${base}/mark-section-not-applicable`, { section, reason: "none" }, "auditor");
  t.equal((await post(`${base}/submit`, { submittedOn: "2026-11-20" }, "auditor")).statusCode, 201);
  const before = await head();
  const self = await post(
    `${base}/moderate`,
    { moderatedOn: "2026-11-21", moderatedGrade: "good" },
    "auditor",
  );
  t.equal(self.statusCode, 422);
  t.equal(self.headers["content-type"], "application/problem+json; charset=utf-8");
  t.match(self.json(), { type: /moderatorAudited$/, detail: /auditor\.one rated or submitted this audit/ });
  t.equal(await head(), before, "nothing appended");
});

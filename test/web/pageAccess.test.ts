/**
 * The pages without a browser: every page row of the access matrix × every role through a signed-in
 * session; sign-in, CSRF, revocation and the session timeouts; problem pages (400, 403, 404, 422) that
 * append nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import t from "tap";
import { matrix } from "../../src/access/matrix.js";
import { openTokenStore } from "../../src/access/tokenStore.js";
import { servedRoutes } from "../../src/http/auth.js";
import { countdown } from "../../src/web/countdown.js";
import { when } from "../../src/web/when.js";
import { CODES, INSPECTION, TODAY, webHarness } from "./harness.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

/** A browser's worth of state: the session cookie and the last CSRF token seen. */
function visitor(app: FastifyInstance) {
  let cookie = "";
  let csrf = "";
  const remember = (res: Awaited<ReturnType<FastifyInstance["inject"]>>) => {
    const set = res.headers["set-cookie"];
    if (set) cookie = String(Array.isArray(set) ? set[0] : set).split(";")[0]!;
    csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? csrf;
    return res;
  };
  return {
    get: async (url: string) => remember(await app.inject({ url, headers: { cookie, accept: "text/html" } })),
    post: async (url: string, fields: Record<string, string>, withCsrf = true) =>
      remember(
        await app.inject({
          method: "POST",
          url,
          headers: { ...FORM, cookie },
          payload: new URLSearchParams({ ...(withCsrf ? { _csrf: csrf } : {}), ...fields }).toString(),
        }),
      ),
    signIn: async function (code: string) {
      await this.get("/sign-in");
      return this.post("/sign-in", { code });
    },
  };
}

t.test("every page row × every role, signed in by a session", async (t) => {
  const { app, runner } = await webHarness(t);
  const pages = matrix.filter((r) => r.page);
  // An audit every auditor may see: submitted by the demo's auditor, waiting for moderation.
  const waiting = [...runner.current().state.qa.audits.values()].find((a) => a.submitted && !a.moderation);
  const audit = `/audits/${waiting!.auditId}`;
  const served = new Set(servedRoutes(app).map((r) => `${r.method} ${r.url}`));
  for (const row of pages) t.ok(served.has(row.resource), `${row.resource} is served`);
  const sample = new Map([
    ["GET /readiness", "/readiness"],
    ["GET /annex-a.xlsx", "/annex-a.xlsx"],
    ["GET /inspection", "/inspection"],
    ["GET /inspection/cases/:caseId.pdf", "/inspection/cases/C000001.pdf"],
    ["GET /audits", "/audits"],
    ["GET /audits/draw", "/audits/draw"],
    ["GET /audits/:auditId", audit],
    ["GET /audits/:auditId/sections/:section", `${audit}/sections/A`],
    ["GET /audits/:auditId/check", `${audit}/check`],
    ["GET /audits/:auditId/moderate", `${audit}/moderate`],
    ["GET /qa-dashboard", "/qa-dashboard"],
    ["GET /case-tracking", "/case-tracking?case=C0"],
    ["GET /packs", "/packs"],
    ["GET /packs/:kind.pdf", "/packs/data-request.pdf"],
    ["GET /packs/issued/:id.pdf", "/packs/issued/PACK-NONE.pdf"],
    ["GET /sef", "/sef"],
    ["GET /action-plan", "/action-plan"],
    ["GET /action-plan/:actionId", `/action-plan/${[...runner.current().state.actions.byId.keys()][0]}`],
    ["GET /metrics", "/metrics"],
    ["GET /metrics/:metricId", "/metrics/annualReviewCompliance"],
    ["GET /imports", "/imports"],
    ["GET /cases", "/cases"],
    ["GET /cases/:caseId", `/cases/${[...runner.current().state.cases.byId.keys()][0]}`],
  ]);
  for (const role of Object.keys(CODES) as (keyof typeof CODES)[]) {
    const v = visitor(app);
    t.equal((await v.signIn(CODES[role])).statusCode, 303, `${role} signs in`);
    for (const row of pages.filter((r) => r.resource.startsWith("GET "))) {
      const res = await v.get(sample.get(row.resource)!);
      // The inspection is not notified here: an inspector's scoped pages are refused for that reason.
      const allowed = row.allow.has(role) && role !== "inspector";
      t.equal(res.statusCode === 403, !allowed, `${role}: ${row.resource} (${res.statusCode})`);
    }
  }
  const anonymous = visitor(app);
  t.equal((await anonymous.get("/readiness")).headers.location, "/sign-in", "not signed in: sign in first");
  t.equal((await anonymous.get("/")).headers.location, "/sign-in");
});

t.test("sign-in, CSRF, the notification form's problems, 404 and asAt pages", async (t) => {
  const { app, store } = await webHarness(t);
  const v = visitor(app);
  const blank = await v.post("/sign-in", { code: "" }, false);
  t.equal(blank.statusCode, 403, "a form without its CSRF token is refused");
  await v.get("/sign-in");
  const empty = await v.post("/sign-in", { code: "" });
  t.match(empty.body, /Enter your access code/);
  t.equal(empty.statusCode, 400);
  t.equal((await v.signIn(CODES.lano)).headers.location, "/readiness");
  t.equal((await v.get("/")).headers.location, "/readiness", "/ goes to the role's home");

  const before = (await store.head()).position;
  const page = await v.get("/readiness");
  t.match(page.body, /Record the notification call/);
  const badId = await v.post("/readiness/notify", {
    inspectionId: "not valid!",
    notifiedAt: `${TODAY} 09:30`,
    kind: "full",
  });
  t.equal(badId.statusCode, 400);
  t.match(badId.body, /href="#inspectionId"/, "the error summary links to the field");
  const badKind = await v.post("/readiness/notify", {
    inspectionId: INSPECTION,
    notifiedAt: `${TODAY} 09:30`,
    kind: "weekly",
  });
  t.equal(badKind.statusCode, 400);
  t.match(badKind.body, /href="#kind"/);
  const future = await v.post("/readiness/notify", {
    inspectionId: INSPECTION,
    notifiedAt: "2099-01-01 09:30",
    kind: "full",
  });
  t.equal(future.statusCode, 422, "a rule broken: 422 with the summary");
  t.match(future.body, /govuk-error-summary/);
  t.equal((await store.head()).position, before, "nothing appended by any of them");

  const ok = await v.post("/readiness/notify", {
    inspectionId: INSPECTION,
    notifiedAt: `${TODAY}T09:30`,
    kind: "full",
  });
  t.equal(ok.statusCode, 303);
  const notified = await v.get("/readiness");
  t.match(notified.body, /Inspection <strong>INS-WEB<\/strong> was notified on 23 November 2026 at 9:30am/);
  t.match(notified.body, /data-countdown>(due in|overdue by)/);

  const asAt = await v.get(`/readiness?asAt=${before}`);
  t.match(asAt.body, /as at .*log position/, "the as-at banner");
  t.match(asAt.body, /Record the notification call/, "as at before the call: not notified");
  const badAsAt = await v.get("/readiness?asAt=soon");
  t.equal(badAsAt.statusCode, 400);
  const filtered = await v.get("/readiness?check=99999");
  t.match(filtered.body, /No row fails this check/);

  const missing = await v.get("/no-such-page");
  t.equal(missing.statusCode, 404);
  t.match(missing.body, /Page not found/);
  t.equal((await app.inject({ url: "/no-such-page" })).statusCode, 401, "an API client still gets 401");
  t.equal((await app.inject({ url: "/stylesheets/govuk-frontend.min.css" })).statusCode, 200);
  t.equal((await app.inject({ url: "/javascripts/govuk-frontend.min.js" })).statusCode, 200);

  t.equal((await v.post("/sign-out", {})).headers.location, "/sign-in");
  t.equal((await v.get("/readiness")).headers.location, "/sign-in", "signed out");
});

t.test("revocation, idle and absolute timeouts end a session at once", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "send-web-access-"));
  const granted = openTokenStore(join(dir, "access.db"));
  t.teardown(() => {
    granted.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const code = granted.grant({ actor: "granted.lano", role: "lano" });
  let now = new Date(`${TODAY}T12:00:00Z`);
  const { app } = await webHarness(t, {
    now: () => now,
    limits: { idleMs: 60_000, absoluteMs: 600_000 },
    authenticator: { find: (c) => granted.find(c), findHash: (h) => granted.findHash(h) },
  });
  const v = visitor(app);
  await v.signIn(code);
  t.equal((await v.get("/readiness")).statusCode, 200);
  granted.revoke("granted.lano");
  const revoked = await v.get("/readiness");
  t.equal(revoked.statusCode, 403, "revoked: refused on the next request");
  t.match(revoked.body, /was revoked/);

  const idle = visitor(app);
  await idle.signIn(CODES.lano);
  now = new Date(now.getTime() + 120_000);
  t.equal((await idle.get("/readiness")).headers.location, "/sign-in", "idle too long");

  const busy = visitor(app);
  await busy.signIn(CODES.lano);
  for (let i = 0; i < 12; i++) {
    now = new Date(now.getTime() + 55_000);
    await busy.get("/readiness");
  }
  t.equal((await busy.get("/readiness")).headers.location, "/sign-in", "past the absolute limit");
});

t.test("countdowns read as words", async (t) => {
  const now = "2026-11-23T12:00:00Z";
  t.equal(countdown("2026-11-25T15:30:00Z", now), "due in 2 days 3 hours");
  t.equal(countdown("2026-11-23T13:01:00Z", now), "due in 1 hour 1 minute");
  t.equal(countdown("2026-11-23T11:20:00Z", now), "overdue by 40 minutes");
  t.equal(countdown("2026-11-24T12:00:20Z", now), "due in 1 day");
  t.equal(countdown(now, now), "due in less than a minute");
});

t.test("moments read as GOV.UK writes them, in the area's time zone", async (t) => {
  t.equal(when("2026-11-23T09:30:00Z"), "23 November 2026 at 9:30am");
  t.equal(when("2026-07-01T12:00:00Z"), "1 July 2026 at 1pm", "British Summer Time");
  t.equal(when("not a date"), "not a date");
  t.equal(when(undefined), "");
});

import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import t from "tap";
import { GOVUK_BODY_SCRIPT, GOVUK_BODY_SCRIPT_HASH } from "../../src/http/protection.js";
import { RefusalLog } from "../../src/http/refusalLog.js";
import { createHash } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import { harness, tokenFor } from "./harness.js";

const REGISTER = { dateOfBirth: "2015-03-01", gender: "male", ethnicity: "WBRI" };

function logLines() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

t.test("security headers on every response; no-store on everything under /api", async (t) => {
  const { app, post } = await harness(t);
  const health = await app.inject({ url: "/healthz" });
  const csp = health.headers["content-security-policy"] as string;
  t.match(csp, /default-src 'self'/);
  t.match(csp, new RegExp(`script-src 'self' ${GOVUK_BODY_SCRIPT_HASH} 'nonce-[^']+'`));
  t.match(csp, /style-src 'self' 'nonce-[^']+'/);
  t.match(csp, /object-src 'none'/);
  t.match(csp, /frame-ancestors 'none'/);
  t.notMatch(csp, /unsafe-inline|unsafe-eval|https:/);
  t.equal(health.headers["x-content-type-options"], "nosniff");
  t.equal(health.headers["x-frame-options"], "DENY");
  t.ok(health.headers["strict-transport-security"]);
  t.equal(health.headers["cache-control"], undefined, "health carries no personal data");

  const created = await post("/api/v1/cases/C000123/register", REGISTER);
  t.equal(created.statusCode, 201);
  t.equal(created.headers["cache-control"], "no-store");
  const read = await app.inject({
    url: "/api/v1/streams/case-C000123",
    headers: { authorization: `Bearer ${tokenFor("admin")}` },
  });
  t.equal(read.statusCode, 200);
  t.equal(read.headers["cache-control"], "no-store");
  t.ok(read.headers["content-security-policy"]);
  const refused = await app.inject({ url: "/api/v1/streams/case-C000123" });
  t.equal(refused.headers["cache-control"], "no-store");
});

t.test("timeouts: request arrival, idle connection, keep-alive", async (t) => {
  const { app } = await harness(t, {
    protection: { requestTimeoutMs: 12_000, connectionTimeoutMs: 34_000, keepAliveTimeoutMs: 5_600 },
  });
  t.match(app.initialConfig, { requestTimeout: 12_000, connectionTimeout: 34_000, keepAliveTimeout: 5_600 });
  const defaults = await harness(t);
  t.match(defaults.app.initialConfig, {
    requestTimeout: 30_000,
    connectionTimeout: 120_000,
    keepAliveTimeout: 5_000,
  });
});

t.test("the GOV.UK Frontend body script's hash is the one in the policy", async (t) => {
  const hash = createHash("sha256").update(GOVUK_BODY_SCRIPT).digest("base64");
  t.equal(GOVUK_BODY_SCRIPT_HASH, `'sha256-${hash}'`);
});

t.test("each actor has a rate limit: 429 problem+json with Retry-After, others unaffected", async (t) => {
  const { app } = await harness(t, { protection: { perActorPerMinute: 5 } });
  const get = (n = 1) =>
    app.inject({
      url: "/api/v1/streams/case-C000123",
      headers: { authorization: `Bearer ${tokenFor("admin", n)}` },
    });
  // No such stream: 404, answered (not limited) until the limit.
  for (let i = 0; i < 5; i++) t.equal((await get()).statusCode, 404);
  const limited = await get();
  t.equal(limited.statusCode, 429);
  t.match(limited.headers["content-type"], /application\/problem\+json/);
  t.ok(Number(limited.headers["retry-after"]) >= 1);
  t.match(limited.json(), {
    status: 429,
    title: "Too many requests",
    detail: /Too many requests for this account; try again in \d+ s/,
  });
  t.equal((await get(2)).statusCode, 404, "another actor is served");
});

t.test("failed authentications are limited per address", async (t) => {
  const { app } = await harness(t, { protection: { unauthenticatedPerMinute: 3 } });
  const bad = () =>
    app.inject({ url: "/api/v1/streams/x", headers: { authorization: "Bearer nope-nope-nope" } });
  for (let i = 0; i < 3; i++) {
    const r = await bad();
    t.equal(r.statusCode, 401);
    t.equal(r.headers["www-authenticate"], 'Bearer realm="send-evidence-store"');
  }
  const limited = await bad();
  t.equal(limited.statusCode, 429);
  t.match(limited.json(), { detail: /Too many failed authentications from this address/ });
  const good = await app.inject({
    url: "/api/v1/streams/case-C000123",
    headers: { authorization: `Bearer ${tokenFor("admin")}` },
  });
  t.equal(good.statusCode, 404, "a valid token is not held back by its address's failures");
});

t.test("a 401 flood logs one line per address and window, then the count", async (t) => {
  const { lines, stream } = logLines();
  const { app } = await harness(t, {
    logLevel: "info",
    logStream: stream,
    protection: { unauthenticatedPerMinute: 1000 },
  });
  for (let i = 0; i < 200; i++)
    t.equal(
      (await app.inject({ url: "/api/v1/streams/x", headers: { authorization: "Bearer x" } })).statusCode,
      401,
    );
  t.equal(lines.length, 1, "one line for 200 refusals");
  t.match(lines[0], { level: 40, address: "127.0.0.1", status: 401, url: "/api/v1/streams/x" });
  await app.close();
  const summary = lines.find((l) => l.count !== undefined);
  t.match(summary, { level: 40, address: "127.0.0.1", count: 200, statuses: [401] });
  t.equal(lines.length, 2);
});

t.test(
  "the refusal log: one line at the first refusal, a count per address at the window's end",
  async (t) => {
    const warned: [Record<string, unknown>, string][] = [];
    const log = {
      warn: (o: Record<string, unknown>, m: string) => warned.push([o, m]),
    } as unknown as FastifyBaseLogger;
    const refusals = new RefusalLog(log, { windowMs: 60_000, maxAddresses: 2 });
    refusals.record("10.0.0.1", 401, "/a");
    refusals.record("10.0.0.1", 429, "/a");
    refusals.record("10.0.0.2", 401, "/b");
    refusals.record("10.0.0.3", 401, "/c");
    refusals.record("10.0.0.4", 401, "/c");
    t.equal(warned.length, 3, "first from each of two addresses, then the rest together");
    t.equal(warned[2]![0].address, "(other addresses)");
    refusals.flush();
    t.match(warned.slice(3), [
      [{ address: "10.0.0.1", count: 2, statuses: [401, 429] }],
      [{ address: "(other addresses)", count: 2 }],
    ]);
    t.equal(warned.length, 5, "an address refused once is not repeated");
    refusals.close();
    t.equal(warned.length, 5);
  },
);

t.test("X-Correlation-Id: kept when well formed, replaced when not", async (t) => {
  const { post, store } = await harness(t);
  const good = await post("/api/v1/cases/C000201/register", REGISTER, "officer", {
    "x-correlation-id": "ticket:42.a-b_c",
  });
  t.equal(good.statusCode, 201);
  const huge = "x".repeat(15_000);
  const bad = await post("/api/v1/cases/C000202/register", REGISTER, "officer", { "x-correlation-id": huge });
  t.equal(bad.statusCode, 201);
  const odd = await post("/api/v1/cases/C000203/register", REGISTER, "officer", {
    "x-correlation-id": "a b<script>",
  });
  const [g] = await store.readStream("case-C000201");
  const [b] = await store.readStream("case-C000202");
  const [o] = await store.readStream("case-C000203");
  t.equal(odd.statusCode, 201);
  t.equal(g!.metadata.correlationId, "ticket:42.a-b_c");
  t.match(b!.metadata.correlationId, /^[0-9a-f-]{36}$/, "a fresh id instead of 15 KB");
  t.match(o!.metadata.correlationId, /^[0-9a-f-]{36}$/);
});

t.test(
  "load shedding: 503 problem+json with Retry-After while the loop is delayed; /healthz still answers",
  async (t) => {
    const { app } = await harness(t, { protection: { maxEventLoopDelayMs: 30, retryAfterSeconds: 7 } });
    let shed: Awaited<ReturnType<typeof app.inject>> | undefined;
    let health: Awaited<ReturnType<typeof app.inject>> | undefined;
    const until = Date.now() + 8000;
    while (!shed && Date.now() < until) {
      const busy = Date.now() + 400;
      while (Date.now() < busy); // hold the event loop
      await sleep(20);
      const r = await app.inject({
        url: "/api/v1/streams/case-C000123",
        headers: { authorization: `Bearer ${tokenFor("admin")}` },
      });
      if (r.statusCode === 503) {
        shed = r;
        health = await app.inject({ url: "/healthz" });
      }
    }
    t.ok(shed, "shed while the loop was held");
    t.equal(shed!.headers["retry-after"], "7");
    t.match(shed!.headers["content-type"], /application\/problem\+json/);
    t.match(shed!.json(), { status: 503, title: "The server is busy", detail: /eventLoopDelay/ });
    t.equal(health!.statusCode, 200, "/healthz is never shed");
  },
);

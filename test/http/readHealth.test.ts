import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { evidenceProjection, type EvidenceState } from "../../projections/evidence.js";
import type { Projection } from "../../projections/projection.js";
import { buildApp } from "../../src/http/app.js";
import { readsReadModels } from "../../src/http/readHealth.js";
import { type ProjectionFailure, ProjectionRunner } from "../../src/runner/runner.js";
import { openSnapshotStore } from "../../src/runner/snapshots.js";
import { openSqliteStore } from "../../src/store/sqlite.js";

const meta = { actor: "t", role: "officer" as const, correlationId: "t", source: "test" };
const registered = (id: string) => ({
  id: randomUUID(),
  type: "CaseRegistered",
  data: { schemaVersion: 1, caseId: id, dateOfBirth: "2016-01-01", gender: "female", ethnicity: "WBRI" },
  metadata: meta,
});
/** A type no build knows: the crafted projection below throws on it, as a bug would. */
const poison = () => ({ id: randomUUID(), type: "TestPoison", data: { schemaVersion: 1 }, metadata: meta });

/** The evidence projection with a bug: it throws on `TestPoison`. */
const buggy: Projection<EvidenceState> = {
  ...evidenceProjection,
  apply(state, e) {
    if (e.type === "TestPoison") throw new Error(`cannot fold ${e.stream}`);
    return evidenceProjection.apply(state, e);
  },
};

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  return check();
};

t.test("a projection that throws while following live: the process stays up, reads answer 503", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "send-health-"));
  const store = openSqliteStore(join(dir, "events.db"), { pollMs: 10 });
  const snapshots = openSnapshotStore(join(dir, "projections.db"));
  await store.append("case-C1", [registered("C1")], "any");
  const runner = new ProjectionRunner(store, buggy, snapshots, { snapshotEvery: 1 });
  await runner.start();
  const token = "lano-token-0123456789abcdef";
  const app = await buildApp({
    store,
    tokens: { [token]: { actor: "lano.one", role: "lano" } },
    today: () => "2026-11-23",
    logLevel: "silent",
    runner,
  });
  const heard: ProjectionFailure[] = [];
  runner.onFailure((f) => heard.push(f));
  t.teardown(async () => {
    await app.close();
    await runner.stop();
    snapshots.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const auth = { authorization: `Bearer ${token}` };
  const graphql = () =>
    app.inject({
      method: "POST",
      url: "/graphql",
      headers: auth,
      payload: { query: "{ moment { position } }" },
    });

  t.equal((await app.inject({ url: "/healthz" })).statusCode, 200, "healthy at first");
  t.equal((await graphql()).statusCode, 200);
  t.equal(runner.failure(), undefined);

  const bad = await store.append("case-C1", [poison()], "any");
  t.ok(await until(() => runner.failure() !== undefined), "the runner notices");
  const failure = runner.failure()!;
  t.match(failure, {
    position: bad.position,
    type: "TestPoison",
    stream: "case-C1",
    message: "cannot fold case-C1",
  });
  t.same(heard, [failure], "listeners hear of it once");
  const savedBefore = snapshots.list("evidence", evidenceProjection.version).map((s) => s.position);
  t.notOk(savedBefore.includes(bad.position), "no snapshot of the failed fold");

  const health = await app.inject({ url: "/healthz" });
  t.equal(health.statusCode, 503);
  t.match(health.headers["content-type"], /application\/problem\+json/);
  t.match(health.json(), {
    status: 503,
    failure: { position: bad.position, type: "TestPoison", message: "cannot fold case-C1" },
  });
  t.match(health.json().detail, `position ${bad.position}`);

  for (const [what, res] of [
    ["graphql", await graphql()],
    ["export", await app.inject({ url: "/api/v1/exports/annex-a.xlsx", headers: auth })],
    ["pack", await app.inject({ url: "/api/v1/packs/cases.pdf?case=C1", headers: auth })],
  ] as const) {
    t.equal(res.statusCode, 503, what);
    t.match(res.json(), { type: /read-models-unavailable$/, failure: { position: bad.position } });
  }
  t.equal(
    (await app.inject({ url: "/api/v1/exports/annex-a.xlsx" })).statusCode,
    401,
    "still 401 without a token: the failure is told only to callers",
  );
  t.equal(
    (await app.inject({ url: "/api/v1/streams/case-C1", headers: auth })).statusCode,
    200,
    "the log itself can still be read",
  );

  const later = await store.append("case-C2", [registered("C2")], "any");
  t.notOk(await runner.waitFor(later.position, 200), "nothing folds after the failure");
  t.ok(runner.current().position < bad.position, "the live model stopped before the failed event");
  t.equal((await app.inject({ url: "/healthz" })).statusCode, 503, "still unhealthy: until fixed");
});

t.test("a projection that throws during the catch-up: start resolves, nothing is saved", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "send-health-"));
  const store = openSqliteStore(join(dir, "events.db"), { pollMs: 10 });
  const snapshots = openSnapshotStore(join(dir, "projections.db"));
  t.teardown(async () => {
    snapshots.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await store.append("case-C1", [registered("C1")], "any");
  const bad = await store.append("case-C1", [poison()], "any");
  await store.append("case-C2", [registered("C2")], "any");
  const runner = new ProjectionRunner(store, buggy, snapshots);
  const logged: unknown[] = [];
  const error = console.error;
  console.error = (...args: unknown[]) => logged.push(args.join(" "));
  try {
    await runner.start();
  } finally {
    console.error = error;
  }
  t.match(runner.failure(), { position: bad.position, type: "TestPoison" });
  t.match(logged, [new RegExp(`failed at position ${bad.position} \\(TestPoison on case-C1\\)`)], "logged");
  t.ok(runner.current().position < bad.position);
  let late: ProjectionFailure | undefined;
  runner.onFailure((f) => (late = f));
  t.equal(late, runner.failure(), "a listener added later hears at once");
  await runner.stop();
  t.same(
    snapshots.list("evidence", evidenceProjection.version),
    [],
    "neither the catch-up nor stop() saved it",
  );
});

t.test("which paths read the read models", async (t) => {
  for (const path of [
    "/graphql",
    "/api/v1/exports/annex-a.xlsx",
    "/api/v1/packs/sef.pdf",
    "/api/v1/packs/x/issue",
  ])
    t.ok(readsReadModels(path), path);
  for (const path of [
    "/healthz",
    "/graphiql",
    "/api/v1/cases/C1/register",
    "/api/v1/streams/case-C1",
    "/graphqlx",
  ])
    t.notOk(readsReadModels(path), path);
});

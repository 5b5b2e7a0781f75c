/** A seeded demo area behind a real app with the runner, for the read-side tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Test } from "tap";
import { demoAreaScript } from "../../fixtures/demoArea/index.js";
import { loadSyntheticArea } from "../../fixtures/syntheticArea/index.js";
import { evidenceProjection } from "../../projections/evidence.js";
import type { Role } from "../../schemas/common.js";
import type { Authenticator } from "../../src/access/authenticate.js";
import type { Principal } from "../../src/access/principal.js";
import { playScript, seedClock } from "../../src/demo/seed.js";
import { type AppOptions, buildApp } from "../../src/http/app.js";
import { startHeavyWork } from "../../src/runner/heavyWork.js";
import { ProjectionRunner } from "../../src/runner/runner.js";
import { openSnapshotStore } from "../../src/runner/snapshots.js";
import { openSqliteStore } from "../../src/store/sqlite.js";

export const TODAY = "2026-11-23";
/** The inspection the harness's inspector is bound to (a test notifies it to open the window). */
export const INSPECTION = "INS-P";
const token = (role: Role) => `${role}-read-token-0123456789`;

export interface MorePrincipals {
  tokens?: Record<string, Principal>;
  authenticator?: Authenticator;
}

/** More principals, app options (limits, production, a log stream) and heavy-work workers. */
export type HarnessOptions = MorePrincipals &
  Omit<Partial<AppOptions>, "tokens" | "authenticator"> & { heavyWorkers?: number };

/**
 * `history`: the demo script played through the deciders (the default), or the synthetic area appended in
 * batches (the same kinds of events, much faster to load at the demo's full size).
 */
export async function readHarness(
  t: Test,
  size = { plans: 120, senSupport: 120 },
  history: "demo" | "synthetic" = "demo",
  more: HarnessOptions = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "send-read-"));
  const clock = seedClock();
  const seedStore = openSqliteStore(join(dir, "events.db"), { clock: clock.now, synchronous: "NORMAL" });
  if (history === "demo") await playScript(seedStore, demoAreaScript({ today: TODAY, ...size }), clock);
  else await loadSyntheticArea(seedStore, { seed: 20220117, today: TODAY, ...size }, clock);
  await seedStore.close();
  const store = openSqliteStore(join(dir, "events.db"), { pollMs: 10 });
  const snapshots = openSnapshotStore(join(dir, "projections.db"));
  const runner = new ProjectionRunner(store, evidenceProjection, snapshots, { snapshotEvery: 2000 });
  await runner.start();
  const { tokens: extraTokens, authenticator, heavyWorkers, ...options } = more;
  const tokens = {
    ...Object.fromEntries(
      (["lano", "officer", "auditor", "inspector", "admin"] as Role[]).map((role) => [
        token(role),
        { actor: `${role}.reader`, role, ...(role === "inspector" ? { inspectionId: INSPECTION } : {}) },
      ]),
    ),
    ...extraTokens,
  };
  const heavyWork = heavyWorkers ? startHeavyWork({ DATA_DIR: dir }, { workers: heavyWorkers }) : undefined;
  const app = await buildApp({
    store,
    tokens,
    ...(authenticator ? { authenticator } : {}),
    today: () => TODAY,
    now: () => new Date(`${TODAY}T23:00:00Z`),
    logLevel: "silent",
    runner,
    ...(heavyWork ? { heavyWork } : {}),
    ...options,
  });
  t.teardown(async () => {
    await app.close();
    await heavyWork?.close();
    await runner.stop();
    snapshots.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const gql = async (query: string, variables: Record<string, unknown> = {}, role: Role = "lano") => {
    const res = await app.inject({
      method: "POST",
      url: "/graphql",
      payload: { query, variables },
      headers: { authorization: `Bearer ${token(role)}` },
    });
    return {
      status: res.statusCode,
      body: res.json() as {
        data?: Record<string, unknown>;
        errors?: { message: string; extensions?: Record<string, unknown> }[];
      },
    };
  };
  return {
    app,
    store,
    runner,
    gql,
    dir,
    heavyWork,
    auth: (role: Role) => ({ authorization: `Bearer ${token(role)}` }),
  };
}

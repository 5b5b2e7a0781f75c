/** A small seeded area behind a real app with the pages, listening on 127.0.0.1, for the web tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Writable } from "node:stream";
import type { Test } from "tap";
import { demoAreaScript } from "../../fixtures/demoArea/index.js";
import { evidenceProjection } from "../../projections/evidence.js";
import type { Authenticator } from "../../src/access/authenticate.js";
import type { Principal } from "../../src/access/principal.js";
import { playScript, seedClock } from "../../src/demo/seed.js";
import { buildApp } from "../../src/http/app.js";
import { ProjectionRunner } from "../../src/runner/runner.js";
import { openSnapshotStore } from "../../src/runner/snapshots.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { SessionLimits } from "../../src/web/session.js";
import type { SingleSignOn } from "../../src/web/singleSignOn.js";

export const TODAY = "2026-11-23";
export const INSPECTION = "INS-WEB";

/** Access codes of the people in the web tests. */
export const CODES = {
  lano: "web-lano-access-code-0123456789abcdef",
  officer: "web-officer-access-code-0123456789abc",
  auditor: "web-auditor-access-code-0123456789abc",
  inspector: "web-inspector-access-code-0123456789a",
  admin: "web-admin-access-code-0123456789abcdef",
} as const;

/** A second auditor, who moderates the first one's audits. */
export const SECOND_AUDITOR = {
  code: "web-auditor-two-access-code-0123456789",
  actor: "web.auditor2",
} as const;

const PRINCIPALS: Record<keyof typeof CODES, Principal> = {
  lano: { actor: "web.lano", role: "lano" },
  officer: { actor: "web.officer", role: "officer" },
  auditor: { actor: "web.auditor", role: "auditor" },
  inspector: { actor: "web.inspector", role: "inspector", inspectionId: INSPECTION },
  admin: { actor: "web.admin", role: "admin" },
};

export interface WebHarnessOptions {
  /** The clock access decisions and countdowns use (a test moves it past the window). */
  now?: () => Date;
  limits?: SessionLimits;
  listen?: boolean;
  /** The port to listen on (default: any free one). */
  port?: number;
  /** Granted principals (access.db), asked after the codes above. */
  authenticator?: Authenticator;
  /** The seeded area's size (default 20 plans, 10 on SEN support). */
  plans?: number;
  senSupport?: number;
  /** Council staff's single sign-on (a test's provider). */
  singleSignOn?: SingleSignOn;
  /** Where the app logs (at info); silent without it. */
  logStream?: Writable;
}

export async function webHarness(t: Test, o: WebHarnessOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "send-web-"));
  const clock = seedClock();
  const seedStore = openSqliteStore(join(dir, "events.db"), { clock: clock.now });
  await playScript(
    seedStore,
    demoAreaScript({ today: TODAY, plans: o.plans ?? 20, senSupport: o.senSupport ?? 10 }),
    clock,
  );
  await seedStore.close();
  const store = openSqliteStore(join(dir, "events.db"), { pollMs: 10 });
  const snapshots = openSnapshotStore(join(dir, "projections.db"));
  const runner = new ProjectionRunner(store, evidenceProjection, snapshots, { snapshotEvery: 2000 });
  await runner.start();
  const tokens = new Map<string, Principal>([
    ...(Object.keys(CODES) as (keyof typeof CODES)[]).map((k) => [CODES[k], PRINCIPALS[k]] as const),
    [SECOND_AUDITOR.code, { actor: SECOND_AUDITOR.actor, role: "auditor" }],
  ]);
  const app = await buildApp({
    store,
    tokens,
    ...(o.authenticator ? { authenticator: o.authenticator } : {}),
    today: () => TODAY,
    now: o.now ?? (() => new Date(`${TODAY}T12:00:00Z`)),
    logLevel: o.logStream ? "info" : "silent",
    ...(o.logStream ? { logStream: o.logStream } : {}),
    runner,
    web: {
      ...(o.limits ? { limits: o.limits } : {}),
      ...(o.singleSignOn ? { singleSignOn: o.singleSignOn } : {}),
    },
  });
  const url = o.listen ? await app.listen({ host: "127.0.0.1", port: o.port ?? 0 }) : "";
  t.teardown(async () => {
    await app.close();
    await runner.stop();
    snapshots.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { app, runner, store, url };
}

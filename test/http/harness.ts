/** A real app on a real SQLite file, with one token per role, for the HTTP tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Test } from "tap";
import type { Role } from "../../schemas/common.js";
import { type AppOptions, buildApp } from "../../src/http/app.js";
import { openSqliteStore } from "../../src/store/sqlite.js";

export const TODAY = "2026-11-23";
export const tokenFor = (role: Role, n = 1) => `${role}-token-${n}-0123456789abcdef`;

export async function harness(t: Test, extra: Partial<AppOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "send-http-"));
  const store = openSqliteStore(join(dir, "events.db"));
  const tokens = Object.fromEntries(
    (["lano", "officer", "auditor", "inspector", "admin"] as Role[]).flatMap((role) => [
      [tokenFor(role), { actor: `${role}.one`, role }],
      [tokenFor(role, 2), { actor: `${role}.two`, role }],
    ]),
  );
  const app = await buildApp({ store, tokens, today: () => TODAY, logLevel: "silent", ...extra });
  t.teardown(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const post = (
    url: string,
    body: unknown,
    role: Role = "officer",
    headers: Record<string, string> = {},
    n = 1,
  ) =>
    app.inject({
      method: "POST",
      url,
      payload: body as object,
      headers: { authorization: `Bearer ${tokenFor(role, n)}`, ...headers },
    });
  const head = async () => (await store.head()).position;
  return { app, store, post, head };
}

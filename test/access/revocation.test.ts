import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { runAccessCommand } from "../../src/access/accessCommand.js";
import { openTokenStore } from "../../src/access/tokenStore.js";
import { buildApp } from "../../src/http/app.js";
import { openSqliteStore } from "../../src/store/sqlite.js";

t.test("a revocation by the CLI holds on the running server at once, with no restart", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "send-revoke-"));
  const quiet = () => undefined;
  const lines: string[] = [];
  runAccessCommand(["grant", "--actor", "b.lano", "--role", "lano"], dir, (l) => lines.push(l), quiet);
  const token = lines.at(-1)!;
  const store = openSqliteStore(join(dir, "events.db"));
  const principals = openTokenStore(join(dir, "access.db"));
  const app = await buildApp({
    store,
    authenticator: { find: (x) => principals.find(x) },
    today: () => "2026-11-23",
    logLevel: "silent",
  });
  t.teardown(async () => {
    await app.close();
    await store.close();
    principals.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const read = () =>
    app.inject({ url: "/api/v1/streams/case-C001", headers: { authorization: `Bearer ${token}` } });
  t.equal((await read()).statusCode, 404, "the token works: no such stream yet");
  t.equal(runAccessCommand(["revoke", "--actor", "b.lano"], dir, quiet, quiet), 0);
  const started = performance.now();
  const refused = await read();
  t.equal(refused.statusCode, 403);
  t.match(refused.json(), { reason: "revoked", detail: /b\.lano was revoked/ });
  t.ok(performance.now() - started < 1000, "within a second");
  t.equal((await app.inject({ url: "/api/v1/streams/case-C001" })).statusCode, 401, "no token: 401");
});

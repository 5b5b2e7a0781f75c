/**
 * The demo sign-in link carries its access code in the query string: the code reaches no log line —
 * fastify's request log, the refusal log, the access log.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Writable } from "node:stream";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import t from "tap";
import { evidenceProjection } from "../../projections/evidence.js";
import { openAccessLog } from "../../src/access/accessLog.js";
import { buildApp } from "../../src/http/app.js";
import { ProjectionRunner } from "../../src/runner/runner.js";
import { openSnapshotStore } from "../../src/runner/snapshots.js";
import { openSqliteStore } from "../../src/store/sqlite.js";

const CODE = "redaction-test-access-code-0123456789abcdef";

t.test("the sign-in link's code never reaches a log line", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "send-redact-"));
  const store = openSqliteStore(join(dir, "events.db"));
  const snapshots = openSnapshotStore(join(dir, "projections.db"));
  const runner = new ProjectionRunner(store, evidenceProjection, snapshots);
  await runner.start();
  const accessLog = openAccessLog(join(dir, "access-log.db"));
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  const app = await buildApp({
    store,
    runner,
    accessLog,
    tokens: new Map([[CODE, { actor: "redact.lano", role: "lano" as const }]]),
    today: () => "2026-11-23",
    logLevel: "info",
    logStream,
  });
  // Whatever logs a request object (fastify's 5xx log does) goes through the logger's `req` serializer.
  app.addHook("onResponse", async (request) => request.log.info({ req: request }, "test: the request"));
  t.teardown(async () => {
    await runner.stop();
    snapshots.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // The printed link, opened; then signing in with the form, as the page does.
  const link = await app.inject({ url: `/sign-in?code=${CODE}`, headers: { accept: "text/html" } });
  t.equal(link.statusCode, 200);
  t.match(link.body, `value="${CODE}"`, "the page fills the code in");
  const cookie = String(link.headers["set-cookie"]).split(";")[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(link.body)![1]!;
  const signedIn = await app.inject({
    method: "POST",
    url: `/sign-in?code=${CODE}`,
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    payload: new URLSearchParams({ _csrf: csrf, code: CODE }).toString(),
  });
  t.equal(signedIn.statusCode, 303);
  const session = String(signedIn.headers["set-cookie"]).split(";")[0]!;
  // A read that the access log records, with the code pasted into its query too.
  const annexA = await app.inject({ url: `/annex-a.xlsx?code=${CODE}`, headers: { cookie: session } });
  t.equal(annexA.statusCode, 200);
  // Refused: a bearer API call with the code in the query and a bad token (the refusal log).
  const refused = await app.inject({
    url: `/api/v1/streams/case-C000001?code=${CODE}&access_token=${CODE}`,
    headers: { authorization: "Bearer not-a-token" },
  });
  t.equal(refused.statusCode, 401);
  await app.close();
  accessLog.close();

  t.equal(lines.filter((l) => l.includes('"request completed"')).length, 3, "one line per request served");
  const logged = lines.filter((l) => l.includes('"test: the request"'));
  t.equal(logged.length, 4, "every request, as the logger serializes it");
  t.match(JSON.parse(logged[0]!), { req: { method: "GET", url: "/sign-in?code=[redacted]" } });
  t.match(JSON.parse(logged[3]!), {
    req: { url: "/api/v1/streams/case-C000001?code=[redacted]&access_token=[redacted]" },
  });
  t.ok(
    lines.some((l) => l.includes("request refused")),
    "the refusal was logged",
  );
  t.notOk(
    lines.some((l) => l.includes(CODE)),
    "no application log line holds the code",
  );
  const db = new Database(join(dir, "access-log.db"), { readonly: true });
  const entries = db.prepare("SELECT * FROM entries").all();
  db.close();
  t.ok(entries.length >= 1, "the read is in the access log");
  t.notMatch(JSON.stringify(entries), CODE, "and the access log does not hold the code");
  t.notOk(readFileSync(join(dir, "access-log.db")).includes(CODE), "nor does its file");
});

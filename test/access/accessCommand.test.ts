import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t, { type Test } from "tap";
import { runAccessCommand } from "../../src/access/accessCommand.js";
import { openTokenStore } from "../../src/access/tokenStore.js";

const NOW = new Date("2026-11-23T12:00:00Z");

function cli(t: Test) {
  const root = mkdtempSync(join(tmpdir(), "send-access-cli-"));
  const dir = join(root, "data");
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const out: string[] = [];
  const err: string[] = [];
  const run = (...argv: string[]) =>
    runAccessCommand(
      argv,
      dir,
      (l) => out.push(l),
      (l) => err.push(l),
      NOW,
    );
  return { dir, out, err, run };
}

t.test("grant prints the token alone on its last line, once; only its hash is stored", async (t) => {
  const { dir, out, run } = cli(t);
  t.equal(
    run(
      "grant",
      "--actor",
      "j.smith",
      "--role",
      "inspector",
      "--inspection",
      "INS-1",
      "--expires",
      "2027-01-31T17:00:00Z",
    ),
    0,
  );
  const token = out.at(-1)!;
  t.match(token, /^[A-Za-z0-9_-]{43}$/, "32 random bytes as base64url");
  t.match(out.at(-2), /Granted inspector j\.smith for inspection INS-1 until 2027-01-31T17:00:00\.000Z/);
  t.equal(statSync(dir).mode & 0o777, 0o700);
  t.equal(statSync(join(dir, "access.db")).mode & 0o777, 0o600);
  const bytes = readFileSync(join(dir, "access.db"));
  t.equal(bytes.includes(Buffer.from(token)), false, "the token is not in the file");
  const store = openTokenStore(join(dir, "access.db"));
  t.teardown(() => store.close());
  t.same(store.find(token, NOW), {
    actor: "j.smith",
    role: "inspector",
    inspectionId: "INS-1",
    expiresAt: "2027-01-31T17:00:00.000Z",
    createdAt: NOW.toISOString(),
    lastUsedAt: NOW.toISOString(),
  });

  out.length = 0;
  t.equal(run("list"), 0);
  t.equal(out[0], "actor\trole\tscope\texpires\tlast used\tstatus");
  t.match(
    out[1],
    /^j\.smith\tinspector\tinspection INS-1\t2027-01-31T17:00:00\.000Z\t2026-11-23T12:00:00\.000Z\tlive$/,
  );
  t.equal(out.join("\n").includes(token), false, "list never shows a token");

  t.equal(run("revoke", "--actor", "j.smith"), 0);
  t.match(out.at(-1), /Revoked 1 token/);
  t.ok(store.find(token, NOW)?.revokedAt, "the running server's next look-up sees the revocation");
  t.equal(run("revoke", "--actor", "j.smith"), 1, "nothing left to revoke");
  out.length = 0;
  run("list");
  t.match(out[1], /\trevoked 2026-11-23T12:00:00\.000Z$/);
});

t.test("list says which principals have expired", async (t) => {
  const { dir, out, run } = cli(t);
  t.equal(run("grant", "--actor", "temp", "--role", "officer", "--expires", "2026-11-23T12:00:01Z"), 0);
  const lines: string[] = [];
  const later = new Date("2026-11-24T00:00:00Z");
  t.equal(
    runAccessCommand(
      ["list"],
      dir,
      (l) => lines.push(l),
      () => undefined,
      later,
    ),
    0,
  );
  t.match(lines[1], /^temp\tofficer\t-\t2026-11-23T12:00:01\.000Z\tnever\texpired$/);
  t.equal(out.length, 2, "grant printed its two lines and nothing else");
});

t.test("bad arguments: a clear error, exit code 1, nothing written", async (t) => {
  const { dir, err, run } = cli(t);
  const cases: [string[], RegExp][] = [
    [["grant", "--actor", "x", "--role", "superuser"], /--role: /],
    [
      ["grant", "--actor", "x", "--role", "inspector"],
      /--inspection: an inspector is bound to one inspection/,
    ],
    [["grant", "--actor", "x", "--role", "lano", "--inspection", "INS-1"], /only inspectors/],
    [["grant", "--actor", "x", "--role", "lano", "--expires", "tomorrow"], /--expires: /],
    [
      ["grant", "--actor", "x", "--role", "lano", "--expires", "2020-01-01T00:00:00Z"],
      /must be in the future/,
    ],
    [["grant", "--actor", " ", "--role", "lano"], /--actor: must not be empty/],
    [["grant", "--role", "lano"], /--actor: /],
    [["grant", "--actor", "x", "--role", "lano", "--colour", "red"], /Unknown option/],
    [["revoke"], /--actor: /],
    [["list", "--all", "x"], /Unknown option/],
  ];
  for (const [argv, message] of cases) {
    t.equal(run(...argv), 1, argv.join(" "));
    t.match(err.at(-1), message);
  }
  t.throws(() => statSync(dir), /ENOENT/, "no file was written");
  t.equal(run("rotate"), 2, "an unknown access command shows the usage");
  t.match(err.at(-1), /access grant --actor NAME --role ROLE/);
});

import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t, { type Test } from "tap";
import { loadSettings } from "../../src/config.js";
import { DEMO_INSPECTION, openPrincipals } from "../../src/demo/startup.js";
import { openTokenStore } from "../../src/access/tokenStore.js";

const fresh = (t: Test) => {
  const dir = join(mkdtempSync(join(tmpdir(), "send-start-")), "data");
  t.teardown(() => rmSync(join(dir, ".."), { recursive: true, force: true }));
  return dir;
};

t.test("development: demo principals made once, tokens handed back once, kept as hashes", async (t) => {
  const dir = fresh(t);
  const first = openPrincipals(loadSettings({ DATA_DIR: dir }));
  t.equal(first.created.length, 6, "one principal per demo person");
  t.equal(statSync(dir).mode & 0o777, 0o700, "DATA_DIR is 0700");
  t.equal(statSync(join(dir, "access.db")).mode & 0o777, 0o600, "access.db is 0600");
  const inspector = first.created.find((c) => c.who.role === "inspector")!;
  t.equal(inspector.who.inspectionId, DEMO_INSPECTION, "the demo inspector is bound to an inspection");
  for (const { token } of first.created) t.ok(token.length >= 43, "32 random bytes, base64url");
  first.store.close();
  const second = openPrincipals(loadSettings({ DATA_DIR: dir }));
  t.same(second.created, [], "a later start makes (and prints) nothing");
  t.equal(second.authenticator.find(inspector.token)?.actor, "demo.inspector", "the token still works");
  t.equal(second.authenticator.find("not-a-token"), undefined);
  second.store.close();
});

t.test("AUTH_TOKENS: no demo principals, and its tokens authenticate", async (t) => {
  const dir = fresh(t);
  const token = "operator-token-0123456789abcdefghijklmnop";
  const p = openPrincipals(
    loadSettings({ DATA_DIR: dir, AUTH_TOKENS: JSON.stringify({ [token]: { actor: "ci", role: "admin" } }) }),
  );
  t.teardown(() => p.store.close());
  t.same(p.created, []);
  t.equal(p.authenticator.find(token)?.actor, "ci");
  t.throws(
    () => loadSettings({ AUTH_TOKENS: JSON.stringify({ short: { actor: "a", role: "admin" } }) }),
    /32/,
  );
});

t.test("production refuses to start without principals and never makes demo ones", async (t) => {
  const dir = fresh(t);
  const settings = loadSettings({ DATA_DIR: dir, NODE_ENV: "production" });
  t.throws(() => openPrincipals(settings), /No principals are configured/);
  const store = openTokenStore(join(dir, "access.db"));
  store.grant({ actor: "dpo", role: "admin" });
  store.close();
  const p = openPrincipals(settings);
  t.same(p.created, [], "no demo principal in production");
  p.store.close();
});

t.test(
  "production with single sign-on starts without a granted principal: staff come in through it",
  async (t) => {
    const settings = loadSettings({
      DATA_DIR: fresh(t),
      NODE_ENV: "production",
      OIDC_ISSUER: "https://login.microsoftonline.com/0b1e6a52-0000-4000-8000-000000000001/v2.0",
      OIDC_CLIENT_ID: "2c7f9a10-0000-4000-8000-000000000002",
      OIDC_CLIENT_SECRET: "a client secret",
      OIDC_ROLE_MAP: '{"5e2b0000-admins": "admin"}',
      PUBLIC_BASE_URL: "https://send.fernbrook.example",
    });
    const p = openPrincipals(settings);
    t.same(p.created, [], "and still no demo principal");
    p.store.close();
  },
);

t.test("a plain-text tokens.json of an older version becomes hashes and is deleted", async (t) => {
  const dir = fresh(t);
  mkdirSync(dir);
  const token = "legacy-token-0123456789abcdef";
  writeFileSync(join(dir, "tokens.json"), JSON.stringify({ [token]: { actor: "old.lano", role: "lano" } }));
  const p = openPrincipals(loadSettings({ DATA_DIR: dir }));
  t.teardown(() => p.store.close());
  t.same(p.created, [], "an adopted principal means no demo ones");
  t.equal(p.authenticator.find(token)?.actor, "old.lano");
  t.throws(() => statSync(join(dir, "tokens.json")), /ENOENT/, "the plain-text file is gone");
});

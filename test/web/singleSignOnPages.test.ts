/**
 * Single sign-on's pages without a browser, against the real provider: the authorisation request (code,
 * PKCE S256, state, nonce), and every way a callback is refused — no such state, too late, the provider's
 * error, a refused consent, a code the provider does not know — each a problem page with nobody signed
 * in. Not set up, or the provider unreachable: pages that say so. Every sign-in is logged, never a code.
 */
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import t from "tap";
import { actorOf, noRoleDetail, PENDING_MS } from "../../src/web/singleSignOnPages.js";
import { afterSignOutUrl } from "../../src/web/singleSignOn.js";
import { CODES, TODAY, webHarness } from "./harness.js";
import { appSingleSignOn, CLIENT_ID, freePort, startProvider } from "./oidcProvider.js";

const APP = "http://127.0.0.1:3999";

/** A browser's cookie jar of one, and the CSRF token last seen. */
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
    post: async (url: string, fields: Record<string, string>) =>
      remember(
        await app.inject({
          method: "POST",
          url,
          headers: { "content-type": "application/x-www-form-urlencoded", cookie },
          payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
        }),
      ),
    /** Off to the provider: the state this session now waits for. */
    start: async function () {
      const res = await this.get("/sign-in/oidc");
      return new URL(String(res.headers.location)).searchParams.get("state")!;
    },
  };
}

const logTo = (lines: string[]) =>
  new Writable({
    write: (chunk: Buffer, _enc, done) => {
      lines.push(chunk.toString());
      done();
    },
  });

t.test("not set up: no council button, and its addresses say so", async (t) => {
  const { app } = await webHarness(t);
  const v = visitor(app);
  t.notMatch((await v.get("/sign-in")).body, /council account<\/a>|Sign in with your council account/);
  for (const path of ["/sign-in/oidc", "/sign-in/oidc/callback?code=x&state=y"]) {
    const res = await v.get(path);
    t.equal(res.statusCode, 404, path);
    t.match(res.body, /Single sign-on is not set up/);
  }
});

t.test("the provider cannot be reached: the button stays, and a page says to try later", async (t) => {
  const sso = appSingleSignOn(`http://127.0.0.1:${await freePort()}`, APP);
  await t.rejects(sso.ready(), "discovery fails");
  const { app } = await webHarness(t, { singleSignOn: sso });
  const v = visitor(app);
  t.match((await v.get("/sign-in")).body, /Sign in with your council account/);
  const res = await v.get("/sign-in/oidc");
  t.equal(res.statusCode, 503);
  t.match(res.body, /Council sign-in is not available/);
  t.equal(sso.signOutUrl(), undefined, "no provider known: signing out stays here");
});

t.test("the authorisation request, and every refused answer", async (t) => {
  const { issuer } = await startProvider(t, APP);
  const sso = appSingleSignOn(issuer, APP);
  await sso.ready();
  let now = new Date(`${TODAY}T12:00:00Z`);
  const log: string[] = [];
  const { app, store } = await webHarness(t, { singleSignOn: sso, now: () => now, logStream: logTo(log) });
  const before = (await store.head()).position;

  const csp = String((await app.inject({ url: "/sign-in" })).headers["content-security-policy"]);
  t.match(csp, `form-action 'self' ${new URL(issuer).origin}`, "the sign-out form may lead to the provider");

  const v = visitor(app);
  const started = await v.get("/sign-in/oidc");
  t.equal(started.statusCode, 303);
  const asked = new URL(String(started.headers.location));
  t.equal(asked.origin, new URL(issuer).origin, "off to the provider");
  const param = (name: string) => asked.searchParams.get(name);
  t.same(
    [param("response_type"), param("client_id"), param("redirect_uri"), param("scope")],
    ["code", CLIENT_ID, `${APP}/sign-in/oidc/callback`, "openid profile email"],
  );
  t.equal(param("code_challenge_method"), "S256");
  t.ok((param("code_challenge") ?? "").length >= 43, "a PKCE challenge");
  t.ok(param("state") && param("nonce") && param("state") !== param("nonce"), "a state and a nonce");
  t.not(await v.start(), param("state"), "a new state for each sign-in");

  const refused = async (query: string, status: number, says: RegExp, what: string) => {
    const res = await v.get(`/sign-in/oidc/callback?${query}`);
    t.equal(res.statusCode, status, what);
    t.match(res.body, says, what);
    t.equal((await v.get("/readiness")).headers.location, "/sign-in", `${what}: nobody signed in`);
  };
  const iss = `iss=${encodeURIComponent(issuer)}`;
  await refused("code=abc", 400, /Sign-in could not be finished/, "no state");
  const bare = await v.get("/sign-in/oidc/callback");
  t.equal(bare.statusCode, 400, "no answer at all");
  await refused(
    `error=temporarily_unavailable&state=${await v.start()}&${iss}`,
    400,
    /answered: temporarily_unavailable/,
    "the provider's error without a description",
  );
  await refused(
    `code=abc&state=made-up&${iss}`,
    400,
    /not started from this browser/,
    "a state never issued",
  );
  await refused(
    `error=access_denied&state=${await v.start()}&${iss}`,
    403,
    /You did not sign in/,
    "consent refused",
  );
  await refused(
    `error=server_error&error_description=The+directory+is+down&state=${await v.start()}&${iss}`,
    400,
    /answered: The directory is down/,
    "the provider's error",
  );
  await refused(
    `code=not-a-code&state=${await v.start()}&${iss}`,
    502,
    /did not answer as expected/,
    "a code it did not issue",
  );
  const late = await v.start();
  now = new Date(now.getTime() + PENDING_MS + 1);
  await refused(`code=abc&state=${late}&${iss}`, 400, /took longer than 10 minutes/, "too late");

  const first = await v.start();
  for (let i = 0; i < 3; i++) await v.start();
  await refused(
    `error=access_denied&state=${first}&${iss}`,
    400,
    /not started/,
    "only the last three are kept",
  );

  t.equal((await store.head()).position, before, "nothing appended");
  t.ok(
    log.some((l) => l.includes("sign-in refused by the provider")),
    "refusals are logged",
  );

  // An access code is logged as a sign-in too: who, as what, how — never the code.
  await v.get("/sign-in");
  t.equal((await v.post("/sign-in", { code: CODES.officer })).statusCode, 303);
  const line = log.find((l) => l.includes('"msg":"signed in"'));
  t.match(JSON.parse(line!), { actor: "web.officer", role: "officer", method: "accessCode" });
  t.notOk(log.join("").includes(CODES.officer), "the access code is not in the log");
  await v.get("/readiness"); // a signed-in page: its sign-out form's CSRF token
  t.equal((await v.post("/sign-out", {})).headers.location, "/sign-in", "an access code's session ends here");
});

t.test("who a person is recorded as, and why they have no role", async (t) => {
  const claims = (c: Record<string, unknown>) => ({ subject: "sub-123", claims: c });
  t.equal(
    actorOf(claims({ preferred_username: " j.smith@council.example ", email: "x@y" })),
    "j.smith@council.example",
  );
  t.equal(
    actorOf(claims({ preferred_username: "", email: "j.smith@council.example" })),
    "j.smith@council.example",
  );
  t.equal(actorOf(claims({ preferred_username: 42, email: "a".repeat(121) })), "sub-123", "else the subject");
  t.equal(
    actorOf(claims(JSON.parse('{"__proto__": {"email": "evil"}}') as Record<string, unknown>)),
    "sub-123",
  );
  t.match(noRoleDetail({ missing: "absent", claim: "groups" }), /did not include the "groups" claim/);
  t.match(noRoleDetail({ missing: "tooMany", claim: "groups" }), /more groups than its sign-in can list/);
  t.match(
    noRoleDetail({ missing: "unmapped", claim: "roles", values: ["a", "b"] }),
    /"roles" claim holds 2 values/,
  );
  const sso = appSingleSignOn("https://login.example/tenant/v2.0", "https://intranet.example/send");
  t.equal(afterSignOutUrl(sso.settings).href, "https://intranet.example/send/sign-in");
});

/**
 * Council staff sign in with their council account, in Chromium, against a real OpenID provider started
 * here (oidc-provider: its own login and consent pages): the LANO lands on the readiness page; an account
 * whose groups map to no role gets a 403 page naming the claim; a tampered `state` is refused and signs
 * nobody in; signing out ends the session here and at the provider. Axe on every page of the app reached.
 */
import { Writable } from "node:stream";
import type { Page } from "playwright-core";
import t from "tap";
import { check, launch, noBrowser } from "./browser.js";
import { webHarness } from "./harness.js";
import { appSingleSignOn, freePort, startProvider } from "./oidcProvider.js";

t.setTimeout(300_000);

/** The provider's development pages: type a login (any password), then agree to share the claims. */
async function atProvider(page: Page, login: string) {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click();
}

const why = noBrowser();
if (why) t.comment(`browser tests not run: ${why}`);
else
  t.test("council staff sign in with their council account", async (t) => {
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    const { issuer } = await startProvider(t, appUrl);
    const sso = appSingleSignOn(issuer, appUrl);
    await sso.ready();
    const log: string[] = [];
    const logStream = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        log.push(chunk.toString());
        done();
      },
    });
    const { url } = await webHarness(t, { listen: true, port, singleSignOn: sso, logStream });
    t.equal(url, appUrl);
    const browser = await launch(t);

    t.test("the LANO signs in, lands on readiness, and signs out", async (t) => {
      const context = await browser.newContext();
      t.teardown(() => context.close());
      const page = await context.newPage();
      await page.goto(`${url}/sign-in`);
      await check(t, page, "oidc-1-sign-in");
      await page.getByRole("button", { name: "Sign in with your council account" }).click();
      await page.waitForURL(`${issuer}/**`);
      await atProvider(page, "lano.person");
      await page.waitForURL(`${url}/readiness`);
      t.match(await page.locator("h1").innerText(), /Inspection readiness/);
      t.match(
        await page.locator("body").innerText(),
        /Signed in as lano\.person@fernbrook\.example \(lano\)/,
        "signed in as the LANO, by their username",
      );
      await check(t, page, "oidc-2-readiness");
      const signedIn = log.filter((l) => l.includes('"msg":"signed in"'));
      t.equal(signedIn.length, 1, "the sign-in is logged");
      t.match(JSON.parse(signedIn[0]!), {
        actor: "lano.person@fernbrook.example",
        role: "lano",
        method: "singleSignOn",
        subject: "lano.person",
      });
      t.notMatch(log.join(""), /"(code|id_token|access_token)"/, "no token or code in the log");

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL(`${issuer}/**`);
      // The provider asks whether to sign out of it as well, then sends the person back to sign-in.
      await page.locator('button[value="yes"]').click();
      await page.waitForURL(`${url}/sign-in`);
      await check(t, page, "oidc-3-signed-out");
      await page.goto(`${url}/readiness`);
      t.equal(new URL(page.url()).pathname, "/sign-in", "signed out: readiness asks to sign in");
      t.ok(
        log.some((l) => l.includes('"msg":"signed out"') && l.includes('"method":"singleSignOn"')),
        "the sign-out is logged",
      );
    });

    t.test("an account whose groups map to no role is refused, naming the claim", async (t) => {
      const context = await browser.newContext();
      t.teardown(() => context.close());
      const page = await context.newPage();
      await page.goto(`${url}/sign-in`);
      await page.getByRole("button", { name: "Sign in with your council account" }).click();
      await page.waitForURL(`${issuer}/**`);
      const answered = page.waitForResponse((r) => r.url().startsWith(`${url}/sign-in/oidc/callback`));
      await atProvider(page, "no.groups");
      t.equal((await answered).status(), 403);
      const main = await page.locator("main").innerText();
      t.match(main, /You cannot use this service yet/);
      t.match(main, /"groups" claim holds 1 value, none of which this service maps to a role/);
      await check(t, page, "oidc-4-no-role");
      await page.goto(`${url}/readiness`);
      t.equal(new URL(page.url()).pathname, "/sign-in", "nobody signed in");
    });

    t.test("a tampered state is refused and signs nobody in", async (t) => {
      const context = await browser.newContext();
      t.teardown(() => context.close());
      const page = await context.newPage();
      // The authorisation request this browser's session started (its cookie), sent with another state:
      // the provider hands that state back on the callback, as an attacker's link would.
      const started = await page.request.get(`${url}/sign-in/oidc`, { maxRedirects: 0 });
      const asked = new URL(started.headers().location!);
      t.ok(asked.searchParams.get("state"), "the session's own state");
      asked.searchParams.set("state", "an-attackers-state");
      await page.goto(asked.href);
      const answered = page.waitForResponse((r) => r.url().startsWith(`${url}/sign-in/oidc/callback`));
      await atProvider(page, "lano.person");
      const refused = await answered;
      t.match(refused.url(), /state=an-attackers-state/, "the provider handed the tampered state back");
      t.equal(refused.status(), 400, "a state this session did not start: 400");
      t.match(await page.locator("main").innerText(), /Sign-in could not be finished/);
      await check(t, page, "oidc-5-tampered-state");
      await page.goto(`${url}/readiness`);
      t.equal(new URL(page.url()).pathname, "/sign-in", "nobody signed in");
    });

    t.test("the provider's answer signs in once: the same answer again is refused", async (t) => {
      const context = await browser.newContext();
      t.teardown(() => context.close());
      const page = await context.newPage();
      await page.goto(`${url}/sign-in`);
      const answer = page.waitForRequest((r) => r.url().startsWith(`${url}/sign-in/oidc/callback`));
      await page.getByRole("button", { name: "Sign in with your council account" }).click();
      await atProvider(page, "lano.person");
      await page.waitForURL(`${url}/readiness`);
      const replayed = await page.goto((await answer).url());
      t.equal(replayed?.status(), 400, "replayed: 400");
      t.match(await page.locator("main").innerText(), /not started from this browser/);
    });
  });

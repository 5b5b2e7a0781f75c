/**
 * The single sign-on settings: all or nothing, a redirect address given or derived, TLS to the provider
 * (plain http only on this machine), a role map that is valid JSON of known roles — each mistake a
 * start-up error naming the setting.
 */
import t from "tap";
import { loadSettings, singleSignOnSettings } from "../src/config.js";

const SSO = {
  OIDC_ISSUER: "https://login.microsoftonline.com/0b1e6a52-0000-4000-8000-000000000001/v2.0",
  OIDC_CLIENT_ID: "2c7f9a10-0000-4000-8000-000000000002",
  OIDC_CLIENT_SECRET: "a client secret",
  OIDC_ROLE_MAP: '{"6f1c2a4e-0b7d-4c1e-9a53-2d8f0e7b4c11": "lano", "9d0e": "auditor"}',
  PUBLIC_BASE_URL: "https://send.fernbrook.example/",
};

/** The start-up error for these settings. */
const failure = (env: Record<string, string>) => {
  try {
    loadSettings(env);
  } catch (err) {
    return (err as Error).message;
  }
  return "started";
};

t.test("without OIDC_* settings there is no single sign-on", async (t) => {
  t.equal(singleSignOnSettings(loadSettings({})), undefined);
});

t.test("set up: the redirect derived from PUBLIC_BASE_URL, the claim and scopes defaulted", async (t) => {
  const sso = singleSignOnSettings(loadSettings(SSO))!;
  t.equal(sso.redirectUrl.href, "https://send.fernbrook.example/sign-in/oidc/callback");
  t.equal(sso.roleClaim, "groups");
  t.equal(sso.scopes, "openid profile email");
  t.equal(sso.roleMap.get("6f1c2a4e-0b7d-4c1e-9a53-2d8f0e7b4c11"), "lano");
  t.equal(sso.issuer.hostname, "login.microsoftonline.com");
  const own = singleSignOnSettings(
    loadSettings({
      ...SSO,
      OIDC_REDIRECT_URL: "https://intranet.fernbrook.example/send/sign-in/oidc/callback",
      OIDC_ROLE_CLAIM: "roles",
      OIDC_SCOPES: "  openid   profile ",
    }),
  )!;
  t.equal(own.redirectUrl.pathname, "/send/sign-in/oidc/callback", "a reverse proxy's path is kept");
  t.equal(own.roleClaim, "roles");
  t.equal(own.scopes, "openid profile");
  const local = loadSettings({ ...SSO, OIDC_ISSUER: "http://127.0.0.1:9000" });
  t.equal(singleSignOnSettings(local)?.issuer.protocol, "http:", "plain http to this machine only");
});

t.test("each mistake is a start-up error naming the setting", async (t) => {
  const without = (key: keyof typeof SSO) =>
    Object.fromEntries(Object.entries(SSO).filter(([k]) => k !== key));
  t.match(failure(without("OIDC_CLIENT_SECRET")), /OIDC_CLIENT_SECRET: is required for single sign-on/);
  t.match(failure(without("OIDC_ROLE_MAP")), /OIDC_ROLE_MAP: is required for single sign-on/);
  t.match(failure({ OIDC_CLIENT_ID: "x" }), /OIDC_ISSUER: is required[^]*OIDC_CLIENT_SECRET: is required/);
  t.match(
    failure(without("PUBLIC_BASE_URL")),
    /OIDC_REDIRECT_URL: is required .* when PUBLIC_BASE_URL is not set/,
  );
  t.match(failure({ ...SSO, OIDC_ISSUER: "http://idp.fernbrook.example" }), /OIDC_ISSUER: must be an https/);
  t.match(failure({ ...SSO, OIDC_ISSUER: "not a url" }), /OIDC_ISSUER:/);
  t.match(failure({ ...SSO, OIDC_REDIRECT_URL: "not a url" }), /OIDC_REDIRECT_URL:/);
  t.match(
    failure({ ...SSO, OIDC_REDIRECT_URL: "https://send.fernbrook.example/callback" }),
    /OIDC_REDIRECT_URL: must end with \/sign-in\/oidc\/callback/,
  );
  t.match(failure({ ...SSO, OIDC_SCOPES: "profile email" }), /OIDC_SCOPES: must include openid/);
  t.match(failure({ ...SSO, OIDC_ROLE_CLAIM: " " }), /OIDC_ROLE_CLAIM:/);
  t.match(failure({ ...SSO, OIDC_ROLE_MAP: "{lano}" }), /OIDC_ROLE_MAP: is not JSON/);
  t.match(failure({ ...SSO, OIDC_ROLE_MAP: '["lano"]' }), /OIDC_ROLE_MAP: must be a JSON object/);
  t.match(
    failure({ ...SSO, OIDC_ROLE_MAP: '{"g1": "inspector"}' }),
    /OIDC_ROLE_MAP: the role for "g1" must be one of admin, lano, officer, auditor/,
  );
  t.match(failure({ ...SSO, OIDC_ROLE_MAP: '{"g1": "Lano"}' }), /OIDC_ROLE_MAP: the role for "g1"/);
});

t.test("SESSION_SECRET: optional, and at least 32 characters when set", async (t) => {
  t.equal(loadSettings({}).SESSION_SECRET, undefined);
  const secret = "a-session-secret-of-at-least-32-characters";
  t.equal(loadSettings({ SESSION_SECRET: secret }).SESSION_SECRET, secret);
  t.match(failure({ SESSION_SECRET: "short" }), /SESSION_SECRET/);
});

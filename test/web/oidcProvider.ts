/**
 * A real OpenID provider for the single sign-on tests (oidc-provider, its development login and consent
 * pages), on 127.0.0.1 at a random port: one confidential client (client_secret_basic, PKCE required)
 * whose redirect is the app's callback, and a few council accounts with their `groups` claim.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import type { Test } from "tap";
import { loadSettings, singleSignOnSettings } from "../../src/config.js";
import { singleSignOn } from "../../src/web/singleSignOn.js";

export const CLIENT_ID = "send-evidence-store";
export const CLIENT_SECRET = "test-client-secret-0123456789abcdefghij";
/** An Entra ID style group id that the app maps to the LANO. */
export const LANO_GROUP = "6f1c2a4e-0b7d-4c1e-9a53-2d8f0e7b4c11";

/** The accounts the provider knows, by the login typed on its page: their claims besides `sub`. */
export const ACCOUNTS = new Map<string, Record<string, unknown>>([
  [
    "lano.person",
    {
      groups: ["0c9e-not-mapped", LANO_GROUP],
      preferred_username: "lano.person@fernbrook.example",
      email: "lano.person@fernbrook.example",
    },
  ],
  ["no.groups", { groups: ["a-group-nobody-mapped"], preferred_username: "no.groups@fernbrook.example" }],
]);

const listening = async (server: Server, port = 0) => {
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
};

/** A port free just now, for the app (the provider must know the app's callback before it starts). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listening(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startProvider(t: Test, appUrl: string) {
  const server = createServer();
  const issuer = `http://127.0.0.1:${await listening(server)}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${appUrl}/sign-in/oidc/callback`],
        post_logout_redirect_uris: [`${appUrl}/sign-in`],
        token_endpoint_auth_method: "client_secret_basic",
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    claims: {
      openid: ["sub", "groups"],
      profile: ["preferred_username", "name"],
      email: ["email"],
    },
    // The claims the scopes ask for go in the ID token, as Entra ID puts `groups` there.
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, ...(ACCOUNTS.get(sub) ?? {}) }),
    }),
    cookies: { keys: ["a-test-provider-cookie-key-0123456789"] },
  });
  server.on("request", provider.callback());
  t.teardown(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { issuer, provider };
}

/** The app's single sign-on from the settings an operator would set, against this provider. */
export const appSingleSignOn = (issuer: string, appUrl: string, env: Record<string, string> = {}) =>
  singleSignOn(
    singleSignOnSettings(
      loadSettings({
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_REDIRECT_URL: `${appUrl}/sign-in/oidc/callback`,
        OIDC_ROLE_MAP: JSON.stringify({ [LANO_GROUP]: "lano", "auditors-group": "auditor" }),
        ...env,
      }),
    )!,
  );

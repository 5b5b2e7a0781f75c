/**
 * The council's OpenID provider (e.g. Entra ID), through openid-client: discovery, the authorisation
 * request (code + PKCE S256, with state and nonce), the code exchange with the ID token checked (issuer,
 * audience, signature, nonce, expiry: openid-client does it), and the provider's sign-out address. Holds no
 * session and keeps no token: the pages (singleSignOnPages.ts) keep the pending checks in the session and
 * only the principal's facts once signed in.
 */
import * as oidc from "openid-client";
import { CALLBACK_PATH, type SingleSignOnSettings } from "../config.js";

/** What the session keeps between sending someone to the provider and their coming back. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  startedAt: number;
}

/** A sign-in the provider vouched for: the ID token's claims (never the token). */
export interface ProviderSignIn {
  subject: string;
  claims: Record<string, unknown>;
}

export interface SingleSignOn {
  settings: SingleSignOnSettings;
  /** Discovery: once when it succeeds; a failure is retried by the next call. */
  ready(): Promise<void>;
  /** Where to send someone to sign in, and what to keep in their session until they come back. */
  start(now: number): Promise<{ url: URL; pending: PendingSignIn }>;
  /** The provider's answer (the callback's query string) checked against what the session kept. */
  finish(query: string, pending: PendingSignIn): Promise<ProviderSignIn>;
  /** The provider's end-session address (back to our sign-in page after), if it offers one. */
  signOutUrl(): URL | undefined;
}

/** Where the provider sends people after signing out of it: this service's sign-in page. */
export const afterSignOutUrl = (settings: SingleSignOnSettings) => {
  const url = new URL(settings.redirectUrl);
  url.pathname = url.pathname.slice(0, -CALLBACK_PATH.length) + "/sign-in";
  url.search = "";
  return url;
};

export function singleSignOn(settings: SingleSignOnSettings): SingleSignOn {
  let discovered: Promise<oidc.Configuration> | undefined;
  let config: oidc.Configuration | undefined;
  const discover = () => {
    discovered ??= oidc
      .discovery(
        settings.issuer,
        settings.clientId,
        undefined,
        oidc.ClientSecretBasic(settings.clientSecret),
        // Plain http only for a provider on this machine (config.ts allows no other): a test's.
        settings.issuer.protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .then(
        (c) => (config = c),
        (err: unknown) => {
          discovered = undefined;
          throw err;
        },
      );
    return discovered;
  };
  return {
    settings,
    ready: async () => {
      await discover();
    },
    start: async (now) => {
      const c = await discover();
      const pending: PendingSignIn = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
        startedAt: now,
      };
      const url = oidc.buildAuthorizationUrl(c, {
        redirect_uri: settings.redirectUrl.href,
        scope: settings.scopes,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: "S256",
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url, pending };
    },
    finish: async (query, pending) => {
      const c = await discover();
      const current = new URL(settings.redirectUrl);
      current.search = query;
      const tokens = await oidc.authorizationCodeGrant(c, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      return { subject: claims.sub, claims: { ...claims } };
    },
    signOutUrl: () => {
      if (!config?.serverMetadata().end_session_endpoint) return undefined;
      return oidc.buildEndSessionUrl(config, {
        post_logout_redirect_uri: afterSignOutUrl(settings).href,
      });
    },
  };
}

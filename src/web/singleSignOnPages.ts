/**
 * Signing council staff in with their council account: `/sign-in/oidc` sends them to the provider with a
 * fresh state, nonce and PKCE verifier kept in the session; `/sign-in/oidc/callback` checks the answer
 * against them, maps the role claim and signs the session in (a new session id) as the role's home.
 * Anything else — a state this session did not start, the provider's error or a refused consent, a claim
 * that maps to no role — is a problem page and signs nobody in. Served (404 page) when single sign-on is
 * not set up, so the access matrix has the same rows everywhere.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import * as oidc from "openid-client";
import { principal } from "../access/principal.js";
import { type RoleFromClaims, roleFromClaims } from "../access/roleMap.js";
import { problemPage } from "./problemPage.js";
import { homeOf, type SessionLimits, type SessionPrincipal } from "./session.js";
import type { PendingSignIn, ProviderSignIn, SingleSignOn } from "./singleSignOn.js";

declare module "fastify" {
  interface Session {
    /** Sign-ins sent to the provider and not back yet (a few, so two tabs do not trip each other). */
    signingIn?: PendingSignIn[];
  }
}

/** How long someone may take at the provider before their sign-in must start again. */
export const PENDING_MS = 10 * 60_000;
const KEPT = 3;

export interface SingleSignOnPagesOptions {
  singleSignOn?: SingleSignOn;
  limits: SessionLimits;
  now: () => Date;
}

/** The name a person is recorded by: their username or email if usable, else the provider's `sub`. */
export function actorOf(signIn: ProviderSignIn): string {
  for (const claim of ["preferred_username", "email"]) {
    const value = Object.hasOwn(signIn.claims, claim) ? signIn.claims[claim] : undefined;
    if (principal.shape.actor.safeParse(value).success) return (value as string).trim();
  }
  return signIn.subject.slice(0, 120);
}

/** Why someone with no mapped role cannot come in, naming the claim (never its values). */
export function noRoleDetail(found: Exclude<RoleFromClaims, { role: unknown }>): string {
  if (found.missing === "tooMany")
    return `Your council account is in more groups than its sign-in can list, so the "${found.claim}" claim this service reads your role from was left out.`;
  return found.missing === "absent"
    ? `Your council account's sign-in did not include the "${found.claim}" claim this service reads your role from, so it cannot tell what you may see.`
    : `Your council account's "${found.claim}" claim holds ${found.values.length} value${found.values.length === 1 ? "" : "s"}, none of which this service maps to a role.`;
}

export function registerSingleSignOnPages(web: FastifyInstance, o: SingleSignOnPagesOptions) {
  const sso = o.singleSignOn;
  const notSetUp = (request: FastifyRequest, reply: FastifyReply) =>
    problemPage(
      reply,
      404,
      "Single sign-on is not set up",
      "This service does not sign council staff in with a council account yet. Sign in with an access code.",
      request,
    );

  web.get("/sign-in/oidc", async (request, reply) => {
    if (!sso) return notSetUp(request, reply);
    const now = o.now().getTime();
    let started: Awaited<ReturnType<SingleSignOn["start"]>>;
    try {
      started = await sso.start(now);
    } catch (err) {
      request.log.error({ err }, "single sign-on: the provider could not be reached");
      return problemPage(
        reply,
        503,
        "Council sign-in is not available",
        "The council's sign-in service cannot be reached just now. Try again later, or sign in with an access code.",
        request,
      );
    }
    const kept = (request.session.signingIn ?? []).filter((p) => now - p.startedAt < PENDING_MS);
    request.session.signingIn = [...kept.slice(-(KEPT - 1)), started.pending];
    return reply.redirect(started.url.href, 303);
  });

  web.get("/sign-in/oidc/callback", async (request, reply) => {
    if (!sso) return notSetUp(request, reply);
    const at = request.url.indexOf("?");
    const query = at < 0 ? "" : request.url.slice(at + 1);
    const state = new URLSearchParams(query).get("state");
    const now = o.now().getTime();
    const started = request.session.signingIn ?? [];
    const pending = started.find((p) => p.state === state && now - p.startedAt < PENDING_MS);
    if (!pending) {
      request.log.warn({ method: "singleSignOn" }, "sign-in refused: a state this session did not start");
      return problemPage(
        reply,
        400,
        "Sign-in could not be finished",
        "This sign-in was not started from this browser, or took longer than 10 minutes. Start again from the sign-in page.",
        request,
      );
    }
    // One answer per sign-in started: whatever happens next, it cannot be replayed.
    request.session.signingIn = started.filter((p) => p !== pending);
    let signIn: ProviderSignIn;
    try {
      signIn = await sso.finish(query, pending);
    } catch (err) {
      return providerProblem(request, reply, err);
    }
    const found = roleFromClaims(signIn.claims, sso.settings.roleClaim, sso.settings.roleMap);
    if (!("role" in found)) {
      request.log.warn(
        { method: "singleSignOn", subject: signIn.subject, claim: found.claim, missing: found.missing },
        "sign-in refused: no role",
      );
      return problemPage(reply, 403, "You cannot use this service yet", noRoleDetail(found), request);
    }
    const who: SessionPrincipal = {
      actor: actorOf(signIn),
      role: found.role,
      expiresAt: new Date(now + o.limits.absoluteMs).toISOString(),
      signedInAt: now,
      seenAt: now,
      method: "singleSignOn",
      subject: signIn.subject,
    };
    await request.session.regenerate();
    request.session.who = who;
    request.log.info(
      { actor: who.actor, role: who.role, method: who.method, subject: who.subject },
      "signed in",
    );
    return reply.redirect(homeOf(who.role), 303);
  });
}

/** The provider said no (an error, a refused consent) or answered what openid-client refuses. */
function providerProblem(request: FastifyRequest, reply: FastifyReply, err: unknown) {
  if (err instanceof oidc.AuthorizationResponseError) {
    request.log.warn({ method: "singleSignOn", error: err.error }, "sign-in refused by the provider");
    const denied = err.error === "access_denied";
    return problemPage(
      reply,
      denied ? 403 : 400,
      denied ? "You did not sign in" : "Sign-in could not be finished",
      denied
        ? "The council's sign-in service says you did not agree to sign in to this service. Start again from the sign-in page if you want to."
        : `The council's sign-in service answered: ${err.error_description ?? err.error}. Start again from the sign-in page.`,
      request,
    );
  }
  request.log.error({ err }, "single sign-on: the provider's answer was refused");
  return problemPage(
    reply,
    502,
    "Sign-in could not be finished",
    "The council's sign-in service did not answer as expected, so nobody has been signed in. Start again from the sign-in page; if it happens again, tell the service's administrator.",
    request,
  );
}

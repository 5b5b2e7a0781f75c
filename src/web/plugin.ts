/**
 * The web pages (GOV.UK Design System, server-rendered, working without JavaScript): nunjucks templates
 * with govuk-frontend's macros, its compiled CSS/JS/fonts/images served from the installed package,
 * sessions, CSRF on every form, and the access check for each page from the same matrix as the API.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import formbody from "@fastify/formbody";
import session from "@fastify/session";
import fastifyStatic from "@fastify/static";
import view from "@fastify/view";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import nunjucks from "nunjucks";
import type { ClockRules } from "../../projections/clocks.js";
import type { EvidenceState } from "../../projections/evidence.js";
import { authorise } from "../access/authorise.js";
import { routeResource, rowFor } from "../access/matrix.js";
import { type AccessOptions, contextBase } from "../http/auth.js";
import type { ProjectionRunner } from "../runner/runner.js";
import type { EventStore } from "../store/port.js";
import { registerAuditorPages } from "./auditorPages.js";
import type { PackWork } from "../packs/packWork.js";
import { registerCaseTrackingPages } from "./caseTrackingPages.js";
import { registerInspectorPages } from "./inspectorPages.js";
import { registerPackPages } from "./packPages.js";
import { registerPlanningPages } from "./planningPages.js";
import { problemPage } from "./problemPage.js";
import { registerReadinessPages } from "./readinessPages.js";
import { when } from "./when.js";
import { DEFAULT_LIMITS, homeOf, type SessionLimits, signedIn, signIn } from "./session.js";
import type { SingleSignOn } from "./singleSignOn.js";
import { registerSingleSignOnPages } from "./singleSignOnPages.js";

export interface WebOptions {
  access: AccessOptions;
  store: EventStore;
  runner: ProjectionRunner<EvidenceState>;
  today: () => string;
  production: boolean;
  timeZone: string;
  /** Building, issuing, fetching and verifying packs: the same work as the API's pack routes. */
  packs: PackWork;
  /** The statutory clocks' conventions (ANNUAL_REVIEW_RULE); the default when absent. */
  clockRules?: ClockRules;
  /** SESSION_SECRET (at least 32 characters); a random one per process when absent. */
  sessionSecret?: string;
  limits?: SessionLimits;
  /** Council staff's single sign-on (OIDC_*), when it is set up. */
  singleSignOn?: SingleSignOn;
}

const here = dirname(fileURLToPath(import.meta.url));
/** The templates beside this file, or (when running the build in dist/) in the source tree. */
const templates = [join(here, "templates"), join(here, "../../../src/web/templates")].find((d) =>
  existsSync(d),
)!;
/** govuk-frontend's dist folder (holding `govuk/`). */
const govukDist = join(dirname(createRequire(import.meta.url).resolve("govuk-frontend")), "..");

/**
 * GOV.UK Frontend's components, started. It marks a radio that reveals a question with aria-expanded,
 * which ARIA does not allow on a radio (govuk-frontend issue 979, a known axe failure): taken off again,
 * the revealed question still follows its radio in reading order.
 */
const INIT = `import { initAll } from "/javascripts/govuk-frontend.min.js";
initAll();
const strip = () =>
  document.querySelectorAll('input[type="radio"][aria-expanded]').forEach((r) => r.removeAttribute("aria-expanded"));
strip();
new MutationObserver(strip).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["aria-expanded"] });
`;

/** Static files and the view engine, at the root so the 404 handler can render a page too. */
export async function registerViews(app: FastifyInstance, timeZone = "Europe/London") {
  await app.register(view, {
    engine: { nunjucks },
    templates: [templates, govukDist],
    options: {
      autoescape: true,
      onConfigure: (env: nunjucks.Environment) =>
        env.addFilter("when", (iso: unknown) => when(iso, timeZone)),
    },
  });
  await app.register(fastifyStatic, {
    root: join(govukDist, "govuk/assets"),
    prefix: "/assets/",
    decorateReply: false,
  });
  // The compiled CSS and JS, read once: they change only with the installed package.
  const css = readFileSync(join(govukDist, "govuk/govuk-frontend.min.css"));
  const js = readFileSync(join(govukDist, "govuk/govuk-frontend.min.js"));
  app.get("/stylesheets/govuk-frontend.min.css", (_q, reply) => reply.type("text/css").send(css));
  app.get("/javascripts/govuk-frontend.min.js", (_q, reply) => reply.type("text/javascript").send(js));
  // Starts the components (conditional reveals, error summary focus, menus): a file, as the CSP allows.
  app.get("/javascripts/init.js", (_q, reply) => reply.type("text/javascript").send(INIT));
}

export async function registerWeb(app: FastifyInstance, o: WebOptions) {
  await app.register(async (web) => {
    await web.register(formbody);
    await web.register(cookie);
    await web.register(session, {
      secret: o.sessionSecret ?? randomBytes(32).toString("base64url"),
      cookieName: "sid",
      saveUninitialized: false,
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: "lax",
        secure: o.production,
        path: "/",
        maxAge: (o.limits ?? DEFAULT_LIMITS).idleMs,
      },
    });
    await web.register(csrf, { sessionPlugin: "@fastify/session" });
    const limits = o.limits ?? DEFAULT_LIMITS;

    // Every page: who is signed in (found again by the token's hash), then the access matrix decides.
    web.addHook("preHandler", async (request, reply) => {
      if (request.method === "POST") await csrfCheck(web, request, reply);
      if (reply.sent) return reply;
      const resource = routeResource(request.method, request.routeOptions.url ?? "");
      const row = rowFor.get(resource);
      if (!row?.page) return;
      const who = signedIn(request, o.access.authenticator, limits, o.access.now());
      if (!who) return reply.redirect("/sign-in", 303);
      request.principal = who;
      const params = (request.params ?? {}) as Record<string, unknown>;
      const decision = authorise(who, resource, {
        ...contextBase(o.access),
        ...(typeof params.caseId === "string" ? { caseIds: [params.caseId] } : {}),
      });
      if (!decision.allowed)
        return problemPage(reply, 403, "You cannot see this page", decision.detail, request);
    });

    web.get("/", async (request, reply) => {
      const who = signedIn(request, o.access.authenticator, limits, o.access.now());
      return reply.redirect(who ? homeOf(who.role) : "/sign-in", 303);
    });
    web.get("/sign-in", async (request, reply) => {
      const code = (request.query as Record<string, unknown>).code;
      return reply.view("sign-in.njk", {
        code: typeof code === "string" ? code : "",
        csrfToken: reply.generateCsrf(),
        singleSignOn: o.singleSignOn !== undefined,
      });
    });
    web.post("/sign-in", async (request, reply) => {
      const code = String((request.body as Record<string, unknown> | undefined)?.code ?? "").trim();
      const who = code ? signIn(o.access.authenticator, code, o.access.now()) : undefined;
      if (!who) {
        const message = code ? "That access code is not recognised" : "Enter your access code";
        return reply.code(400).view("sign-in.njk", {
          code: "",
          csrfToken: reply.generateCsrf(),
          singleSignOn: o.singleSignOn !== undefined,
          errors: [{ text: message, href: "#code" }],
          codeError: message,
        });
      }
      await request.session.regenerate();
      request.session.who = who;
      request.log.info({ actor: who.actor, role: who.role, method: who.method }, "signed in");
      return reply.redirect(homeOf(who.role), 303);
    });
    web.post("/sign-out", async (request, reply) => {
      const who = request.session.who;
      await request.session.destroy();
      if (who) request.log.info({ actor: who.actor, role: who.role, method: who.method }, "signed out");
      // Staff signed in by their council account are signed out of it too, if the provider offers that.
      const provider = who?.method === "singleSignOn" ? o.singleSignOn?.signOutUrl() : undefined;
      return reply.redirect(provider?.href ?? "/sign-in", 303);
    });
    registerSingleSignOnPages(web, {
      ...(o.singleSignOn ? { singleSignOn: o.singleSignOn } : {}),
      limits,
      now: o.access.now,
    });

    registerReadinessPages(web, o);
    registerInspectorPages(web, o);
    registerAuditorPages(web, o);
    registerCaseTrackingPages(web, o);
    registerPackPages(web, o);
    registerPlanningPages(web, o);
  });
}

/** A POST without the session's CSRF token is refused with a page, and does nothing. */
async function csrfCheck(web: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  await new Promise<void>((resolve) => {
    web.csrfProtection(request, reply, (err?: Error) => {
      if (err)
        void problemPage(
          reply,
          403,
          "This form has expired",
          "Go back, reload the page and try again.",
          request,
        );
      resolve();
    });
  });
}

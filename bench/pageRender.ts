/**
 * Server render time of the web pages: each page in `PAGES` rendered through `app.inject` with a signed-in
 * session cookie (signed in by the page's own form, as a browser does), in this process, over a data set's
 * read side. The time is the inject round trip: routing, the session and access checks, the view model
 * and the nunjucks render — no network. Warm-up renders first (template compilation, caches), then `renders`
 * timed ones; p50 and p99 by nearest rank.
 *
 * To measure another page, add it to `PAGES`: a name, who signs in, and its path (a function of the folded
 * state, for pages about one thing, e.g. an audit). A page that answers 404 (not on this branch yet) or
 * whose path cannot be made (nothing of its kind in the data) is skipped, with a note in the results.
 */
import type { FastifyInstance } from "fastify";
import type { EvidenceState } from "../projections/evidence.js";
import type { Role } from "../schemas/common.js";
import { buildApp } from "../src/http/app.js";
import { openReadSide } from "../src/runner/readSide.js";
import { type Figure, log, now, percentile, round, series } from "./stats.js";

export interface PageToRender {
  name: string;
  role: Role;
  /** The URL to render, from the folded state; undefined when the data has nothing to show on it. */
  path(state: EvidenceState): string | undefined;
  /** Make what the page needs first, through the API as the page's principal (`bench.<role>`). */
  prepare?(api: PageApi): Promise<void>;
}

export interface PageApi {
  state(): EvidenceState;
  today: string;
  /** POST JSON with the principal's bearer token; the status code. */
  post(url: string, payload: Record<string, unknown>): Promise<number>;
}

const BENCH_AUDIT = "QA-BENCH-PAGES";
/** The bench auditor's audit in progress (an auditor sees only the audits they took part in). */
const benchAudit = (state: EvidenceState) => {
  const a = state.qa.audits.get(BENCH_AUDIT);
  return a && !a.submitted ? a : undefined;
};

export const PAGES: readonly PageToRender[] = [
  { name: "readiness home", role: "lano", path: () => "/readiness" },
  { name: "SEF", role: "lano", path: () => "/sef" },
  {
    name: "QA audit form, section A",
    role: "auditor",
    path: (state) => (benchAudit(state) ? `/audits/${BENCH_AUDIT}/sections/A` : undefined),
    prepare: async (api) => {
      if (benchAudit(api.state())) return;
      const planned = [...api.state().cases.byId.values()].find((c) => c.plans.length > 0 && !c.ceased);
      if (!planned) return;
      const status = await api.post(`/api/v1/qa-audits/${BENCH_AUDIT}/draw-sample`, {
        caseId: planned.caseId,
        reason: "random",
        drawnOn: api.today,
      });
      if (status !== 201) throw new Error(`drawing the bench's audit answered ${status}`);
    },
  },
];

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const cookieOf = (header: unknown) => String(Array.isArray(header) ? header[0] : header).split(";")[0]!;

/** A session cookie for `code`, got by posting the sign-in form with its CSRF token. */
export async function sessionCookie(app: FastifyInstance, code: string): Promise<string> {
  const form = await app.inject({ url: "/sign-in", headers: { accept: "text/html" } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  if (!csrf) throw new Error(`the sign-in page has no CSRF token (HTTP ${form.statusCode})`);
  const signedIn = await app.inject({
    method: "POST",
    url: "/sign-in",
    headers: { ...FORM, cookie: cookieOf(form.headers["set-cookie"]) },
    payload: new URLSearchParams({ _csrf: csrf, code }).toString(),
  });
  if (signedIn.statusCode !== 303) throw new Error(`signing in answered ${signedIn.statusCode}`);
  return cookieOf(signedIn.headers["set-cookie"]);
}

export interface PageRenderOptions {
  dataDir: string;
  today: string;
  /** Timed renders per page (at least 50), after `warmUp` untimed ones. */
  renders: number;
  warmUp?: number;
  /** p50 goal in ms (50 at the demo size, 250 at the large size). */
  goalMs: number;
  sizeLabel: string;
  pages?: readonly PageToRender[];
  /** Notify an inspection first if none is (the readiness home then lists the data request). */
  notifyInspection?: boolean;
}

export interface PageRenderResult {
  figures: Figure[];
  /** Pages not measured, and why. */
  skipped: { name: string; path?: string; reason: string }[];
}

const codeOf = (role: Role) => `bench-page-${role}-access-code-0123456789`;

export async function pageRenderBenchmark(o: PageRenderOptions): Promise<PageRenderResult> {
  const pages = o.pages ?? PAGES;
  const readSide = await openReadSide({ DATA_DIR: o.dataDir, EVENTSTORE_URL: undefined });
  const { store, runner } = readSide;
  const roles = [...new Set(pages.map((p) => p.role))];
  const app = await buildApp({
    store,
    runner,
    tokens: new Map(roles.map((role) => [codeOf(role), { actor: `bench.${role}`, role }] as const)),
    today: () => o.today,
    now: () => new Date(`${o.today}T12:00:00Z`),
    logLevel: "silent",
    protection: { perActorPerMinute: 0, unauthenticatedPerMinute: 0, maxEventLoopDelayMs: 0 },
  });
  const figures: Figure[] = [];
  const skipped: PageRenderResult["skipped"] = [];
  try {
    const cookies = new Map<Role, string>();
    for (const role of roles) cookies.set(role, await sessionCookie(app, codeOf(role)));
    if (o.notifyInspection)
      await notifyIfNone(app, cookies.get("lano") ?? (await sessionCookie(app, codeOf("lano"))), o.today);
    for (const page of pages)
      await page.prepare?.({
        state: () => runner.current().state,
        today: o.today,
        post: async (url, payload) => {
          const res = await app.inject({
            method: "POST",
            url,
            payload,
            headers: { authorization: `Bearer ${codeOf(page.role)}` },
          });
          await runner.waitFor(Number(res.json<{ position?: number }>().position ?? 0));
          return res.statusCode;
        },
      });
    const state = runner.current().state;
    for (const page of pages) {
      const path = page.path(state);
      if (path === undefined) {
        skipped.push({ name: page.name, reason: "nothing of its kind in the data" });
        continue;
      }
      const render = () =>
        app.inject({ url: path, headers: { cookie: cookies.get(page.role)!, accept: "text/html" } });
      const cold = now();
      const first = await render();
      const coldMs = now() - cold;
      if (first.statusCode === 404) {
        skipped.push({ name: page.name, path, reason: "404: the page is not on this branch" });
        log(`page render: ${page.name} (${path}) answers 404, skipped`);
        continue;
      }
      if (first.statusCode !== 200) throw new Error(`${page.name} (${path}): HTTP ${first.statusCode}`);
      for (let i = 0; i < (o.warmUp ?? 10); i++) await render();
      const ms: number[] = [];
      for (let i = 0; i < Math.max(50, o.renders); i++) {
        const t0 = now();
        const res = await render();
        ms.push(now() - t0);
        if (res.statusCode !== 200) throw new Error(`${page.name}: HTTP ${res.statusCode} on render ${i}`);
      }
      const p50 = percentile(ms, 50);
      const p99 = percentile(ms, 99);
      log(`page render: ${page.name} p50 ${round(p50)} ms, p99 ${round(p99)} ms (${ms.length} renders)`);
      figures.push({
        name: `page render: ${page.name} (${o.sizeLabel})`,
        result: { ...series("p50", "ms", [p50]), runs: ms.map((x) => round(x, 2)) },
        also: [
          series("p99", "ms", [p99]),
          series("first render (cold: read models memoised per position are built)", "ms", [coldMs]),
          series("HTML", "kB", [first.body.length / 1024], 0),
        ],
        goal: `p50 ≤ ${o.goalMs} ms`,
        met: p50 <= o.goalMs,
        notes: `GET ${path} as ${page.role} with a signed-in session cookie, app.inject in-process; ${ms.length} renders after ${o.warmUp ?? 10} warm-up; read model at position ${state.position}`,
      });
    }
  } finally {
    await app.close();
    await readSide.close();
  }
  return { figures, skipped };
}

/** Record the notification call through the page's own form, if no inspection is notified yet. */
async function notifyIfNone(app: FastifyInstance, cookie: string, today: string) {
  const page = await app.inject({ url: "/readiness", headers: { cookie, accept: "text/html" } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!csrf || !page.body.includes('action="/readiness/notify"')) return;
  const res = await app.inject({
    method: "POST",
    url: "/readiness/notify",
    headers: { ...FORM, cookie },
    payload: new URLSearchParams({
      _csrf: csrf,
      inspectionId: "INS-PAGES",
      notifiedAt: `${today}T09:00`,
      kind: "full",
    }).toString(),
  });
  if (res.statusCode !== 303) throw new Error(`notifying an inspection answered ${res.statusCode}`);
}

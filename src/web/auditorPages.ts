/**
 * The QA auditor's pages: My audits, Draw a sample, the audit form (task list, a page per section, check
 * your answers, submit), Moderation and the QA dashboard. Registered together from one line in plugin.ts.
 */
import type { FastifyInstance } from "fastify";
import { recordRead } from "../http/accessRecord.js";
import { registerAuditFormPages } from "./auditFormPages.js";
import { registerDrawSamplePages } from "./drawSamplePages.js";
import { registerModerationPages } from "./moderationPages.js";
import { pageMoment } from "./moment.js";
import { myAudits } from "./myAudits.js";
import type { WebOptions } from "./plugin.js";
import { problemPage } from "./problemPage.js";
import { qaDashboard } from "./qaDashboard.js";

export function registerAuditorPages(web: FastifyInstance, o: WebOptions) {
  web.get("/audits", async (request, reply) => {
    const m = await pageMoment(request, reply, o.runner, o.today, o.access.now);
    if ("error" in m) return problemPage(reply, 400, "The date or position is not valid", m.error, request);
    const view = myAudits(m.at.state.qa, request.principal!.actor);
    if (view.caseIds.length) recordRead(request, "GET /audits", view.caseIds);
    return reply.view("my-audits.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      asAt: m.asAt,
      asAtQuery: m.asAt
        ? `?asAt=${encodeURIComponent(String((request.query as Record<string, unknown>).asAt))}`
        : "",
      view,
    });
  });

  web.get("/qa-dashboard", async (request, reply) => {
    const m = await pageMoment(request, reply, o.runner, o.today, o.access.now);
    if ("error" in m) return problemPage(reply, 400, "The date or position is not valid", m.error, request);
    return reply.view("qa-dashboard.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      asAt: m.asAt,
      view: qaDashboard(m.at, m.asOf),
    });
  });

  registerDrawSamplePages(web, o);
  registerAuditFormPages(web, o);
  registerModerationPages(web, o);
}

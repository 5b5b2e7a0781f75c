/**
 * The metrics pages: `/metrics` (every metric's latest value against England, its polarity and trend) and
 * `/metrics/:metricId` (the chart against England, the statistical neighbours and a region, with the same
 * numbers in a table beside it), as at now or `?asAt=`.
 */
import type { FastifyInstance } from "fastify";
import { metricPage, metricsPage } from "./metricPage.js";
import { pageMoment } from "./moment.js";
import type { WebOptions } from "./plugin.js";
import { problemPage } from "./problemPage.js";

export function registerMetricPages(web: FastifyInstance, o: WebOptions) {
  web.get("/metrics", async (request, reply) => {
    const m = await pageMoment(request, reply, o.runner, o.today, o.access.now);
    if ("error" in m) return problemPage(reply, 400, "The date or position is not valid", m.error, request);
    return reply.view("metrics.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      asAt: m.asAt,
      nav: "metrics",
      page: metricsPage(m.at.state.metrics),
    });
  });

  web.get("/metrics/:metricId", async (request, reply) => {
    const metricId = (request.params as { metricId: string }).metricId;
    const m = await pageMoment(request, reply, o.runner, o.today, o.access.now);
    if ("error" in m) return problemPage(reply, 400, "The date or position is not valid", m.error, request);
    const area = m.at.state.partnership.area?.name ?? "This area";
    const metric = metricPage(m.at.state.metrics, metricId, area);
    if (!metric)
      return problemPage(reply, 404, "Metric not found", `There is no metric ${metricId}.`, request);
    return reply.view("metric.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      asAt: m.asAt,
      nav: "metrics",
      metric,
    });
  });
}

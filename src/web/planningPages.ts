/**
 * The LANO's and officers' planning pages, registered together: the SEF, the action plan, the metrics,
 * imports and case updates (each in its own file).
 */
import type { FastifyInstance } from "fastify";
import { registerActionPlanPages } from "./actionPlanPages.js";
import { registerCasePages } from "./casePages.js";
import { registerImportPages } from "./importPages.js";
import { registerMetricPages } from "./metricPages.js";
import type { WebOptions } from "./plugin.js";
import { registerSefPages } from "./sefPages.js";

export function registerPlanningPages(web: FastifyInstance, o: WebOptions) {
  registerSefPages(web, o);
  registerActionPlanPages(web, o);
  registerMetricPages(web, o);
  registerImportPages(web, o);
  registerCasePages(web, o);
}

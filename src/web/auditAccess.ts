/**
 * One audit for a page: found in the folded moment (404 page if absent), shown to an auditor only when
 * the access model's `ownAudits` scope lets them see it (the same `auditVisibleTo` GraphQL uses; 403 page
 * saying why), and the read of the child's data recorded in the access log like the API records it.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AuditRecord } from "../../projections/qa.js";
import { streamName } from "../../schemas/events/index.js";
import { auditVisibleTo } from "../access/authorise.js";
import { routeResource, rowFor } from "../access/matrix.js";
import { recordRead } from "../http/accessRecord.js";
import type { PageMoment } from "./moment.js";
import type { WebOptions } from "./plugin.js";
import { problemPage } from "./problemPage.js";

/** The audit named in the URL, or undefined once a problem page has been sent. */
export async function auditFor(
  request: FastifyRequest,
  reply: FastifyReply,
  m: PageMoment,
): Promise<AuditRecord | undefined> {
  const auditId = String((request.params as Record<string, unknown>).auditId ?? "");
  const audit = m.at.state.qa.audits.get(auditId);
  if (!audit) {
    await problemPage(reply, 404, "Audit not found", `There is no audit ${auditId}.`, request);
    return undefined;
  }
  const who = request.principal!;
  const resource = routeResource(request.method, request.routeOptions.url ?? "");
  const scope = rowFor.get(resource)?.allow.get(who.role);
  if (scope === "ownAudits" && !auditVisibleTo(audit, who.actor)) {
    await problemPage(
      reply,
      403,
      "You cannot see this audit",
      `${who.actor} did not draw, rate, submit or moderate audit ${auditId}, and it is not waiting for moderation.`,
      request,
    );
    return undefined;
  }
  recordRead(request, resource, [audit.caseId]);
  return audit;
}

/** The audit stream's revision now: what a form pins, so a change by someone else answers 409. */
export async function auditRevision(o: WebOptions, auditId: string): Promise<number> {
  return (await o.store.readStream(streamName("qa", auditId))).length - 1;
}

/**
 * Moderation by a second auditor: the audit as submitted, then agree with its overall grade or change it
 * with a reason (`moderateQaAudit`, the API's command). Whether this person may moderate is the decider's
 * answer, asked before the form is shown (its pure `decide`, nothing appended) and again on saving:
 * anyone who drew, rated or submitted the audit is refused with a 403 page saying why.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AuditRecord } from "../../projections/qa.js";
import { grade } from "../../schemas/common.js";
import { streamName } from "../../schemas/events/index.js";
import { type DomainError, isDomainError } from "../commands/decision.js";
import { foldStream } from "../commands/handle.js";
import { commandByName } from "../commands/index.js";
import { auditFor, auditRevision } from "./auditAccess.js";
import { refusedCommand } from "./auditFormPages.js";
import { byField, type FieldError, textField } from "./formFields.js";
import { pageMoment } from "./moment.js";
import { formRevision, pageCommand } from "./pageCommand.js";
import type { WebOptions } from "./plugin.js";
import { problemPage } from "./problemPage.js";
import { auditFacts, checkAnswers } from "./qaAuditForm.js";

const moderate = commandByName.get("moderateQaAudit")!;
const auditPath = (a: AuditRecord) => `/audits/${encodeURIComponent(a.auditId)}`;

/** The decider's refusal of this person moderating this audit now, if it would refuse (nothing appended). */
async function moderationRefusal(o: WebOptions, request: FastifyRequest, audit: AuditRecord) {
  const who = request.principal!;
  const history = await o.store.readStream(streamName("qa", audit.auditId));
  const decided = moderate.decide(
    { moderatedOn: o.today(), moderatedGrade: audit.submitted?.overallGrade ?? "good" },
    foldStream(moderate, history),
    { today: o.today(), actor: who.actor, role: who.role, streamId: audit.auditId },
  );
  return isDomainError(decided) ? decided : undefined;
}

/** The page for a refusal that no form can put right; undefined when the form can. */
function refusalPage(request: FastifyRequest, reply: FastifyReply, audit: AuditRecord, refusal: DomainError) {
  if (refusal.code === "moderatorAudited")
    return problemPage(
      reply,
      403,
      "You cannot moderate this audit",
      `${refusal.message}. A second auditor, who did not draw, rate or submit audit ${audit.auditId}, moderates it.`,
      request,
    );
  if (refusal.code === "alreadyModerated") return reply.redirect(auditPath(audit), 303);
  if (refusal.code === "notSubmitted")
    return problemPage(
      reply,
      422,
      "This audit has not been submitted yet",
      `Audit ${audit.auditId} can be moderated once its auditor submits it.`,
      request,
    );
  return undefined;
}

interface ModerationValues {
  decision: string;
  moderatedGrade: string;
  comment: string;
}

async function render(
  request: FastifyRequest,
  reply: FastifyReply,
  o: WebOptions,
  audit: AuditRecord,
  values: ModerationValues,
  errors: FieldError[] = [],
) {
  return reply.view("moderate.njk", {
    who: request.session.who,
    csrfToken: reply.generateCsrf(),
    audit: auditFacts(audit),
    answers: checkAnswers(audit),
    readOnly: true,
    grades: grade.options,
    values,
    revision: await auditRevision(o, audit.auditId),
    errors: errors.length ? errors : undefined,
    fieldErrors: byField(errors),
  });
}

export function registerModerationPages(web: FastifyInstance, o: WebOptions) {
  web.get("/audits/:auditId/moderate", async (request, reply) => {
    const m = await pageMoment(request, reply, o.runner, o.today, o.access.now);
    if ("error" in m) return problemPage(reply, 400, "The date or position is not valid", m.error, request);
    const audit = await auditFor(request, reply, m);
    if (!audit) return reply;
    if (m.asAt)
      return reply.redirect(
        `${auditPath(audit)}?asAt=${encodeURIComponent(String((request.query as Record<string, unknown>).asAt))}`,
        303,
      );
    const refusal = await moderationRefusal(o, request, audit);
    if (refusal) {
      const sent = refusalPage(request, reply, audit, refusal);
      if (sent) return sent;
    }
    return render(request, reply, o, audit, { decision: "", moderatedGrade: "", comment: "" });
  });

  web.post("/audits/:auditId/moderate", async (request, reply) => {
    const m = await pageMoment(request, reply, o.runner, o.today, o.access.now);
    if ("error" in m) return problemPage(reply, 400, "The date or position is not valid", m.error, request);
    const audit = await auditFor(request, reply, m);
    if (!audit) return reply;
    const values: ModerationValues = {
      decision: textField(request, "decision"),
      moderatedGrade: textField(request, "moderatedGrade"),
      comment: textField(request, "comment"),
    };
    const errors: FieldError[] = [];
    if (values.decision !== "agree" && values.decision !== "change")
      errors.push({ text: "Select whether you agree with the overall grade", href: "#decision" });
    if (values.decision === "change" && values.comment === "")
      errors.push({ text: "Enter why you are changing the grade", href: "#comment" });
    if (errors.length) return render(request, reply.code(400), o, audit, values, errors);
    const outcome = await pageCommand(
      o,
      request,
      "moderateQaAudit",
      audit.auditId,
      {
        moderatedOn: o.today(),
        moderatedGrade: values.decision === "agree" ? audit.submitted?.overallGrade : values.moderatedGrade,
        ...(values.comment ? { comment: values.comment } : {}),
      },
      formRevision(textField(request, "revision")),
    );
    if (outcome.kind === "appended") return reply.redirect(`${auditPath(audit)}?moderated=1`, 303);
    if (outcome.kind === "rejected") {
      const sent = refusalPage(request, reply, audit, outcome.error);
      if (sent) return sent;
    }
    const refused = await refusedCommand(
      request,
      reply,
      outcome,
      (path) => (path === "comment" ? "comment" : path === "moderatedGrade" ? "moderatedGrade" : "decision"),
      (field) =>
        field === "comment" ? "Your reasons" : field === "moderatedGrade" ? "The new grade" : "Moderation",
    );
    if (!refused) return reply;
    return render(request, reply.code(refused.status), o, audit, values, refused.errors);
  });
}

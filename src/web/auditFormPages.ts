/**
 * The audit form: the task list of sections A–K, one page per section (its checklist criteria as
 * checkboxes, "not applicable" with a reason, a comment, save and continue or come back later), check your
 * answers, and submit. Every save is the API's command (`rateQaSection`, `markQaSectionNotApplicable`,
 * `submitQaAudit`) through the same handler, pinned to the revision the form was rendered at: if someone
 * else changed the audit meanwhile, a 409 page says reload.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AuditRecord } from "../../projections/qa.js";
import { type PlanSection, planSection } from "../../schemas/common.js";
import { checklistCatalogues, sectionCriteria } from "../../schemas/qaChecklist.js";
import type { CommandOutcome } from "../commands/handle.js";
import { auditFor, auditRevision } from "./auditAccess.js";
import { byField, type FieldError, listField, textField } from "./formFields.js";
import { type PageMoment, pageMoment } from "./moment.js";
import { formRevision, pageCommand } from "./pageCommand.js";
import type { WebOptions } from "./plugin.js";
import { problemPage } from "./problemPage.js";
import {
  auditFacts,
  checkAnswers,
  missingSectionErrors,
  sectionForm,
  type SectionDraft,
  taskList,
} from "./qaAuditForm.js";
import { draftedSections, draftOf, dropDraft, keepDraft } from "./sectionDrafts.js";

/** The field on a section page each command input path is about. */
const SECTION_FIELD = new Map([
  ["criteriaMet", "criteria"],
  ["criteriaNotMet", "criteria"],
  ["comment", "comment"],
  ["reason", "reason"],
]);
const SECTION_LABEL = new Map([
  ["criteria", "Criteria"],
  ["comment", "Comment"],
  ["reason", "Why the section is not applicable"],
]);

const auditPath = (a: AuditRecord) => `/audits/${encodeURIComponent(a.auditId)}`;
const asAtQuery = (request: FastifyRequest) => {
  const raw = (request.query as Record<string, unknown>).asAt;
  return typeof raw === "string" && raw ? `?asAt=${encodeURIComponent(raw)}` : "";
};

/** The moment and the audit a page shows, or undefined once a problem page has been sent. */
async function load(request: FastifyRequest, reply: FastifyReply, o: WebOptions) {
  const m = await pageMoment(request, reply, o.runner, o.today, o.access.now);
  if ("error" in m) {
    await problemPage(reply, 400, "The date or position is not valid", m.error, request);
    return undefined;
  }
  const audit = await auditFor(request, reply, m);
  return audit ? { m, audit } : undefined;
}

/** What a refused command shows: 409 and 403 as pages, the rest as field errors on the form. */
export async function refusedCommand(
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: Exclude<CommandOutcome, { kind: "appended" }>,
  fieldOf: (path: string) => string,
  labelOf: (field: string) => string,
): Promise<{ status: number; errors: FieldError[] } | undefined> {
  switch (outcome.kind) {
    case "conflict":
      await problemPage(
        reply,
        409,
        "Someone else changed this audit",
        "Reload the page to see their change, then make yours again.",
        request,
      );
      return undefined;
    case "forbidden":
      await problemPage(reply, 403, "You cannot change this audit", outcome.message, request);
      return undefined;
    case "invalid":
      return {
        status: 400,
        errors: outcome.issues.map((i) => {
          const field = fieldOf(String(i.path[0] ?? ""));
          return { text: `${labelOf(field)}: ${i.message}`, href: `#${field}` };
        }),
      };
    case "rejected": {
      const field = fieldOf(String(outcome.error.path[0] ?? ""));
      return {
        status: outcome.error.status ?? 422,
        errors: [{ text: outcome.error.message, href: `#${field}` }],
      };
    }
  }
}

export function registerAuditFormPages(web: FastifyInstance, o: WebOptions) {
  web.get("/audits/:auditId", async (request, reply) => {
    const loaded = await load(request, reply, o);
    if (!loaded) return reply;
    const { m, audit } = loaded;
    if (audit.submitted) return renderCheck(request, reply, o, m, audit);
    const drafted = draftedSections(request, audit.auditId);
    return reply.view("audit.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      asAt: m.asAt,
      audit: auditFacts(audit),
      tasks: taskList(audit, (s) => !m.asAt && drafted.has(s), m.asAt ? asAtQuery(request) : ""),
      checkHref: `${auditPath(audit)}/check${asAtQuery(request)}`,
    });
  });

  web.get("/audits/:auditId/sections/:section", async (request, reply) => {
    const loaded = await load(request, reply, o);
    if (!loaded) return reply;
    const { m, audit } = loaded;
    const section = sectionOf(request);
    if (!section)
      return problemPage(reply, 404, "Section not found", "Plan sections are A to K (H1 and H2).", request);
    if (m.asAt)
      return reply.redirect(`${auditPath(audit)}/check${asAtQuery(request)}#section-${section}`, 303);
    if (audit.submitted) return reply.redirect(auditPath(audit), 303);
    return renderSection(request, reply, o, audit, section, draftOf(request, audit.auditId, section));
  });

  web.post("/audits/:auditId/sections/:section", async (request, reply) => {
    const loaded = await load(request, reply, o);
    if (!loaded) return reply;
    const { audit } = loaded;
    const section = sectionOf(request);
    if (!section)
      return problemPage(reply, 404, "Section not found", "Plan sections are A to K (H1 and H2).", request);
    if (audit.submitted) return reply.redirect(auditPath(audit), 303);
    const checklist = checklistCatalogues.get(audit.checklistVersion);
    if (!checklist)
      return problemPage(
        reply,
        422,
        "This audit cannot be rated on these pages",
        `Audit ${audit.auditId} was drawn before the QA checklist existed; its criteria are free text.`,
        request,
      );
    const draft: SectionDraft = {
      met: listField(request, "criteria"),
      comment: textField(request, "comment"),
      applies: textField(request, "applies") === "no" ? "no" : "yes",
      reason: textField(request, "reason"),
    };
    const known = sectionCriteria(checklist, section).map((c) => c.id);
    if (textField(request, "action") === "later") {
      // Kept in the session: only the section's own criteria, and words no longer than a rating takes.
      keepDraft(request, audit.auditId, section, {
        ...draft,
        met: draft.met.filter((id) => known.includes(id)),
        comment: draft.comment.slice(0, 2000),
        reason: draft.reason.slice(0, 500),
      });
      return reply.redirect(auditPath(audit), 303);
    }
    const revision = formRevision(textField(request, "revision"));
    const outcome =
      draft.applies === "no"
        ? await pageCommand(
            o,
            request,
            "markQaSectionNotApplicable",
            audit.auditId,
            { section, reason: draft.reason },
            revision,
          )
        : await pageCommand(
            o,
            request,
            "rateQaSection",
            audit.auditId,
            {
              section,
              criteriaMet: draft.met,
              criteriaNotMet: known.filter((id) => !draft.met.includes(id)),
              ...(draft.comment ? { comment: draft.comment } : {}),
            },
            revision,
          );
    if (outcome.kind === "appended") {
      dropDraft(request, audit.auditId, section);
      const next = planSection.options[planSection.options.indexOf(section) + 1];
      return reply.redirect(next ? `${auditPath(audit)}/sections/${next}` : `${auditPath(audit)}/check`, 303);
    }
    const optional = sectionForm(audit, section).optional;
    const refused = await refusedCommand(
      request,
      reply,
      outcome,
      (path) => SECTION_FIELD.get(path) ?? (path === "section" && optional ? "applies" : "criteria"),
      (field) => SECTION_LABEL.get(field) ?? "Section",
    );
    if (!refused) return reply;
    // A reason left empty reads as the question it answers.
    const errors = refused.errors.map((e) =>
      e.href === "#reason" && draft.reason === ""
        ? { ...e, text: `Enter why section ${section} is not applicable to this plan` }
        : e,
    );
    return renderSection(request, reply.code(refused.status), o, audit, section, draft, errors);
  });

  web.get("/audits/:auditId/check", async (request, reply) => {
    const loaded = await load(request, reply, o);
    if (!loaded) return reply;
    const { m, audit } = loaded;
    if (audit.submitted && !m.asAt) return reply.redirect(auditPath(audit), 303);
    return renderCheck(request, reply, o, m, audit);
  });

  web.post("/audits/:auditId/submit", async (request, reply) => {
    const loaded = await load(request, reply, o);
    if (!loaded) return reply;
    const { m, audit } = loaded;
    if (audit.submitted) return reply.redirect(auditPath(audit), 303);
    const summary = textField(request, "summary");
    const outcome = await pageCommand(
      o,
      request,
      "submitQaAudit",
      audit.auditId,
      { submittedOn: o.today(), ...(summary ? { summary } : {}) },
      formRevision(textField(request, "revision")),
    );
    if (outcome.kind === "appended") return reply.redirect(`${auditPath(audit)}?submitted=1`, 303);
    if (outcome.kind === "rejected" && outcome.error.code === "sectionsNotRated")
      return renderCheck(request, reply.code(422), o, m, audit, { summary }, missingSectionErrors(audit));
    const refused = await refusedCommand(
      request,
      reply,
      outcome,
      (path) => (path === "summary" ? "summary" : "submit"),
      (field) => (field === "summary" ? "Summary" : "Submission"),
    );
    if (!refused) return reply;
    return renderCheck(request, reply.code(refused.status), o, m, audit, { summary }, refused.errors);
  });
}

const sectionOf = (request: FastifyRequest): PlanSection | undefined => {
  const parsed = planSection.safeParse((request.params as Record<string, unknown>).section);
  return parsed.success ? parsed.data : undefined;
};

async function renderSection(
  request: FastifyRequest,
  reply: FastifyReply,
  o: WebOptions,
  audit: AuditRecord,
  section: PlanSection,
  draft?: SectionDraft,
  errors: FieldError[] = [],
) {
  const form = sectionForm(audit, section, draft);
  if (!form.ratable)
    return problemPage(
      reply,
      422,
      "This audit cannot be rated on these pages",
      `Audit ${audit.auditId} was drawn before the QA checklist existed; its criteria are free text.`,
      request,
    );
  return reply.view("audit-section.njk", {
    who: request.session.who,
    csrfToken: reply.generateCsrf(),
    audit: auditFacts(audit),
    form,
    revision: await auditRevision(o, audit.auditId),
    errors: errors.length ? errors : undefined,
    fieldErrors: byField(errors),
  });
}

async function renderCheck(
  request: FastifyRequest,
  reply: FastifyReply,
  o: WebOptions,
  m: PageMoment,
  audit: AuditRecord,
  values: { summary?: string } = {},
  errors: FieldError[] = [],
) {
  const query = request.query as Record<string, unknown>;
  return reply.view("check-answers.njk", {
    who: request.session.who,
    csrfToken: reply.generateCsrf(),
    asAt: m.asAt,
    audit: auditFacts(audit),
    answers: checkAnswers(audit),
    readOnly: Boolean(m.asAt) || audit.submitted !== undefined,
    justSubmitted: query.submitted === "1" && audit.submitted !== undefined,
    justModerated: query.moderated === "1" && audit.moderation !== undefined,
    values,
    revision: m.asAt ? undefined : await auditRevision(o, audit.auditId),
    errors: errors.length ? errors : undefined,
    fieldErrors: byField(errors),
  });
}

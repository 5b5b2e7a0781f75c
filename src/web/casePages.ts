/**
 * Case updates for officers (`/cases/:caseId`): one child's summary — profile, plan dates, statutory
 * clocks — and two small forms for the case commands an officer uses most, the school record
 * (`updateSchoolRecord`) and social care status (`recordSocialCareStatus`), through the command handler
 * and pinned to the revision the page showed. Every view of a child is recorded in the access log.
 * `/cases` finds a child by case id.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DEFAULT_CLOCK_RULES } from "../../projections/clocks.js";
import { streamName } from "../../schemas/events/index.js";
import { recordRead } from "../http/accessRecord.js";
import { casePage, SOCIAL_CARE_TEAMS } from "./casePage.js";
import { type FieldError, numberOrText, submitCommand, text } from "./commandForm.js";
import { formRevision } from "./pageCommand.js";
import { pageMoment } from "./moment.js";
import type { WebOptions } from "./plugin.js";
import { problemPage } from "./problemPage.js";

const SCHOOL = new Map([
  ["academicYear", "Academic year"],
  ["suspensions", "Suspensions"],
  ["permanentExclusions", "Permanent exclusions"],
  ["absencePercent", "Overall absence"],
  ["pupilPremium", "Pupil premium"],
]);
const SOCIAL = new Map([
  ["recordedOn", "Date recorded"],
  ["knownToSocialCare", "Known to children's social care"],
  ["team", "Team"],
]);

const yesNo = (typed: string): boolean | string => (typed === "yes" ? true : typed === "no" ? false : typed);

interface Form {
  form: "school" | "social";
  values: Record<string, string>;
  errors: FieldError[];
}

export function registerCasePages(web: FastifyInstance, o: WebOptions) {
  const rules = o.clockRules ?? DEFAULT_CLOCK_RULES;

  web.get("/cases", async (request, reply) => {
    const caseId = text(request.query, "caseId");
    if (caseId) return reply.redirect(`/cases/${encodeURIComponent(caseId)}`, 303);
    const asked = Object.hasOwn((request.query ?? {}) as object, "caseId");
    const errors = asked ? [{ text: "Enter the child's case id", href: "#caseId" }] : undefined;
    return reply.code(asked ? 400 : 200).view("case-find.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      nav: "cases",
      errors,
      caseIdError: errors?.[0]?.text,
    });
  });

  const render = async (request: FastifyRequest, reply: FastifyReply, form?: Form) => {
    const caseId = (request.params as { caseId: string }).caseId;
    const m = await pageMoment(request, reply, o.runner, o.today, o.access.now);
    if ("error" in m) return problemPage(reply, 400, "The date or position is not valid", m.error, request);
    const child = casePage(m.at.state, caseId, m.asOf, rules);
    if (!child)
      return problemPage(reply, 404, "Child not found", `There is no child with case id ${caseId}.`, request);
    recordRead(request, "GET /cases/:caseId", [caseId]);
    const canUpdate = !m.asAt;
    const revision = canUpdate
      ? (await o.store.readStream(streamName("case", caseId))).length - 1
      : undefined;
    const s = child.school;
    return reply.view("case.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      asAt: m.asAt,
      nav: "cases",
      child,
      canUpdate,
      revision,
      teams: SOCIAL_CARE_TEAMS,
      school:
        form?.form === "school"
          ? form.values
          : s
            ? {
                academicYear: s.academicYear,
                suspensions: String(s.suspensions),
                permanentExclusions: String(s.permanentExclusions),
                absencePercent: String(s.absencePercent),
                pupilPremium: s.pupilPremium ? "yes" : "no",
              }
            : {},
      social: form?.form === "social" ? form.values : { recordedOn: o.today() },
      errors: form?.errors,
      fieldErrors: Object.fromEntries((form?.errors ?? []).map((e) => [e.href.slice(1), e.text])),
    });
  };

  web.get("/cases/:caseId", (request, reply) => render(request, reply));

  web.post("/cases/:caseId/school-record", async (request, reply) => {
    const caseId = (request.params as { caseId: string }).caseId;
    const values = Object.fromEntries([...SCHOOL.keys()].map((f) => [f, text(request.body, f)]));
    const revision = formRevision(text(request.body, "revision"));
    return submitCommand(request, reply, o, {
      command: "updateSchoolRecord",
      id: caseId,
      input: {
        academicYear: values.academicYear,
        suspensions: numberOrText(values.suspensions!),
        permanentExclusions: numberOrText(values.permanentExclusions!),
        absencePercent: numberOrText(values.absencePercent!),
        pupilPremium: yesNo(values.pupilPremium!),
      },
      ...(revision !== undefined ? { expectedRevision: revision } : {}),
      labels: SCHOOL,
      firstField: "academicYear",
      done: `/cases/${encodeURIComponent(caseId)}#school-record`,
      what: "this child's record",
      again: (status, errors) => render(request, reply.code(status), { form: "school", values, errors }),
    });
  });

  web.post("/cases/:caseId/social-care", async (request, reply) => {
    const caseId = (request.params as { caseId: string }).caseId;
    const values = Object.fromEntries([...SOCIAL.keys()].map((f) => [f, text(request.body, f)]));
    const revision = formRevision(text(request.body, "revision"));
    return submitCommand(request, reply, o, {
      command: "recordSocialCareStatus",
      id: caseId,
      input: {
        recordedOn: values.recordedOn,
        knownToSocialCare: yesNo(values.knownToSocialCare!),
        ...(values.team ? { team: values.team } : {}),
      },
      ...(revision !== undefined ? { expectedRevision: revision } : {}),
      labels: SOCIAL,
      firstField: "recordedOn",
      done: `/cases/${encodeURIComponent(caseId)}#social-care`,
      what: "this child's record",
      again: (status, errors) => render(request, reply.code(status), { form: "social", values, errors }),
    });
  });
}

/**
 * The LANO's SEF page (`/sef`): the eleven criteria with their statements, evidence, gaps and
 * contradictions, the store's own figures and the sign-off, as at now or `?asAt=`; and the sign-off form
 * (`signOffSef` through the command handler, pinned to the SEF's revision the page was read at, so a
 * statement drafted meanwhile is a 409, not a sign-off of something nobody read).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { casesNamed } from "../../projections/sefView.js";
import { streamName } from "../../schemas/events/index.js";
import { sefAt } from "../graphql/readModelResolvers.js";
import { recordRead } from "../http/accessRecord.js";
import { type FieldError, submitCommand, text } from "./commandForm.js";
import { formRevision } from "./pageCommand.js";
import { pageMoment } from "./moment.js";
import type { WebOptions } from "./plugin.js";
import { problemPage } from "./problemPage.js";
import { sefPage } from "./sefPage.js";

const LABELS = new Map([
  ["version", "Version"],
  ["signedOn", "Date signed off"],
  ["council-name", "Council signatory's name"],
  ["council-role", "Council signatory's role"],
  ["icb-name", "ICB signatory's name"],
  ["icb-role", "ICB signatory's role"],
  ["parentCarerForum-name", "Parent carer forum signatory's name"],
  ["parentCarerForum-role", "Parent carer forum signatory's role"],
]);

const FIELDS = [...LABELS.keys()];

export function registerSefPages(web: FastifyInstance, o: WebOptions) {
  const laCode = () => o.runner.current().state.partnership.area?.laCode;

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { values?: Record<string, string>; errors?: FieldError[] } = {},
  ) => {
    const m = await pageMoment(request, reply, o.runner, o.today, o.access.now);
    if ("error" in m) return problemPage(reply, 400, "The date or position is not valid", m.error, request);
    const view = sefAt(m.at, m.asOf);
    recordRead(request, "GET /sef", casesNamed(view, m.at.state));
    const la = m.at.state.partnership.area?.laCode;
    const canSignOff =
      !m.asAt &&
      la !== undefined &&
      (request.principal?.role === "lano" || request.principal?.role === "admin");
    const revision =
      canSignOff && la ? (await o.store.readStream(streamName("sef", la))).length - 1 : undefined;
    return reply.view("sef.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      asAt: m.asAt,
      nav: "sef",
      sef: sefPage(view),
      canSignOff,
      revision,
      values: form.values ?? {
        signedOn: o.today(),
        "council-role": "Council",
        "icb-role": "ICB",
        "parentCarerForum-role": "Parent carer forum",
      },
      errors: form.errors,
      fieldErrors: Object.fromEntries((form.errors ?? []).map((e) => [e.href.slice(1), e.text])),
    });
  };

  web.get("/sef", (request, reply) => render(request, reply));

  web.post("/sef/sign-off", async (request, reply) => {
    const body = request.body;
    const values = Object.fromEntries(FIELDS.map((f) => [f, text(body, f)]));
    const la = laCode();
    if (!la)
      return problemPage(reply, 422, "There is no area to sign off", "Set the area up first.", request);
    const person = (who: string) => ({ name: values[`${who}-name`], role: values[`${who}-role`] });
    const revision = formRevision(text(body, "revision"));
    return submitCommand(request, reply, o, {
      command: "signOffSef",
      id: la,
      input: {
        version: values.version,
        signedOn: values.signedOn,
        council: person("council"),
        icb: person("icb"),
        parentCarerForum: person("parentCarerForum"),
      },
      ...(revision !== undefined ? { expectedRevision: revision } : {}),
      labels: LABELS,
      firstField: "version",
      done: "/sef#sign-off",
      what: "the SEF",
      again: (status, errors) => render(request, reply.code(status), { values, errors }),
    });
  });
}

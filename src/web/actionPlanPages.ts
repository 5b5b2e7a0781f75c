/**
 * The action plan (`/action-plan`, filter by overdue or RAG) and one action's page
 * (`/action-plan/:actionId`) with its history and two forms for the LANO and officers: record a progress
 * update (`updateActionProgress`) and complete the action with its impact (`completeAction`), both through
 * the command handler and pinned to the revision the page showed (someone else's update meanwhile: 409).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { streamName } from "../../schemas/events/index.js";
import { actionPage, actionPlanPage, filterOf } from "./actionPlanPage.js";
import { type FieldError, submitCommand, text } from "./commandForm.js";
import { formRevision } from "./pageCommand.js";
import { pageMoment } from "./moment.js";
import type { WebOptions } from "./plugin.js";
import { problemPage } from "./problemPage.js";

const PROGRESS = new Map([
  ["updatedOn", "Date of the update"],
  ["rag", "RAG rating"],
  ["narrative", "Progress"],
]);
const COMPLETE = new Map([
  ["completedOn", "Date completed"],
  ["impact", "Impact"],
]);

const planners = new Set(["lano", "officer", "admin"]);

interface Form {
  form: "progress" | "complete";
  values: Record<string, string>;
  errors: FieldError[];
}

export function registerActionPlanPages(web: FastifyInstance, o: WebOptions) {
  web.get("/action-plan", async (request, reply) => {
    const m = await pageMoment(request, reply, o.runner, o.today, o.access.now);
    if ("error" in m) return problemPage(reply, 400, "The date or position is not valid", m.error, request);
    return reply.view("action-plan.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      asAt: m.asAt,
      asAtQuery: (request.query as Record<string, unknown>).asAt,
      nav: "action-plan",
      plan: actionPlanPage(m.at.state.actions, m.asOf, filterOf(request.query)),
    });
  });

  const render = async (request: FastifyRequest, reply: FastifyReply, form?: Form) => {
    const actionId = (request.params as { actionId: string }).actionId;
    const m = await pageMoment(request, reply, o.runner, o.today, o.access.now);
    if ("error" in m) return problemPage(reply, 400, "The date or position is not valid", m.error, request);
    const action = actionPage(m.at.state.actions, actionId, m.asOf);
    if (!action)
      return problemPage(
        reply,
        404,
        "Action not found",
        `There is no action ${actionId} in the plan.`,
        request,
      );
    const canUpdate = !m.asAt && action.open && planners.has(request.principal?.role ?? "");
    const revision = canUpdate
      ? (await o.store.readStream(streamName("action", actionId))).length - 1
      : undefined;
    const fieldErrors = Object.fromEntries((form?.errors ?? []).map((e) => [e.href.slice(1), e.text]));
    return reply.view("action.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      asAt: m.asAt,
      nav: "action-plan",
      action,
      canUpdate,
      revision,
      progress: form?.form === "progress" ? form.values : { updatedOn: o.today() },
      complete: form?.form === "complete" ? form.values : { completedOn: o.today() },
      errors: form?.errors,
      fieldErrors,
    });
  };

  web.get("/action-plan/:actionId", (request, reply) => render(request, reply));

  web.post("/action-plan/:actionId/progress", async (request, reply) => {
    const actionId = (request.params as { actionId: string }).actionId;
    const values = Object.fromEntries([...PROGRESS.keys()].map((f) => [f, text(request.body, f)]));
    const revision = formRevision(text(request.body, "revision"));
    return submitCommand(request, reply, o, {
      command: "updateActionProgress",
      id: actionId,
      input: { updatedOn: values.updatedOn, rag: values.rag, narrative: values.narrative, evidence: [] },
      ...(revision !== undefined ? { expectedRevision: revision } : {}),
      labels: PROGRESS,
      firstField: "narrative",
      done: `/action-plan/${encodeURIComponent(actionId)}`,
      what: "this action",
      again: (status, errors) => render(request, reply.code(status), { form: "progress", values, errors }),
    });
  });

  web.post("/action-plan/:actionId/complete", async (request, reply) => {
    const actionId = (request.params as { actionId: string }).actionId;
    const values = Object.fromEntries([...COMPLETE.keys()].map((f) => [f, text(request.body, f)]));
    const revision = formRevision(text(request.body, "revision"));
    return submitCommand(request, reply, o, {
      command: "completeAction",
      id: actionId,
      input: { completedOn: values.completedOn, impact: values.impact, evidence: [] },
      ...(revision !== undefined ? { expectedRevision: revision } : {}),
      labels: COMPLETE,
      firstField: "impact",
      done: `/action-plan/${encodeURIComponent(actionId)}`,
      what: "this action",
      again: (status, errors) => render(request, reply.code(status), { form: "complete", values, errors }),
    });
  });
}

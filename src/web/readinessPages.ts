/**
 * The LANO's inspection readiness page and its form: record the notification call (the same
 * `notifyInspection` command handler as the API), and the Annex A workbook download.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { entityId } from "../../schemas/common.js";
import { commandByName } from "../commands/index.js";
import { handleCommand } from "../commands/handle.js";
import { annexAFor } from "../exports/annexAReport.js";
import { annexAWorkbook } from "../exports/annexAWorkbook.js";
import { cellText } from "../exports/cells.js";
import { recordRead } from "../http/accessRecord.js";
import { pageMoment } from "./moment.js";
import { problemPage } from "./problemPage.js";
import { readinessView } from "./readiness.js";
import type { WebOptions } from "./plugin.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const notify = commandByName.get("notifyInspection")!;

/** The field ids of the notification form, by the command's input path. */
const FIELD = new Map([
  ["id", "inspectionId"],
  ["notifiedAt", "notifiedAt"],
  ["kind", "kind"],
]);

export function registerReadinessPages(web: FastifyInstance, o: WebOptions) {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { values?: Record<string, string>; errors?: { text: string; href: string }[] } = {},
  ) => {
    const m = await pageMoment(request, reply, o.runner, o.today, o.access.now);
    if ("error" in m) return problemPage(reply, 400, "The date or position is not valid", m.error, request);
    const check = Number((request.query as Record<string, unknown>).check);
    const view = readinessView(m.at, {
      asOf: m.asOf,
      now: m.now,
      ...(Number.isInteger(check) && check > 0 ? { check } : {}),
    });
    const fieldErrors = new Map((form.errors ?? []).map((e) => [e.href.slice(1), e.text]));
    return reply.view("readiness.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      asAt: m.asAt,
      view,
      values: form.values ?? { kind: "full", notifiedAt: m.now.slice(0, 16) },
      errors: form.errors,
      fieldErrors: Object.fromEntries(fieldErrors),
      canNotify: request.principal?.role === "lano" || request.principal?.role === "admin",
    });
  };

  web.get("/readiness", (request, reply) => render(request, reply));

  web.post("/readiness/notify", async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = {
      inspectionId: String(body.inspectionId ?? "").trim(),
      notifiedAt: String(body.notifiedAt ?? "").trim(),
      kind: String(body.kind ?? ""),
    };
    // A date and time as typed ("2026-11-23T09:30" or with a space), read as UTC.
    const typed = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/.exec(values.notifiedAt);
    const id = entityId.safeParse(values.inspectionId);
    if (!id.success)
      return render(request, reply.code(400), {
        values,
        errors: [
          { text: "Enter the inspection reference, letters, digits, '-' or '_'", href: "#inspectionId" },
        ],
      });
    const principal = request.principal!;
    const outcome = await handleCommand(o.store, notify, {
      id: id.data,
      input: {
        notifiedAt: typed ? `${typed[1]}T${typed[2]}:00Z` : values.notifiedAt,
        kind: values.kind,
      },
      caller: { actor: principal.actor, role: principal.role, source: "web", correlationId: request.id },
      today: o.today(),
    });
    switch (outcome.kind) {
      case "appended":
        await o.runner.waitFor(outcome.position);
        return reply.redirect("/readiness", 303);
      case "invalid":
        return render(request, reply.code(400), {
          values,
          errors: outcome.issues.map((i) => ({
            text: `${label(String(i.path[0] ?? "id"))}: ${i.message}`,
            href: `#${FIELD.get(String(i.path[0] ?? "id")) ?? "inspectionId"}`,
          })),
        });
      case "rejected":
        return render(request, reply.code(422), {
          values,
          errors: [
            {
              text: outcome.error.message,
              href: `#${FIELD.get(String(outcome.error.path[0] ?? "id")) ?? "inspectionId"}`,
            },
          ],
        });
      case "conflict":
        return problemPage(
          reply,
          409,
          "Someone else changed this inspection",
          "Reload the page to see their change, then try again.",
          request,
        );
      case "forbidden":
        return problemPage(reply, 403, "You cannot record the notification call", outcome.message, request);
    }
  });

  web.get("/annex-a.xlsx", async (request, reply) => {
    const m = await pageMoment(request, reply, o.runner, o.today, o.access.now);
    if ("error" in m) return problemPage(reply, 400, "The date or position is not valid", m.error, request);
    const report = annexAFor(m.at, m.asOf);
    const body = await annexAWorkbook(report.lists, report.checks);
    recordRead(
      request,
      "GET /annex-a.xlsx",
      [...report.lists.list1, ...report.lists.list2].flatMap((r) => cellText(r["Unique ID"]) ?? []),
    );
    return reply
      .type(XLSX)
      .header("content-disposition", `attachment; filename="annex-a-${m.asOf}.xlsx"`)
      .send(body);
  });
}

const label = (path: string) =>
  path === "notifiedAt"
    ? "Date and time of the call"
    : path === "kind"
      ? "Kind of inspection"
      : "Inspection reference";

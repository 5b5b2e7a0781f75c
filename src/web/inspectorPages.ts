/**
 * An inspector's pages: their inspection only — the data-request items provided, the Annex A workbook,
 * the case packs of the tracked children — and the date their access ends. The access matrix refuses
 * anything else (an untracked child, another inspection, any page after the window) with a 403 page.
 */
import type { FastifyInstance } from "fastify";
import { dataRequestView } from "../../projections/dataRequest.js";
import { accessWindow, inspectionIn } from "../access/inspectionWindow.js";
import { recordRead } from "../http/accessRecord.js";
import { buildPack, PackRequestError } from "../packs/build.js";
import type { WebOptions } from "./plugin.js";
import { problemPage } from "./problemPage.js";

export function registerInspectorPages(web: FastifyInstance, o: WebOptions) {
  web.get("/inspection", async (request, reply) => {
    const who = request.principal!;
    const at = o.runner.current();
    const inspection = inspectionIn(at.state.partnership, who.inspectionId!);
    const window = accessWindow(inspection, o.access.inspectorDaysAfter);
    const request_ = dataRequestView(at.state, o.access.now().toISOString(), {
      inspectionId: who.inspectionId!,
    });
    return reply.view("inspection.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      inspectionId: who.inspectionId,
      until: window?.until,
      provided: request_.items.filter((i) => i.status === "provided"),
      tracked: inspection?.trackedCaseIds ?? [],
    });
  });

  web.get("/inspection/cases/:caseId.pdf", async (request, reply) => {
    const who = request.principal!;
    const caseId = (request.params as { caseId: string }).caseId;
    try {
      const built = await buildPack(
        o.runner.current(),
        { kind: "cases", inspectionId: who.inspectionId!, caseIds: [caseId] },
        o.timeZone,
      );
      recordRead(request, "GET /inspection/cases/:caseId.pdf", built.casesShown);
      return reply
        .type("application/pdf")
        .header("content-disposition", `attachment; filename="case-${caseId}.pdf"`)
        .header("x-pack-sha256", built.sha256)
        .send(built.pdf);
    } catch (err) {
      if (!(err instanceof PackRequestError)) throw err;
      return problemPage(reply, 422, "That case pack cannot be built", err.message, request);
    }
  });
}

/**
 * Downloads of the Annex A lists, now or as at a moment: one workbook (sheets List_1, List_2 and the
 * check results) or each list as CSV. Inspectors may download them in their inspection's window (the
 * access matrix decides who); every download is recorded in the access log with every case id in the
 * lists it carries.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EvidenceState } from "../../projections/evidence.js";
import { annexAFor } from "../exports/annexAReport.js";
import { annexACsv, annexAWorkbook } from "../exports/annexAWorkbook.js";
import type { AnnexAList1Row, AnnexAList2Row } from "../exports/annexAColumns.js";
import { cellText } from "../exports/cells.js";
import { AsAtError, momentAsAt } from "../graphql/asAt.js";
import type { Folded, ProjectionRunner } from "../runner/runner.js";
import { recordRead } from "./accessRecord.js";
import { problem, sendProblem } from "./problem.js";

const query = z.strictObject({ asAt: z.string().optional() });
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface ExportRouteOptions {
  runner: ProjectionRunner<EvidenceState>;
  today: () => string;
  /** The area's calendar: "as at a date" is the end of that day there (default Europe/London). */
  timeZone?: string;
}

/** The folded moment and its calendar date for a request's `asAt`, or a problem already sent. */
async function moment(
  request: FastifyRequest,
  reply: FastifyReply,
  o: ExportRouteOptions,
): Promise<{ at: Folded<EvidenceState>; asOf: string } | undefined> {
  const q = query.safeParse(request.query);
  try {
    if (!q.success) throw new AsAtError(JSON.stringify(request.query));
    return await momentAsAt(q.data.asAt, {
      timeZone: o.timeZone ?? "Europe/London",
      today: o.today,
      runner: o.runner,
    });
  } catch (err) {
    if (!(err instanceof AsAtError)) throw err;
    await sendProblem(
      reply,
      problem(400, "invalid-input", "Invalid asAt", {
        errors: [{ path: "asAt", pointer: "/asAt", message: err.message }],
      }),
    );
    return undefined;
  }
}

/** The children on a list: every row's Unique ID. */
const idsOf = (rows: readonly (AnnexAList1Row | AnnexAList2Row)[]) =>
  rows.flatMap((r) => cellText(r["Unique ID"]) ?? []);

export function registerExportRoutes(app: FastifyInstance, o: ExportRouteOptions) {
  app.get(
    "/api/v1/exports/annex-a.xlsx",
    { schema: { summary: "Annex A List 1 and List 2 as one workbook", tags: ["exports"] } },
    async (request, reply) => {
      const m = await moment(request, reply, o);
      if (!m) return reply;
      const report = annexAFor(m.at, m.asOf);
      const body = await annexAWorkbook(report.lists, report.checks);
      recordRead(request, "GET /api/v1/exports/annex-a.xlsx", [
        ...idsOf(report.lists.list1),
        ...idsOf(report.lists.list2),
      ]);
      return reply
        .type(XLSX)
        .header("content-disposition", `attachment; filename="annex-a-${m.asOf}.xlsx"`)
        .header("x-log-position", String(m.at.position))
        .send(body);
    },
  );

  app.get(
    "/api/v1/exports/annex-a/list-:n.csv",
    { schema: { summary: "Annex A List 1 or List 2 as CSV", tags: ["exports"] } },
    async (request, reply) => {
      const n = (request.params as { n: string }).n;
      if (n !== "1" && n !== "2")
        return sendProblem(
          reply,
          problem(404, "not-found", "There are two lists", { detail: "list-1.csv or list-2.csv" }),
        );
      const m = await moment(request, reply, o);
      if (!m) return reply;
      const { lists } = annexAFor(m.at, m.asOf);
      const csv = n === "1" ? annexACsv(lists.list1, 1) : annexACsv(lists.list2, 2);
      recordRead(
        request,
        `GET /api/v1/exports/annex-a/list-${n}.csv`,
        idsOf(n === "1" ? lists.list1 : lists.list2),
      );
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="annex-a-list-${n}-${m.asOf}.csv"`)
        .header("x-log-position", String(m.at.position))
        .send(csv);
    },
  );
}

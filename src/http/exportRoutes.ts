/**
 * Downloads of the Annex A lists, now or as at a moment: one workbook (sheets List_1, List_2 and the
 * check results) or each list as CSV. Inspectors may download them in their inspection's window (the
 * access matrix decides who); every download is recorded in the access log with every case id in the
 * lists it carries. The file is built in a heavy-work worker when the server has one (off the event
 * loop), else here: the same bytes either way.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EvidenceState } from "../../projections/evidence.js";
import { type AnnexAFile, annexAFile, type AnnexAFormat } from "../exports/annexAFile.js";
import { AsAtError, parseAsAt } from "../graphql/asAt.js";
import type { HeavyWork } from "../runner/heavyWork.js";
import type { ProjectionRunner } from "../runner/runner.js";
import { recordRead } from "./accessRecord.js";
import { problem, sendProblem } from "./problem.js";

const query = z.strictObject({ asAt: z.string().optional() });
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface ExportRouteOptions {
  runner: ProjectionRunner<EvidenceState>;
  today: () => string;
  /** Worker threads that build the files off the event loop; without them, built in-process. */
  heavy?: HeavyWork;
}

/** Build one Annex A file as at `asAt` (now when absent), in a worker when there are workers. */
async function build(
  o: ExportRouteOptions,
  asAt: string | undefined,
  format: AnnexAFormat,
): Promise<AnnexAFile> {
  const target = parseAsAt(asAt);
  if (o.heavy)
    return o.heavy.annexA(target ?? { position: o.runner.current().position }, {
      asAt: target !== undefined,
      today: o.today(),
      format,
    });
  const at = target ? await o.runner.at(target) : o.runner.current();
  return annexAFile(at, target ? (at.recordedAt ?? "1970-01-01").slice(0, 10) : o.today(), format);
}

/** The file for a request's `asAt`, or a problem already sent. */
async function file(
  request: FastifyRequest,
  reply: FastifyReply,
  o: ExportRouteOptions,
  format: AnnexAFormat,
): Promise<AnnexAFile | undefined> {
  const q = query.safeParse(request.query);
  try {
    if (!q.success) throw new AsAtError(JSON.stringify(request.query));
    return await build(o, q.data.asAt, format);
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

export function registerExportRoutes(app: FastifyInstance, o: ExportRouteOptions) {
  app.get(
    "/api/v1/exports/annex-a.xlsx",
    { schema: { summary: "Annex A List 1 and List 2 as one workbook", tags: ["exports"] } },
    async (request, reply) => {
      const f = await file(request, reply, o, "xlsx");
      if (!f) return reply;
      recordRead(request, "GET /api/v1/exports/annex-a.xlsx", f.caseIds);
      return reply
        .type(XLSX)
        .header("content-disposition", `attachment; filename="annex-a-${f.asOf}.xlsx"`)
        .header("x-log-position", String(f.position))
        .send(f.bytes);
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
      const f = await file(request, reply, o, n === "1" ? "csv1" : "csv2");
      if (!f) return reply;
      recordRead(request, `GET /api/v1/exports/annex-a/list-${n}.csv`, f.caseIds);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="annex-a-list-${n}-${f.asOf}.csv"`)
        .header("x-log-position", String(f.position))
        .send(f.bytes);
    },
  );
}

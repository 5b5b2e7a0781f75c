/**
 * Downloads of the Annex A lists, now or as at a moment: one workbook (sheets List_1, List_2 and the
 * check results) or each list as CSV. Inspectors may download them; every download is logged.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EvidenceState } from "../../projections/evidence.js";
import type { Role } from "../../schemas/common.js";
import { annexAFor } from "../exports/annexAReport.js";
import { annexACsv, annexAWorkbook } from "../exports/annexAWorkbook.js";
import { AsAtError, parseAsAt } from "../graphql/asAt.js";
import type { AnnexAFile, AnnexAFormat, HeavyWork } from "../runner/heavyWork.js";
import type { ProjectionRunner } from "../runner/runner.js";
import { problem, sendProblem } from "./problem.js";

const readers: readonly Role[] = ["lano", "officer", "admin", "inspector"];
const query = z.strictObject({ asAt: z.string().optional() });
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface ExportRouteOptions {
  runner: ProjectionRunner<EvidenceState>;
  today: () => string;
  /** Worker threads that build the files off the event loop; without them, built in-process. */
  heavy?: HeavyWork;
}

/** Build one Annex A file, in a worker when there are workers, else here. */
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
  const asOf = target ? (at.recordedAt ?? "1970-01-01").slice(0, 10) : o.today();
  const { lists, checks } = annexAFor(at, asOf);
  const bytes =
    format === "xlsx"
      ? await annexAWorkbook(lists, checks)
      : Buffer.from(format === "csv1" ? annexACsv(lists.list1, 1) : annexACsv(lists.list2, 2), "utf8");
  const rows =
    format === "xlsx"
      ? lists.list1.length + lists.list2.length
      : format === "csv1"
        ? lists.list1.length
        : lists.list2.length;
  return { bytes, position: at.position, asOf, rows };
}

/** The file for a request's `asAt`, or a problem already sent (not allowed, bad asAt). */
async function file(
  request: FastifyRequest,
  reply: FastifyReply,
  o: ExportRouteOptions,
  format: AnnexAFormat,
): Promise<AnnexAFile | undefined> {
  const principal = request.principal!;
  if (!readers.includes(principal.role)) {
    await sendProblem(
      reply,
      problem(403, "forbidden", "Not allowed", { detail: `role ${principal.role} may not download lists` }),
    );
    return undefined;
  }
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
  const audit = (request: FastifyRequest, what: string, position: number, rows: number) =>
    request.log.info(
      { audit: "read", actor: request.principal!.actor, role: request.principal!.role, what, position, rows },
      "annex A download",
    );

  app.get(
    "/api/v1/exports/annex-a.xlsx",
    { schema: { summary: "Annex A List 1 and List 2 as one workbook", tags: ["exports"] } },
    async (request, reply) => {
      const f = await file(request, reply, o, "xlsx");
      if (!f) return reply;
      audit(request, "annex-a.xlsx", f.position, f.rows);
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
      audit(request, `annex-a list-${n}.csv`, f.position, f.rows);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="annex-a-list-${n}-${f.asOf}.csv"`)
        .header("x-log-position", String(f.position))
        .send(f.bytes);
    },
  );
}

/**
 * File imports: `POST /api/v1/imports/cases` (a case extract, CSV or XLSX) and `/imports/metrics` (CSV),
 * the file as the raw request body. A file with bad rows is refused whole (400, every bad row named by
 * line and column) and nothing is appended; importing the same file twice appends nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  ImportInterruptedError,
  importCases,
  importMetrics,
  MAX_BYTES,
  type RowError,
} from "../imports/index.js";
import type { EventStore } from "../store/port.js";
import { problem, sendProblem } from "./problem.js";

const CSV = ["text/csv", "application/csv"];
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface ImportRouteOptions {
  store: EventStore;
  today: () => string;
}

const rowErrors = (errors: readonly RowError[]) =>
  errors.map((e) => ({
    path: e.line === 0 ? "(file)" : `line ${e.line}${e.column ? `.${e.column}` : ""}`,
    pointer: `/${e.line}${e.column ? `/${e.column}` : ""}`,
    line: e.line,
    ...(e.column ? { column: e.column } : {}),
    message: e.reason,
  }));

export function registerImportRoutes(app: FastifyInstance, o: ImportRouteOptions) {
  app.register(async (scope) => {
    // Files arrive as raw bodies; these parsers exist only inside this plugin.
    scope.addContentTypeParser(
      [...CSV, XLSX, "application/octet-stream"],
      { parseAs: "buffer", bodyLimit: MAX_BYTES },
      (_r, body, done) => done(null, body),
    );
    const route = (kind: "cases" | "metrics") => async (request: FastifyRequest, reply: FastifyReply) => {
      const principal = request.principal!;
      const type = (request.headers["content-type"] ?? "").split(";")[0]!.trim();
      const xlsx = type === XLSX;
      if (kind === "metrics" && xlsx)
        return sendProblem(
          reply,
          problem(415, "unsupported-media-type", "The metrics file is CSV", { detail: "send text/csv" }),
        );
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0)
        return sendProblem(
          reply,
          problem(400, "invalid-input", "No file", {
            errors: [{ path: "(file)", pointer: "/", message: "the request body must be the file" }],
          }),
        );
      const name =
        typeof request.headers["x-file-name"] === "string"
          ? request.headers["x-file-name"]
          : xlsx
            ? "upload.xlsx"
            : "upload.csv";
      const fileName = xlsx && !name.endsWith(".xlsx") ? `${name}.xlsx` : name;
      const caller = { actor: principal.actor, role: principal.role, source: `import:${fileName}` };
      let outcome: Awaited<ReturnType<typeof importCases>>;
      try {
        outcome =
          kind === "cases"
            ? await importCases(o.store, body, fileName, caller, o.today())
            : await importMetrics(o.store, body, fileName, caller, o.today());
      } catch (err) {
        if (!(err instanceof ImportInterruptedError)) throw err;
        return sendProblem(
          reply,
          problem(409, "import-interrupted", "Someone changed a case during the import", {
            detail: `${err.message}. ${err.appended} events were appended before it stopped; send the same file again to finish (what landed is skipped).`,
          }),
        );
      }
      const limit = outcome.kind === "refused" ? outcome.errors.find((e) => e.limit) : undefined;
      if (limit?.limit)
        return sendProblem(
          reply,
          problem(413, "too-large", "The file is over a limit: nothing was imported", {
            detail: limit.reason,
            limit: limit.limit,
            errors: rowErrors([limit]),
          }),
        );
      if (outcome.kind === "refused")
        return sendProblem(
          reply,
          problem(400, "invalid-file", "The file was refused: nothing was imported", {
            detail: `${outcome.errors.length} problem(s); fix them and send the whole file again`,
            errors: rowErrors(outcome.errors),
          }),
        );
      return reply.code(outcome.appended > 0 ? 201 : 200).send(outcome);
    };
    scope.post(
      "/api/v1/imports/cases",
      { schema: { summary: "Import a case extract (CSV or XLSX body)", tags: ["imports"] } },
      route("cases"),
    );
    scope.post(
      "/api/v1/imports/metrics",
      { schema: { summary: "Import a metrics file (CSV body)", tags: ["imports"] } },
      route("metrics"),
    );
  });
}

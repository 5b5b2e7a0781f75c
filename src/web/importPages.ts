/**
 * Imports from the pages (`/imports`): upload a case extract (CSV or XLSX) or a metrics file (CSV); first
 * a check — the import's own parse, plan and dry run (src/imports), writing nothing — that shows every
 * refused row by line and column; then "Import N rows", which runs the same import the API runs (it checks
 * everything again before the first write). The checked file waits on the server for the person who
 * uploaded it, for a short while, so the second step needs no second upload. Limits are the API's.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  checkCases,
  checkMetrics,
  ImportInterruptedError,
  importCases,
  importMetrics,
  MAX_BYTES,
  MAX_ROWS,
  type RowError,
} from "../imports/index.js";
import type { Caller } from "../commands/handle.js";
import { text } from "./commandForm.js";
import type { WebOptions } from "./plugin.js";
import { problemPage } from "./problemPage.js";
import { acceptUploads, type UploadedForm } from "./uploadedForm.js";

type Kind = "cases" | "metrics";
const KIND_NAME = new Map<Kind, string>([
  ["cases", "case extract"],
  ["metrics", "metrics file"],
]);

/** A checked file waiting for "Import N rows". */
interface Held {
  kind: Kind;
  name: string;
  bytes: Buffer;
  actor: string;
  rows: number;
  heldAt: number;
}

/** How long a checked file waits, and how many wait at once (the oldest goes first). */
export const HOLD_MS = 30 * 60_000;
export const MAX_HELD = 8;

/** Room for the form's other fields around a file of the API's largest size. */
const FORM_OVERHEAD = 64 * 1024;

const rowsOf = (errors: readonly RowError[]) =>
  errors.map((e) => ({
    line: e.line === 0 ? "the whole file" : String(e.line),
    column: e.column ?? "",
    reason: e.reason,
  }));

export function registerImportPages(web: FastifyInstance, o: WebOptions) {
  const held = new Map<string, Held>();
  const hold = (h: Held) => {
    const now = o.access.now().getTime();
    for (const [id, x] of held) if (now - x.heldAt > HOLD_MS) held.delete(id);
    while (held.size >= MAX_HELD) held.delete(held.keys().next().value!);
    const id = randomUUID();
    held.set(id, h);
    return id;
  };

  const page = (request: FastifyRequest, reply: FastifyReply, view: Record<string, unknown> = {}) =>
    reply.view("imports.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      nav: "imports",
      maxMegabytes: MAX_BYTES / 1024 / 1024,
      maxRows: MAX_ROWS.toLocaleString("en-GB"),
      kind: "cases",
      ...view,
    });

  const callerOf = (request: FastifyRequest, name: string): Caller => ({
    actor: request.principal!.actor,
    role: request.principal!.role,
    source: `import:${name}`,
    correlationId: request.id,
  });

  const refusal = (reply: FastifyReply, errors: readonly RowError[]) => {
    const limit = errors.some((e) => e.limit);
    reply.code(limit ? 413 : 400);
    return {
      refused: rowsOf(errors),
      errors: [
        {
          text: `${limit ? "The file is over a limit" : `The file has ${errors.length} problem${errors.length === 1 ? "" : "s"}`}: nothing has been imported`,
          href: "#refused",
        },
      ],
    };
  };

  web.get("/imports", (request, reply) => page(request, reply));

  web.register(async (scope) => {
    acceptUploads(
      scope,
      MAX_BYTES + FORM_OVERHEAD,
      `A file can be at most ${MAX_BYTES / 1024 / 1024} MB. Nothing has been imported.`,
    );

    scope.post("/imports/check", async (request, reply) => {
      // Only a multipart form has its fields and files as maps; anything else has neither.
      const form = request.body as Partial<UploadedForm> | undefined;
      const kind = form?.fields instanceof Map ? form.fields.get("kind") : undefined;
      const file = form?.files instanceof Map ? form.files.get("file") : undefined;
      const errors: { text: string; href: string }[] = [];
      if (kind !== "cases" && kind !== "metrics")
        errors.push({ text: "Select what kind of file it is", href: "#kind" });
      if (!file || file.bytes.length === 0) errors.push({ text: "Select a file to check", href: "#file" });
      if (errors.length > 0 || !file || (kind !== "cases" && kind !== "metrics"))
        return page(request, reply.code(400), {
          errors,
          fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), e.text])),
          kind,
        });
      const name = file.name || (kind === "cases" ? "upload.csv" : "metrics.csv");
      const check = kind === "cases" ? checkCases : checkMetrics;
      const checked = await check(o.store, file.bytes, name, callerOf(request, name), o.today());
      const about = { kind, kindName: KIND_NAME.get(kind), fileName: name };
      if (checked.kind === "refused")
        return page(request, reply, { ...about, ...refusal(reply, checked.errors) });
      const id = hold({
        kind,
        name,
        bytes: file.bytes,
        actor: request.principal!.actor,
        rows: checked.rows,
        heldAt: o.access.now().getTime(),
      });
      return page(request, reply, { ...about, checked, upload: id });
    });
  });

  web.post("/imports/run", async (request, reply) => {
    const id = text(request.body, "upload");
    const h = held.get(id);
    if (!h || h.actor !== request.principal!.actor || o.access.now().getTime() - h.heldAt > HOLD_MS)
      return page(request, reply.code(400), {
        errors: [{ text: "That check has expired or is not yours: choose the file again", href: "#file" }],
        fieldErrors: { file: "Choose the file again" },
      });
    held.delete(id);
    const run = h.kind === "cases" ? importCases : importMetrics;
    const about = { kind: h.kind, kindName: KIND_NAME.get(h.kind), fileName: h.name };
    try {
      const outcome = await run(o.store, h.bytes, h.name, callerOf(request, h.name), o.today());
      if (outcome.kind === "refused")
        return page(request, reply, { ...about, ...refusal(reply, outcome.errors) });
      const head = await o.store.head();
      await o.runner.waitFor(head.position);
      return page(request, reply, { ...about, imported: { ...outcome, rows: h.rows } });
    } catch (err) {
      if (!(err instanceof ImportInterruptedError)) throw err;
      return problemPage(
        reply,
        409,
        "Someone changed a record during the import",
        `${err.message}. Choose the file again: what was recorded is skipped.`,
        request,
      );
    }
  });
}

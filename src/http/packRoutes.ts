/**
 * Evidence packs as PDF: built now or as at any moment, issued to a recipient (which records PackIssued
 * with the file's SHA-256), fetched again byte-for-byte, and verified. Packs of case-level data are marked
 * OFFICIAL-SENSITIVE; every pack served or verified is recorded in the access log with the children it names.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EvidenceState } from "../../projections/evidence.js";
import { caseId, entityId, plainText } from "../../schemas/common.js";
import { commandByName } from "../commands/index.js";
import { handleCommand } from "../commands/handle.js";
import { AsAtError, parseAsAt } from "../graphql/asAt.js";
import {
  buildPack,
  MAX_PACK_CASES,
  type PackRequest,
  PackRequestError,
  requestFromMeta,
} from "../packs/build.js";
import type { PackKind } from "../packs/meta.js";
import { verifyPack } from "../packs/verify.js";
import type { HeavyWork } from "../runner/heavyWork.js";
import type { ProjectionRunner } from "../runner/runner.js";
import type { EventStore } from "../store/port.js";
import { recordRead } from "./accessRecord.js";
import { fieldError, fromZodIssues, problem, sendProblem } from "./problem.js";

export interface PackRouteOptions {
  store: EventStore;
  runner: ProjectionRunner<EvidenceState>;
  today: () => string;
  timeZone: string;
  /** Worker threads that build and verify packs off the event loop; without them, in-process. */
  heavy?: HeavyWork;
}

const flag = z.enum(["true", "false"]).transform((v) => v === "true");
const caseList = z
  .union([caseId, z.array(caseId).max(MAX_PACK_CASES)])
  .transform((v) => (Array.isArray(v) ? v : [v]));
const query = z.strictObject({
  asAt: z.string().optional(),
  inspectionId: entityId.optional(),
  includeWarnings: flag.optional(),
  caseLevel: flag.optional(),
  case: caseList.optional(),
});
const issueBody = z.strictObject({
  kind: z.enum(["sef", "dataRequest", "cases"]),
  recipient: z.string().trim().pipe(plainText(200)),
  asAt: z.string().optional(),
  inspectionId: entityId.optional(),
  caseIds: z.array(caseId).min(1).max(MAX_PACK_CASES).optional(),
  includeWarnings: z.boolean().optional(),
  caseLevel: z.boolean().optional(),
});
/** By the URL's name for it (a `Map`: the path is the caller's text, `toString.pdf` included). */
const KINDS: ReadonlyMap<string, PackKind> = new Map([
  ["sef", "sef"],
  ["data-request", "dataRequest"],
  ["cases", "cases"],
]);

const bad = (reply: FastifyReply, errors: ReturnType<typeof fromZodIssues>) =>
  sendProblem(reply, problem(400, "invalid-input", "The request has invalid fields", { errors }));

export function registerPackRoutes(app: FastifyInstance, o: PackRouteOptions) {
  /** Build a pack as at `asAt` (now when absent), in a worker when there are workers. */
  const make = async (asAt: string | undefined, packRequest: PackRequest) => {
    const target = parseAsAt(asAt);
    if (o.heavy)
      return o.heavy.pack(target ?? { position: o.runner.current().position }, packRequest, o.timeZone);
    return buildPack(target ? await o.runner.at(target) : o.runner.current(), packRequest, o.timeZone);
  };
  const send = (
    request: FastifyRequest,
    reply: FastifyReply,
    built: Awaited<ReturnType<typeof buildPack>>,
    name: string,
  ) => {
    recordRead(request, `GET ${request.url.split("?")[0]}`, built.casesShown);
    return reply
      .type("application/pdf")
      .header("content-disposition", `attachment; filename="${name}"`)
      .header("x-log-position", String(built.meta.position))
      .header("x-pack-sha256", built.sha256)
      .send(built.pdf);
  };
  /** Build, answering the user's mistakes (bad asAt, unknown case or inspection) as 400s. */
  const attempt = async <T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof AsAtError) await bad(reply, [fieldError(["asAt"], err.message)]);
      else if (err instanceof PackRequestError)
        await sendProblem(
          reply,
          problem(422, "pack-request", "That pack cannot be built", { detail: err.message }),
        );
      else throw err;
      return undefined;
    }
  };

  app.get(
    "/api/v1/packs/:kind.pdf",
    { schema: { summary: "Build a pack as PDF: sef, data-request or cases", tags: ["packs"] } },
    async (request, reply) => {
      const kind = KINDS.get((request.params as { kind: string }).kind);
      if (!kind)
        return sendProblem(
          reply,
          problem(404, "not-found", "No such pack", { detail: "sef.pdf, data-request.pdf or cases.pdf" }),
        );
      const q = query.safeParse(request.query);
      if (!q.success) return bad(reply, fromZodIssues(q.error.issues));
      // Inspectors get their own inspection's request and the SEF as last signed off (src/access).
      const who = request.principal!;
      const inspector = who.role === "inspector";
      const inspectionId = q.data.inspectionId ?? (inspector ? who.inspectionId : undefined);
      const asAt =
        inspector && kind === "sef" ? o.runner.current().state.sef.signOffs.at(-1)?.at : q.data.asAt;
      const packRequest: PackRequest = {
        kind,
        ...(inspectionId ? { inspectionId } : {}),
        ...(q.data.case ? { caseIds: q.data.case } : {}),
        ...(q.data.includeWarnings ? { includeWarnings: true } : {}),
        ...(q.data.caseLevel ? { caseLevel: true } : {}),
      };
      const built = await attempt(reply, () => make(asAt, packRequest));
      return built ? send(request, reply, built, `${kind}-${built.meta.position}.pdf`) : reply;
    },
  );

  app.post(
    "/api/v1/packs/:id/issue",
    {
      schema: {
        summary: "Issue a pack to a recipient: records PackIssued with its SHA-256",
        tags: ["packs"],
      },
    },
    async (request, reply) => {
      const id = entityId.safeParse((request.params as { id: string }).id);
      const body = issueBody.safeParse(request.body ?? {});
      const errors = [
        ...(id.success ? [] : fromZodIssues(id.error.issues, ["id"])),
        ...(body.success ? [] : fromZodIssues(body.error.issues)),
      ];
      if (!id.success || !body.success) return bad(reply, errors);
      const { recipient, asAt, ...rest } = body.data;
      const built = await attempt(reply, () => make(asAt, rest));
      if (!built) return reply;
      const input = {
        kind: built.meta.kind,
        position: built.meta.position,
        sha256: built.sha256,
        recipient,
        issuedAt: new Date().toISOString(),
        ...(built.caseIds.length ? { caseIds: built.caseIds } : {}),
        ...(built.meta.request && Object.keys(built.meta.request).length
          ? { request: built.meta.request }
          : {}),
      };
      const outcome = await handleCommand(o.store, commandByName.get("issuePack")!, {
        id: id.data,
        input,
        caller: { actor: request.principal!.actor, role: request.principal!.role, source: "api" },
        today: o.today(),
      });
      if (outcome.kind === "rejected")
        return sendProblem(
          reply,
          problem(409, outcome.error.code, "Not issued", { detail: outcome.error.message }),
        );
      if (outcome.kind !== "appended") throw new Error(`issuePack: unexpected ${outcome.kind}`);
      recordRead(request, `POST /api/v1/packs/${id.data}/issue`, built.caseIds);
      return reply.code(201).send({
        packId: id.data,
        ...input,
        download: `/api/v1/packs/${id.data}.pdf`,
        logPosition: outcome.position,
      });
    },
  );

  app.get(
    "/api/v1/packs/issued/:id.pdf",
    { schema: { summary: "An issued pack, rebuilt byte-for-byte at its log position", tags: ["packs"] } },
    async (request, reply) => {
      const id = (request.params as { id: string }).id;
      const issued = o.runner.current().state.partnership.packs.find((p) => p.packId === id);
      if (!issued)
        return sendProblem(reply, problem(404, "not-found", "No such issued pack", { detail: id }));
      const stream = await o.store.readStream(`pack-${id}`);
      const data = stream[0]!.data as {
        kind: PackKind;
        position: number;
        sha256: string;
        request?: Record<string, unknown>;
      };
      const packRequest = requestFromMeta(data.kind, data.request);
      const built = o.heavy
        ? await o.heavy.pack({ position: data.position }, packRequest, o.timeZone)
        : await buildPack(await o.runner.at({ position: data.position }), packRequest, o.timeZone);
      if (built.sha256 !== data.sha256)
        request.log.error(
          { id, issued: data.sha256, rebuilt: built.sha256 },
          "issued pack does not rebuild identically",
        );
      return send(request, reply, built, `${id}.pdf`);
    },
  );

  app.register(async (scope) => {
    scope.addContentTypeParser(
      ["application/pdf", "application/octet-stream"],
      { parseAs: "buffer", bodyLimit: 50 * 1024 * 1024 },
      (_r, b, done) => done(null, b),
    );
    scope.post(
      "/api/v1/packs/verify",
      { schema: { summary: "Verify a pack PDF (the file as the body)", tags: ["packs"] } },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body) || request.body.length === 0)
          return bad(reply, [
            fieldError([], "the request body must be the PDF (Content-Type: application/pdf)"),
          ]);
        const issued = o.runner.current().state.partnership.packs;
        const result = o.heavy
          ? await o.heavy.verify(request.body, issued, o.timeZone)
          : await verifyPack(request.body, {
              at: (position) => o.runner.at({ position }),
              issued,
              timeZone: o.timeZone,
            });
        recordRead(request, "POST /api/v1/packs/verify", [
          ...(result.meta?.caseIds ?? []),
          ...(requestFromMeta(result.meta?.kind ?? "sef", result.meta?.request).caseIds ?? []),
        ]);
        return reply.send(result);
      },
    );
  });
}

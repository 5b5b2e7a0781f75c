/**
 * Evidence packs as PDF: built now or as at any moment, issued to a recipient (which records PackIssued
 * with the file's SHA-256), fetched again byte-for-byte, and verified. Packs of case-level data are marked
 * OFFICIAL-SENSITIVE; every pack served or verified is recorded in the access log with the children it names.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { caseId, entityId, plainText } from "../../schemas/common.js";
import { AsAtError } from "../graphql/asAt.js";
import { type BuiltPack, MAX_PACK_CASES, type PackRequest, PackRequestError } from "../packs/build.js";
import type { PackKind } from "../packs/meta.js";
import { MAX_VERIFY_BYTES, type PackWork, packWork, type PackWorkOptions } from "../packs/packWork.js";
import { recordRead } from "./accessRecord.js";
import { fieldError, fromZodIssues, problem, sendProblem } from "./problem.js";
import { type AccessContextBase, authorise } from "../access/authorise.js";
import { packKindInput } from "../../schemas/events/pack.js";
import { issuedPackOut } from "../packs/issuedPacks.js";

export interface PackRouteOptions extends PackWorkOptions {
  /** The moment and evidence access decisions are taken in (to filter the issued packs a caller sees). */
  accessBase: () => AccessContextBase;
  /** The packs' work, shared with the pages; made from these options when absent. */
  packs?: PackWork;
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
/** What issuing a pack asks for (the API's body; the Packs page fills it from its form). */
export const packIssueBody = z.strictObject({
  kind: packKindInput,
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
  const packs = o.packs ?? packWork(o);
  const send = (request: FastifyRequest, reply: FastifyReply, built: BuiltPack, name: string) => {
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
        ...packs.verifyAddress,
      };
      const built = await attempt(reply, () => packs.build(asAt, packRequest));
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
      const body = packIssueBody.safeParse(request.body ?? {});
      const errors = [
        ...(id.success ? [] : fromZodIssues(id.error.issues, ["id"])),
        ...(body.success ? [] : fromZodIssues(body.error.issues)),
      ];
      if (!id.success || !body.success) return bad(reply, errors);
      const principal = request.principal!;
      const outcome = await attempt(reply, () =>
        packs.issue(id.data, body.data, { actor: principal.actor, role: principal.role, source: "api" }),
      );
      if (!outcome) return reply;
      if (outcome.kind === "notIssued")
        return sendProblem(reply, problem(409, outcome.code, "Not issued", { detail: outcome.message }));
      recordRead(request, `POST /api/v1/packs/${id.data}/issue`, outcome.built.caseIds);
      return reply.code(201).send(outcome.record);
    },
  );

  app.get(
    "/api/v1/packs/issued",
    {
      schema: {
        summary:
          "The packs issued so far, newest first: those the caller may fetch (inspectors: their inspection's)",
        tags: ["packs"],
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const base = o.accessBase();
      const list = o.runner
        .current()
        .state.partnership.packs.filter(
          (p) => authorise(principal, "GET /api/v1/packs/issued/:id.pdf", { ...base, issued: p }).allowed,
        )
        .map(issuedPackOut)
        .reverse();
      recordRead(
        request,
        "GET /api/v1/packs/issued",
        list.flatMap((p) => p.caseIds),
      );
      return reply.send({ packs: list });
    },
  );

  app.get(
    "/api/v1/packs/issued/:id.pdf",
    { schema: { summary: "An issued pack, rebuilt byte-for-byte at its log position", tags: ["packs"] } },
    async (request, reply) => {
      const id = (request.params as { id: string }).id;
      const found = await packs.rebuildIssued(id);
      if (!found) return sendProblem(reply, problem(404, "not-found", "No such issued pack", { detail: id }));
      const { built, issuedSha256 } = found;
      if (built.sha256 !== issuedSha256)
        request.log.error(
          { id, issued: issuedSha256, rebuilt: built.sha256 },
          "issued pack does not rebuild identically",
        );
      return send(request, reply, built, `${id}.pdf`);
    },
  );

  app.register(async (scope) => {
    scope.addContentTypeParser(
      ["application/pdf", "application/octet-stream"],
      { parseAs: "buffer", bodyLimit: MAX_VERIFY_BYTES },
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
        const result = await packs.verify(request.body);
        recordRead(request, "POST /api/v1/packs/verify", packs.casesOf(result));
        return reply.send(result);
      },
    );
  });
}

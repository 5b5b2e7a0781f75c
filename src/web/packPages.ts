/**
 * The LANO's Packs page: build and preview the SEF, the data request and the tracked children's
 * case-sampling pack (now or as at `?asAt=`), issue a pack (the `issuePack` command, through the same
 * src/packs/packWork.ts as the API), the packs issued so far with their hashes, and a form that verifies an
 * uploaded PDF as POST /api/v1/packs/verify does, answering in plain words. Every pack served or verified
 * is recorded in the access log with the children it names, as the API records it.
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { entityId } from "../../schemas/common.js";
import { trackingSample } from "../../projections/caseTracking.js";
import { currentInspection } from "../../projections/partnership.js";
import { AsAtError } from "../graphql/asAt.js";
import { recordRead } from "../http/accessRecord.js";
import { packIssueBody } from "../http/packRoutes.js";
import { type BuiltPack, type PackRequest, PackRequestError } from "../packs/build.js";
import type { PackKind } from "../packs/meta.js";
import { MAX_VERIFY_BYTES } from "../packs/packWork.js";
import { pageMoment } from "./moment.js";
import { issuedRows, verdict } from "./packsView.js";
import type { WebOptions } from "./plugin.js";
import { problemPage } from "./problemPage.js";
import { acceptUploads, type UploadedForm } from "./uploadedForm.js";

/** By the URL's name for it (a `Map`: the path is the caller's text). */
const KINDS: ReadonlyMap<string, PackKind> = new Map([
  ["sef", "sef"],
  ["data-request", "dataRequest"],
  ["cases", "cases"],
]);
const ISSUE_FIELDS = new Map([
  ["kind", "kind"],
  ["recipient", "recipient"],
]);
const MAX_MB = MAX_VERIFY_BYTES / 1024 / 1024;

type FieldError = { text: string; href: string };

/** A pack reference nobody else will pick: the date and 6 random hex digits. */
const newPackId = (today: string) =>
  `PACK-${today.replaceAll("-", "")}-${randomBytes(3).toString("hex").toUpperCase()}`;

export function registerPackPages(web: FastifyInstance, o: WebOptions) {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { values?: Record<string, string>; errors?: FieldError[] } = {},
  ) => {
    const m = await pageMoment(request, reply, o.runner, o.today, o.access.now);
    if ("error" in m) return problemPage(reply, 400, "The date or position is not valid", m.error, request);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const state = m.at.state;
    const inspection = currentInspection(state.partnership);
    const tracked = inspection ? (trackingSample(state, inspection.inspectionId)?.children.length ?? 0) : 0;
    const packs = state.partnership.packs;
    const issuedBy = new Map<string, string>();
    for (const p of packs)
      issuedBy.set(p.packId, (await o.store.readStream(`pack-${p.packId}`))[0]?.metadata.actor ?? "");
    const rows = issuedRows(packs, issuedBy);
    const justIssued =
      typeof query.issued === "string" ? rows.find((r) => r.packId === query.issued) : undefined;
    const asAtQuery = typeof query.asAt === "string" && m.asAt ? query.asAt : undefined;
    const at = asAtQuery ? `asAt=${encodeURIComponent(asAtQuery)}` : "";
    const inspectionQuery = inspection ? `inspectionId=${encodeURIComponent(inspection.inspectionId)}` : "";
    const link = (kind: string, ...params: string[]) => {
      const q = [...params, at].filter(Boolean).join("&");
      return `/packs/${kind}.pdf${q ? `?${q}` : ""}`;
    };
    const errors = form.errors ?? [];
    return reply.view("packs.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      asAt: m.asAt,
      asAtQuery,
      inspectionId: inspection?.inspectionId,
      tracked,
      previews: [
        { text: "Self-evaluation (SEF)", href: link("sef") },
        {
          text: "Self-evaluation with its gaps and contradictions (your working copy)",
          href: link("sef", "includeWarnings=true"),
        },
        ...(inspection
          ? [
              {
                text: `24-hour data request for inspection ${inspection.inspectionId}`,
                href: link("data-request", inspectionQuery),
              },
            ]
          : []),
        ...(tracked
          ? [
              {
                text: `Case-sampling pack of the ${tracked} tracked ${tracked === 1 ? "child" : "children"}`,
                href: link("cases", inspectionQuery),
              },
            ]
          : []),
      ],
      canIssue: request.principal?.role === "lano" || request.principal?.role === "admin",
      packId: newPackId(o.today()),
      values: form.values ?? { kind: tracked ? "cases" : "sef", recipient: "" },
      justIssued,
      issued: rows,
      maxMb: MAX_MB,
      errors: errors.length ? errors : undefined,
      fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), e.text])),
    });
  };

  /** A pack built for a page, or the caller's mistake as a problem page. */
  const attempt = async (
    request: FastifyRequest,
    reply: FastifyReply,
    fn: () => Promise<BuiltPack>,
  ): Promise<BuiltPack | undefined> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof AsAtError)
        await problemPage(reply, 400, "The date or position is not valid", err.message, request);
      else if (err instanceof PackRequestError)
        await problemPage(reply, 422, "That pack cannot be built", err.message, request);
      else throw err;
      return undefined;
    }
  };
  const send = (
    request: FastifyRequest,
    reply: FastifyReply,
    built: BuiltPack,
    what: string,
    name: string,
  ) => {
    recordRead(request, what, built.casesShown);
    return reply
      .type("application/pdf")
      .header("content-disposition", `attachment; filename="${name}"`)
      .header("x-log-position", String(built.meta.position))
      .header("x-pack-sha256", built.sha256)
      .send(built.pdf);
  };

  web.get("/packs", (request, reply) => render(request, reply));

  web.get("/packs/:kind.pdf", async (request, reply) => {
    const name = (request.params as { kind: string }).kind;
    const kind = KINDS.get(name);
    if (!kind)
      return problemPage(
        reply,
        404,
        "Page not found",
        "There is no such pack: SEF, data request or cases.",
        request,
      );
    const q = (request.query ?? {}) as Record<string, unknown>;
    const inspection = q.inspectionId === undefined ? undefined : entityId.safeParse(q.inspectionId);
    if (inspection && !inspection.success)
      return problemPage(
        reply,
        400,
        "The inspection reference is not valid",
        "Use the links on the Packs page.",
        request,
      );
    const inspectionId = inspection?.data;
    const packRequest: PackRequest = {
      kind,
      ...(inspectionId ? { inspectionId } : {}),
      ...(kind === "sef" && q.includeWarnings === "true" ? { includeWarnings: true } : {}),
      ...o.packs.verifyAddress,
    };
    const asAt = typeof q.asAt === "string" ? q.asAt : undefined;
    const built = await attempt(request, reply, () => o.packs.build(asAt, packRequest));
    return built
      ? send(request, reply, built, "GET /packs/:kind.pdf", `${name}-${built.meta.position}.pdf`)
      : reply;
  });

  web.post("/packs/issue", async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = {
      kind: String(body.kind ?? ""),
      recipient: String(body.recipient ?? ""),
    };
    const packId = entityId.safeParse(body.packId);
    if (!packId.success)
      return problemPage(
        reply,
        400,
        "This form cannot be read",
        "Go back, reload the page and try again.",
        request,
      );
    const inspectionId =
      typeof body.inspectionId === "string" && body.inspectionId ? body.inspectionId : undefined;
    const asAt = typeof body.asAt === "string" && body.asAt ? body.asAt : undefined;
    const parsed = packIssueBody.safeParse({
      ...(values.kind ? { kind: values.kind } : {}),
      recipient: values.recipient,
      ...(asAt ? { asAt } : {}),
      ...(inspectionId ? { inspectionId } : {}),
    });
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => {
        const field = ISSUE_FIELDS.get(String(i.path[0])) ?? "kind";
        return {
          text:
            field === "kind"
              ? "Select which pack to issue"
              : values.recipient.trim()
                ? `Recipient: ${i.message}`
                : "Enter who the pack is for",
          href: `#${field}`,
        };
      });
      return render(request, reply.code(400), { values, errors });
    }
    const who = request.principal!;
    let outcome;
    try {
      outcome = await o.packs.issue(packId.data, parsed.data, {
        actor: who.actor,
        role: who.role,
        source: "web",
        correlationId: request.id,
      });
    } catch (err) {
      if (!(err instanceof PackRequestError) && !(err instanceof AsAtError)) throw err;
      return render(request, reply.code(422), { values, errors: [{ text: err.message, href: "#kind" }] });
    }
    if (outcome.kind === "notIssued")
      return problemPage(
        reply,
        409,
        "This pack has already been issued",
        "Someone (perhaps you, pressing the button twice) issued it already. Go to Packs to see it in the list of issued packs.",
        request,
      );
    recordRead(request, "POST /packs/issue", outcome.built.caseIds);
    await o.runner.waitFor(outcome.record.logPosition);
    return reply.redirect(`/packs?issued=${encodeURIComponent(packId.data)}#issued`, 303);
  });

  web.get("/packs/issued/:id.pdf", async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const found = await o.packs.rebuildIssued(id);
    if (!found)
      return problemPage(
        reply,
        404,
        "Page not found",
        "No pack with that reference has been issued.",
        request,
      );
    if (found.built.sha256 !== found.issuedSha256)
      request.log.error(
        { id, issued: found.issuedSha256, rebuilt: found.built.sha256 },
        "issued pack does not rebuild identically",
      );
    return send(request, reply, found.built, "GET /packs/issued/:id.pdf", `${id}.pdf`);
  });

  // The upload: its own scope, so the multipart parser and the too-large page apply to it alone.
  web.register(async (scope) => {
    acceptUploads(scope, MAX_VERIFY_BYTES, `Choose a PDF smaller than ${MAX_MB} MB.`);
    scope.post("/packs/verify", async (request, reply) => {
      // Only a multipart form has its files as a map; anything else has none.
      const form = request.body as Partial<UploadedForm> | undefined;
      const file = form?.files instanceof Map ? form.files.get("pdf") : undefined;
      if (!file || file.bytes.length === 0)
        return render(request, reply.code(400), {
          errors: [{ text: "Choose a PDF file to check", href: "#pdf" }],
        });
      const result = await o.packs.verify(file.bytes);
      recordRead(request, "POST /packs/verify", o.packs.casesOf(result));
      return reply.view("pack-verified.njk", {
        who: request.session.who,
        csrfToken: reply.generateCsrf(),
        fileName: file.name,
        verdict: verdict(result, file.name),
      });
    });
  });
}

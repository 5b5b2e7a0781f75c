/**
 * The LANO's Case tracking page: the children selected for the notified inspection with their consent and
 * the sample's warnings (projections/caseTracking.ts), a search of the register (src/web/caseSearch.ts),
 * selecting children from the results (`selectCasesForTracking`) and recording consent per child
 * (`recordTrackingConsent`), through the same command handler as the API. Both forms carry the inspection's
 * revision, so a change someone else made in between is a 409 page, never a silent overwrite.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { CASE_SEARCH_FIELDS, type CaseSearch, caseSearch } from "../../schemas/caseSearch.js";
import { caseId as caseIdSchema, entityId, phase } from "../../schemas/common.js";
import { TRACKING_SAMPLE, trackingSample } from "../../projections/caseTracking.js";
import { currentInspection } from "../../projections/partnership.js";
import { commandByName } from "../commands/index.js";
import { type CommandOutcome, handleCommand } from "../commands/handle.js";
import { recordRead } from "../http/accessRecord.js";
import { childRow, findCases, NEED_NAMES, searchErrors, searchQuery, sentence } from "./caseSearch.js";
import { pageMoment } from "./moment.js";
import type { WebOptions } from "./plugin.js";
import { problemPage } from "./problemPage.js";

const select = commandByName.get("selectCasesForTracking")!;
const consent = commandByName.get("recordTrackingConsent")!;

type FieldError = { text: string; href: string };
interface FormState {
  errors?: FieldError[];
  /** The children ticked when the selection was refused, ticked again. */
  chosen?: ReadonlySet<string>;
  consent?: { caseId: string; consent: string };
}

const CONSENT_TAG = new Map([
  ["given", "govuk-tag--green"],
  ["refused", "govuk-tag--red"],
  ["not recorded", "govuk-tag--yellow"],
]);

const strings = (v: unknown): string[] =>
  typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** The search a form carried back (its query string), never a place to redirect to as given. */
const searchFrom = (back: unknown): Record<string, unknown> =>
  Object.fromEntries(new URLSearchParams(typeof back === "string" ? back : ""));

export function registerCaseTrackingPages(web: FastifyInstance, o: WebOptions) {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    asked: Record<string, unknown>,
    form: FormState = {},
  ) => {
    const m = await pageMoment(request, reply, o.runner, o.today, o.access.now);
    if ("error" in m) return problemPage(reply, 400, "The date or position is not valid", m.error, request);
    const parsed = caseSearch.safeParse(asked);
    const search: CaseSearch = parsed.success ? parsed.data : {};
    const searched = CASE_SEARCH_FIELDS.some((f) => Object.hasOwn(asked, f));
    const state = m.at.state;
    const inspection = currentInspection(state.partnership);
    const sample = inspection ? trackingSample(state, inspection.inspectionId) : undefined;
    const tracked = new Set(sample?.children.map((c) => c.caseId) ?? []);
    const trackedRows = (sample?.children ?? []).map((t) => {
      const c = state.cases.byId.get(t.caseId);
      return {
        ...(c
          ? childRow(c, m.asOf)
          : { caseId: t.caseId, need: "Not on the register", phase: "", support: "", status: "none" }),
        alternativeProvision: t.alternativeProvision,
        consent: t.consent,
        consentTag: CONSENT_TAG.get(t.consent) ?? "govuk-tag--grey",
      };
    });
    const results = searched && parsed.success ? findCases(state, search, m.asOf) : undefined;
    const firstFree = results?.rows.findIndex((r) => !tracked.has(r.caseId));
    const canSelect =
      inspection !== undefined &&
      m.asAt === undefined &&
      (request.principal?.role === "lano" || request.principal?.role === "admin");
    const revision =
      canSelect && inspection
        ? (await o.store.readStream(`inspection-${inspection.inspectionId}`)).length - 1
        : undefined;
    recordRead(request, "GET /case-tracking", [...tracked, ...(results?.rows.map((r) => r.caseId) ?? [])]);
    const fieldErrors = parsed.success ? [] : searchErrors(parsed.error.issues);
    const errors = [...(form.errors ?? []), ...fieldErrors];
    if (fieldErrors.length && reply.statusCode === 200) reply.code(400);
    return reply.view("case-tracking.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      asAt: m.asAt,
      asAtQuery: search.asAt,
      inspectionId: inspection?.inspectionId,
      revision,
      canSelect,
      // The sample is full: no more boxes to tick (consent can still be recorded).
      canAdd: canSelect && tracked.size < TRACKING_SAMPLE.usualSize,
      usualSize: TRACKING_SAMPLE.usualSize,
      needs: [...NEED_NAMES].map(([code, name]) => ({ code, name: `${name} (${code})` })),
      phases: phase.options.map((value) => ({ value, text: sentence(value) })),
      tracked: trackedRows,
      warnings: sample?.warnings ?? [],
      values: Object.fromEntries(CASE_SEARCH_FIELDS.map((f) => [f, String(asked[f] ?? "")])),
      results: results && {
        ...results,
        rows: results.rows.map((r, i) => ({
          ...r,
          tracked: tracked.has(r.caseId),
          checked: form.chosen?.has(r.caseId) ?? false,
          // The first box has the field's id, so the error summary's link lands on it.
          boxId: i === firstFree ? "caseIds" : `caseIds-${r.caseId}`,
        })),
      },
      back: parsed.success ? searchQuery(search, search.page) : "",
      consent: form.consent ?? { caseId: "", consent: "" },
      errors: errors.length ? errors : undefined,
      fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), e.text])),
    });
  };

  /** The inspection and revision a form carried; undefined when they were tampered with. */
  const formTarget = (request: FastifyRequest) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const id = entityId.safeParse(body.inspectionId);
    const revision =
      typeof body.revision === "string" && /^\d{1,15}$/.test(body.revision) ? Number(body.revision) : -1;
    return id.success && revision >= 0 ? { body, inspectionId: id.data, revision } : undefined;
  };
  const unreadable = (request: FastifyRequest, reply: FastifyReply) =>
    problemPage(reply, 400, "This form cannot be read", "Go back, reload the page and try again.", request);

  /** A command's outcome as the page answers it: back to the page, the form again with errors, or a problem page. */
  const answer = async (
    request: FastifyRequest,
    reply: FastifyReply,
    outcome: CommandOutcome,
    asked: Record<string, string>,
    form: FormState,
    field: string,
  ) => {
    switch (outcome.kind) {
      case "appended": {
        await o.runner.waitFor(outcome.position);
        const query = new URLSearchParams(asked).toString();
        return reply.redirect(`/case-tracking${query ? `?${query}` : ""}#tracked`, 303);
      }
      case "invalid":
        return render(request, reply.code(400), asked, {
          ...form,
          errors: outcome.issues.map((i) => ({ text: i.message, href: `#${field}` })),
        });
      case "rejected":
        return render(request, reply.code(422), asked, {
          ...form,
          errors: [{ text: outcome.error.message, href: `#${field}` }],
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
        return problemPage(reply, 403, "You cannot change case tracking", outcome.message, request);
    }
  };

  web.get("/case-tracking", (request, reply) =>
    render(request, reply, (request.query ?? {}) as Record<string, unknown>),
  );

  web.post("/case-tracking/select", async (request, reply) => {
    const target = formTarget(request);
    if (!target) return unreadable(request, reply);
    const asked = searchCarried(target.body.back);
    const chosen = new Set(strings(target.body.caseIds));
    const state = o.runner.current().state;
    const already = new Set(trackingSample(state, target.inspectionId)?.children.map((c) => c.caseId) ?? []);
    const fresh = [...chosen].filter((id) => !already.has(id));
    const unknown = fresh.find((id) => !caseIdSchema.safeParse(id).success || !state.cases.byId.has(id));
    const room = TRACKING_SAMPLE.usualSize - already.size;
    const problem =
      chosen.size === 0
        ? "Select at least one child to track"
        : unknown !== undefined
          ? "Select children from the list of results"
          : fresh.length === 0
            ? "The children you selected are already tracked: select others"
            : fresh.length > room
              ? `Select up to ${TRACKING_SAMPLE.usualSize} children for an inspection: ${already.size} already selected, so you can add ${Math.max(0, room)}`
              : undefined;
    const form = { chosen };
    if (problem)
      return render(request, reply.code(400), asked, {
        ...form,
        errors: [{ text: problem, href: "#caseIds" }],
      });
    const who = request.principal!;
    const outcome = await handleCommand(o.store, select, {
      id: target.inspectionId,
      input: { selectedAt: o.access.now().toISOString(), caseIds: fresh },
      caller: { actor: who.actor, role: who.role, source: "web", correlationId: request.id },
      today: o.today(),
      expectedRevision: target.revision,
    });
    return answer(request, reply, outcome, asked, form, "caseIds");
  });

  web.post("/case-tracking/consent", async (request, reply) => {
    const target = formTarget(request);
    if (!target) return unreadable(request, reply);
    const asked = searchCarried(target.body.back);
    const chosen = { caseId: String(target.body.caseId ?? ""), consent: String(target.body.consent ?? "") };
    const tracked = trackingSample(o.runner.current().state, target.inspectionId)?.children ?? [];
    const errors = [
      ...(tracked.some((c) => c.caseId === chosen.caseId)
        ? []
        : [{ text: "Select a child who is selected for tracking", href: "#consentCase" }]),
      ...(chosen.consent === "given" || chosen.consent === "refused"
        ? []
        : [{ text: "Select whether consent was given or refused", href: "#consent" }]),
    ];
    if (errors.length) return render(request, reply.code(400), asked, { consent: chosen, errors });
    const who = request.principal!;
    const outcome = await handleCommand(o.store, consent, {
      id: target.inspectionId,
      input: { ...chosen, recordedAt: o.access.now().toISOString() },
      caller: { actor: who.actor, role: who.role, source: "web", correlationId: request.id },
      today: o.today(),
      expectedRevision: target.revision,
    });
    return answer(request, reply, outcome, asked, { consent: chosen }, "consent");
  });
}

/** The search a form carried back, validated again: only its known fields go back into a link. */
function searchCarried(back: unknown): Record<string, string> {
  const parsed = caseSearch.safeParse(searchFrom(back));
  return parsed.success
    ? Object.fromEntries(new URLSearchParams(searchQuery(parsed.data, parsed.data.page)))
    : {};
}

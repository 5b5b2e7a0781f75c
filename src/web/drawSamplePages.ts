/**
 * Draw a sample: name the plans (case references) or have a number drawn at random from the children with
 * an EHC plan, say why they are drawn and when, and which agency you audit for. Each plan becomes an audit
 * (`drawQaSample`, under the default checklist) with you assigned as its auditor (`assignQaAuditor`), both
 * the API's commands. Every input is checked by those commands' own schemas before anything is appended.
 */
import { randomInt } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CasesState } from "../../projections/cases.js";
import type { QaState } from "../../projections/qa.js";
import { agency } from "../../schemas/common.js";
import { sampleReason } from "../../schemas/events/qa.js";
import { defaultChecklistVersion } from "../../schemas/qaChecklist.js";
import type { CommandOutcome } from "../commands/handle.js";
import { commandByName } from "../commands/index.js";
import { byField, type FieldError, textField } from "./formFields.js";
import { pageCommand } from "./pageCommand.js";
import type { WebOptions } from "./plugin.js";
import { problemPage } from "./problemPage.js";

const draw = commandByName.get("drawQaSample")!;
const assign = commandByName.get("assignQaAuditor")!;
/** At most this many plans in one draw. */
export const MOST = 20;

/** The form field each command input path is about. */
const FIELD = new Map([
  ["caseId", "caseIds"],
  ["reason", "reason"],
  ["theme", "theme"],
  ["drawnOn", "drawnOn-day"],
  ["agency", "agency"],
  ["auditor", "agency"],
]);
const LABEL = new Map([
  ["caseIds", "Case references"],
  ["reason", "Why the plans are drawn"],
  ["theme", "Theme"],
  ["drawnOn-day", "Date drawn"],
  ["agency", "Your agency"],
]);

interface DrawValues {
  how: string;
  caseIds: string;
  count: string;
  reason: string;
  theme: string;
  day: string;
  month: string;
  year: string;
  agency: string;
}

/** The next free audit ids after the highest `QA<digits>` id (the demo's pattern). */
export function nextAuditIds(qa: QaState, n: number): string[] {
  let highest = 0;
  for (const id of qa.audits.keys()) {
    const digits = /^QA(\d{1,9})$/.exec(id)?.[1];
    if (digits) highest = Math.max(highest, Number(digits));
  }
  return Array.from({ length: n }, (_, i) => `QA${String(highest + 1 + i).padStart(5, "0")}`);
}

/** `n` children with an EHC plan, not ceased, drawn at random (fewer if there are fewer). */
export function randomPlans(cases: CasesState, n: number, pick = randomInt): string[] {
  const pool = [...cases.byId.values()].filter((c) => c.plans.length > 0 && !c.ceased).map((c) => c.caseId);
  const chosen: string[] = [];
  while (chosen.length < n && pool.length > 0) chosen.push(pool.splice(pick(pool.length), 1)[0]!);
  return chosen;
}

/** The date typed in three boxes as YYYY-MM-DD (as typed, if it is not numbers: the schema says why). */
const dateOf = (v: DrawValues) =>
  /^\d{1,2}$/.test(v.day) && /^\d{1,2}$/.test(v.month) && /^\d{4}$/.test(v.year)
    ? `${v.year}-${v.month.padStart(2, "0")}-${v.day.padStart(2, "0")}`
    : `${v.year}-${v.month}-${v.day}`;

export function registerDrawSamplePages(web: FastifyInstance, o: WebOptions) {
  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: DrawValues,
    errors: FieldError[] = [],
  ) =>
    reply.view("draw-sample.njk", {
      who: request.session.who,
      csrfToken: reply.generateCsrf(),
      values,
      reasons: sampleReason.options,
      agencies: agency.options,
      most: MOST,
      checklistVersion: defaultChecklistVersion,
      errors: errors.length ? errors : undefined,
      fieldErrors: byField(errors),
    });

  web.get("/audits/draw", (request, reply) => {
    const [year, month, day] = o.today().split("-") as [string, string, string];
    return render(request, reply, {
      how: "",
      caseIds: "",
      count: "1",
      reason: "",
      theme: "",
      day: String(Number(day)),
      month: String(Number(month)),
      year,
      agency: "",
    });
  });

  web.post("/audits/draw", async (request, reply) => {
    const v: DrawValues = {
      how: textField(request, "how"),
      caseIds: textField(request, "caseIds"),
      count: textField(request, "count"),
      reason: textField(request, "reason"),
      theme: textField(request, "theme"),
      day: textField(request, "drawnOn-day"),
      month: textField(request, "drawnOn-month"),
      year: textField(request, "drawnOn-year"),
      agency: textField(request, "agency"),
    };
    const state = o.runner.current().state;
    const errors: FieldError[] = [];
    let caseIds: string[] = [];
    if (v.how === "named") {
      caseIds = [...new Set(v.caseIds.split(/[\s,]+/).filter(Boolean))];
      if (caseIds.length === 0) errors.push({ text: "Enter at least one case reference", href: "#caseIds" });
      else if (caseIds.length > MOST)
        errors.push({ text: `Enter at most ${MOST} case references`, href: "#caseIds" });
      else {
        const unknown = caseIds.filter((id) => !state.cases.byId.has(id));
        if (unknown.length)
          errors.push({
            text: `There is no child with the case reference ${unknown.join(", ")}`,
            href: "#caseIds",
          });
      }
    } else if (v.how === "random") {
      const n = /^\d{1,3}$/.test(v.count) ? Number(v.count) : 0;
      if (n < 1 || n > MOST)
        errors.push({ text: `Enter how many plans to draw, from 1 to ${MOST}`, href: "#count" });
      else {
        caseIds = randomPlans(state.cases, n);
        if (caseIds.length < n)
          errors.push({ text: `Only ${caseIds.length} children have an EHC plan to draw`, href: "#count" });
      }
    } else errors.push({ text: "Select how to choose the plans", href: "#how" });
    if (v.reason === "") errors.push({ text: "Select why the plans are drawn", href: "#reason" });
    if (v.agency === "") errors.push({ text: "Select the agency you audit for", href: "#agency" });

    // The commands' own schemas, before anything is appended: all or nothing.
    const who = request.principal!;
    const drawnOn = dateOf(v);
    const inputs = caseIds.map((caseId) => ({
      caseId,
      reason: v.reason,
      ...(v.theme ? { theme: v.theme } : {}),
      drawnOn,
    }));
    const checked = [
      ...(inputs.length ? [draw.input.safeParse(inputs[0])] : []),
      assign.input.safeParse({ auditor: who.actor, agency: v.agency }),
    ];
    for (const result of checked)
      if (!result.success)
        for (const issue of result.error.issues) {
          const field = FIELD.get(String(issue.path[0] ?? "")) ?? "how";
          if (!errors.some((e) => e.href === `#${field}`))
            errors.push({ text: `${LABEL.get(field) ?? field}: ${issue.message}`, href: `#${field}` });
        }
    if (errors.length) return render(request, reply.code(400), v, errors);

    const drawn: string[] = [];
    for (const [i, input] of inputs.entries()) {
      let outcome: CommandOutcome | undefined;
      // A new id each time another draw took the one chosen first.
      for (let attempt = 0; attempt < 3; attempt++) {
        const [auditId] = nextAuditIds(o.runner.current().state.qa, 1);
        outcome = await pageCommand(o, request, "drawQaSample", auditId!, input);
        if (outcome.kind === "appended") {
          drawn.push(auditId!);
          break;
        }
        if (!(outcome.kind === "rejected" && outcome.error.code === "alreadyDrawn")) break;
      }
      if (outcome?.kind !== "appended") {
        if (outcome?.kind === "rejected" && i === 0)
          return render(request, reply.code(outcome.error.status ?? 422), v, [
            {
              text: outcome.error.message,
              href: `#${FIELD.get(String(outcome.error.path[0] ?? "")) ?? "how"}`,
            },
          ]);
        return problemPage(
          reply,
          409,
          "Not every plan could be drawn",
          `Drawn: ${drawn.join(", ") || "none"}. Reload My audits, then draw the rest again.`,
          request,
        );
      }
      await pageCommand(o, request, "assignQaAuditor", drawn.at(-1)!, {
        auditor: who.actor,
        agency: v.agency,
      });
    }
    return reply.redirect(drawn.length === 1 ? `/audits/${drawn[0]}` : "/audits", 303);
  });
}

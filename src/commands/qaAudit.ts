/**
 * Deciders for `qa-<auditId>`: an EHC plan QA audit from sample to moderation.
 * Rules: a sample is drawn once, under a QA checklist version (schemas/qaChecklist.ts); nothing is rated
 * after submission; a rating ticks every criterion of the section in that checklist, met or not met, and
 * nothing else (unknown criteria are refused); only sections that can lawfully be empty (C, D, G, H1, H2,
 * J) may be marked not applicable, and a provision section (G, H1, H2) cannot be rated when its need
 * section (C, D) is not applicable, nor a need section marked not applicable once its provision is rated;
 * an audit is submitted only when every section is rated or not applicable and an auditor is assigned;
 * moderation needs a submitted audit and a moderator who did not audit it.
 */
import { z } from "zod";
import { type Grade, grade, narrative, type PlanSection, planSection } from "../../schemas/common.js";
import { qaFamily } from "../../schemas/events/qa.js";
import {
  checklistCatalogues,
  checklistVersion,
  defaultChecklistVersion,
  optionalSections,
  provisionPairs,
  sectionCriteria,
} from "../../schemas/qaChecklist.js";
import { command, type DecideContext, fail, type StreamModel, stamp } from "./decision.js";
import { deriveOverallGrade, deriveSectionGrade } from "./qaGrading.js";

export interface QaState {
  drawn: boolean;
  caseId?: string;
  /** Undefined for an audit drawn before catalogues existed: its criteria are free text. */
  checklistVersion?: string;
  auditors: string[];
  /** The actors (event metadata) who rated or submitted: none of them may moderate. */
  raters: string[];
  sections: Map<PlanSection, Grade | "notApplicable">;
  submitted: boolean;
  overallGrade?: Grade;
  moderated: boolean;
}

export { optionalSections };
const ev = qaFamily.events;

export const qaModel: StreamModel<QaState> = {
  family: "qa",
  resource: "qa-audits",
  initial: () => ({
    drawn: false,
    auditors: [],
    raters: [],
    sections: new Map(),
    submitted: false,
    moderated: false,
  }),
  evolve(before, { type, data, actor }) {
    const d = data as Record<string, unknown>;
    const rates =
      type === "QaSectionRated" || type === "QaSectionNotApplicable" || type === "QaAuditSubmitted";
    const state =
      rates && actor && !before.raters.includes(actor)
        ? { ...before, raters: [...before.raters, actor] }
        : before;
    switch (type) {
      case "QaSampleDrawn":
        return {
          ...state,
          drawn: true,
          caseId: d.caseId as string,
          ...(typeof d.checklistVersion === "string" ? { checklistVersion: d.checklistVersion } : {}),
        };
      case "QaAuditorAssigned":
        return { ...state, auditors: [...state.auditors, d.auditor as string] };
      case "QaSectionRated":
        return {
          ...state,
          sections: new Map(state.sections).set(d.section as PlanSection, d.grade as Grade),
        };
      case "QaSectionNotApplicable":
        return { ...state, sections: new Map(state.sections).set(d.section as PlanSection, "notApplicable") };
      case "QaAuditSubmitted":
        return { ...state, submitted: true, overallGrade: d.overallGrade as Grade };
      case "QaAuditModerated":
        return { ...state, moderated: true };
      default:
        return state;
    }
  },
};

const auditors = ["auditor", "lano", "admin"] as const;

const open = (s: QaState, ctx: DecideContext) =>
  !s.drawn
    ? fail("noSample", `audit ${ctx.streamId} has no sample drawn`, [])
    : s.submitted
      ? fail("alreadySubmitted", `audit ${ctx.streamId} is already submitted`, [])
      : undefined;

/** An override must differ from the derived grade and carry a reason. */
const overridable = <T extends { grade?: Grade; overrideReason?: string }>(schema: z.ZodType<T>) =>
  schema.refine((i) => !i.grade || i.overrideReason !== undefined, {
    message: "an auditor's grade needs a reason (overrideReason); leave grade out to use the derived one",
    path: ["overrideReason"],
  });

export const rateSectionInput = overridable(
  ev.QaSectionRated.payload
    .pick({ section: true, criteriaMet: true, criteriaNotMet: true, overrideReason: true, comment: true })
    .extend({ grade: grade.optional() })
    .refine((i) => i.criteriaMet.length + i.criteriaNotMet.length > 0, {
      message: "tick at least one criterion as met or not met",
      path: ["criteriaMet"],
    }),
);

export const submitAuditInput = overridable(
  z.strictObject({
    submittedOn: ev.QaAuditSubmitted.payload.shape.submittedOn,
    grade: grade.optional(),
    overrideReason: narrative(1000).optional(),
    summary: narrative(4000).optional(),
  }),
);

/** A provision section (G, H1, H2) cannot be rated when the need section it pairs with is not applicable. */
function pairedNeedNotApplicable(s: QaState, section: PlanSection) {
  const need = provisionPairs.get(section);
  return need !== undefined && s.sections.get(need) === "notApplicable"
    ? fail(
        "needNotApplicable",
        `section ${need} is not applicable, so section ${section} (its provision) cannot be rated; mark it not applicable`,
        ["section"],
      )
    : undefined;
}

/** A need section (C, D) cannot be marked not applicable once a provision section paired with it is rated. */
function provisionAlreadyRated(s: QaState, section: PlanSection) {
  const rated = [...provisionPairs]
    .filter(([provision, need]) => need === section && isRated(s.sections.get(provision)))
    .map(([provision]) => provision);
  return rated.length > 0
    ? fail(
        "provisionRated",
        `section ${rated.join(", ")} is rated, so section ${section} (the needs it provides for) cannot be not applicable`,
        ["section"],
      )
    : undefined;
}

const isRated = (g: Grade | "notApplicable" | undefined) => g !== undefined && g !== "notApplicable";

/**
 * On an audit drawn under a checklist, the ticks are the section's criterion ids, each exactly once.
 * Unknown or repeated ids are refused (400, naming the list); so is a criterion left unticked, so the
 * share met always has the same denominator and grades compare across audits.
 */
function uncatalogued(
  s: QaState,
  input: { section: PlanSection; criteriaMet: string[]; criteriaNotMet: string[] },
) {
  if (s.checklistVersion === undefined) return undefined;
  const checklist = checklistCatalogues.get(s.checklistVersion);
  if (!checklist) return fail("unknownChecklist", `no QA checklist ${s.checklistVersion}`, [], 400);
  const known = sectionCriteria(checklist, input.section).map((c) => c.id);
  const seen = new Set<string>();
  for (const field of ["criteriaMet", "criteriaNotMet"] as const)
    for (const [i, id] of input[field].entries()) {
      if (!known.includes(id))
        return fail(
          "unknownCriterion",
          `${id} is not a criterion of section ${input.section} in ${checklist.version}; use ${known.join(", ")}`,
          [field, String(i)],
          400,
        );
      if (seen.has(id))
        return fail("criterionTickedTwice", `${id} is ticked more than once`, [field, String(i)], 400);
      seen.add(id);
    }
  const missing = known.filter((id) => !seen.has(id));
  return missing.length > 0
    ? fail(
        "criterionNotTicked",
        `tick every criterion of section ${input.section} as met or not met: ${missing.join(", ")} not ticked`,
        ["criteriaNotMet"],
        400,
      )
    : undefined;
}

export const qaCommands = [
  command({
    name: "drawQaSample",
    path: "draw-sample",
    summary: "Draw an EHC plan into the QA sample (new plan, annual review, thematic or random).",
    model: qaModel,
    roles: auditors,
    input: ev.QaSampleDrawn.payload.extend({ checklistVersion: checklistVersion.optional() }),
    decide: (input, s, ctx) => {
      const version = input.checklistVersion ?? defaultChecklistVersion;
      return s.drawn
        ? fail("alreadyDrawn", `audit ${ctx.streamId} already has a sample`, [])
        : !checklistCatalogues.has(version)
          ? fail(
              "unknownChecklist",
              `no QA checklist ${version}; known: ${[...checklistCatalogues.keys()].join(", ")}`,
              ["checklistVersion"],
              400,
            )
          : input.drawnOn > ctx.today
            ? fail("dateInFuture", `drawnOn ${input.drawnOn} is after today`, ["drawnOn"])
            : [stamp("QaSampleDrawn", { ...input, checklistVersion: version })];
    },
  }),
  command({
    name: "assignQaAuditor",
    path: "assign-auditor",
    summary: "Assign an auditor from an agency (education, health, social care, parent carer, independent).",
    model: qaModel,
    roles: auditors,
    input: ev.QaAuditorAssigned.payload,
    decide: (input, s, ctx) =>
      open(s, ctx) ??
      (s.auditors.includes(input.auditor)
        ? fail("alreadyAssigned", `${input.auditor} is already assigned`, ["auditor"])
        : [stamp("QaAuditorAssigned", input)]),
  }),
  command({
    name: "rateQaSection",
    path: "rate-section",
    summary:
      "Rate one plan section by ticking criteria met / not met; the grade is derived unless overridden.",
    model: qaModel,
    roles: auditors,
    input: rateSectionInput,
    decide: (input, s, ctx) => {
      const blocked = open(s, ctx) ?? pairedNeedNotApplicable(s, input.section) ?? uncatalogued(s, input);
      if (blocked) return blocked;
      const checklist =
        s.checklistVersion === undefined ? undefined : checklistCatalogues.get(s.checklistVersion);
      const derivedGrade = deriveSectionGrade(
        input.criteriaMet.length,
        input.criteriaNotMet.length,
        checklist?.grading ?? "shareMet",
      );
      const { grade: chosen, ...rest } = input;
      return [stamp("QaSectionRated", { ...rest, derivedGrade, grade: chosen ?? derivedGrade })];
    },
  }),
  command({
    name: "markQaSectionNotApplicable",
    path: "mark-section-not-applicable",
    summary: "Mark a section that can lawfully be empty (C, D, G, H1, H2, J) as not applicable.",
    model: qaModel,
    roles: auditors,
    input: ev.QaSectionNotApplicable.payload.extend({ section: planSection }),
    decide: (input, s, ctx) =>
      open(s, ctx) ??
      provisionAlreadyRated(s, input.section) ??
      (optionalSections.includes(input.section)
        ? [stamp("QaSectionNotApplicable", input)]
        : fail(
            "sectionRequired",
            `section ${input.section} is required in every plan; only ${optionalSections.join(", ")} may be not applicable`,
            ["section"],
          )),
  }),
  command({
    name: "submitQaAudit",
    path: "submit",
    summary: "Submit the audit once every section is rated or not applicable; the overall grade is derived.",
    model: qaModel,
    roles: auditors,
    input: submitAuditInput,
    decide: (input, s, ctx) => {
      const blocked = open(s, ctx);
      if (blocked) return blocked;
      if (s.auditors.length === 0) return fail("noAuditor", "assign an auditor before submitting", []);
      const missing = planSection.options.filter((sec) => !s.sections.has(sec));
      if (missing.length > 0)
        return fail("sectionsNotRated", `rate or mark not applicable: sections ${missing.join(", ")}`, [
          "sections",
        ]);
      if (input.submittedOn > ctx.today)
        return fail("dateInFuture", "submittedOn is after today", ["submittedOn"]);
      const rated = new Map(
        [...s.sections].filter((entry): entry is [PlanSection, Grade] => entry[1] !== "notApplicable"),
      );
      const derivedOverallGrade = deriveOverallGrade(rated);
      const { grade: chosen, ...rest } = input;
      return [
        stamp("QaAuditSubmitted", {
          ...rest,
          derivedOverallGrade,
          overallGrade: chosen ?? derivedOverallGrade,
        }),
      ];
    },
  }),
  command({
    name: "moderateQaAudit",
    path: "moderate",
    summary: "Moderate a submitted audit: a second auditor agrees or changes the overall grade.",
    model: qaModel,
    roles: auditors,
    input: ev.QaAuditModerated.payload.omit({ moderator: true, agreed: true }),
    decide: (input, s, ctx) => {
      if (!s.submitted) return fail("notSubmitted", "only a submitted audit can be moderated", []);
      if (s.moderated) return fail("alreadyModerated", "this audit is already moderated", []);
      if (s.raters.includes(ctx.actor))
        return fail(
          "moderatorAudited",
          `${ctx.actor} rated or submitted this audit and may not moderate it`,
          [],
        );
      if (s.auditors.includes(ctx.actor))
        return fail("moderatorAudited", "a moderator must not be one of the audit's auditors", []);
      if (input.moderatedOn > ctx.today)
        return fail("dateInFuture", "moderatedOn is after today", ["moderatedOn"]);
      return [
        stamp("QaAuditModerated", {
          ...input,
          moderator: ctx.actor,
          agreed: input.moderatedGrade === s.overallGrade,
        }),
      ];
    },
  }),
];

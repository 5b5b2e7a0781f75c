/**
 * The EHC plan QA checklist: a versioned catalogue of criteria per plan section (A–K), each in plain
 * words with the paragraph it comes from. An audit records the catalogue version it was drawn under, so a
 * later catalogue never re-grades history; ratings tick the catalogue's criteria by id, nothing else.
 *
 * The default catalogue is written from the SEND Code of Practice 0–25 (2015), chapter 9 — para 9.61 (the
 * principles a plan follows), 9.62 (the sections A–K every plan must have, K's advice attached), 9.63 (from
 * Year 9, preparing for adulthood), 9.64–9.66 (outcomes: towards the aspirations, SMART) and 9.69 (what each
 * section should contain) — and the SEND Regulations 2014: reg 6(1) (the advice sought), 11 (the plan
 * takes the assessment's evidence into account) and 12 (its sections; the health provision agreed by the
 * commissioning body).
 * Audits recorded before catalogues existed carry no version: they are the legacy free-text checklist
 * and keep the grades they were given.
 */
import { z } from "zod";
import { type PlanSection, planSection } from "./common.js";

/** A catalogue version: `send-cop-2015.1`, or an area's own, e.g. `area-2026.2`. */
export const checklistVersion = z
  .string()
  .regex(/^[a-z][a-z0-9-]*\.[0-9]+$/, "must look like name.N, e.g. send-cop-2015.1")
  .max(60);

/** A criterion id: its section, a dot and its number, e.g. `B.2`, `H1.1`. */
export const criterionId = z.string().regex(/^(A|B|C|D|E|F|G|H1|H2|I|J|K)\.[1-9]$/, "must look like B.2");

export const checklistCriterion = z.strictObject({
  id: criterionId,
  /** What the auditor checks, in plain words. */
  text: z.string().min(1).max(200),
  /** Where the requirement comes from, e.g. "SEND Code of Practice 2015, para 9.69 (section F)". */
  source: z.string().min(1).max(200),
});

export const checklistSection = z.strictObject({
  section: planSection,
  title: z.string().min(1).max(120),
  criteria: z.array(checklistCriterion).min(3).max(6),
});

export const qaChecklist = z
  .strictObject({
    version: checklistVersion,
    title: z.string().min(1).max(200),
    /** How ticks become a section grade (src/commands/qaGrading.ts): `allButOne` for catalogues of 3–6. */
    grading: z.literal("allButOne"),
    sections: z.array(checklistSection).length(planSection.options.length),
  })
  .refine((c) => planSection.options.every((s) => c.sections.some((x) => x.section === s)), {
    message: "every section A–K has its criteria",
    path: ["sections"],
  })
  .refine((c) => c.sections.every((s) => s.criteria.every((cr) => cr.id.startsWith(`${s.section}.`))), {
    message: "a criterion id starts with its section",
    path: ["sections"],
  });

export type ChecklistVersion = z.infer<typeof checklistVersion>;
export type ChecklistCriterion = z.infer<typeof checklistCriterion>;
export type QaChecklist = z.infer<typeof qaChecklist>;

/** The version an audit without one was recorded under: free-text criteria, graded as they were. */
export const legacyChecklistVersion = "legacy";

/**
 * Sections that may lawfully be empty, and the sections that pair with them. A provision section pairs
 * with its need section: G (health provision) with C (health needs), H1 and H2 (social care provision)
 * with D (social care needs). When a need section is not applicable its provision sections cannot be
 * rated, and a need section whose provision is rated cannot be marked not applicable.
 */
export const optionalSections: readonly PlanSection[] = ["C", "D", "G", "H1", "H2", "J"];
export const provisionPairs: ReadonlyMap<PlanSection, PlanSection> = new Map<PlanSection, PlanSection>([
  ["G", "C"],
  ["H1", "D"],
  ["H2", "D"],
]);

const cop = (para: string, section: string) =>
  `SEND Code of Practice 2015, para ${para} (section ${section})`;
/** A regulation of the SEND Regulations 2014: `reg("12(1)(a)")`. Reg 12(1) has (a)–(j) only: K is the Code's. */
const reg = (where: string) => `SEND Regulations 2014, reg ${where}`;

/** The default catalogue, from the SEND Code of Practice 2015 chapter 9 and the SEND Regulations 2014. */
export const sendCode2015: QaChecklist = {
  version: "send-cop-2015.1",
  title: "EHC plan QA checklist — SEND Code of Practice 2015, chapter 9",
  grading: "allButOne",
  sections: [
    {
      section: "A",
      title: "Views, interests and aspirations",
      criteria: [
        {
          id: "A.1",
          text: "The child's or young person's own views are recorded, in their words where possible",
          source: cop("9.69", "A"),
        },
        { id: "A.2", text: "The parents' views are recorded", source: reg("12(1)(a)") },
        {
          id: "A.3",
          text: "Aspirations and goals for the future are stated (school, friends, independence, work)",
          source: cop("9.69", "A"),
        },
        {
          id: "A.4",
          text: "Strengths, interests and what matters to them are described positively",
          source: cop("9.61", "A"),
        },
        {
          id: "A.5",
          text: "How best to communicate with them and involve them in decisions is summarised",
          source: cop("9.69", "A"),
        },
      ],
    },
    {
      section: "B",
      title: "Special educational needs",
      criteria: [
        { id: "B.1", text: "Every identified special educational need is set out", source: cop("9.69", "B") },
        {
          id: "B.2",
          text: "Needs are specific to this child, not generic descriptions",
          source: cop("9.61", "B"),
        },
        {
          id: "B.3",
          text: "Needs are drawn from the advice gathered in the assessment (section K)",
          source: reg("11(a)"),
        },
        {
          id: "B.4",
          text: "Health or care needs that educate or train are treated as educational needs",
          source: cop("9.69", "B"),
        },
      ],
    },
    {
      section: "C",
      title: "Health needs related to SEN",
      criteria: [
        {
          id: "C.1",
          text: "Health needs related to the child's SEN or disability are described",
          source: cop("9.69", "C"),
        },
        {
          id: "C.2",
          text: "The description reflects the health advice in section K",
          source: reg("12(1)(c)"),
        },
        {
          id: "C.3",
          text: "Other health needs the family wants recorded are noted as such",
          source: cop("9.69", "C"),
        },
      ],
    },
    {
      section: "D",
      title: "Social care needs",
      criteria: [
        {
          id: "D.1",
          text: "Social care needs related to the SEN or disability are described",
          source: cop("9.69", "D"),
        },
        {
          id: "D.2",
          text: "The description reflects the social care advice or assessment",
          source: reg("12(1)(d)"),
        },
        {
          id: "D.3",
          text: "Needs that call for support under section 2 of the CSDPA 1970 are identified",
          source: cop("9.69", "D"),
        },
      ],
    },
    {
      section: "E",
      title: "Outcomes",
      criteria: [
        {
          id: "E.1",
          text: "Outcomes are specific, measurable, achievable, realistic and time-bound",
          source: cop("9.66", "E"),
        },
        { id: "E.2", text: "Outcomes follow from the aspirations in section A", source: cop("9.64", "E") },
        {
          id: "E.3",
          text: "Steps towards each outcome are set out for the coming year",
          source: cop("9.69", "E"),
        },
        {
          id: "E.4",
          text: "From Year 9, outcomes prepare for adulthood (work, independence, community, health)",
          source: cop("9.63", "E"),
        },
        {
          id: "E.5",
          text: "How progress will be reviewed and key transitions planned is stated",
          source: cop("9.69", "E"),
        },
      ],
    },
    {
      section: "F",
      title: "Special educational provision",
      criteria: [
        {
          id: "F.1",
          text: "There is provision for each and every need in section B",
          source: cop("9.69", "F"),
        },
        {
          id: "F.2",
          text: "Provision is detailed and specific: who provides what",
          source: cop("9.69", "F"),
        },
        {
          id: "F.3",
          text: "Provision is quantified: hours, frequency, group size or ratio",
          source: cop("9.69", "F"),
        },
        {
          id: "F.4",
          text: "It is clear how the provision supports the outcomes in section E",
          source: cop("9.69", "F"),
        },
        {
          id: "F.5",
          text: "Health or care provision that educates or trains is placed in this section",
          source: cop("9.69", "F"),
        },
      ],
    },
    {
      section: "G",
      title: "Health provision",
      criteria: [
        { id: "G.1", text: "There is health provision for the needs in section C", source: cop("9.69", "G") },
        {
          id: "G.2",
          text: "Provision is specific and quantified: who, what, how often",
          source: cop("9.69", "G"),
        },
        { id: "G.3", text: "It is clear who commissions and provides it", source: reg("12(2)") },
      ],
    },
    {
      section: "H1",
      title: "Social care provision under the CSDPA 1970, section 2",
      criteria: [
        {
          id: "H1.1",
          text: "Provision under section 2 of the CSDPA 1970 is specified",
          source: cop("9.69", "H1"),
        },
        { id: "H1.2", text: "Provision is quantified: who, what, how often", source: cop("9.69", "H1") },
        { id: "H1.3", text: "It matches the social care needs in section D", source: reg("12(1)(h)(i)") },
      ],
    },
    {
      section: "H2",
      title: "Other social care provision",
      criteria: [
        {
          id: "H2.1",
          text: "Other social care provision reasonably required is specified",
          source: cop("9.69", "H2"),
        },
        { id: "H2.2", text: "Provision is quantified: who, what, how often", source: cop("9.69", "H2") },
        { id: "H2.3", text: "It matches the social care needs in section D", source: reg("12(1)(h)(ii)") },
      ],
    },
    {
      section: "I",
      title: "Placement",
      criteria: [
        {
          id: "I.1",
          text: "The school or other institution is named (left blank only in a draft plan)",
          source: cop("9.69", "I"),
        },
        { id: "I.2", text: "The type of school or institution is stated", source: cop("9.69", "I") },
        { id: "I.3", text: "The placement can deliver the provision in section F", source: reg("12(1)(i)") },
      ],
    },
    {
      section: "J",
      title: "Personal budget",
      criteria: [
        {
          id: "J.1",
          text: "The personal budget and what it pays for are stated, or why there is none",
          source: cop("9.69", "J"),
        },
        { id: "J.2", text: "The outcomes it supports are named", source: cop("9.69", "J") },
        { id: "J.3", text: "Arrangements for any direct payments are set out", source: cop("9.69", "J") },
      ],
    },
    {
      section: "K",
      title: "Advice and information",
      criteria: [
        {
          id: "K.1",
          text: "Every piece of advice gathered in the assessment is listed",
          source: cop("9.69", "K"),
        },
        {
          id: "K.2",
          text: "Educational, health and social care advice were all sought",
          source: reg("6(1)"),
        },
        { id: "K.3", text: "The advice is attached as appendices and is in date", source: cop("9.62", "K") },
      ],
    },
  ],
};

/** Every catalogue the store knows, by version. An area adopts one; audits record the one they used. */
export const checklistCatalogues: ReadonlyMap<string, QaChecklist> = new Map([
  [sendCode2015.version, sendCode2015],
]);

export const defaultChecklistVersion: ChecklistVersion = sendCode2015.version;

/** The criteria of one section in a catalogue. */
export function sectionCriteria(checklist: QaChecklist, section: PlanSection): readonly ChecklistCriterion[] {
  return checklist.sections.find((s) => s.section === section)?.criteria ?? [];
}

/** A criterion as a reader sees it: "F.3 Provision is quantified: …" (free-text criteria as written). */
export function criterionLabel(version: string, id: string): string {
  const section = id.split(".")[0] as PlanSection;
  const checklist = checklistCatalogues.get(version);
  const found = checklist ? sectionCriteria(checklist, section).find((c) => c.id === id) : undefined;
  return found ? `${found.id} ${found.text}` : id;
}

/**
 * The case extract: one row per child or young person, as a council's case-management system exports it
 * (CSV, or the first sheet of an XLSX workbook). Columns are matched loosely (`Case ID`, `case_id` and
 * `caseId` are one column), may come in any order, and may be left out except the four required ones.
 * A blank cell means "not known".
 *
 * | column | required | Annex A (List 1/2) | format | becomes |
 * |---|---|---|---|---|
 * | `caseId` | yes | Unique ID | the area's pseudonymous reference: 3–40 letters, digits, `-`, `_` | the stream `case-<caseId>`; `registerCase` when new |
 * | `upn` | | UPN | 13 characters, e.g. `A123456789012` | `registerCase` / `correctCaseDetails` |
 * | `uln` | | ULN | 10 digits | `registerCase` / `correctCaseDetails` |
 * | `dateOfBirth` | yes | Date of birth | date | `registerCase` / `correctCaseDetails` |
 * | `gender` | yes | Gender | `female`, `male`, `other`, `unknown` (or `F`, `M`, `O`, `U`) | `registerCase` / `correctCaseDetails` |
 * | `ethnicity` | yes | Ethnicity | 4-letter DfE code, e.g. `WBRI`, `NOBT` | `registerCase` / `correctCaseDetails` |
 * | `primaryNeed` | | SEN primary need | DfE code: `SPLD`, `MLD`, `SLD`, `PMLD`, `SEMH`, `SLCN`, `HI`, `VI`, `MSI`, `PD`, `ASD`, `OTH`, `NSA` | `recordPrimaryNeed` |
 * | `senSupportStart` | | (List 2) | date | `recordSenSupport` |
 * | `senSupportEnd` | | | date; needs `senSupportStart` | `recordSenSupport` |
 * | `requestDate` | | | date of the latest request for an EHC needs assessment | `requestAssessment` |
 * | `requestedBy` | with `requestDate` | | `parent`, `young person`, `school or college`, `health`, `social care`, `other` | `requestAssessment` |
 * | `assessmentDecisionDate` | with `assessmentDecision` | | date | `recordAssessmentDecision` |
 * | `assessmentDecision` | with its date | | `assess`, `refuse` | `recordAssessmentDecision` |
 * | `planDecisionDate` | with `planDecision` | | date | `recordPlanDecision` |
 * | `planDecision` | with its date | | `issue`, `notIssue` | `recordPlanDecision` |
 * | `initialPlanIssued` | | Date initial EHC plan issued | date of the final plan | `issueEhcPlan` (initial) |
 * | `draftPlanIssued` | | | date; needs `initialPlanIssued` | `issueEhcPlan` (initial) |
 * | `exceptions` | | | `;`-separated: `settingClosed`, `exceptionalPersonalCircumstances`, `familyAway`; needs `initialPlanIssued` | `issueEhcPlan` (initial) |
 * | `latestAmendedPlanIssued` | | Date updated EHC plan issued | date | `issueEhcPlan` (amended) |
 * | `lastAnnualReview` | | Date EHC plan last reviewed | date of the review meeting | `recordAnnualReview` |
 * | `reviewDecisionDate` | with `reviewDecision` | | date; needs `lastAnnualReview` | `recordReviewDecision` |
 * | `reviewDecision` | with its date | | `maintain`, `amend`, `cease` | `recordReviewDecision` |
 * | `planCeased` | with `ceasedReason` | | date | `ceasePlan` |
 * | `ceasedReason` | with `planCeased` | | `needs met`, `moved out of area`, `education ended`, `aged 25`, `moved to adult services`, `other` | `ceasePlan` |
 * | `mainUrn` | | Main education establishment – URN | 6 or 7 digits; needs `mainPhase` | `recordPlacement` |
 * | `mainPhase` | | Main education establishment – phase | `early years`, `primary`, `secondary`, `all-through`, `special`, `alternative provision`, `post-16`, `further education`, `independent`, `not in education` | `recordPlacement` |
 * | `subsidiaryPhase` | | Subsidiary education establishment – phase (dual registration) | as `mainPhase`; needs `mainPhase` | `recordPlacement` |
 * | `electiveHomeEducation` | | Elective home education | Yes/No | `recordPlacement` |
 * | `alternativeProvision` | | | Yes/No | `recordPlacement` |
 * | `outOfArea` | | (educated out of area) | Yes/No | `recordPlacement` |
 * | `academicYear` | with the school record | | e.g. `2025/26` | `updateSchoolRecord` |
 * | `suspensions` | with the school record | Suspensions | whole number 0–200 | `updateSchoolRecord` |
 * | `permanentExclusions` | with the school record | Permanent exclusions | whole number 0–10 | `updateSchoolRecord` |
 * | `absencePercent` | with the school record | Absence | per cent of sessions, 0–100 (`12.5` or `12.5%`) | `updateSchoolRecord` |
 * | `pupilPremium` | with the school record | Pupil Premium | Yes/No | `updateSchoolRecord` |
 * | `knownToSocialCare` | | Known to children's social care? | Yes/No | `recordSocialCareStatus` |
 * | `socialCareTeam` | | Which children's social care team? | `children in need`, `child protection`, `looked after children`, `disabled children`, `care leavers`, `early help`, `other`; needs `knownToSocialCare` = Yes | `recordSocialCareStatus` |
 * | `disability` | | Does the child or young person have a disability? | Yes/No | `recordDisability` |
 *
 * Dates: `YYYY-MM-DD` or `DD/MM/YYYY` (in XLSX also real date cells). Yes/No: `Yes`, `No`, `Y`, `N`,
 * `true`, `false`, any case. Enumerated values ignore case, spaces, `-` and `_` (`not issue` = `notIssue`).
 * "with X" means a cell filled in without X is a bad row. The school record's five columns go together.
 *
 * What an import does with a row (only what differs from the case's stream becomes a command):
 * - a new case is registered; for a known one, a changed UPN, ULN, date of birth, gender or ethnicity
 *   becomes one `correctCaseDetails` (reason "case extract import"). Blank identifiers never erase.
 * - dated statutory facts are added when not already recorded: the request (matched by its date; an
 *   unrecorded one older than the latest recorded is refused, and changes only go to the latest), its
 *   decisions (a changed decision is recorded again: the latest wins), the initial plan, an amended plan
 *   or annual review not recorded on that date, a review decision, the cessation. Facts no command can
 *   change (who made a recorded request, a recorded initial plan, a recorded cessation) are refused
 *   when the row differs: the import never rewrites them.
 * - groups describe the current position as a whole when any of their cells is filled in: SEN support
 *   (start, end), placement (blank URN/phases = none, blank flags = No), school record, social care
 *   (blank team = none). A group that differs is recorded again. Facts without a date of their own
 *   (primary need, placement, social care, disability) are recorded as of the import date.
 * - commands for a case run in date order (ties in statutory order), so the deciders' rules hold.
 */
import { z } from "zod";
import { caseId, gender, type IsoDate, phase, primaryNeed, uln, upn, urn } from "../../schemas/common.js";
import { caseFamily, socialCareTeam, twentyWeekException } from "../../schemas/events/case.js";
import { type CaseRecord, casesProjection, type EhcRequest } from "../../projections/cases.js";
import { fold } from "../../projections/projection.js";
import {
  booleanCell,
  dateCell,
  integerCell,
  looseEnum,
  numberCell,
  optional,
  required,
  upperCell,
} from "./cells.js";
import { type CurrentStreams, dryRun, type ImportPlan, type PlannedCommand } from "./plan.js";
import { parseTable, readTable, type RowError } from "./table.js";

const ev = caseFamily.events;

export const caseColumns = [
  "caseId",
  "upn",
  "uln",
  "dateOfBirth",
  "gender",
  "ethnicity",
  "primaryNeed",
  "senSupportStart",
  "senSupportEnd",
  "requestDate",
  "requestedBy",
  "assessmentDecisionDate",
  "assessmentDecision",
  "planDecisionDate",
  "planDecision",
  "initialPlanIssued",
  "draftPlanIssued",
  "exceptions",
  "latestAmendedPlanIssued",
  "lastAnnualReview",
  "reviewDecisionDate",
  "reviewDecision",
  "planCeased",
  "ceasedReason",
  "mainUrn",
  "mainPhase",
  "subsidiaryPhase",
  "electiveHomeEducation",
  "alternativeProvision",
  "outOfArea",
  "academicYear",
  "suspensions",
  "permanentExclusions",
  "absencePercent",
  "pupilPremium",
  "knownToSocialCare",
  "socialCareTeam",
  "disability",
] as const;
export type CaseColumn = (typeof caseColumns)[number];
export const requiredCaseColumns: readonly CaseColumn[] = ["caseId", "dateOfBirth", "gender", "ethnicity"];

/** The reason written on every correction an import makes. */
export const IMPORT_REASON = "case extract import";

const exceptionList = z
  .string()
  .transform((text) =>
    text
      .split(";")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
  )
  .pipe(z.array(looseEnum(twentyWeekException.options)))
  .transform((list) => [...new Set(list)]);

const schoolColumns = [
  "academicYear",
  "suspensions",
  "permanentExclusions",
  "absencePercent",
  "pupilPremium",
] as const;

/** Cells that need another one filled in: [cell, what it needs]. */
const needs: readonly [CaseColumn, CaseColumn][] = [
  ["requestDate", "requestedBy"],
  ["requestedBy", "requestDate"],
  ["assessmentDecisionDate", "assessmentDecision"],
  ["assessmentDecision", "assessmentDecisionDate"],
  ["planDecisionDate", "planDecision"],
  ["planDecision", "planDecisionDate"],
  ["reviewDecisionDate", "reviewDecision"],
  ["reviewDecision", "reviewDecisionDate"],
  ["reviewDecisionDate", "lastAnnualReview"],
  ["planCeased", "ceasedReason"],
  ["ceasedReason", "planCeased"],
  ["senSupportEnd", "senSupportStart"],
  ["draftPlanIssued", "initialPlanIssued"],
  ["exceptions", "initialPlanIssued"],
  ["socialCareTeam", "knownToSocialCare"],
];

export const caseRowSchema = z
  .object({
    caseId: required(caseId),
    upn: optional(upperCell(upn)),
    uln: optional(uln),
    dateOfBirth: required(dateCell),
    gender: required(looseEnum(gender.options, { f: "female", m: "male", o: "other", u: "unknown" })),
    ethnicity: required(upperCell(ev.CaseRegistered.payload.shape.ethnicity)),
    primaryNeed: optional(looseEnum(primaryNeed.options)),
    senSupportStart: optional(dateCell),
    senSupportEnd: optional(dateCell),
    requestDate: optional(dateCell),
    requestedBy: optional(looseEnum(ev.AssessmentRequested.payload.shape.requestedBy.options)),
    assessmentDecisionDate: optional(dateCell),
    assessmentDecision: optional(looseEnum(ev.AssessmentDecisionRecorded.payload.shape.decision.options)),
    planDecisionDate: optional(dateCell),
    planDecision: optional(looseEnum(ev.PlanDecisionRecorded.payload.shape.decision.options)),
    initialPlanIssued: optional(dateCell),
    draftPlanIssued: optional(dateCell),
    exceptions: optional(exceptionList),
    latestAmendedPlanIssued: optional(dateCell),
    lastAnnualReview: optional(dateCell),
    reviewDecisionDate: optional(dateCell),
    reviewDecision: optional(looseEnum(ev.ReviewDecisionRecorded.payload.shape.decision.options)),
    planCeased: optional(dateCell),
    ceasedReason: optional(looseEnum(ev.PlanCeased.payload.shape.reason.options)),
    mainUrn: optional(urn),
    mainPhase: optional(looseEnum(phase.options)),
    subsidiaryPhase: optional(looseEnum(phase.options)),
    electiveHomeEducation: optional(booleanCell),
    alternativeProvision: optional(booleanCell),
    outOfArea: optional(booleanCell),
    academicYear: optional(ev.SchoolRecordUpdated.payload.shape.academicYear),
    suspensions: optional(integerCell(0, 200)),
    permanentExclusions: optional(integerCell(0, 10)),
    absencePercent: optional(numberCell({ min: 0, max: 100, percent: true })),
    pupilPremium: optional(booleanCell),
    knownToSocialCare: optional(booleanCell),
    socialCareTeam: optional(looseEnum(socialCareTeam.options)),
    disability: optional(booleanCell),
  })
  .superRefine((row, ctx) => {
    const given = (c: CaseColumn) => row[c] !== undefined;
    for (const [cell, other] of needs)
      if (given(cell) && !given(other))
        ctx.addIssue({ code: "custom", path: [other], message: `is needed with ${cell}` });
    if (schoolColumns.some(given))
      for (const c of schoolColumns)
        if (!given(c))
          ctx.addIssue({
            code: "custom",
            path: [c],
            message: `is needed with the other school record columns (${schoolColumns.join(", ")})`,
          });
  });

export type CaseRow = z.output<typeof caseRowSchema> & { line: number };

/** Read and validate a case extract (CSV or XLSX) from its bytes. No I/O. */
export async function parseCaseExtract(
  bytes: Buffer,
  fileName: string,
): Promise<{ rows: CaseRow[]; errors: RowError[] }> {
  const table = await readTable(bytes, fileName, ["csv", "xlsx"]);
  return parseTable(table, caseColumns, requiredCaseColumns, caseRowSchema);
}

/**
 * The commands that bring each case's stream up to its row, checked by a dry run of every decider.
 * `currentCases` holds the stream of every case the rows name (missing: a new case). Pure.
 */
export function planCaseImport(
  rows: readonly CaseRow[],
  currentCases: CurrentStreams,
  today: IsoDate,
): ImportPlan {
  const errors: RowError[] = [];
  const commands: PlannedCommand[] = [];
  const lineOf = new Map<string, number>();
  let unchanged = 0;
  for (const row of rows) {
    const earlier = lineOf.get(row.caseId);
    if (earlier !== undefined) {
      errors.push({
        line: row.line,
        column: "caseId",
        reason: `case ${row.caseId} is also on line ${earlier}; give one row per child`,
      });
      continue;
    }
    lineOf.set(row.caseId, row.line);
    const record = fold(casesProjection, currentCases.get(row.caseId) ?? []).byId.get(row.caseId);
    const planned = planCase(row, record, today);
    if (planned.errors.length > 0) errors.push(...planned.errors);
    else if (planned.commands.length === 0) unchanged += 1;
    else commands.push(...planned.commands);
  }
  const checked = dryRun(commands, currentCases, today);
  return {
    commands: checked.commands,
    errors: [...errors, ...checked.errors].sort((a, b) => a.line - b.line),
    unchanged,
  };
}

/** A planned fact before ordering: its date and its place in the statutory order break ties. */
interface Fact {
  date: string;
  rank: number;
  command: string;
  column: CaseColumn;
  columns?: Partial<Record<string, CaseColumn>>;
  input: Record<string, unknown>;
}

/** Drop undefined values, so inputs (and the events they become) only carry what is known. */
const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

const identity = ["upn", "uln", "dateOfBirth", "gender", "ethnicity"] as const;

function planCase(
  row: CaseRow,
  record: CaseRecord | undefined,
  today: IsoDate,
): { commands: PlannedCommand[]; errors: RowError[] } {
  const facts: Fact[] = [];
  const errors: RowError[] = [];
  const add = (fact: Fact) => facts.push({ ...fact, input: defined(fact.input) });
  const refuse = (column: CaseColumn, reason: string) => errors.push({ line: row.line, column, reason });

  // Who the child is.
  if (!record) {
    add({
      date: "",
      rank: 0,
      command: "registerCase",
      column: "caseId",
      columns: {
        upn: "upn",
        uln: "uln",
        dateOfBirth: "dateOfBirth",
        gender: "gender",
        ethnicity: "ethnicity",
      },
      input: {
        upn: row.upn,
        uln: row.uln,
        dateOfBirth: row.dateOfBirth,
        gender: row.gender,
        ethnicity: row.ethnicity,
      },
    });
  } else {
    const changed = identity.filter((k) => row[k] !== undefined && row[k] !== record[k]);
    if (changed.length > 0)
      add({
        date: "",
        rank: 1,
        command: "correctCaseDetails",
        column: changed[0]!,
        columns: Object.fromEntries(changed.map((k) => [k, k])),
        input: { ...Object.fromEntries(changed.map((k) => [k, row[k]])), reason: IMPORT_REASON },
      });
  }

  if (row.primaryNeed !== undefined && row.primaryNeed !== record?.primaryNeed)
    add({
      date: today,
      rank: 11,
      command: "recordPrimaryNeed",
      column: "primaryNeed",
      input: { need: row.primaryNeed, secondaryNeed: record?.secondaryNeed, recordedOn: today },
    });

  if (
    row.senSupportStart !== undefined &&
    (row.senSupportStart !== record?.senSupport?.startedOn || row.senSupportEnd !== record.senSupport.endedOn)
  )
    add({
      date: row.senSupportStart,
      rank: 2,
      command: "recordSenSupport",
      column: "senSupportStart",
      columns: { startedOn: "senSupportStart", endedOn: "senSupportEnd" },
      input: { startedOn: row.senSupportStart, endedOn: row.senSupportEnd },
    });

  planTimeline(row, record, add, refuse);

  const placementColumns = [
    "mainUrn",
    "mainPhase",
    "subsidiaryPhase",
    "electiveHomeEducation",
    "alternativeProvision",
    "outOfArea",
  ] as const;
  const firstPlacement = placementColumns.find((c) => row[c] !== undefined);
  if (firstPlacement) {
    const placement = {
      mainUrn: row.mainUrn,
      mainPhase: row.mainPhase,
      subsidiaryPhase: row.subsidiaryPhase,
      electiveHomeEducation: row.electiveHomeEducation ?? false,
      alternativeProvision: row.alternativeProvision ?? false,
      outOfArea: row.outOfArea ?? false,
    };
    const stored = record?.placement;
    if (!stored || placementColumns.some((c) => placement[c] !== stored[c]))
      add({
        date: today,
        rank: 12,
        command: "recordPlacement",
        column: firstPlacement,
        columns: Object.fromEntries(placementColumns.map((c) => [c, c])),
        input: { effectiveFrom: today, ...placement },
      });
  }

  if (row.academicYear !== undefined) {
    // The row schema makes the five school record columns go together.
    const school = {
      academicYear: row.academicYear,
      suspensions: row.suspensions!,
      permanentExclusions: row.permanentExclusions!,
      absencePercent: row.absencePercent!,
      pupilPremium: row.pupilPremium!,
    };
    const stored = record?.schoolRecord;
    if (stored && stored.academicYear > school.academicYear)
      refuse("academicYear", `is older than the recorded school record for ${stored.academicYear}`);
    else if (!stored || schoolColumns.some((c) => school[c] !== stored[c]))
      add({
        date: today,
        rank: 13,
        command: "updateSchoolRecord",
        column: "academicYear",
        columns: Object.fromEntries(schoolColumns.map((c) => [c, c])),
        input: school,
      });
  }

  if (
    row.knownToSocialCare !== undefined &&
    (row.knownToSocialCare !== record?.socialCare?.knownToSocialCare ||
      row.socialCareTeam !== record.socialCare.team)
  )
    add({
      date: today,
      rank: 14,
      command: "recordSocialCareStatus",
      column: "knownToSocialCare",
      columns: { team: "socialCareTeam" },
      input: { recordedOn: today, knownToSocialCare: row.knownToSocialCare, team: row.socialCareTeam },
    });

  if (row.disability !== undefined && row.disability !== record?.hasDisability)
    add({
      date: today,
      rank: 15,
      command: "recordDisability",
      column: "disability",
      input: { recordedOn: today, hasDisability: row.disability },
    });

  if (errors.length > 0) return { commands: [], errors };
  facts.sort((a, b) => (a.date === b.date ? a.rank - b.rank : a.date < b.date ? -1 : 1));
  return {
    commands: facts.map(({ command, column, columns, input }) => ({
      line: row.line,
      column,
      ...(columns ? { columns: columns as Record<string, string> } : {}),
      command,
      id: row.caseId,
      input,
      expectedRevision: -1,
    })),
    errors: [],
  };
}

/** The statutory timeline: the latest request, its decisions and plan, amendments, reviews, cessation. */
function planTimeline(
  row: CaseRow,
  record: CaseRecord | undefined,
  add: (fact: Fact) => number,
  refuse: (column: CaseColumn, reason: string) => number,
): void {
  const latest = record?.requests.at(-1);
  // The recorded request the row's decisions and plan belong to (undefined: a new one, or none at all).
  let request: EhcRequest | undefined = latest;
  const timeline: Fact[] = [];
  if (row.requestDate !== undefined) {
    request = record?.requests.find((r) => r.requestedOn === row.requestDate);
    if (!request && latest && row.requestDate < latest.requestedOn) {
      refuse(
        "requestDate",
        `is earlier than the latest recorded request (${latest.requestedOn}); the extract may be out of date`,
      );
      return;
    }
    if (request && request.requestedBy !== row.requestedBy) {
      refuse(
        "requestedBy",
        `the request of ${request.requestedOn} is recorded as made by ${request.requestedBy}; an import cannot rewrite it`,
      );
      return;
    }
    if (!request)
      timeline.push({
        date: row.requestDate,
        rank: 3,
        command: "requestAssessment",
        column: "requestDate",
        columns: { requestedOn: "requestDate", requestedBy: "requestedBy" },
        input: { requestedOn: row.requestDate, requestedBy: row.requestedBy },
      });
  }

  // The two decisions on the request: a step when the extract's date or decision is not the recorded one.
  const decisions = [
    [
      4,
      "recordAssessmentDecision",
      "assessmentDecisionDate",
      "assessmentDecision",
      request?.assessmentDecision,
    ],
    [5, "recordPlanDecision", "planDecisionDate", "planDecision", request?.planDecision],
  ] as const;
  for (const [rank, command, dateColumn, decisionColumn, recorded] of decisions) {
    const decidedOn = row[dateColumn];
    const decision = row[decisionColumn];
    if (decidedOn !== undefined && (decidedOn !== recorded?.decidedOn || decision !== recorded.decision))
      timeline.push({
        date: decidedOn,
        rank,
        command,
        column: dateColumn,
        columns: { decidedOn: dateColumn, decision: decisionColumn },
        input: { decidedOn, decision },
      });
  }

  if (row.initialPlanIssued !== undefined) {
    const issued = request?.issued;
    if (!issued)
      timeline.push({
        date: row.initialPlanIssued,
        rank: 6,
        command: "issueEhcPlan",
        column: "initialPlanIssued",
        columns: {
          kind: "initialPlanIssued",
          issuedOn: "initialPlanIssued",
          draftIssuedOn: "draftPlanIssued",
          exceptions: "exceptions",
        },
        input: {
          kind: "initial",
          issuedOn: row.initialPlanIssued,
          draftIssuedOn: row.draftPlanIssued,
          exceptions: row.exceptions ?? [],
        },
      });
    else if (
      issued.issuedOn !== row.initialPlanIssued ||
      (row.draftPlanIssued !== undefined && row.draftPlanIssued !== issued.draftIssuedOn) ||
      (row.exceptions !== undefined && !sameList(row.exceptions, issued.exceptions))
    )
      refuse(
        "initialPlanIssued",
        `differs from the initial plan recorded for the request of ${request!.requestedOn} (issued ` +
          `${issued.issuedOn}${issued.draftIssuedOn ? `, draft ${issued.draftIssuedOn}` : ""}, exceptions: ` +
          `${issued.exceptions.join("; ") || "none"}); an import cannot rewrite it`,
      );
  }

  if (request && request !== latest && timeline.length > 0) {
    refuse(
      "requestDate",
      `is not the latest recorded request (${latest!.requestedOn}); an import only adds to the latest`,
    );
    return;
  }

  const amended = row.latestAmendedPlanIssued;
  if (amended !== undefined && !record?.plans.some((p) => p.kind === "amended" && p.issuedOn === amended))
    timeline.push({
      date: amended,
      rank: 9,
      command: "issueEhcPlan",
      column: "latestAmendedPlanIssued",
      columns: { kind: "latestAmendedPlanIssued", issuedOn: "latestAmendedPlanIssued" },
      input: { kind: "amended", issuedOn: amended, exceptions: [] },
    });

  const heldOn = row.lastAnnualReview;
  const review = record?.reviews.find((r) => r.heldOn === heldOn);
  if (heldOn !== undefined && !review)
    timeline.push({
      date: heldOn,
      rank: 7,
      command: "recordAnnualReview",
      column: "lastAnnualReview",
      columns: { heldOn: "lastAnnualReview" },
      input: { heldOn },
    });
  if (
    row.reviewDecisionDate !== undefined &&
    (row.reviewDecisionDate !== review?.decision?.decidedOn ||
      row.reviewDecision !== review.decision.decision)
  )
    timeline.push({
      date: row.reviewDecisionDate,
      rank: 8,
      command: "recordReviewDecision",
      column: "reviewDecisionDate",
      columns: {
        reviewHeldOn: "lastAnnualReview",
        decidedOn: "reviewDecisionDate",
        decision: "reviewDecision",
      },
      input: { reviewHeldOn: heldOn, decidedOn: row.reviewDecisionDate, decision: row.reviewDecision },
    });

  if (row.planCeased !== undefined) {
    const ceased = record?.ceased;
    if (!ceased)
      timeline.push({
        date: row.planCeased,
        rank: 10,
        command: "ceasePlan",
        column: "planCeased",
        columns: { ceasedOn: "planCeased", reason: "ceasedReason" },
        input: { ceasedOn: row.planCeased, reason: row.ceasedReason },
      });
    else if (ceased.ceasedOn !== row.planCeased || ceased.reason !== row.ceasedReason)
      refuse(
        "planCeased",
        `differs from the recorded cessation (${ceased.ceasedOn}, ${ceased.reason}); an import cannot rewrite it`,
      );
  }

  for (const fact of timeline) add(fact);
}

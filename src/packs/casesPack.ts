/**
 * The case-sampling pack: one section per child, the first starting after the cover and each next one
 * following on under a rule (a new page only when too little is left) — the pseudonymised profile, the
 * statutory timeline with each step met, missed, overdue or pending, every QA audit with its section
 * grades and comments, the linked actions and the documents held. Case-level data throughout, so the pack
 * is always marked OFFICIAL-SENSITIVE on every page, whatever `meta.caseLevel` says, and the case ids are
 * stored with its metadata.
 */
import { criterionLabel } from "../../schemas/qaChecklist.js";
import type { ActionView } from "../../projections/actionPlan.js";
import type { CasePack, TimelineStep } from "../../projections/casePack.js";
import type { DocumentRecord } from "../../projections/partnership.js";
import type { AuditRecord, SectionResult } from "../../projections/qa.js";
import { type PackMeta, type PackWriter, renderPack } from "./document.js";
import { capitalise, datesInWords, formatDate, formatDateTime, listInWords } from "./format.js";
import { COLOURS, FONTS, MARGINS, MARKING } from "./style.js";

export interface CasesPackInput {
  meta: PackMeta;
  /** `inspectionCasePacks(state, inspectionId, asOf)` or chosen `casePack`s, in the order to print. */
  packs: readonly CasePack[];
  inspectionId?: string;
  timeZone?: string;
}

/** EHC plan sections (SEND Regulations 2014, reg. 12). */
export const SECTION_NAMES: Readonly<Record<string, string>> = {
  A: "Views, interests and aspirations",
  B: "Special educational needs",
  C: "Health needs",
  D: "Social care needs",
  E: "Outcomes",
  F: "Special educational provision",
  G: "Health provision",
  H1: "Social care provision (CSDPA 1970 s2)",
  H2: "Other social care provision",
  I: "Placement",
  J: "Personal budget",
  K: "Advice and information",
};

const SECTION_ORDER = Object.keys(SECTION_NAMES);

const STATUS_LABELS: Record<string, string> = {
  ehcPlan: "EHC plan",
  senSupport: "SEN support",
  ceased: "EHC plan ceased",
  none: "No SEN status recorded",
};

/** The profile table's height (twelve one-line rows), which its heading is kept with. */
const PROFILE_HEIGHT = 190;

const yesNo = (b: boolean | undefined) => (b === undefined ? "not recorded" : b ? "Yes" : "No");

function profile(w: PackWriter, p: CasePack["profile"]): void {
  // Kept with its table, which is kept whole (twelve rows).
  w.heading("Profile (pseudonymised)", 2, { keepWith: PROFILE_HEIGHT });
  w.keyValues([
    ["Status", STATUS_LABELS[p.status] ?? p.status],
    ["Age", `${p.age}`],
    ["Gender", capitalise(p.gender)],
    ["Ethnicity (code)", p.ethnicity],
    ["Primary need", p.primaryNeed ?? "not recorded"],
    ["Secondary need", p.secondaryNeed ?? "none recorded"],
    ["Education phase", p.phase ?? "not recorded"],
    ["Alternative provision", yesNo(p.alternativeProvision)],
    ["Elective home education", yesNo(p.electiveHomeEducation)],
    ["Educated out of area", yesNo(p.outOfArea)],
    [
      "Known to children's social care",
      `${yesNo(p.knownToSocialCare)}${p.socialCareTeam ? ` (${p.socialCareTeam})` : ""}`,
    ],
    ["Disability", yesNo(p.hasDisability)],
  ]);
}

const STEP_STATUS: Record<TimelineStep["status"], string> = {
  met: "Met",
  missed: "MISSED",
  overdue: "OVERDUE",
  pending: "Pending",
  "not recorded": "Not recorded",
};

function timeline(w: PackWriter, steps: readonly TimelineStep[]): void {
  w.heading("Statutory timeline", 2);
  const count = (s: TimelineStep["status"]) => steps.filter((x) => x.status === s).length;
  if (steps.length > 0)
    w.paragraph(
      `${steps.length} statutory steps: ${count("met")} met, ${count("missed")} missed, ${count("overdue")} overdue, ${count("pending")} pending${count("not recorded") ? `, ${count("not recorded")} not recorded` : ""}. A step done on its due date is on time.`,
      { size: 9 },
    );
  w.table({
    columns: [
      { header: "Step", width: 3 },
      { header: "Clock from", width: 1.3 },
      { header: "Due", width: 1.3 },
      { header: "Done", width: 1.3 },
      { header: "Status", width: 1.1 },
      { header: "Days late", width: 0.9, align: "right" },
      { header: "Note", width: 2.2 },
    ],
    rows: steps.map((s) => [
      s.step,
      formatDate(s.startsOn),
      formatDate(s.dueOn),
      s.doneOn ? formatDate(s.doneOn) : "—",
      STEP_STATUS[s.status],
      s.daysLate > 0 ? String(s.daysLate) : "",
      datesInWords(s.note ?? ""),
    ]),
    fontSize: 8,
    empty: "No statutory steps recorded for this child.",
  });
}

const isRated = (r: SectionResult | { notApplicable: string }): r is SectionResult => "grade" in r;

function audit(w: PackWriter, a: AuditRecord): void {
  const grade = a.moderation?.moderatedGrade ?? a.submitted?.overallGrade;
  w.heading(`QA audit ${a.auditId}: ${grade ? capitalise(grade) : "not yet submitted"}`, 3);
  const rows: [string, string][] = [
    [
      "Reason",
      `${capitalise(a.reason)}${a.theme ? ` (theme: ${a.theme})` : ""}, drawn ${formatDate(a.drawnOn)}`,
    ],
    [
      "Auditors",
      a.auditors.length ? a.auditors.map((x) => `${x.auditor} (${x.agency})`).join("; ") : "none assigned",
    ],
  ];
  if (a.submitted)
    rows.push([
      "Submitted",
      `${formatDate(a.submitted.submittedOn)}: ${a.submitted.overallGrade}${a.submitted.derivedOverallGrade !== a.submitted.overallGrade ? ` (derived from the sections: ${a.submitted.derivedOverallGrade})` : ""}`,
    ]);
  if (a.moderation)
    rows.push([
      "Moderation",
      `${formatDate(a.moderation.moderatedOn)} by ${a.moderation.moderator}: ${a.moderation.agreed ? "agreed" : "changed"}, ${a.moderation.moderatedGrade}${a.moderation.comment ? `. ${a.moderation.comment}` : ""}`,
    ]);
  if (a.submitted?.summary) rows.push(["Summary", a.submitted.summary]);
  w.keyValues(rows, { fontSize: 8.5 });
  const sections = Object.entries(a.sections).sort(
    ([x], [y]) => SECTION_ORDER.indexOf(x) - SECTION_ORDER.indexOf(y),
  );
  w.table({
    columns: [
      { header: "Section", width: 2.6 },
      { header: "Grade", width: 1.5 },
      { header: "Criteria met", width: 1, align: "right" },
      { header: "Comments and criteria not met", width: 5 },
    ],
    rows: sections.map(([s, r]) => {
      const name = `${s} ${SECTION_NAMES[s] ?? ""}`.trim();
      if (!isRated(r)) return [name, "not applicable", "", r.notApplicable];
      const met = r.criteriaMet.length;
      const all = met + r.criteriaNotMet.length;
      const override =
        r.grade !== r.derivedGrade ? ` (derived ${r.derivedGrade}; ${r.overrideReason ?? "overridden"})` : "";
      // Name the criteria not met unless the auditor's comment already does.
      const unnamed = r.criteriaNotMet.filter((k) => !r.comment?.includes(k));
      const notMet = unnamed.length
        ? `Not met: ${unnamed.map((k) => criterionLabel(a.checklistVersion, k)).join("; ")}.`
        : "";
      // The comment and the criteria not met on lines of their own, so one never runs into the other.
      return [
        name,
        `${r.grade}${override}`,
        `${met} of ${all}`,
        [r.comment, notMet].filter(Boolean).join("\n"),
      ];
    }),
    fontSize: 7.5,
    empty: "No sections rated yet.",
  });
}

function actions(w: PackWriter, list: readonly ActionView[]): void {
  w.heading("Actions", 2);
  w.table({
    columns: [
      { header: "Action", width: 1.3 },
      { header: "Title", width: 3.7 },
      { header: "Owner", width: 1.6 },
      { header: "Due", width: 1.2 },
      { header: "RAG", width: 0.9 },
      { header: "Progress", width: 1.8 },
    ],
    rows: list.map((a) => [
      a.actionId,
      a.title,
      a.owner,
      formatDate(a.dueOn),
      a.rag,
      a.completed
        ? `completed ${formatDate(a.completed.completedOn)}`
        : a.overdue
          ? `overdue by ${a.daysOverdue} days`
          : a.lastUpdatedOn
            ? `updated ${formatDate(a.lastUpdatedOn)}`
            : "no update yet",
    ]),
    fontSize: 8,
    empty: "No actions are linked to this child or their audits.",
  });
}

function documents(w: PackWriter, list: readonly DocumentRecord[]): void {
  // No table and no page of its own for a child with no documents: one line at the end of their section.
  if (list.length === 0) {
    w.paragraph("Documents and evidence references: none registered for this child.", { size: 9 });
    return;
  }
  w.heading("Documents and evidence references", 2);
  w.table({
    columns: [
      { header: "Document", width: 2.6 },
      { header: "Kind", width: 1.3 },
      { header: "Version", width: 0.8 },
      { header: "Published", width: 1.2 },
      { header: "Reference", width: 2.6 },
      { header: "SHA-256 (first 16)", width: 1.7, mono: true },
    ],
    rows: list.map((d) => [
      `${d.title}${d.supersededBy ? ` (superseded by ${d.supersededBy})` : ""}`,
      d.kind,
      d.version,
      formatDate(d.publishedOn ?? d.registeredAt),
      d.uri,
      d.sha256.slice(0, 16),
    ]),
    fontSize: 7.5,
    empty: "No documents registered for this child.",
  });
}

/**
 * Room a child's opening (heading, selection line, the start of the profile) needs: with less left on the
 * page the child starts the next one; with more, the child follows the previous one under a rule, so no
 * page is left nearly empty where one child's last lines spilled over.
 */
const CHILD_OPENING = 270;

function child(w: PackWriter, p: CasePack, first: boolean): void {
  if (first) w.newPage();
  else {
    w.ensureSpace(CHILD_OPENING);
    separator(w);
  }
  w.section(() => {
    w.heading(`Case ${p.caseId}`, 1, { anchor: `case-${p.caseId}`, keepWith: 100 });
    w.paragraph(
      `${p.selectedFor.length ? `Selected for: ${p.selectedFor.join("; ")}` : "Not selected by any inspection"}. As at ${formatDate(p.asOf)}.`,
      {
        size: 9,
        color: COLOURS.muted,
      },
    );
    profile(w, p.profile);
    timeline(w, p.timeline);
    w.heading("QA audits", 2);
    if (p.audits.length === 0) w.paragraph("No QA audit of this child's plan.", { size: 9 });
    for (const a of p.audits) audit(w, a);
    actions(w, p.actions);
    documents(w, p.documents);
  });
}

/** A rule across the page between one child and the next (not content: an artifact). */
function separator(w: PackWriter): void {
  if (w.doc.y <= MARGINS.top) return;
  const y = w.doc.y + 6;
  w.artifact(() => {
    w.doc
      .moveTo(w.left, y)
      .lineTo(w.left + w.width, y)
      .lineWidth(1.2)
      .strokeColor(COLOURS.rule)
      .stroke();
  });
  w.doc.y = y + 4;
}

function cover(w: PackWriter, input: CasesPackInput): void {
  const { meta, packs } = input;
  w.section(() => {
    w.heading(meta.title, 1, { anchor: "cover" });
    w.paragraph(meta.areaName, { size: 15, font: FONTS.bold, gapAfter: 10 });
    w.keyValues([
      ["Inspection", input.inspectionId ?? "—"],
      ["As at", formatDateTime(meta.asOf, w.timeZone)],
      ["Log position", String(meta.position)],
      ["Children", `${packs.length}: ${listInWords(packs.map((p) => p.caseId)) || "none"}`],
    ]);
    w.paragraph(
      `${MARKING}. This pack holds pseudonymised case-level information about children and young people with SEND, including special-category health data. Share it only with the inspection team, keep it on secure systems, and destroy it in line with the inspection's data-sharing arrangements. Every read of case data in the evidence store is logged.`,
      { size: 9, font: FONTS.bold },
    );
    w.heading("Contents", 2, { outline: false });
    w.contents([
      ...packs.map((p) => ({
        label: `Case ${p.caseId}: ${STATUS_LABELS[p.profile.status] ?? p.profile.status}, age ${p.profile.age}${p.profile.primaryNeed ? `, ${p.profile.primaryNeed}` : ""} (${p.selectedFor.join("; ") || "selected"})`,
        anchor: `case-${p.caseId}`,
      })),
      { label: "Manifest", anchor: "manifest" },
    ]);
  });
}

/** The case-sampling pack (see the module comment). */
export function buildCasesPack(input: CasesPackInput): Promise<Buffer> {
  const meta: PackMeta = { ...input.meta, caseLevel: true };
  return renderPack(
    meta,
    (w) => {
      cover(w, { ...input, meta });
      input.packs.forEach((p, i) => child(w, p, i === 0));
    },
    { caseIds: input.packs.map((p) => p.caseId), ...(input.timeZone ? { timeZone: input.timeZone } : {}) },
  );
}

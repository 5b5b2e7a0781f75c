/**
 * Shared by the pack tests: the demo area folded with an inspection notified, cases tracked and sampled,
 * a document and an action for one child, and helpers that read PDFs with poppler-utils (pdftotext,
 * pdfinfo). Without poppler the text helpers throw, so the text tests fail loudly rather than skip.
 */
import { execFileSync } from "node:child_process";
import type { PlanSection } from "../../schemas/common.js";
import { sectionCriteria, sendCode2015 } from "../../schemas/qaChecklist.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ScriptedCommand } from "../../fixtures/demoArea/script.js";
import { type EvidenceState, evidenceProjection } from "../../projections/evidence.js";
import { fold } from "../../projections/projection.js";
import type { PackMeta } from "../../src/packs/document.js";
import { demoEvents } from "../projections/demoEvents.js";

export const SIZE = { plans: 30, senSupport: 30 };
export const INSPECTION = "INS-PACK";

const lano = { actor: "t.lano", role: "lano" as const };
const officer = { actor: "t.officer", role: "officer" as const };
let minute = 0;
const step = (
  command: string,
  id: string,
  input: Record<string, unknown>,
  who: { actor: string; role: "lano" | "officer" | "auditor" } = lano,
): ScriptedCommand => ({
  at: new Date(Date.parse("2026-11-23T09:30:00Z") + minute++ * 20_000).toISOString(),
  command,
  id,
  input,
  ...who,
});

export interface PackFixture {
  state: EvidenceState;
  /** The state's last recordedAt: the packs' as-at. */
  asOf: string;
  tracked: string[];
  sampled: string[];
}

const SECTIONS: PlanSection[] = ["A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"];
/** The default checklist's criterion ids for a section. */
const ids = (section: PlanSection) => sectionCriteria(sendCode2015, section).map((c) => c.id);

/** A full QA audit: two auditors, D (so H1, H2) and J not applicable, F overridden, submitted, maybe moderated. */
function auditSteps(auditId: string, caseId: string, moderated: boolean): ScriptedCommand[] {
  const auditor = { actor: "t.auditor", role: "auditor" as const };
  const out = [
    step("drawQaSample", auditId, { caseId, reason: "new plan", drawnOn: "2026-11-02" }, auditor),
    step("assignQaAuditor", auditId, { auditor: "t.auditor", agency: "education" }, auditor),
    step("assignQaAuditor", auditId, { auditor: "t.health", agency: "health" }, auditor),
    ...SECTIONS.map((section) =>
      section === "D" || section === "H1" || section === "H2" || section === "J"
        ? step(
            "markQaSectionNotApplicable",
            auditId,
            { section, reason: "No needs in this section" },
            auditor,
          )
        : step(
            "rateQaSection",
            auditId,
            {
              section,
              criteriaMet: ids(section).filter((id) => id !== "F.3"),
              criteriaNotMet: section === "F" ? ["F.3"] : [],
              ...(section === "F"
                ? {
                    grade: "requires improvement",
                    overrideReason: "Provision not quantified for speech therapy",
                  }
                : {}),
              ...(section === "A" ? { comment: "The child's voice comes through clearly." } : {}),
            },
            auditor,
          ),
    ),
    step(
      "submitQaAudit",
      auditId,
      { submittedOn: "2026-11-20", summary: "Multi-agency audit of a new plan." },
      auditor,
    ),
  ];
  if (moderated)
    out.push(
      step(
        "moderateQaAudit",
        auditId,
        { moderatedOn: "2026-11-22", moderatedGrade: "good", comment: "Panel agreed." },
        { actor: "t.moderator", role: "auditor" },
      ),
    );
  return out;
}

/** The demo area plus an inspection: three children with plans tracked (two audited), one sampled. */
export async function packFixture(): Promise<PackFixture> {
  const base = fold(evidenceProjection, await demoEvents(SIZE));
  const ids = [...base.cases.byId.values()].sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
  const tracked = ids
    .filter((c) => c.plans.length > 0)
    .slice(0, 3)
    .map((c) => c.caseId);
  const sampled = ids
    .filter((c) => c.plans.length === 0 && c.senSupport)
    .slice(0, 1)
    .map((c) => c.caseId);
  const docCase = tracked[0] as string;
  const extra = [
    step("notifyInspection", INSPECTION, { notifiedAt: "2026-11-23T09:30:00Z", kind: "full" }),
    ...auditSteps("QA-PACK-1", docCase, true),
    ...auditSteps("QA-PACK-2", tracked[1] as string, false),
    step(
      "registerDocument",
      "DOC-PACK-1",
      {
        title: "EHC plan (final)",
        kind: "case record",
        uri: "https://records.example/plan.pdf",
        sha256: "c".repeat(64),
        version: "2",
        caseId: docCase,
      },
      officer,
    ),
    step("raiseAction", "ACT-PACK-1", {
      title: "Quantify provision in section F",
      priorityArea: "Plan quality",
      criteria: ["A3"],
      owner: "SEN lead",
      dueOn: "2026-12-31",
      source: { kind: "qa audit", ref: "QA-PACK-1" },
    }),
    step("selectCasesForTracking", INSPECTION, { selectedAt: "2026-11-23T10:00:00Z", caseIds: tracked }),
    step("setCaseSamplingTopic", INSPECTION, {
      setAt: "2026-11-23T10:00:00Z",
      topic: "Quality of EHC plans",
      caseIds: [...sampled, docCase],
    }),
    step("provideDataRequestItem", INSPECTION, {
      itemKey: "jsna",
      providedAt: "2026-11-23T10:30:00Z",
      note: "JSNA SEND chapter sent",
    }),
  ];
  const state = fold(evidenceProjection, await demoEvents(SIZE, extra));
  return { state, asOf: state.recordedAt as string, tracked, sampled };
}

export function metaFor(
  kind: PackMeta["kind"],
  state: EvidenceState,
  overrides: Partial<PackMeta> = {},
): PackMeta {
  return {
    kind,
    areaName: state.partnership.area?.name ?? "Unknown area",
    title: { sef: "Self-evaluation", dataRequest: "24-hour data request", cases: "Case-sampling pack" }[kind],
    position: state.position,
    asOf: state.recordedAt as string,
    contents: ["Cover and contents", "Body", "Manifest"],
    contentSha256: "0".repeat(64),
    caseLevel: kind === "cases",
    ...overrides,
  };
}

const POPPLER_MISSING =
  "poppler-utils is not installed (pdftotext/pdfinfo): run `apt-get update && apt-get install -y poppler-utils` (CI installs it in .ci/run)";

function poppler(tool: string, args: string[], pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "packs-"));
  const file = join(dir, "pack.pdf");
  writeFileSync(file, pdf);
  try {
    return execFileSync(tool, [...args, file, ...(tool === "pdftotext" ? ["-"] : [])], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new Error(POPPLER_MISSING);
    throw e;
  }
}

/** The PDF's text (pdftotext), all pages or `first`..`last`. */
export const pdfText = (pdf: Buffer, first?: number, last = first): string =>
  poppler("pdftotext", first === undefined ? [] : ["-f", String(first), "-l", String(last)], pdf);

/** The PDF's page count and tagged flag (pdfinfo). */
export function pdfInfo(pdf: Buffer): { pages: number; tagged: boolean; title: string } {
  const out = poppler("pdfinfo", [], pdf);
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "m").exec(out)?.[1] ?? "";
  return { pages: Number(field("Pages")), tagged: field("Tagged") === "yes", title: field("Title") };
}

/** Text with runs of whitespace collapsed, for matching phrases that wrap. */
export const flat = (text: string): string => text.replace(/\s+/g, " ");

/** The body of a page (between the running header and the footer), in points from the top. */
const BODY = { top: 74, bottom: 841.89 - 72 };

/**
 * How full each page's body is: from its top to the lowest word printed in it, as a share of its height
 * (0: nothing but the furniture, 1: text down to the bottom margin). From `pdftotext -bbox`, so charts count
 * by their labels and tables by their cells.
 */
export function pageFill(pdf: Buffer): number[] {
  const html = poppler("pdftotext", ["-bbox"], pdf);
  return html
    .split(/<page /)
    .slice(1)
    .map((page) => {
      let lowest = BODY.top;
      for (const m of page.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)) {
        const [top, bottom] = [Number(m[1]), Number(m[2])];
        if (top >= BODY.top - 2 && bottom <= BODY.bottom + 2) lowest = Math.max(lowest, bottom);
      }
      return (lowest - BODY.top) / (BODY.bottom - BODY.top);
    });
}

/** The 1-based pages on which `phrase` (whitespace collapsed) is printed. */
export function pagesWith(pdf: Buffer, phrase: string | RegExp): number[] {
  const pages = pdfText(pdf).split("\f");
  return pages.flatMap((text, i) =>
    (typeof phrase === "string" ? flat(text).includes(phrase) : phrase.test(flat(text))) ? [i + 1] : [],
  );
}

/** The page furniture pdftotext reads: the marking, the running header, the footer. */
const FURNITURE = [
  /^OFFICIAL-SENSITIVE$/,
  /^Page \d+ of \d+$/,
  /· log position \d+$/,
  /^.+ · (Self-evaluation|24-hour data request|Case-sampling pack)$/,
];

/**
 * The PDF's text (or a page's, as pdftotext gave it) without its page furniture, so a paragraph that runs
 * onto the next page reads whole.
 */
export const bodyText = (pdf: Buffer | string): string =>
  (typeof pdf === "string" ? pdf : pdfText(pdf))
    .split("\n")
    .filter((line) => !FURNITURE.some((re) => re.test(line.trim())))
    .join("\n");

export interface PlacedWord {
  text: string;
  x: number;
  y: number;
}

/** The words printed on one page with their top-left corner in points (`pdftotext -bbox`). */
export function wordsOn(pdf: Buffer, page: number): PlacedWord[] {
  const html = poppler("pdftotext", ["-bbox", "-f", String(page), "-l", String(page)], pdf);
  return [
    ...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g),
  ].map((m) => ({ text: m[3]!, x: Number(m[1]), y: Number(m[2]) }));
}

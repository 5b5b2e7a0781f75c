/**
 * The SEF page as a view model: the same SEF view GraphQL's `sef` serves (one selection per moment), laid
 * out for reading — the eleven criteria as a contents list with each one's warnings counted, each
 * criterion's statements with the evidence they cite and its value as at the page's moment, the gaps and
 * contradictions as warnings, the store's own figures and the sign-off. Pure.
 */
import type { SefView } from "../../projections/sefView.js";
import { day } from "./day.js";

const KIND_TAG = new Map([
  ["strength", "govuk-tag--green"],
  ["impact", "govuk-tag--turquoise"],
  ["area for development", "govuk-tag--orange"],
  ["current position", ""],
  ["what good looks like", "govuk-tag--purple"],
]);

const EVIDENCE_KIND = new Map([
  ["metric", "Metric"],
  ["figure", "The store's own figure"],
  ["qaAudit", "QA audit"],
  ["action", "Action"],
  ["document", "Document"],
  ["case", "Case"],
  ["survey", "Survey"],
  ["voice", "Voice of children and families"],
]);

/** "2 gaps", with a no-break space so a tag never splits the number from its word. */
const plural = (n: number, one: string) => `${n}\u00a0${one}${n === 1 ? "" : "s"}`;

export function sefPage(view: SefView) {
  const criteria = view.criteria.map((c) => {
    const gaps = c.warnings.filter((w) => w.kind === "gap");
    const contradictions = c.warnings.filter((w) => w.kind === "contradiction");
    const status =
      c.warnings.length === 0
        ? { text: "No warnings", classes: "govuk-tag--green" }
        : {
            text: [
              contradictions.length ? plural(contradictions.length, "contradiction") : "",
              gaps.length ? plural(gaps.length, "gap") : "",
            ]
              .filter(Boolean)
              .join(", "),
            classes: contradictions.length ? "govuk-tag--red" : "govuk-tag--yellow",
          };
    return {
      code: c.code,
      anchor: `criterion-${c.code}`,
      text: c.text,
      status,
      gaps: gaps.map((w) => w.message),
      contradictions: contradictions.map((w) => w.message),
      statements: c.statements.map((s) => ({
        id: s.statementId,
        kind: s.kind,
        tag: KIND_TAG.get(s.kind) ?? "govuk-tag--grey",
        text: s.text,
        revisions: s.revisions,
        evidence: s.evidence.map((e) => ({
          kind: EVIDENCE_KIND.get(e.kind) ?? e.kind,
          summary: e.summary,
          note: e.note,
          asOf: e.asOf ? day(e.asOf) : undefined,
          found: e.found,
          bears: e.bears,
        })),
      })),
    };
  });
  return {
    area: view.area,
    asOf: day(view.asOf),
    signedOff: view.signedOff ? { ...view.signedOff, signedOn: day(view.signedOff.signedOn) } : undefined,
    criteria,
    counts: {
      statements: criteria.reduce((n, c) => n + c.statements.length, 0),
      gaps: view.warnings.filter((w) => w.kind === "gap").length,
      contradictions: view.warnings.filter((w) => w.kind === "contradiction").length,
    },
    figures: view.figures.map((f) => ({
      title: f.title,
      value: f.value === null ? "Nothing to count" : f.unit === "percent" ? `${f.value}%` : String(f.value),
      detail: f.detail,
    })),
    figureContradictions: view.figureContradictions.map((c) => c.message),
  };
}

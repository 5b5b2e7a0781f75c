/**
 * The dates of one case-extract row checked against each other as written, before any command is planned:
 * an impossible history is refused on the row and column that make it so, with the other column named,
 * rather than by the decider that would meet it first once the facts are put in date order (which read
 * "a plan cannot be issued before an assessment request" for a row that has one). Pure.
 *
 * A plan or review already recorded for the case is left to the dry run: the row may describe a newer
 * request (a re-assessment) than the initial plan it carries.
 */
import type { CaseRecord } from "../../projections/cases.js";
import type { CaseColumn, CaseRow } from "./caseExtract.js";

export interface RowDateError {
  column: CaseColumn;
  reason: string;
}

/** [later column, earlier column, what the earlier one is, when the pair applies]. */
type Order = readonly [CaseColumn, CaseColumn, string, (row: CaseRow) => boolean];

const always = () => true;
const assessed = (row: CaseRow) => row.assessmentDecision === "assess";
const toIssue = (row: CaseRow) => row.planDecision === "issue";

const orders: readonly Order[] = [
  ["assessmentDecisionDate", "requestDate", "the request", always],
  ["planDecisionDate", "requestDate", "the request", always],
  ["planDecisionDate", "assessmentDecisionDate", "the decision to assess", assessed],
  ["draftPlanIssued", "requestDate", "the request", always],
  ["draftPlanIssued", "assessmentDecisionDate", "the decision to assess", assessed],
  ["initialPlanIssued", "requestDate", "the request", always],
  ["initialPlanIssued", "assessmentDecisionDate", "the decision to assess", assessed],
  ["initialPlanIssued", "planDecisionDate", "the decision to issue", toIssue],
  ["initialPlanIssued", "draftPlanIssued", "the draft plan", always],
  ["lastAnnualReview", "initialPlanIssued", "the initial plan", always],
  ["reviewReportSent", "lastAnnualReview", "the review meeting", always],
  ["reviewDecisionDate", "lastAnnualReview", "the review it decides on", always],
  ["planCeased", "initialPlanIssued", "the initial plan", always],
];

/** The first impossibility in the row's own dates, or undefined. */
export function rowDateError(row: CaseRow, record: CaseRecord | undefined): RowDateError | undefined {
  const planRecorded = record?.plans.some(
    (p) => p.kind === "initial" && p.issuedOn === row.initialPlanIssued,
  );
  for (const [later, earlier, what, applies] of orders) {
    const a = row[later];
    const b = row[earlier];
    if (typeof a !== "string" || typeof b !== "string" || a >= b || !applies(row)) continue;
    // A recorded initial plan may come from an earlier request than the row's (a re-assessment).
    if (planRecorded && later === "initialPlanIssued" && earlier === "requestDate") continue;
    return { column: later, reason: `${a} is before ${what} (${earlier} ${b})` };
  }
  if (
    row.initialPlanIssued !== undefined &&
    !planRecorded &&
    row.assessmentDecision === "refuse" &&
    row.refusalOverturnedBy === undefined
  )
    return {
      column: "initialPlanIssued",
      reason:
        `the row's request of ${row.requestDate ?? "(the latest recorded)"} was refused assessment on ` +
        `${row.assessmentDecisionDate}: a plan needs a newer request, or refusalOverturnedBy (e.g. tribunal order)`,
    };
  return undefined;
}

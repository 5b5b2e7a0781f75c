/**
 * Annex A for one moment of the evidence read model: both lists, every failing check, and the counts the
 * data-request view grades the two Annex A items by. Pure: the caller supplies the folded state and the
 * as-at date.
 */
import type { CasesState } from "../../projections/cases.js";
import type { AnnexACheckCounts } from "../../projections/dataRequest.js";
import type { IsoDate } from "../../schemas/common.js";
import { buildAnnexA } from "./annexA.js";
import type { AnnexALists } from "./annexAColumns.js";
import { type AnnexACheck, checkAnnexA } from "./annexAChecks.js";
import { perMoment } from "../runner/perMoment.js";

export interface AnnexAReport {
  lists: AnnexALists;
  checks: AnnexACheck[];
  counts: AnnexACheckCounts;
}

/**
 * Build, check and count the lists from a folded state (anything holding the `cases` read model).
 * Remembered per folded moment and date, so one data request, its GraphQL fields and its downloads
 * build the lists once.
 */
export const annexAFor: (at: { state: { cases: CasesState } }, asOf: IsoDate) => AnnexAReport =
  perMoment(buildReport);

function buildReport(at: { state: { cases: CasesState } }, asOf: IsoDate): AnnexAReport {
  const lists = buildAnnexA(at.state.cases, asOf);
  const checks = checkAnnexA(lists, asOf);
  const errors = (list: 1 | 2) => checks.filter((c) => c.list === list && c.severity === "error").length;
  return {
    lists,
    checks,
    counts: {
      list1Rows: lists.list1.length,
      list2Rows: lists.list2.length,
      list1Errors: errors(1),
      list2Errors: errors(2),
    },
  };
}

/**
 * One Annex A download as bytes, from a folded moment: the workbook (both lists and the checks) or one
 * list as CSV, with the children it carries (every row's Unique ID, for the access log). The server's
 * routes call it in-process or in a heavy-work worker (src/runner/heavyWork.ts): the same bytes either way.
 */
import type { CasesState } from "../../projections/cases.js";
import type { AnnexAList1Row, AnnexAList2Row } from "./annexAColumns.js";
import { annexAFor } from "./annexAReport.js";
import { annexACsv, annexAWorkbook } from "./annexAWorkbook.js";
import { cellText } from "./cells.js";

export type AnnexAFormat = "xlsx" | "csv1" | "csv2";

export interface AnnexAFile {
  bytes: Buffer;
  /** The log position the lists were folded at. */
  position: number;
  /** The lists' "as at" date. */
  asOf: string;
  /** Every child the file carries (the rows' Unique IDs). */
  caseIds: string[];
}

/** The children on a list: every row's Unique ID. */
const idsOf = (rows: readonly (AnnexAList1Row | AnnexAList2Row)[]) =>
  rows.flatMap((r) => cellText(r["Unique ID"]) ?? []);

export async function annexAFile(
  at: { state: { cases: CasesState }; position: number },
  asOf: string,
  format: AnnexAFormat,
): Promise<AnnexAFile> {
  const { lists, checks } = annexAFor(at, asOf);
  if (format === "xlsx")
    return {
      bytes: await annexAWorkbook(lists, checks),
      position: at.position,
      asOf,
      caseIds: [...idsOf(lists.list1), ...idsOf(lists.list2)],
    };
  const one = format === "csv1";
  return {
    bytes: Buffer.from(one ? annexACsv(lists.list1, 1) : annexACsv(lists.list2, 2), "utf8"),
    position: at.position,
    asOf,
    caseIds: idsOf(one ? lists.list1 : lists.list2),
  };
}

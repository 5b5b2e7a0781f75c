/**
 * The checks local areas run on the Annex A lists before they go to inspectors (DOMAIN §2.2), so the LANO
 * sees every failing row first. They mirror Data to Insight's open SEND validator
 * (data-to-insight/annex-a-sen-validator-be), whose codes carry letters (101a…109); ours are numbers:
 * 1xx for List 1, 2xx for List 2, the same last two digits for the same check.
 *
 * | List 1 | List 2 | severity | check                                                          | D2I rule   |
 * |--------|--------|----------|----------------------------------------------------------------|------------|
 * | 101    | 201    | error    | date of birth missing                                          | 101a       |
 * | 102    | 202    | error    | gender missing                                                 | 101b       |
 * | 103    | 203    | error    | ethnicity missing                                              | 101c       |
 * | 104    | 204    | error    | SEN primary need missing                                       | 101d       |
 * | 105    | 205    | query    | aged 25 on the as-at date                                      | 102a       |
 * | 106    | 206    | error    | aged 26 or over on the as-at date                              | 102b       |
 * | 107    | 207    | query    | no disability status                                           | 103        |
 * | 108    | 208    | error    | a date after the as-at date (one result per date column)       | 105a–d     |
 * | 109    | —      | error    | initial plan date after updated plan date                      | 106a       |
 * | 110    | —      | error    | initial plan date after last review date                       | 106b       |
 * | 111    | 211    | query    | aged 6+ with neither UPN nor ULN                               | 107        |
 * | 112    | 212    | query    | school age (5–15) with no main or subsidiary establishment     | 108a       |
 * | 113    | 213    | error    | subsidiary establishment without a main one (URN)              | 108b       |
 * | 114    | 214    | error    | UPN appears more than once in the list                         | 109        |
 * | 115    | 215    | error    | UPN also appears in the other list                             | —          |
 *
 * Choices where DOMAIN gives no severity: D2I labels future dates "Query", but a date after the as-at date
 * cannot be true of the lists as at that date, so it is an error here; completeness gaps a LANO can explain
 * (disability, identifiers, establishment) are queries. Ages are whole years on `asOf` (`ageOn`). "School
 * age" is D2I's: at least 5 and under 16 on `asOf`. A List 1 row with elective home education "Yes" is
 * not flagged by 112; List 2 has no such column, so an electively home-educated child on SEN support is
 * flagged for the LANO to confirm. Unlike D2I's 108b, 113 applies at any age: a subsidiary establishment
 * without a main one is never coherent. UPNs are compared trimmed and upper-cased (D2I upper-cases all
 * text on upload). A date given as text is read only if written `YYYY-MM-DD`.
 */
import { ageOn } from "../../projections/cases.js";
import type { IsoDate } from "../../schemas/common.js";
import {
  type AnnexACell,
  type AnnexAList1Row,
  type AnnexAList2Row,
  type AnnexAListNumber,
  columnsOf,
  DATE_COLUMNS,
  type List1Column,
} from "./annexAColumns.js";
import { cellIsoDate, cellText, isBlank } from "./cells.js";

export type AnnexACheckSeverity = "error" | "query";

export interface AnnexACheck {
  code: number;
  list: AnnexAListNumber;
  severity: AnnexACheckSeverity;
  /** The data row as numbered in the sheet: the header is row 1, so the first data row is 2. */
  row: number;
  uniqueId: string;
  column?: string;
  message: string;
}

/** Each check: the last two digits of its code, severity, the lists it applies to, a title. */
export const ANNEX_A_CHECKS = {
  missingDateOfBirth: { n: 1, severity: "error", lists: [1, 2], title: "Date of birth missing" },
  missingGender: { n: 2, severity: "error", lists: [1, 2], title: "Gender missing" },
  missingEthnicity: { n: 3, severity: "error", lists: [1, 2], title: "Ethnicity missing" },
  missingPrimaryNeed: { n: 4, severity: "error", lists: [1, 2], title: "SEN primary need missing" },
  aged25: { n: 5, severity: "query", lists: [1, 2], title: "Aged 25" },
  aged26Plus: { n: 6, severity: "error", lists: [1, 2], title: "Aged 26 or over" },
  noDisabilityStatus: { n: 7, severity: "query", lists: [1, 2], title: "No disability status" },
  dateInFuture: { n: 8, severity: "error", lists: [1, 2], title: "Date after the as-at date" },
  initialAfterUpdated: {
    n: 9,
    severity: "error",
    lists: [1],
    title: "Initial plan date after updated plan date",
  },
  initialAfterReview: {
    n: 10,
    severity: "error",
    lists: [1],
    title: "Initial plan date after last review date",
  },
  noUpnOrUln: { n: 11, severity: "query", lists: [1, 2], title: "Aged 6+ with neither UPN nor ULN" },
  noEstablishment: { n: 12, severity: "query", lists: [1, 2], title: "School age with no establishment" },
  subsidiaryWithoutMain: {
    n: 13,
    severity: "error",
    lists: [1, 2],
    title: "Subsidiary establishment without a main one",
  },
  duplicateUpn: { n: 14, severity: "error", lists: [1, 2], title: "UPN appears more than once" },
  upnInOtherList: { n: 15, severity: "error", lists: [1, 2], title: "UPN also in the other list" },
} as const satisfies Record<
  string,
  { n: number; severity: AnnexACheckSeverity; lists: readonly AnnexAListNumber[]; title: string }
>;

export type AnnexACheckName = keyof typeof ANNEX_A_CHECKS;

/** The numeric code of a check on a list: 100 × list + the check's number. */
export const checkCode = (name: AnnexACheckName, list: AnnexAListNumber): number =>
  list * 100 + ANNEX_A_CHECKS[name].n;

/** A row of either list; List 2 rows lack the plan dates and elective home education. */
type AnyRow = Partial<Record<List1Column, AnnexACell>>;

const URN = "Main education establishment – URN";
const SUBSIDIARY = "Subsidiary education establishment – phase (dual registration)";
const DISABILITY = "Does the child or young person have a disability?";
const INITIAL = "Date initial EHC plan issued";

const upnKey = (row: AnyRow): string | undefined => cellText(row.UPN)?.toUpperCase();

function checkList(
  list: AnnexAListNumber,
  rows: readonly AnyRow[],
  asOf: IsoDate,
  otherListUpns: ReadonlySet<string>,
): AnnexACheck[] {
  const out: AnnexACheck[] = [];
  const upnCounts = new Map<string, number>();
  for (const row of rows) {
    const upn = upnKey(row);
    if (upn) upnCounts.set(upn, (upnCounts.get(upn) ?? 0) + 1);
  }
  const dateColumns = DATE_COLUMNS.filter((c) => columnsOf(list).includes(c));

  rows.forEach((row, index) => {
    const uniqueId = cellText(row["Unique ID"]) ?? "";
    const add = (name: AnnexACheckName, column: List1Column, message: string) =>
      out.push({
        code: checkCode(name, list),
        list,
        severity: ANNEX_A_CHECKS[name].severity,
        row: index + 2,
        uniqueId,
        column,
        message,
      });

    if (isBlank(row["Date of birth"]))
      add("missingDateOfBirth", "Date of birth", "Date of birth is missing.");
    if (isBlank(row.Gender)) add("missingGender", "Gender", "Gender is missing.");
    if (isBlank(row.Ethnicity)) add("missingEthnicity", "Ethnicity", "Ethnicity is missing.");
    if (isBlank(row["SEN primary need"]))
      add("missingPrimaryNeed", "SEN primary need", "SEN primary need is missing.");
    if (isBlank(row[DISABILITY]))
      add("noDisabilityStatus", DISABILITY, "No disability status: record Yes or No.");

    for (const column of dateColumns) {
      const date = cellIsoDate(row[column]);
      if (date && date > asOf)
        add("dateInFuture", column, `${column} (${date}) is after the as-at date ${asOf}.`);
    }

    const initial = cellIsoDate(row[INITIAL]);
    const updated = cellIsoDate(row["Date updated EHC plan issued"]);
    const reviewed = cellIsoDate(row["Date EHC plan last reviewed"]);
    if (initial && updated && initial > updated)
      add(
        "initialAfterUpdated",
        INITIAL,
        `Initial plan (${initial}) is after the updated plan (${updated}).`,
      );
    if (initial && reviewed && initial > reviewed)
      add("initialAfterReview", INITIAL, `Initial plan (${initial}) is after the last review (${reviewed}).`);

    const dob = cellIsoDate(row["Date of birth"]);
    const age = dob && dob <= asOf ? ageOn(dob, asOf) : undefined;
    if (age !== undefined) {
      if (age === 25)
        add("aged25", "Date of birth", `Aged 25 on ${asOf}: confirm the young person is still in scope.`);
      if (age >= 26) add("aged26Plus", "Date of birth", `Aged ${age} on ${asOf}: outside the 0–25 range.`);
      if (age >= 6 && isBlank(row.UPN) && isBlank(row.ULN))
        add("noUpnOrUln", "UPN", `Aged ${age} with neither a UPN nor a ULN.`);
      const homeEducated = cellText(row["Elective home education"])?.toLowerCase() === "yes";
      if (age >= 5 && age < 16 && isBlank(row[URN]) && isBlank(row[SUBSIDIARY]) && !homeEducated)
        add("noEstablishment", URN, `School age (${age}) with no main or subsidiary establishment.`);
    }

    if (!isBlank(row[SUBSIDIARY]) && isBlank(row[URN]))
      add("subsidiaryWithoutMain", URN, "A subsidiary establishment is given but no main establishment URN.");

    const upn = upnKey(row);
    const times = upn ? upnCounts.get(upn)! : 0;
    if (times > 1) add("duplicateUpn", "UPN", `UPN appears ${times} times in List ${list}.`);
    if (upn && otherListUpns.has(upn))
      add("upnInOtherList", "UPN", `UPN also appears in List ${list === 1 ? 2 : 1}.`);
  });
  return out;
}

/**
 * Run every check on both lists as at `asOf`. Results are ordered by list, row, then code, so the same
 * lists always give the same report.
 */
export function checkAnnexA(
  lists: { list1: readonly AnnexAList1Row[]; list2: readonly AnnexAList2Row[] },
  asOf: IsoDate,
): AnnexACheck[] {
  const upns = (rows: readonly AnyRow[]) =>
    new Set(rows.map(upnKey).filter((u): u is string => u !== undefined));
  return [
    ...checkList(1, lists.list1, asOf, upns(lists.list2)),
    ...checkList(2, lists.list2, asOf, upns(lists.list1)),
  ].sort((a, b) => a.list - b.list || a.row - b.row || a.code - b.code);
}

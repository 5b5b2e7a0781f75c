/**
 * The Annex A part of the data-request pack: rows and failing checks per list, counts by check code and
 * severity, and (in a case-level copy only) the first failing rows. The lists themselves travel as XLSX.
 */
import type { AnnexACheckCounts } from "../../projections/dataRequest.js";
import { ANNEX_A_CHECKS, type AnnexACheck } from "../exports/annexAChecks.js";
import type { PackWriter } from "./document.js";
import { SECTION_OPENING } from "./style.js";

const CHECK_TITLES = new Map<number, string>(Object.values(ANNEX_A_CHECKS).map((c) => [c.n, c.title]));

/** Section 6 of the data request: the Annex A checks in summary; failing rows only in a case-level copy. */
export function annexASection(
  w: PackWriter,
  annexA: { counts: AnnexACheckCounts; checks: readonly AnnexACheck[] },
  caseLevel: boolean,
  shown: number,
): void {
  const { counts, checks } = annexA;
  w.section(() => {
    w.heading("6. Annex A lists: check results", 1, { anchor: "annexA", keepWith: SECTION_OPENING });
    w.paragraph(
      "The person-level lists (List 1: EHC plans; List 2: SEN support) go to inspectors as one XLSX workbook alongside this pack, with sheets List_1 and List_2. They are not reproduced here. This section summarises the checks run on them before sending (codes 1xx List 1, 2xx List 2, after Data to Insight's validator).",
      { size: 9 },
    );
    const severity = (list: 1 | 2, s: string) =>
      checks.filter((c) => c.list === list && c.severity === s).length;
    w.table({
      caption: "Rows and failing checks per list",
      columns: [
        { header: "List", width: 3 },
        { header: "Rows", width: 1, align: "right" },
        { header: "Errors", width: 1, align: "right" },
        { header: "Queries", width: 1, align: "right" },
      ],
      rows: [
        [
          "List 1 (EHC plan)",
          String(counts.list1Rows),
          String(counts.list1Errors),
          String(severity(1, "query")),
        ],
        [
          "List 2 (SEN support)",
          String(counts.list2Rows),
          String(counts.list2Errors),
          String(severity(2, "query")),
        ],
      ],
      rowHeaders: true,
    });
    const byCode = new Map<number, AnnexACheck[]>();
    for (const c of checks) byCode.set(c.code, [...(byCode.get(c.code) ?? []), c]);
    w.table({
      caption: "Failing checks by code and severity",
      columns: [
        { header: "Code", width: 0.8 },
        { header: "Severity", width: 1 },
        { header: "Check", width: 5 },
        { header: "Failing rows", width: 1.2, align: "right" },
      ],
      rows: [...byCode]
        .sort(([a], [b]) => a - b)
        .map(([code, list]) => [
          String(code),
          (list[0] as AnnexACheck).severity,
          CHECK_TITLES.get(code % 100) ?? "",
          String(list.length),
        ]),
      empty: "Every row passes every check.",
    });
    if (checks.length === 0) return;
    if (!caseLevel) {
      w.paragraph(
        `The ${checks.length} failing rows name children by their pseudonymous ids, so they are listed only in the case-level (OFFICIAL-SENSITIVE) copy of this pack and in the workbook's Checks sheet.`,
        { size: 9 },
      );
      return;
    }
    const first = checks.slice(0, shown);
    w.table({
      caption:
        first.length === checks.length
          ? `The ${checks.length} failing row${checks.length === 1 ? "" : "s"} (also in the workbook's Checks sheet)`
          : `First ${first.length} of ${checks.length} failing rows (all are in the workbook's Checks sheet)`,
      columns: [
        { header: "List", width: 0.6 },
        { header: "Row", width: 0.6, align: "right" },
        { header: "Unique ID", width: 1.3 },
        { header: "Code", width: 0.7 },
        { header: "Severity", width: 0.9 },
        { header: "Message", width: 5 },
      ],
      rows: first.map((c) => [
        String(c.list),
        String(c.row),
        c.uniqueId,
        String(c.code),
        c.severity,
        c.message,
      ]),
      fontSize: 7.5,
    });
  });
}

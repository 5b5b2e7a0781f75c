import t from "tap";
import {
  capitalise,
  datesInWords,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatShortDateTime,
  listInWords,
  pdfSafe,
  withUnit,
} from "../../src/packs/format.js";

t.test("pdfSafe keeps Windows-1252 and replaces what the standard fonts cannot show", async (t) => {
  t.equal(pdfSafe("Café – “quoted” · £5 × 3 … €"), "Café – “quoted” · £5 × 3 … €");
  t.equal(pdfSafe("≥ 90% → good; ✓ ✗ 5−3"), ">= 90% -> good; yes no 5-3");
  t.equal(pdfSafe("tab\there\u0001\u0085"), "tab here?", "tab to space, C0 control dropped, C1 replaced");
  t.equal(pdfSafe("漢字 😀"), "?? ?", "outside Windows-1252: a visible ?");
  t.equal(pdfSafe("e\u0301"), "é", "composed first");
  t.equal(pdfSafe("line\nbreak"), "line\nbreak");
});

t.test("dates and times for British readers, in the area's time zone", async (t) => {
  t.equal(formatDateTime("2026-11-23T09:30:00Z"), "23 November 2026, 09:30 GMT");
  t.equal(formatDateTime("2026-07-01T09:30:00Z"), "1 July 2026, 10:30 BST", "summer time");
  t.equal(formatDateTime("2026-07-01T09:30:00Z", "UTC"), "1 July 2026, 09:30 UTC");
  t.equal(formatDateTime("soon"), "soon", "not a date: as given");
  t.equal(formatShortDateTime("2026-11-23T23:30:00Z"), "23 Nov 2026, 23:30");
  t.equal(formatShortDateTime("never"), "never");
  t.equal(formatDate("2026-03-04"), "4 Mar 2026");
  t.equal(formatDate("2026-03-04T10:00:00Z"), "4 Mar 2026");
  t.equal(formatDate(undefined), "—");
  t.equal(formatDate("2026"), "2026");
});

t.test("ISO dates inside text read as words; ids, date-times and non-dates are left alone", async (t) => {
  t.equal(datesInWords("amber, overdue, due 2026-11-22"), "amber, overdue, due 22 Nov 2026");
  t.equal(
    datesInWords("in the 12 months to 2026-11-30 (from 2025-12-01)"),
    "in the 12 months to 30 Nov 2026 (from 1 Dec 2025)",
  );
  t.equal(datesInWords("audit QA-2026-04-12 of C000001"), "audit QA-2026-04-12 of C000001", "inside an id");
  t.equal(datesInWords("at 2026-11-23T09:42:40.000Z"), "at 2026-11-23T09:42:40.000Z", "a date-time");
  t.equal(datesInWords("period 2024-02; 2026-13-01; 2026-00-10"), "period 2024-02; 2026-13-01; 2026-00-10");
  t.equal(datesInWords("no dates"), "no dates");
});

t.test("numbers, percentages and units", async (t) => {
  t.equal(formatNumber(1234.56), "1,234.6");
  t.equal(formatNumber(4, 1, true), "4.0");
  t.equal(formatNumber(null), "—");
  t.equal(formatNumber(Number.NaN), "—");
  t.equal(formatPercent(52.44), "52.4%");
  t.equal(formatPercent(3, 1), "3.0%");
  t.equal(formatPercent(null), "—");
  t.equal(withUnit(45.2, "percent"), "45.2%");
  t.equal(withUnit(12, "weeks"), "12 weeks");
  t.equal(withUnit(1000, "count"), "1,000");
  t.equal(withUnit(7, "", 2), "7.00");
  t.equal(withUnit(undefined, "weeks"), "—");
  t.equal(listInWords([]), "");
  t.equal(listInWords(["a"]), "a");
  t.equal(listInWords(["a", "b", "c"]), "a, b and c");
  t.equal(capitalise("area for development"), "Area for development");
  t.equal(capitalise(""), "");
});

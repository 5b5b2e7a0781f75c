/**
 * The inspectors' information request ("24-hour data request") as a PDF: every catalogue item with its
 * status, owner, due time and hours left; the summary tables (20-week timeliness including and excluding
 * exceptions, annual reviews, QA grade distribution, action plan RAG, metric comparisons); and the Annex A
 * check results in summary — counts by code and severity and the first failing rows. The lists themselves
 * go to inspectors as the XLSX workbook alongside, never in this PDF.
 *
 * Row-level detail (failing Annex A rows, late and overdue case ids) names children by their pseudonymous
 * ids, so it is printed only in a case-level copy (`meta.caseLevel`, marked OFFICIAL-SENSITIVE); any other
 * copy carries the counts and says where the rows are.
 */
import { legacyChecklistVersion } from "../../schemas/qaChecklist.js";
import type { ActionPlan } from "../../projections/actionPlan.js";
import type {
  AnnexACheckCounts,
  DataRequestItemView,
  DataRequestView,
  ItemStatus,
} from "../../projections/dataRequest.js";
import type { MetricComparison } from "../../projections/metricComparison.js";
import { GRADES, type GradeCounts, type QaSummary } from "../../projections/qaSummary.js";
import type {
  AnnualReviewTimeliness,
  OverdueLists,
  TwentyWeekTimeliness,
} from "../../projections/timeliness.js";
import type { FigureContradiction, StoreFigure } from "../../projections/storeFigures.js";
import type { AnnexACheck } from "../exports/annexAChecks.js";
import { annexASection } from "./annexASection.js";
import { type PackMeta, type PackWriter, renderPack } from "./document.js";
import {
  capitalise,
  datesInWords,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatShortDateTime,
  withUnit,
} from "./format.js";
import { storeFiguresSection } from "./figuresSection.js";
import { COLOURS, FONTS, SECTION_OPENING } from "./style.js";

export interface DataRequestPackInput {
  meta: PackMeta;
  /** `dataRequestView(state, now, { annex: annexA.counts })`. */
  request: DataRequestView;
  twentyWeek: TwentyWeekTimeliness;
  annualReviews: AnnualReviewTimeliness;
  overdue?: OverdueLists;
  qa: QaSummary;
  actions: ActionPlan;
  metrics: readonly MetricComparison[];
  /** From `annexAFor(at, asOf)`: the counts and every failing check (the lists are not needed). */
  annexA: { counts: AnnexACheckCounts; checks: readonly AnnexACheck[] };
  /** The store's own figures and the recorded values that disagree with them (projections/storeFigures.ts). */
  figures?: { figures: readonly StoreFigure[]; figureContradictions: readonly FigureContradiction[] };
  /** How many failing Annex A rows to print in a case-level copy (default 25). */
  failingRowsShown?: number;
  timeZone?: string;
}

const STATUS_ORDER: readonly ItemStatus[] = ["provided", "ready", "stale", "failing checks", "missing"];

function hoursLeft(item: DataRequestItemView, timeZone: string): string {
  if (item.status === "provided")
    return item.providedAt ? `sent ${formatShortDateTime(item.providedAt, timeZone)}` : "sent";
  if (item.hoursLeft === undefined) return "—";
  return item.hoursLeft < 0
    ? `${formatNumber(-item.hoursLeft)} h overdue`
    : `${formatNumber(item.hoursLeft)} h`;
}

function summary(w: PackWriter, input: DataRequestPackInput): void {
  const { request, meta } = input;
  w.section(() => {
    w.heading(meta.title, 1, { anchor: "summary" });
    w.paragraph(meta.areaName, { size: 15, font: FONTS.bold, gapAfter: 10 });
    w.keyValues([
      ["Inspection", request.inspectionId ?? "none notified: deadlines start at the notification call"],
      ["Notified", request.notifiedAt ? formatDateTime(request.notifiedAt, w.timeZone) : "—"],
      ["As at", formatDateTime(meta.asOf, w.timeZone)],
      ["Readiness", `${formatPercent(request.readiness)} of ${request.items.length} items provided or ready`],
    ]);
    w.table({
      caption: "Items by status",
      columns: [
        { header: "Status", width: 3 },
        { header: "Items", width: 1, align: "right" },
      ],
      rows: STATUS_ORDER.map((s) => [capitalise(s), String(request.counts[s])]),
      width: 220,
    });
    w.heading("Contents", 2, { outline: false });
    w.contents([
      { label: "1. Requested items", anchor: "items" },
      { label: "2. EHC needs assessment and annual review timeliness", anchor: "timeliness" },
      { label: "3. EHC plan quality assurance", anchor: "qa" },
      { label: "4. Action plan", anchor: "actions" },
      { label: "5. Metrics against comparators", anchor: "metrics" },
      { label: "6. Annex A lists: check results", anchor: "annexA" },
      { label: "Manifest", anchor: "manifest" },
    ]);
  });
}

function items(w: PackWriter, request: DataRequestView): void {
  w.newPage();
  w.section(() => {
    w.heading("1. Requested items", 1, { anchor: "items" });
    w.paragraph(
      request.notifiedAt
        ? `Deadlines run from the notification call at ${formatDateTime(request.notifiedAt, w.timeZone)}; hours left are as at this pack's date (negative: overdue).`
        : "No inspection has been notified, so no deadlines are running yet.",
      { size: 9 },
    );
    w.table({
      columns: [
        { header: "Item", width: 3.2 },
        { header: "Status", width: 1.2 },
        { header: "Owner", width: 1.5 },
        { header: "Due", width: 1.4 },
        { header: "Hours left", width: 1.2 },
        { header: "Detail", width: 3 },
      ],
      rows: request.items.map((i) => [
        i.title,
        capitalise(i.status),
        i.owner,
        i.dueAt ? formatShortDateTime(i.dueAt, w.timeZone) : "—",
        hoursLeft(i, w.timeZone),
        datesInWords(i.detail),
      ]),
      fontSize: 8,
      empty: "The area has no data-request catalogue configured.",
    });
  });
}

/** How many ids of each late or overdue list a case-level copy prints, and how many failing rows. */
const IDS_PRINTED = 20;
const FAILING_ROWS_PRINTED = 25;

/**
 * Every case id the pack prints: none in the ordinary copy; in a case-level copy the first ids of the
 * late and overdue lists and of the failing Annex A rows (what the access log records for the pack).
 */
export function caseIdsPrinted(input: DataRequestPackInput): string[] {
  if (!input.meta.caseLevel) return [];
  const o = input.overdue;
  return [
    ...[input.twentyWeek.lateCaseIds, o?.twentyWeekPlans, o?.annualReviews, o?.reviewDecisions].flatMap(
      (list) => list?.slice(0, IDS_PRINTED) ?? [],
    ),
    ...input.annexA.checks.slice(0, input.failingRowsShown ?? FAILING_ROWS_PRINTED).map((c) => c.uniqueId),
  ];
}

/** The ids of a list, or where they are; `counted` when the count is printed beside it already. */
const ids = (list: readonly string[], caseLevel: boolean, counted = false, max = IDS_PRINTED) =>
  list.length === 0
    ? "none"
    : caseLevel
      ? `${list.slice(0, max).join(", ")}${list.length > max ? ` and ${list.length - max} more` : ""}`
      : counted
        ? "in the case-level copy"
        : `${list.length} (ids in the case-level copy)`;

function timeliness(w: PackWriter, input: DataRequestPackInput): void {
  const { twentyWeek: t, annualReviews: a, overdue, meta } = input;
  w.section(() => {
    w.heading("2. EHC needs assessment and annual review timeliness", 1, {
      anchor: "timeliness",
      keepWith: SECTION_OPENING,
    });
    const share = (s: { within: number; total: number; percent: number | null }) => [
      String(s.within),
      String(s.total),
      formatPercent(s.percent),
    ];
    w.table({
      caption: `New EHC plans issued ${formatDate(t.from)} to ${formatDate(t.to)}: issued within 20 weeks of the request`,
      columns: [
        { header: "Measure", width: 3 },
        { header: "Within 20 weeks", width: 1.3, align: "right" },
        { header: "Plans", width: 1, align: "right" },
        { header: "Per cent", width: 1, align: "right" },
      ],
      rows: [
        ["Including exception cases", ...share(t.includingExceptions)],
        ["Excluding exception cases (DfE headline)", ...share(t.excludingExceptions)],
      ],
    });
    w.paragraph(
      `${t.exceptionCases} of ${t.issued} plans had a 20-week exception recorded. Plans issued late: ${ids(t.lateCaseIds, meta.caseLevel)}.`,
      { size: 9 },
    );
    w.table({
      caption: `Annual reviews due ${formatDate(a.from)} to ${formatDate(a.to)}`,
      columns: [
        { header: "Due", width: 1, align: "right" },
        { header: "Held on time", width: 1, align: "right" },
        { header: "Held late", width: 1, align: "right" },
        { header: "Not held", width: 1, align: "right" },
        { header: "On time", width: 1, align: "right" },
      ],
      rows: [[a.due, a.heldOnTime, a.heldLate, a.notHeld].map(String).concat(formatPercent(a.percent))],
    });
    if (overdue)
      w.table({
        caption: `Overdue as at ${formatDate(overdue.asOf)}`,
        columns: [
          { header: "Step", width: 2 },
          { header: "Cases", width: 0.7, align: "right" },
          { header: "Case ids", width: 4 },
        ],
        rows: (
          [
            ["Final plan after 20 weeks", overdue.twentyWeekPlans],
            ["Annual review past due", overdue.annualReviews],
            ["Review decision after 4 weeks", overdue.reviewDecisions],
          ] as const
        ).map(([label, list]) => [label, String(list.length), ids(list, meta.caseLevel, true)]),
      });
  });
}

const gradeRow = (label: string, g: GradeCounts) => [
  label,
  ...GRADES.map((x) => String(g[x])),
  String(g.total),
];

/** How a pack names a checklist version. */
const checklistTitle = (version: string) =>
  version === legacyChecklistVersion
    ? "audits before the standard checklist (free-text criteria)"
    : `checklist ${version}`;

function qa(w: PackWriter, q: QaSummary): void {
  w.section(() => {
    w.heading("3. EHC plan quality assurance", 1, { anchor: "qa", keepWith: SECTION_OPENING });
    const c = q.newPlanCoverage;
    w.paragraph(
      `${q.audits.drawn} audits drawn, ${q.audits.submitted} submitted, ${q.audits.moderated} moderated (moderator agreed in ${formatPercent(q.moderation.percent)}). New plans issued ${formatDate(c.from)} to ${formatDate(c.to)}: ${c.audited} of ${c.plansIssued} audited (${formatPercent(c.percent)}; target ${c.targetPercent}%). Audits graded requires improvement or inadequate overall: ${q.overall["requires improvement"] + q.overall.inadequate}, of which ${q.unactioned.length} with no action raised; audits graded good or better with a weak section and no action raised: ${q.weakSectionsUnactioned}.`,
      { size: 9 },
    );
    const columns = [
      { header: "", width: 2.4 },
      { header: "Outstanding", width: 1, align: "right" as const },
      { header: "Good", width: 1, align: "right" as const },
      { header: "Requires improvement", width: 1.3, align: "right" as const },
      { header: "Inadequate", width: 1, align: "right" as const },
      { header: "Total", width: 0.8, align: "right" as const },
    ];
    // Like with like: a table per QA checklist version, since grades from different criteria differ.
    const versions = Object.entries(q.byChecklist);
    if (versions.length === 0)
      w.table({
        caption: "Grade distribution: overall and by EHC plan section",
        columns: [{ ...columns[0]!, header: "Overall / section" }, ...columns.slice(1)],
        rows: [],
        rowHeaders: true,
        empty: "No audits submitted.",
      });
    for (const [version, v] of versions)
      w.table({
        caption: `Grade distribution, ${checklistTitle(version)}: overall and by EHC plan section`,
        columns: [{ ...columns[0]!, header: "Overall / section" }, ...columns.slice(1)],
        rows: [
          gradeRow("Overall (standing grade)", v.overall),
          ...Object.entries(v.bySection).map(([s, g]) => gradeRow(`Section ${s}`, g)),
        ],
        rowHeaders: true,
      });
    w.table({
      caption: "Overall grade by quarter submitted",
      columns: [{ ...columns[0]!, header: "Quarter" }, ...columns.slice(1)],
      rows: Object.entries(q.byQuarter).map(([k, g]) => gradeRow(k, g)),
      rowHeaders: true,
      empty: "No audits submitted.",
    });
  });
}

function actions(w: PackWriter, plan: ActionPlan): void {
  w.section(() => {
    w.heading("4. Action plan", 1, { anchor: "actions", keepWith: SECTION_OPENING });
    const rag = ["red", "amber", "green", "complete", "unrated"] as const;
    const columns = [
      { header: "Priority area", width: 3.4 },
      ...rag.map((r) => ({ header: capitalise(r), width: 1, align: "right" as const })),
      { header: "Overdue", width: 1, align: "right" as const },
    ];
    w.table({
      caption: `RAG status as at ${formatDate(plan.asOf)}`,
      columns,
      rows: [
        ["All actions", ...rag.map((r) => String(plan.rag[r])), String(plan.overdue.length)],
        ...plan.byPriorityArea.map((g) => [g.key, ...rag.map((r) => String(g.rag[r])), String(g.overdue)]),
      ],
      rowHeaders: true,
    });
    w.table({
      caption: `Overdue actions (${plan.overdue.length})`,
      columns: [
        { header: "Action", width: 1 },
        { header: "Title", width: 4.5 },
        { header: "Owner", width: 1.6 },
        { header: "Due", width: 1.2 },
        { header: "Days over", width: 0.9, align: "right" },
      ],
      rows: plan.overdue.map((a) => [
        a.actionId,
        a.title,
        a.owner,
        formatDate(a.dueOn),
        String(a.daysOverdue),
      ]),
      fontSize: 8,
      empty: "No action is overdue.",
    });
  });
}

/** The verdict against a comparator; "not judged" when there is a value but the metric has no polarity. */
const verdictText = (c: MetricComparison["england"]) =>
  c.verdict === "inLine"
    ? "in line"
    : c.verdict !== "notComparable"
      ? c.verdict
      : c.value === null
        ? "—"
        : "not judged";

function metrics(w: PackWriter, list: readonly MetricComparison[]): void {
  const withValues = list.filter((m) => !hasNoValue(m));
  const empty = list.filter(hasNoValue);
  w.section(() => {
    w.heading("5. Metrics against comparators", 1, { anchor: "metrics", keepWith: SECTION_OPENING });
    w.paragraph(
      "The area's latest value against England and statistical neighbours for the same period; 'in line' is within 1 percentage point (percentages) or 2% (other units). Trend compares the latest value with the one two periods earlier.",
      { size: 9 },
    );
    w.table({
      columns: [
        { header: "Metric", width: 3.6 },
        { header: "Period", width: 1 },
        { header: "Area", width: 1, align: "right" },
        { header: "England", width: 1, align: "right" },
        { header: "vs England", width: 1 },
        { header: "Stat. neighbours", width: 1.1, align: "right" },
        { header: "vs neighbours", width: 1.1 },
        { header: "Trend", width: 1.1 },
      ],
      rows: withValues.map((m) => [
        m.title,
        m.latest?.period ?? "—",
        withUnit(m.latest?.value, m.unit),
        withUnit(m.england.value, m.unit),
        verdictText(m.england),
        withUnit(m.statisticalNeighbours.value, m.unit),
        verdictText(m.statisticalNeighbours),
        m.trend ? (m.trend.verdict === "notComparable" ? m.trend.direction : m.trend.verdict) : "—",
      ]),
      fontSize: 7.5,
      empty: "No metrics recorded.",
    });
    // Metrics with no value for the area nor any comparator are named once, not printed as rows of dashes.
    if (empty.length > 0)
      w.paragraph(`No value recorded for these periods: ${empty.map((m) => m.title).join("; ")}.`, {
        size: 8.5,
        color: COLOURS.muted,
      });
  });
}

/** A metric with nothing to print: no area value and no comparator value. */
export const hasNoValue = (m: MetricComparison) =>
  (m.latest ?? null) === null &&
  (m.england.value ?? null) === null &&
  (m.statisticalNeighbours.value ?? null) === null;

/** The data-request pack (see the module comment). */
export function buildDataRequestPack(input: DataRequestPackInput): Promise<Buffer> {
  return renderPack(
    input.meta,
    (w) => {
      summary(w, input);
      items(w, input.request);
      timeliness(w, input);
      qa(w, input.qa);
      actions(w, input.actions);
      metrics(w, input.metrics);
      if (input.figures)
        storeFiguresSection(
          w,
          { asOf: input.meta.asOf, ...input.figures },
          { heading: "The store's own figures against recorded values", level: 2 },
        );
      annexASection(w, input.annexA, input.meta.caseLevel, input.failingRowsShown ?? FAILING_ROWS_PRINTED);
    },
    input.timeZone ? { timeZone: input.timeZone } : {},
  );
}

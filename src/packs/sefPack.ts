/**
 * The self-evaluation as a PDF: a cover (area, SEF version and sign-off, as-at, contents), one section per
 * evaluation criterion with its statements grouped by kind — what good looks like, current position,
 * strengths, impact, areas for development — each with the evidence lines it rests on, and the figures of
 * every linked metric with an England comparator, once, under the first criterion citing it (charted when the
 * area has figures for two periods or more). Criteria follow on (a new page only when little is left), so
 * no page is left mostly blank. An appendix lists the SEF view's gaps and contradictions, identical messages
 * grouped, only when `includeWarnings` is set: the LANO may leave it out of the copy sent to inspectors.
 */
import type { MetricComparison } from "../../projections/metricComparison.js";
import type {
  CriterionView,
  ResolvedEvidence,
  SefView,
  StatementView,
  Warning,
} from "../../projections/sefView.js";
import {
  type ChartSpec,
  chartWithTable,
  figuresHeight,
  hasEnglandComparator,
  metricChart,
  worthCharting,
} from "./charts.js";
import { type PackMeta, type PackWriter, renderPack } from "./document.js";
import { storeFiguresSection } from "./figuresSection.js";
import { capitalise, datesInWords, formatDate, formatDateTime, formatNumber } from "./format.js";
import { COLOURS, FONTS, MARGINS, SECTION_OPENING } from "./style.js";

export interface SefPackInput {
  meta: PackMeta;
  sef: SefView;
  /** Metric comparisons (e.g. `metricComparison(state.metrics)`); linked metrics are charted from these. */
  metrics: readonly MetricComparison[];
  /** Add the appendix of gaps and contradictions (for the LANO's own copy). */
  includeWarnings?: boolean;
  timeZone?: string;
}

/** Statement kinds in the order a good SEF entry reads, with their section headings. */
export const KIND_HEADINGS: readonly (readonly [string, string])[] = [
  ["what good looks like", "What good looks like"],
  ["current position", "Current position"],
  ["strength", "Strengths"],
  ["impact", "Impact"],
  ["area for development", "Areas for development"],
];

const CHART_HEIGHT = 170;

/** The projection's verdict words, as a reader would write them. */
const readable = (s: string) =>
  s.replace(/\bnotComparable\b/g, "not comparable").replace(/\binLine\b/g, "in line");

const KIND_LABELS = new Map([
  ["qaAudit", "QA audit"],
  ["figure", "Store figure"],
]);

function evidenceLine(e: ResolvedEvidence): string {
  const kind = KIND_LABELS.get(e.kind) ?? capitalise(e.kind);
  const note = e.note ? ` — ${e.note}` : "";
  const dated = e.asOf ? ` (as at ${formatDate(e.asOf)})` : "";
  const bears = e.found && !e.bears ? " — does not bear on this criterion" : "";
  return datesInWords(
    `${kind}: ${readable(e.summary)}${note}${e.found ? dated : " — NOT FOUND in the store"}${bears}`,
  );
}

function statement(w: PackWriter, s: StatementView): void {
  w.paragraph(s.text, { gapAfter: 2 });
  const revised = s.revisions > 0 ? ` · revised ${s.revisions} time${s.revisions === 1 ? "" : "s"}` : "";
  w.paragraph(`Statement ${s.statementId}${revised} · evidence:`, {
    size: 8,
    color: COLOURS.muted,
    font: FONTS.italic,
    gapAfter: 2,
  });
  if (s.evidence.length === 0)
    w.paragraph("No evidence linked.", { size: 9, indent: 12, color: COLOURS.muted });
  else w.bullets(s.evidence.map(evidenceLine), { size: 9, indent: 6 });
  w.gap(4);
}

/**
 * One criterion's section. `charted` (metric id → the criterion it was charted under) is shared by the
 * criteria of one drawing, so a metric several criteria cite is charted once.
 */
function criterion(
  w: PackWriter,
  c: CriterionView,
  metrics: ReadonlyMap<string, MetricComparison>,
  area: string,
  charted: Map<string, string>,
) {
  // Criteria follow on, each starting a page only when too little of this one is left for its opening:
  // no page is left mostly blank after a chart or a short criterion.
  w.section(() => {
    w.heading(`${c.code}. ${c.text}`, 1, {
      anchor: `criterion-${c.code}`,
      keepWith: c.statements.length > 0 ? SECTION_OPENING : 60,
    });
    if (!c.wordingConfirmed)
      w.paragraph(
        "Criterion wording as configured by the partnership; not yet confirmed against the published framework.",
        { size: 8.5, font: FONTS.italic, color: COLOURS.muted },
      );
    if (c.statements.length === 0) {
      w.paragraph("No statements are recorded under this criterion.");
      return;
    }
    const known = new Set(KIND_HEADINGS.map(([k]) => k));
    const groups = [
      ...KIND_HEADINGS,
      ...[...new Set(c.statements.map((s) => s.kind))]
        .filter((k) => !known.has(k))
        .map((k) => [k, capitalise(k)]),
    ];
    for (const [kind, title] of groups) {
      const statements = c.statements.filter((s) => s.kind === kind);
      if (statements.length === 0) continue;
      w.section(() => {
        w.heading(title as string, 2);
        for (const s of statements) statement(w, s);
      });
    }
    const linked = [
      ...new Set(
        c.statements.flatMap((s) =>
          s.evidence.filter((e) => e.kind === "metric" && e.found).map((e) => e.id),
        ),
      ),
    ]
      .sort()
      .flatMap((id) => {
        const m = metrics.get(id);
        return m && hasEnglandComparator(m) ? [m] : [];
      });
    if (linked.length > 0)
      w.section(() => {
        // Each metric once, under the first criterion that cites it; later criteria point back to it.
        const specs = new Map(linked.map((m) => [m.metricId, metricChart(m, area)]));
        const space = (spec: ChartSpec) => (worthCharting(spec) ? CHART_HEIGHT + 6 : 0) + figuresHeight(spec);
        const first = specs.get(linked[0]!.metricId)!;
        w.heading("Linked metrics against England", 2, {
          keepWith: charted.has(linked[0]!.metricId) ? 30 : Math.min(space(first), 420),
        });
        for (const m of linked) {
          const spec = specs.get(m.metricId)!;
          const under = charted.get(m.metricId);
          if (under === undefined) {
            charted.set(m.metricId, c.code);
            w.ensureSpace(Math.min(space(spec), w.bottom - MARGINS.top));
            w.anchor(`chart-${m.metricId}`);
            chartWithTable(w, spec, CHART_HEIGHT, worthCharting(spec));
          } else
            w.paragraph(
              `${m.title}: shown with its figures under ${under} (page ${w.pageOf(`chart-${m.metricId}`)}).`,
              { size: 9 },
            );
        }
      });
  });
}

/**
 * The appendix's rows: warnings with the same kind and message are one row naming every criterion and
 * statement they concern ("3 statements: …"), so a message shared by several statements reads once.
 */
export function appendixRows(warnings: readonly Warning[]): string[][] {
  const groups = new Map<
    string,
    { kind: string; message: string; criteria: string[]; statements: string[] }
  >();
  for (const x of warnings) {
    const key = `${x.kind}\u0000${x.message}`;
    let group = groups.get(key);
    if (!group) {
      group = { kind: x.kind, message: x.message, criteria: [], statements: [] };
      groups.set(key, group);
    }
    if (!group.criteria.includes(x.criterion)) group.criteria.push(x.criterion);
    if (x.statementId !== undefined && !group.statements.includes(x.statementId))
      group.statements.push(x.statementId);
  }
  return [...groups.values()].map((g) => [
    g.criteria.join(", "),
    g.statements.join(", ") || "—",
    g.kind,
    datesInWords(
      `${g.statements.length > 1 ? `${g.statements.length} statements: ` : ""}${readable(g.message)}`,
    ),
  ]);
}

function appendix(w: PackWriter, sef: SefView): void {
  w.newPage();
  w.section(() => {
    w.heading("Appendix: gaps and contradictions", 1, { anchor: "appendix" });
    const gaps = sef.warnings.filter((x) => x.kind === "gap").length;
    const listed = new Set(sef.warnings.map((x) => x.message));
    const uncited = sef.figureContradictions.filter((c) => !listed.has(c.message));
    const contradictions = sef.warnings.length - gaps + uncited.length;
    w.paragraph(
      `For the partnership's own use before the SEF is shared. ${formatNumber(gaps)} gap${gaps === 1 ? "" : "s"} (a criterion or statement without current evidence, or evidence that cannot be found) and ${formatNumber(contradictions)} contradiction${contradictions === 1 ? "" : "s"} (a claimed strength or impact that its own evidence does not support) as at ${formatDate(sef.asOf)}.`,
    );
    w.table({
      columns: [
        { header: "Criterion", width: 1.1 },
        { header: "Statements", width: 1.4 },
        { header: "Kind", width: 1.4 },
        { header: "What to address", width: 6.5 },
      ],
      rows: [
        ...appendixRows(sef.warnings),
        ...uncited.map((c) => ["Figures", "—", "contradiction", datesInWords(c.message)]),
      ],
      empty: "No gaps or contradictions: every statement has current evidence that supports it.",
    });
  });
}

function cover(w: PackWriter, input: SefPackInput, area: string): void {
  const { sef, meta } = input;
  w.section(() => {
    w.heading(meta.title, 1, { anchor: "cover" });
    w.paragraph(area, { size: 15, font: FONTS.bold, gapAfter: 10 });
    const statements = sef.criteria.reduce((n, c) => n + c.statements.length, 0);
    const evidence = sef.criteria.reduce(
      (n, c) => n + c.statements.reduce((m, s) => m + s.evidence.length, 0),
      0,
    );
    const s = sef.signedOff;
    w.keyValues([
      ["SEF version", s ? `${s.version}, signed off ${formatDate(s.signedOn)}` : "Draft: not yet signed off"],
      ["Signed off by", s ? `${s.council}; ${s.icb}; ${s.parentCarerForum}` : "—"],
      ["As at", formatDateTime(meta.asOf, w.timeZone)],
      ["Log position", String(meta.position)],
      [
        "Scope",
        `${sef.criteria.length} evaluation criteria, ${statements} statements, ${evidence} evidence lines`,
      ],
    ]);
    w.paragraph(
      "Each section takes one evaluation criterion of the area SEND inspection framework and sets out what good looks like, the current position, strengths, impact and areas for development, each statement followed by the evidence it rests on as held in the partnership's evidence store at the date above. Metrics with an England comparator are shown once, under the first criterion that cites them: charted against England when the area has figures for two periods or more, always with the figures in a table.",
      { size: 9.5 },
    );
    w.heading("Contents", 2, { outline: false });
    w.contents([
      { label: "The store's own figures", anchor: "figures" },
      ...sef.criteria.map((c) => ({ label: `${c.code}. ${c.text}`, anchor: `criterion-${c.code}` })),
      ...(input.includeWarnings ? [{ label: "Appendix: gaps and contradictions", anchor: "appendix" }] : []),
      { label: "Manifest", anchor: "manifest" },
    ]);
  });
}

/** The SEF pack (see the module comment). */
export function buildSefPack(input: SefPackInput): Promise<Buffer> {
  const area = input.sef.area ?? input.meta.areaName;
  const metrics = new Map(input.metrics.map((m) => [m.metricId, m]));
  return renderPack(
    input.meta,
    (w) => {
      cover(w, input, area);
      w.newPage();
      storeFiguresSection(w, input.sef, { heading: "The store's own figures", level: 1 });
      const charted = new Map<string, string>();
      for (const c of input.sef.criteria) criterion(w, c, metrics, area, charted);
      if (input.includeWarnings) appendix(w, input.sef);
    },
    input.timeZone ? { timeZone: input.timeZone } : {},
  );
}

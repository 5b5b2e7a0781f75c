/**
 * The SEF as the LANO reads it: per evaluation criterion, the live statements grouped by kind with their
 * evidence resolved (metric values and trends, QA findings, actions, documents), and the warnings to act
 * on before inspectors find them:
 *   gaps            a criterion with no statements or no evidence, a statement with no evidence, a
 *                   statement none of whose evidence bears on its criterion (evidenceTopics.ts), evidence
 *                   that is older than 12 months, evidence that points at nothing, a measure cited with
 *                   no figure recorded
 *   contradictions  a strength (or impact) whose linked metric is worse than England, or whose linked QA
 *                   audits are mostly requires improvement / inadequate; a recorded or published value that
 *                   disagrees with the store's own figure for the same measure and period (storeFigures.ts)
 * The store's own figures are part of the view, recomputed as at `asOf`.
 */
import type { EvidenceRef, EvidenceTopic, IsoDate } from "../schemas/common.js";
import { twelveMonthsEndingOn } from "./clocks.js";
import type { AnnexACheckCounts } from "./dataRequest.js";
import type { EvidenceState } from "./evidence.js";
import { criterionTopics, sharedTopics, topicsOf } from "./evidenceTopics.js";
import { compareMetric, type MetricComparison, type Series } from "./metricComparison.js";
import { standingGrade } from "./qa.js";
import type { StatementRecord } from "./sef.js";
import {
  type FigureContradiction,
  type StoreFigure,
  figureContradictions,
  storeFigures,
} from "./storeFigures.js";

export interface ResolvedEvidence {
  kind: EvidenceRef["kind"];
  id: string;
  note?: string;
  found: boolean;
  /** One line a reader can take in: "Annual reviews on time: 70% (2024-02); England 65%; improving". */
  summary: string;
  /** What it is, by name (a metric's or figure's title, an action's, a document's), when found. */
  label?: string;
  /** The date the evidence speaks for, where it has one. */
  asOf?: IsoDate;
  /** For metrics: the verdict against England. For QA: the standing grade. For actions: the RAG. */
  signal?: string;
  /** What the evidence is about. */
  topics: EvidenceTopic[];
  /** Whether its topics meet the statement's criterion's (the "bears on it" rule). */
  bears: boolean;
}

export interface Warning {
  kind: "gap" | "contradiction";
  criterion: string;
  statementId?: string;
  message: string;
}

export interface StatementView {
  statementId: string;
  kind: string;
  text: string;
  evidence: ResolvedEvidence[];
  revisions: number;
}

export interface CriterionView {
  code: string;
  text: string;
  wordingConfirmed: boolean;
  statements: StatementView[];
  warnings: Warning[];
}

export interface SefView {
  area?: string;
  asOf: IsoDate;
  signedOff?: { version: string; signedOn: string; council: string; icb: string; parentCarerForum: string };
  criteria: CriterionView[];
  warnings: Warning[];
  /** The store's own figures as at `asOf`. */
  figures: StoreFigure[];
  /** Recorded or published values that disagree with the store's own figure for the same period. */
  figureContradictions: FigureContradiction[];
}

/** At most `max` characters, cut at a word boundary with "..." so a summary never ends mid-word. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 3);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}...`;
}

const isClaim = (s: StatementRecord) => s.kind === "strength" || s.kind === "impact";

type Resolved = Omit<ResolvedEvidence, "topics" | "bears">;

const figureValue = (f: StoreFigure) =>
  f.value === null ? "nothing to count" : f.unit === "percent" ? `${f.value}%` : String(f.value);

/** A value with its unit, as a reader writes it: "46.4%", "12.4 weeks", "1000". */
export function valueWithUnit(value: number, unit: string): string {
  return unit === "percent"
    ? `${value}%`
    : unit === "count" || unit === ""
      ? String(value)
      : `${value} ${unit}`;
}

const scopeName = (s: Series["scope"]) =>
  s.kind === "england"
    ? "England"
    : s.kind === "statisticalNeighbours"
      ? "statistical neighbours"
      : s.kind === "area"
        ? "the area"
        : s.name;

/**
 * What a metric says, in one line: the area's latest figure against England for the same period, and the
 * trend when there is one ("70% (2024-02); England: no figure for that period; improving"). With no area
 * figure, the latest figure of each comparator, so evidence is never just dashes; with none, says so.
 */
export function metricFigures(c: MetricComparison): string {
  const v = (x: number) => valueWithUnit(x, c.unit);
  if (c.latest) {
    const england =
      c.england.value === null ? "England: no figure for that period" : `England ${v(c.england.value)}`;
    const trend = c.trend && c.trend.verdict !== "notComparable" ? `; ${c.trend.verdict}` : "";
    return `${v(c.latest.value)} (${c.latest.period}); ${england}${trend}`;
  }
  const others = c.series.flatMap((s) => {
    const last = s.points.at(-1);
    return last ? [`${scopeName(s.scope)} ${v(last.value)} (${last.period})`] : [];
  });
  return others.length > 0 ? `no area figure; latest ${others.join(", ")}` : "no figure recorded";
}

function resolve(
  ref: EvidenceRef,
  state: EvidenceState,
  asOf: IsoDate,
  figures: ReadonlyMap<string, StoreFigure>,
): Resolved {
  const base = { kind: ref.kind, id: ref.id, ...(ref.note ? { note: ref.note } : {}) };
  switch (ref.kind) {
    case "figure": {
      const f = figures.get(ref.id);
      if (!f) return { ...base, found: false, summary: `figure ${ref.id} is not one the store computes` };
      return {
        ...base,
        found: true,
        label: f.title,
        summary: `${f.title}: ${figureValue(f)} (${f.detail}), computed by the store`,
        asOf,
      };
    }
    case "metric": {
      const m = state.metrics.byId.get(ref.id);
      if (!m) return { ...base, found: false, summary: `metric ${ref.id} is not defined` };
      const c = compareMetric(m);
      const newest = [...m.values.values()]
        .map((v) => v.recordedAt.slice(0, 10))
        .sort()
        .at(-1);
      return {
        ...base,
        found: true,
        label: m.title,
        summary: `${m.title}: ${metricFigures(c)}`,
        signal: c.england.verdict,
        ...(newest ? { asOf: newest } : {}),
      };
    }
    case "qaAudit": {
      const a = state.qa.audits.get(ref.id);
      if (!a) return { ...base, found: false, summary: `QA audit ${ref.id} does not exist` };
      const g = standingGrade(a);
      return {
        ...base,
        found: true,
        label: `QA audit ${a.auditId}`,
        summary: `QA audit ${a.auditId} of ${a.caseId}: ${g ?? "not yet submitted"}`,
        ...(g ? { signal: g } : {}),
        asOf: a.moderation?.moderatedOn ?? a.submitted?.submittedOn ?? a.drawnOn,
      };
    }
    case "action": {
      const a = state.actions.byId.get(ref.id);
      if (!a) return { ...base, found: false, summary: `action ${ref.id} does not exist` };
      const rag = a.completed ? "complete" : (a.updates.at(-1)?.rag ?? "unrated");
      const overdue = !a.completed && a.dueOn < asOf ? ", overdue" : "";
      return {
        ...base,
        found: true,
        label: shorten(a.title, 90),
        summary: `${shorten(a.title, 120)} (${rag}${overdue}, due ${a.dueOn})`,
        signal: rag,
        asOf: a.completed?.completedOn ?? a.updates.at(-1)?.updatedOn ?? a.raisedAt.slice(0, 10),
      };
    }
    case "document": {
      const d = state.partnership.documents.get(ref.id);
      if (!d) return { ...base, found: false, summary: `document ${ref.id} is not registered` };
      const superseded = d.supersededBy ? `, superseded by ${d.supersededBy}` : "";
      return {
        ...base,
        found: true,
        label: d.title,
        summary: `${d.title} v${d.version}${superseded}`,
        asOf: d.publishedOn ?? d.registeredAt.slice(0, 10),
      };
    }
    case "case": {
      const c = state.cases.byId.get(ref.id);
      return c
        ? { ...base, found: true, summary: `case ${ref.id}`, asOf: c.lastChangedAt.slice(0, 10) }
        : { ...base, found: false, summary: `case ${ref.id} is not on the register` };
    }
    default:
      return { ...base, found: true, summary: ref.note ?? `${ref.kind} ${ref.id}` };
  }
}

export function sefView(
  state: EvidenceState,
  asOf: IsoDate,
  options: { annex?: AnnexACheckCounts } = {},
): SefView {
  const yearAgo = twelveMonthsEndingOn(asOf).from;
  const figures = storeFigures(state, asOf, options.annex);
  const figuresById = new Map(figures.map((f) => [f.id as string, f]));
  const contradictions = figureContradictions(state, asOf);
  const live = [...state.sef.statements.values()].filter((s) => !s.withdrawn);
  const criteria = state.partnership.criteria.map((criterion): CriterionView => {
    const warnings: Warning[] = [];
    const warn = (kind: Warning["kind"], message: string, statementId?: string) =>
      warnings.push({ kind, criterion: criterion.code, ...(statementId ? { statementId } : {}), message });
    const statements = live
      .filter((s) => s.criterion === criterion.code)
      .sort((a, b) => (a.statementId < b.statementId ? -1 : 1))
      .map((s): StatementView => {
        const evidence = s.evidence.map((ref): ResolvedEvidence => {
          const topics = topicsOf(ref, state);
          const bears = sharedTopics(topics, criterion.code).length > 0;
          return { ...resolve(ref, state, asOf, figuresById), topics, bears };
        });
        if (evidence.length === 0) warn("gap", `statement ${s.statementId} has no evidence`, s.statementId);
        else if (!evidence.some((e) => e.bears))
          warn(
            "gap",
            `statement ${s.statementId} cites no evidence that bears on ${criterion.code} (evidence about ${criterionTopics(criterion.code).join(", ") || "no topic"} is needed)`,
            s.statementId,
          );
        for (const e of evidence.filter((x) => !x.found))
          warn("gap", `evidence not found: ${e.summary}`, s.statementId);
        const figureless = evidence.filter(
          (e) => e.kind === "metric" && e.found && state.metrics.byId.get(e.id)?.values.size === 0,
        );
        if (figureless.length > 0)
          warn(
            "gap",
            `cites a measure with no figure recorded: ${figureless.map((e) => e.label ?? e.summary).join("; ")}`,
            s.statementId,
          );
        const stale = evidence.filter((e) => e.found && e.asOf && e.asOf < yearAgo);
        if (stale.length > 0)
          warn(
            "gap",
            `cites evidence over 12 months old: ${stale.map((e) => `${shorten(e.label ?? e.summary, 90)} (${e.asOf})`).join("; ")}`,
            s.statementId,
          );
        if (isClaim(s)) {
          for (const e of evidence.filter((x) => x.kind === "metric" && x.signal === "worse"))
            warn(
              "contradiction",
              `claimed as a ${s.kind}, but ${e.summary} — worse than England`,
              s.statementId,
            );
          const grades = evidence.filter((x) => x.kind === "qaAudit" && x.signal).map((x) => x.signal);
          const weak = grades.filter((g) => g === "requires improvement" || g === "inadequate").length;
          if (grades.length > 0 && weak * 2 > grades.length)
            warn(
              "contradiction",
              `claimed as a ${s.kind}, but ${weak} of ${grades.length} linked QA audits are requires improvement or inadequate`,
              s.statementId,
            );
        }
        return { statementId: s.statementId, kind: s.kind, text: s.text, evidence, revisions: s.revisions };
      });
    const cited = new Set(statements.flatMap((st) => st.evidence.map((e) => `${e.kind}|${e.id}`)));
    for (const c of contradictions)
      if (cited.has(`figure|${c.figureId}`) || cited.has(`metric|${c.metricId}`))
        warn("contradiction", c.message);
    if (statements.length === 0) warn("gap", `no statements under ${criterion.code}`);
    else if (statements.every((s) => s.evidence.length === 0))
      warn("gap", `no evidence under ${criterion.code}`);
    return { ...criterion, statements, warnings };
  });
  const last = state.sef.signOffs.at(-1);
  return {
    ...(state.partnership.area ? { area: state.partnership.area.name } : {}),
    asOf,
    ...(last
      ? {
          signedOff: {
            version: last.version,
            signedOn: last.signedOn,
            council: last.council,
            icb: last.icb,
            parentCarerForum: last.parentCarerForum,
          },
        }
      : {}),
    criteria,
    warnings: criteria.flatMap((c) => c.warnings),
    figures,
    figureContradictions: contradictions,
  };
}

/**
 * The children a SEF names (what the access log records for it): cases cited as evidence, and the
 * children of QA audits cited (their summaries name the case).
 */
export function casesNamed(view: SefView, state: EvidenceState): string[] {
  const ids = new Set<string>();
  for (const criterion of view.criteria)
    for (const statement of criterion.statements)
      for (const e of statement.evidence) {
        if (!e.found) continue;
        if (e.kind === "case") ids.add(e.id);
        if (e.kind === "qaAudit") {
          const audit = state.qa.audits.get(e.id);
          if (audit) ids.add(audit.caseId);
        }
      }
  return [...ids];
}

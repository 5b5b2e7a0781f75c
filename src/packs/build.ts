/**
 * One place that turns "which pack, as at which log position" into the pack: it selects the read models,
 * fixes the canonical content (hashed into `contentSha256` and printed on the manifest) and renders the
 * PDF. Serving, issuing, the CLI and verification all call this, so a rebuild at the same position is the
 * same bytes. The pack's "as at" is the moment of its log position (that event's recordedAt), or the instant
 * asked (kept in the request, so in the manifest), never the wall clock, which is what makes a rebuild months
 * later identical. Its date is the area's calendar date of that moment.
 */
import { createHash } from "node:crypto";
import { actionPlan } from "../../projections/actionPlan.js";
import { casePack, inspectionCasePacks } from "../../projections/casePack.js";
import { type ClockRules, DEFAULT_CLOCK_RULES, twelveMonthsEndingOn } from "../../projections/clocks.js";
import { dataRequestView } from "../../projections/dataRequest.js";
import type { EvidenceState } from "../../projections/evidence.js";
import { metricComparison } from "../../projections/metricComparison.js";
import { qaSummary } from "../../projections/qaSummary.js";
import { casesNamed, sefView } from "../../projections/sefView.js";
import { figureContradictions, storeFigures } from "../../projections/storeFigures.js";
import { annualReviewTimeliness, overdue, twentyWeekTimeliness } from "../../projections/timeliness.js";
import { annexAFor } from "../exports/annexAReport.js";
import { dateIn } from "../../projections/areaCalendar.js";
import type { Folded } from "../runner/runner.js";
import { buildCasesPack } from "./casesPack.js";
import { buildDataRequestPack, caseIdsPrinted } from "./dataRequestPack.js";
import { contentSha256, type PackKind, type PackMeta } from "./meta.js";
import { buildSefPack } from "./sefPack.js";

export interface PackRequest {
  kind: PackKind;
  /** The inspection whose request or selected cases the pack is for (default: the latest notified). */
  inspectionId?: string;
  /** Cases for a case-sampling pack; default: the inspection's tracked and sampled children. */
  caseIds?: string[];
  /** SEF only: include the appendix of gaps and contradictions (the LANO's working copy). */
  includeWarnings?: boolean;
  /** Data request only: print the pseudonymous ids of failing and late rows (marked OFFICIAL-SENSITIVE). */
  caseLevel?: boolean;
  /** Where an outside reader checks a pack: the issuing area's verify address (PUBLIC_BASE_URL + path). */
  verifyAddress?: string;
  /**
   * The instant asked for when the pack is "as at" a date (its end, in the area's calendar) or a date-time:
   * the pack is judged on that instant's date, even when the last event folded is earlier. Absent: the
   * moment of the log position (its last event).
   */
  asAt?: string;
}

export interface BuiltPack {
  pdf: Buffer;
  meta: PackMeta;
  /** SHA-256 of the PDF file: what PackIssued records and verification compares. */
  sha256: string;
  /** The children a case-sampling pack is for (what PackIssued records); empty for other packs. */
  caseIds: string[];
  /** Every child the PDF names: a case pack's list, a SEF's cited cases, a case-level data request's ids. */
  casesShown: string[];
}

export class PackRequestError extends Error {}

/** The verify address packs print, from the area's public address (PUBLIC_BASE_URL). */
export const verifyAddressOf = (publicBaseUrl: string | undefined) =>
  publicBaseUrl ? { verifyAddress: `${publicBaseUrl}/api/v1/packs/verify` } : {};
/** The most children one case-sampling pack may hold (the routes', the CLI's and verification's cap). */
export const MAX_PACK_CASES = 30;

/** Refuse a request naming more children than a pack may hold, before anything is folded or built. */
export function checkPackSize(request: PackRequest): void {
  const n = request.caseIds?.length ?? 0;
  if (n > MAX_PACK_CASES)
    throw new PackRequestError(`the pack names ${n} cases; a pack holds at most ${MAX_PACK_CASES}`);
}

const TITLES: Record<PackKind, string> = {
  sef: "Self-evaluation",
  dataRequest: "24-hour data request",
  cases: "Case-sampling pack",
};

const requestRecord = (r: PackRequest): Record<string, string | boolean | string[]> => ({
  ...(r.inspectionId ? { inspectionId: r.inspectionId } : {}),
  ...(r.caseIds ? { caseIds: r.caseIds } : {}),
  ...(r.includeWarnings ? { includeWarnings: true } : {}),
  ...(r.caseLevel ? { caseLevel: true } : {}),
  ...(r.verifyAddress ? { verifyAddress: r.verifyAddress } : {}),
  ...(r.asAt ? { asAt: r.asAt } : {}),
});

/** A PackRequest back from the metadata stored in a pack. */
export function requestFromMeta(kind: PackKind, stored: Record<string, unknown> | undefined): PackRequest {
  const r = stored ?? {};
  return {
    kind,
    ...(typeof r.inspectionId === "string" ? { inspectionId: r.inspectionId } : {}),
    ...(Array.isArray(r.caseIds)
      ? { caseIds: r.caseIds.filter((x): x is string => typeof x === "string") }
      : {}),
    ...(r.includeWarnings === true ? { includeWarnings: true } : {}),
    ...(r.caseLevel === true ? { caseLevel: true } : {}),
    ...(typeof r.verifyAddress === "string" ? { verifyAddress: r.verifyAddress } : {}),
    ...(typeof r.asAt === "string" ? { asAt: r.asAt } : {}),
  };
}

export async function buildPack(
  at: Folded<EvidenceState>,
  request: PackRequest,
  timeZone = "Europe/London",
  rules: ClockRules = DEFAULT_CLOCK_RULES,
): Promise<BuiltPack> {
  checkPackSize(request);
  const state = at.state;
  if (!at.recordedAt)
    throw new PackRequestError("the log is empty at that moment: there is nothing to put in a pack");
  const asOf = request.asAt ?? at.recordedAt;
  const day = dateIn(timeZone, asOf);
  const base = {
    kind: request.kind,
    areaName: state.partnership.area?.name ?? "Local area",
    title: TITLES[request.kind],
    position: at.position,
    asOf,
    request: requestRecord(request),
  };
  if (request.kind === "sef") {
    const content = {
      sef: sefView(state, day, { annex: annexAFor(at, day).counts }),
      metrics: metricComparison(state.metrics),
      includeWarnings: Boolean(request.includeWarnings),
    };
    const meta: PackMeta = {
      ...base,
      caseLevel: false,
      contents: [
        "Cover, sign-off and contents",
        `${content.sef.criteria.length} evaluation criteria: statements and the evidence behind each`,
        "Charts of linked metrics against England and statistical neighbours",
        ...(content.includeWarnings ? ["Appendix: gaps and contradictions"] : []),
        "Manifest",
      ],
      contentSha256: contentSha256(content),
    };
    const pdf = await buildSefPack({
      meta,
      sef: content.sef,
      metrics: content.metrics,
      includeWarnings: content.includeWarnings,
      timeZone,
    });
    return done(pdf, meta, [], casesNamed(content.sef, state));
  }
  if (request.kind === "dataRequest") {
    if (request.inspectionId && !state.partnership.inspections.get(request.inspectionId))
      throw new PackRequestError(
        `inspection ${request.inspectionId} is not in the log at position ${at.position}`,
      );
    const annexA = annexAFor(at, day);
    const yearAgo = twelveMonthsEndingOn(day).from;
    const content = {
      request: dataRequestView(state, asOf, {
        ...(request.inspectionId ? { inspectionId: request.inspectionId } : {}),
        annex: annexA.counts,
      }),
      twentyWeek: twentyWeekTimeliness(state.cases, { from: yearAgo, to: day }),
      annualReviews: annualReviewTimeliness(state.cases, day, rules),
      overdue: overdue(state.cases, day, rules),
      qa: qaSummary(state.qa, state.cases, state.actions, { newPlans: { from: yearAgo, to: day } }),
      actions: actionPlan(state.actions, day),
      metrics: metricComparison(state.metrics),
      annexA: { counts: annexA.counts, checks: annexA.checks },
      // Part of the content: the case-level copy prints children's rows the summary copy leaves out.
      caseLevel: Boolean(request.caseLevel),
      figures: {
        figures: storeFigures(state, day, annexA.counts),
        figureContradictions: figureContradictions(state, day),
      },
    };
    const meta: PackMeta = {
      ...base,
      caseLevel: content.caseLevel,
      contents: [
        `${content.request.items.length} requested items with status and deadline`,
        "Summary tables: timeliness, QA, action plan, metrics",
        "Annex A check results (the lists go as XLSX alongside)",
        "Manifest",
      ],
      contentSha256: contentSha256(content),
    };
    const input = { meta, ...content, timeZone };
    return done(await buildDataRequestPack(input), meta, [], caseIdsPrinted(input));
  }
  const packs = request.caseIds
    ? request.caseIds.map((id) => {
        const p = casePack(state, id, day, [], rules);
        if (!p) throw new PackRequestError(`case ${id} is not on the register at position ${at.position}`);
        return p;
      })
    : request.inspectionId
      ? inspectionCasePacks(state, request.inspectionId, day, rules)
      : [];
  if (packs.length === 0)
    throw new PackRequestError(
      "name the cases (caseIds) or an inspection that has selected cases (inspectionId)",
    );
  const caseIds = packs.map((p) => p.caseId);
  const meta: PackMeta = {
    ...base,
    caseLevel: true,
    contents: [
      `${packs.length} children: profile, statutory timeline, QA audits, actions, documents`,
      "Manifest",
    ],
    contentSha256: contentSha256(packs),
  };
  return done(
    await buildCasesPack({
      meta,
      packs,
      ...(request.inspectionId ? { inspectionId: request.inspectionId } : {}),
      timeZone,
    }),
    meta,
    caseIds,
    caseIds,
  );
}

function done(pdf: Buffer, meta: PackMeta, caseIds: string[], casesShown: string[]): BuiltPack {
  return { pdf, meta, sha256: createHash("sha256").update(pdf).digest("hex"), caseIds, casesShown };
}

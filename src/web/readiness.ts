/**
 * The LANO's inspection readiness page as a view model: the data request (the same view GraphQL's
 * `dataRequest` serves) with each item's countdown, readiness, and the Annex A check results with the
 * failing rows, filtered by check. Pure: the caller passes the folded moment and "now".
 */
import { dataRequestView, type ItemStatus } from "../../projections/dataRequest.js";
import type { EvidenceState } from "../../projections/evidence.js";
import { annexAFor } from "../exports/annexAReport.js";
import type { Folded } from "../runner/runner.js";
import { countdown } from "./countdown.js";

const TAG = new Map<ItemStatus, string>([
  ["provided", "govuk-tag--green"],
  ["ready", "govuk-tag--blue"],
  ["stale", "govuk-tag--yellow"],
  ["failing checks", "govuk-tag--red"],
  ["missing", "govuk-tag--grey"],
]);

export interface ReadinessOptions {
  asOf: string;
  now: string;
  /** Only the failing rows of this check code. */
  check?: number;
  inspectionId?: string;
}

export function readinessView(at: Folded<EvidenceState>, o: ReadinessOptions) {
  const annex = annexAFor(at, o.asOf);
  const request = dataRequestView(at.state, o.now, {
    annex: annex.counts,
    ...(o.inspectionId ? { inspectionId: o.inspectionId } : {}),
  });
  const byCode = new Map<number, { code: number; message: string; count: number }>();
  for (const c of annex.checks) {
    const seen = byCode.get(c.code);
    if (seen) seen.count += 1;
    else byCode.set(c.code, { code: c.code, message: c.message, count: 1 });
  }
  const failing = annex.checks.filter((c) => o.check === undefined || c.code === o.check);
  return {
    inspectionId: request.inspectionId,
    notifiedAt: request.notifiedAt,
    readiness: request.readiness,
    counts: request.counts,
    items: request.items.map((i) => ({
      ...i,
      tag: TAG.get(i.status) ?? "govuk-tag--grey",
      countdown: i.dueAt && i.status !== "provided" ? countdown(i.dueAt, o.now) : undefined,
    })),
    checks: [...byCode.values()].sort((a, b) => a.code - b.code),
    failing: failing.slice(0, 200),
    failingTotal: failing.length,
    check: o.check,
    annexRows: annex.counts.list1Rows + annex.counts.list2Rows,
  };
}

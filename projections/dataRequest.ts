/**
 * `dataRequest`: the inspectors' information request as the LANO sees it on the clock — each catalogue
 * item with its owner, its deadline (from the notification call), and its status:
 *   provided        recorded as sent to inspectors
 *   ready           the store holds what the item needs, current and passing its checks
 *   stale           it exists but is older than 12 months (or the SEF was signed off over a year ago)
 *   failing checks  it can be built but has error-level check failures (the Annex A lists)
 *   missing         nothing in the store answers it yet
 * and an overall readiness figure. Pure: "now" is an argument.
 */
import type { DataRequestItem } from "../schemas/events/area.js";
import { addMonths, addWorkingDays } from "./calendar.js";
import { caseStatus } from "./cases.js";
import type { EvidenceState } from "./evidence.js";
import { currentInspection, type InspectionRecord } from "./partnership.js";

export type ItemStatus = "provided" | "ready" | "stale" | "failing checks" | "missing";

export interface DataRequestItemView {
  key: string;
  title: string;
  kind: string;
  owner: string;
  source: string;
  status: ItemStatus;
  detail: string;
  /** When it is due, if an inspection has been notified. */
  dueAt?: string;
  /** Hours left on the clock at `now` (negative: overdue); undefined before notification. */
  hoursLeft?: number;
  providedAt?: string;
}

export interface DataRequestView {
  inspectionId?: string;
  notifiedAt?: string;
  items: DataRequestItemView[];
  /** Share of items provided or ready, per cent, 1 dp. */
  readiness: number;
  counts: Record<ItemStatus, number>;
}

/** Error and query counts from the Annex A checks, computed by the caller (src/exports). */
export interface AnnexACheckCounts {
  list1Errors: number;
  list2Errors: number;
  list1Rows: number;
  list2Rows: number;
}

/** When an item is due: hours count on the clock; working days skip weekends (bank holidays not modelled). */
export function dueAt(notifiedAt: string, item: DataRequestItem): string {
  return item.deadline.unit === "hours"
    ? new Date(Date.parse(notifiedAt) + item.deadline.amount * 3_600_000).toISOString()
    : addWorkingDays(notifiedAt, item.deadline.amount);
}

/** Documents an item is answered by, by catalogue key (a key an area configures: `toString` is one). */
const documentKinds: ReadonlyMap<string, string[]> = new Map([
  ["strategyAndActionPlans", ["strategy", "action plan"]],
  ["governance", ["minutes"]],
  ["jsna", ["jsna"]],
  ["surveys", ["survey"]],
]);

type Verdict = { status: Exclude<ItemStatus, "provided">; detail: string };

function assess(key: string, state: EvidenceState, today: string, annex?: AnnexACheckCounts): Verdict {
  const yearAgo = addMonths(today, -12);
  const cases = [...state.cases.byId.values()];
  switch (key) {
    case "annexAList1":
    case "annexAList2": {
      if (!annex) return { status: "missing", detail: "the lists have not been built" };
      const [rows, errors] =
        key === "annexAList1" ? [annex.list1Rows, annex.list1Errors] : [annex.list2Rows, annex.list2Errors];
      if (rows === 0) return { status: "missing", detail: "no children in this list" };
      return errors > 0
        ? {
            status: "failing checks",
            detail: `${rows} rows; ${errors} error-level check failures to fix before sending`,
          }
        : { status: "ready", detail: `${rows} rows; no error-level check failures` };
    }
    case "selfEvaluation": {
      const last = state.sef.signOffs.at(-1);
      if (!last) return { status: "missing", detail: "the SEF has not been signed off" };
      return last.signedOn < yearAgo
        ? {
            status: "stale",
            detail: `last signed off ${last.signedOn} (version ${last.version}), over 12 months ago`,
          }
        : { status: "ready", detail: `version ${last.version} signed off ${last.signedOn}` };
    }
    case "ehcTimeliness":
    case "annualReviewTimeliness": {
      const withPlans = cases.filter((c) => c.plans.length > 0).length;
      return withPlans > 0
        ? { status: "ready", detail: `computed from ${withPlans} case timelines` }
        : { status: "missing", detail: "no EHC plans recorded" };
    }
    case "alternativeProvision": {
      const ap = cases.filter(
        (c) => c.placement?.alternativeProvision || c.placement?.subsidiaryPhase === "alternative provision",
      );
      return ap.length > 0
        ? { status: "ready", detail: `${ap.length} children in alternative provision` }
        : { status: "missing", detail: "no alternative provision placements recorded" };
    }
    case "qaFindings": {
      const recent = [...state.qa.audits.values()].filter(
        (a) => a.submitted && a.submitted.submittedOn >= yearAgo,
      );
      return recent.length > 0
        ? { status: "ready", detail: `${recent.length} audits submitted in the last 12 months` }
        : { status: "missing", detail: "no QA audit submitted in the last 12 months" };
    }
    case "healthWaitingTimes": {
      const waits = [...state.metrics.byId.values()].filter(
        (m) => /wait/i.test(m.metricId) || /wait/i.test(m.title),
      );
      const values = waits.flatMap((m) =>
        [...m.values.values()].filter((v) => v.scope.kind === "area" || v.scope.kind === "region"),
      );
      if (values.length === 0) return { status: "missing", detail: "no waiting-time metrics recorded" };
      const newest = values
        .map((v) => v.recordedAt.slice(0, 10))
        .sort()
        .at(-1)!;
      return newest < yearAgo
        ? { status: "stale", detail: `${waits.length} waiting-time metrics; newest value recorded ${newest}` }
        : {
            status: "ready",
            detail: `${waits.length} waiting-time metrics; newest value recorded ${newest}`,
          };
    }
    default: {
      const kinds = documentKinds.get(key);
      if (!kinds)
        return { status: "missing", detail: "not held in the store: record it as provided when sent" };
      const docs = [...state.partnership.documents.values()].filter(
        (d) => kinds.includes(d.kind) && !d.supersededBy,
      );
      if (docs.length === 0)
        return { status: "missing", detail: `no current ${kinds.join(" or ")} document registered` };
      const newest = docs
        .map((d) => d.publishedOn ?? d.registeredAt.slice(0, 10))
        .sort()
        .at(-1)!;
      return newest < yearAgo
        ? { status: "stale", detail: `newest ${kinds.join("/")} document is from ${newest}` }
        : { status: "ready", detail: `${docs.length} current document(s), newest ${newest}` };
    }
  }
}

export function dataRequestView(
  state: EvidenceState,
  now: string,
  options: { inspectionId?: string; annex?: AnnexACheckCounts } = {},
): DataRequestView {
  const inspection: InspectionRecord | undefined = options.inspectionId
    ? state.partnership.inspections.get(options.inspectionId)
    : currentInspection(state.partnership);
  const today = now.slice(0, 10);
  const items = state.partnership.catalogue.map((item): DataRequestItemView => {
    const provided = inspection?.itemsProvided.get(item.key);
    const verdict: Verdict | { status: "provided"; detail: string } = provided
      ? { status: "provided", detail: provided.note ?? "provided to inspectors" }
      : assess(item.key, state, today, options.annex);
    const due = inspection?.notifiedAt ? dueAt(inspection.notifiedAt, item) : undefined;
    return {
      key: item.key,
      title: item.title,
      kind: item.kind,
      owner: item.owner,
      source: item.source,
      ...verdict,
      ...(due
        ? { dueAt: due, hoursLeft: Math.round((Date.parse(due) - Date.parse(now)) / 360_000) / 10 }
        : {}),
      ...(provided ? { providedAt: provided.providedAt } : {}),
    };
  });
  const counts: Record<ItemStatus, number> = {
    provided: 0,
    ready: 0,
    stale: 0,
    "failing checks": 0,
    missing: 0,
  };
  for (const i of items) counts[i.status] += 1;
  const readiness =
    items.length === 0 ? 0 : Math.round(((counts.provided + counts.ready) / items.length) * 1000) / 10;
  return {
    ...(inspection
      ? {
          inspectionId: inspection.inspectionId,
          ...(inspection.notifiedAt ? { notifiedAt: inspection.notifiedAt } : {}),
        }
      : {}),
    items,
    readiness,
    counts,
  };
}

/** Children currently on the register, by status (for the request's summary). */
export function registerCounts(state: EvidenceState) {
  const counts = { ehcPlan: 0, senSupport: 0, ceased: 0, none: 0 };
  for (const c of state.cases.byId.values()) counts[caseStatus(c)] += 1;
  return counts;
}

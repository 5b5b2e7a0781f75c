/**
 * Resolvers: each top-level field folds the evidence base as at the requested moment (via the runner) and
 * selects from it. Every resolver that returns children's data notes their case ids (`ctx.reads`), and the
 * request's reads are written to the access log before the answer is sent (src/graphql/plugin.ts).
 */
import mercurius from "mercurius";
import { ageOn, type CaseRecord, caseStatus } from "../../projections/cases.js";
import type { ClockRules } from "../../projections/clocks.js";
import type { EvidenceState } from "../../projections/evidence.js";
import { type AuditRecord } from "../../projections/qa.js";
import type { AccessLog } from "../access/accessLog.js";
import type { Authenticated } from "../access/authorise.js";
import type { RequestReads } from "../access/requestReads.js";
import { perMoment } from "../runner/perMoment.js";
import type { Folded } from "../runner/runner.js";
import { AsAtError, type AsAtMoment, parseAsAt } from "./asAt.js";

export interface GraphqlContext {
  principal: Authenticated;
  /** The evidence base as at a moment (the live one when undefined), with the date to judge it on. */
  evidenceAt(asAt: string | null | undefined): Promise<AsAtMoment<EvidenceState>>;
  /** Today's date in the area's calendar, for ages and overdue checks on the live model. */
  today(): string;
  /** The area's calendar (AREA_TIME_ZONE): where a date as asked begins and ends. */
  timeZone: string;
  /** The area's reading of the statutory clocks (docs/CLOCKS.md). */
  clockRules: ClockRules;
  /** The case ids each field returned, recorded in the access log at the end of the request. */
  reads: RequestReads;
  /** The access log itself, for the admin's `accessLog` question. */
  accessLog: AccessLog;
  requestId: string;
  /**
   * The moments this request has read, by log position: a parent object carries only the position
   * (`_moment`), never the folded state, so mercurius' loader cache key (the parent serialised) stays small.
   */
  moments: Map<number, Folded<EvidenceState>>;
}

type At = Folded<EvidenceState>;
/** What a Case parent carries for its nested fields: the moment's position, not the moment. */
interface CaseParent {
  caseId: string;
  _moment: number;
}

export async function load(ctx: GraphqlContext, asAt: string | null | undefined) {
  try {
    parseAsAt(asAt);
  } catch (err) {
    if (err instanceof AsAtError)
      throw new mercurius.ErrorWithProps(err.message, { code: "BAD_USER_INPUT", field: "asAt" }, 400);
    throw err;
  }
  const m = await ctx.evidenceAt(asAt);
  ctx.moments.set(m.at.position, m.at);
  return m;
}

export const moment = (at: At) => ({
  position: at.position,
  recordedAt: at.recordedAt ?? null,
  events: at.state.events,
});

function caseView(c: CaseRecord, at: At, asOf: string) {
  const initial = c.plans.find((p) => p.kind === "initial");
  return {
    ...c,
    status: caseStatus(c),
    age: ageOn(c.dateOfBirth, asOf),
    initialPlanIssuedOn: initial?.issuedOn ?? null,
    lastReviewedOn: c.reviews.at(-1)?.heldOn ?? null,
    knownToSocialCare: c.socialCare?.knownToSocialCare ?? null,
    socialCareTeam: c.socialCare?.team ?? null,
    _moment: at.position,
  };
}

export function auditView(a: AuditRecord) {
  return {
    ...a,
    sections: Object.entries(a.sections).map(([section, r]) =>
      "notApplicable" in r
        ? { section, notApplicable: true, criteriaMet: [], criteriaNotMet: [], comment: r.notApplicable }
        : { section, notApplicable: false, ...r },
    ),
    submittedOn: a.submitted?.submittedOn ?? null,
    overallGrade: a.submitted?.overallGrade ?? null,
    moderatedGrade: a.moderation?.moderatedGrade ?? null,
    moderationAgreed: a.moderation?.agreed ?? null,
  };
}

type Args = { asAt?: string | null };

export const resolvers = {
  Query: {
    moment: async (_: unknown, args: Args, ctx: GraphqlContext) => moment((await load(ctx, args.asAt)).at),
    area: async (_: unknown, args: Args, ctx: GraphqlContext) => {
      const { at } = await load(ctx, args.asAt);
      const p = at.state.partnership;
      return p.area ? { ...p.area, criteria: p.criteria } : null;
    },
    cases: async (
      _: unknown,
      args: Args & { status?: string; primaryNeed?: string; first: number; offset: number },
      ctx: GraphqlContext,
    ) => {
      if (args.first < 0 || args.first > 500 || args.offset < 0)
        throw new mercurius.ErrorWithProps(
          "first must be 0–500 and offset at least 0",
          { code: "BAD_USER_INPUT" },
          400,
        );
      const { at, asOf } = await load(ctx, args.asAt);
      const all = [...at.state.cases.byId.values()]
        .filter((c) => !args.status || caseStatus(c) === args.status)
        .filter((c) => !args.primaryNeed || c.primaryNeed === args.primaryNeed)
        .sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
      const items = all.slice(args.offset, args.offset + args.first).map((c) => caseView(c, at, asOf));
      ctx.reads.note(
        "cases",
        items.map((c) => c.caseId),
      );
      return { at: moment(at), total: all.length, items };
    },
    case: async (_: unknown, args: Args & { id: string }, ctx: GraphqlContext) => {
      const { at, asOf } = await load(ctx, args.asAt);
      const c = at.state.cases.byId.get(args.id);
      if (c) ctx.reads.note("case", [c.caseId]);
      return c ? caseView(c, at, asOf) : null;
    },
    qaAudits: async (_: unknown, args: Args & { caseId?: string }, ctx: GraphqlContext) => {
      const { at } = await load(ctx, args.asAt);
      const audits = [...at.state.qa.audits.values()].filter((a) => !args.caseId || a.caseId === args.caseId);
      ctx.reads.note(
        "qaAudits",
        audits.map((a) => a.caseId),
      );
      return audits.map(auditView);
    },
    actions: async (_: unknown, args: Args, ctx: GraphqlContext) => {
      const { at, asOf } = await load(ctx, args.asAt);
      return [...at.state.actions.byId.values()].map((a) => ({
        ...a,
        sourceKind: a.source.kind,
        sourceRef: a.source.ref ?? null,
        rag: a.completed ? "complete" : (a.updates.at(-1)?.rag ?? null),
        overdue: !a.completed && a.dueOn < asOf,
        completedOn: a.completed?.completedOn ?? null,
        impact: a.completed?.impact ?? null,
      }));
    },
    metrics: async (_: unknown, args: Args, ctx: GraphqlContext) => {
      const { at } = await load(ctx, args.asAt);
      return [...at.state.metrics.byId.values()].map((m) => ({
        ...m,
        values: [...m.values.values()].map((v) => ({
          period: v.period,
          scope:
            v.scope.kind === "region"
              ? `region:${v.scope.name}`
              : v.scope.kind === "localAuthority"
                ? `la:${v.scope.name}`
                : v.scope.kind,
          value: v.value,
          corrected: v.corrections.length > 0,
        })),
      }));
    },
  },
};

/** A moment's audits by case id, indexed once per moment (a `Folded` never changes once handed out). */
const auditsByCase = perMoment((at: At, _: "audits") => {
  const index = new Map<string, AuditRecord[]>();
  for (const a of at.state.qa.audits.values()) {
    const list = index.get(a.caseId);
    if (list) list.push(a);
    else index.set(a.caseId, [a]);
  }
  return index;
});

/** Case.qaAudits for a whole list of cases from one index, keyed by (moment, case id) only. */
export const loaders = {
  Case: {
    async qaAudits(queries: { obj: CaseParent }[], ctx: GraphqlContext) {
      return queries.map(({ obj }) => {
        const at = ctx.moments.get(obj._moment);
        if (!at) throw new Error(`no moment at position ${obj._moment} in this request`);
        return (auditsByCase(at, "audits").get(obj.caseId) ?? []).map(auditView);
      });
    },
  },
};

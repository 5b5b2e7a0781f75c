/**
 * Resolvers for the derived read models; each selects from the evidence base as at the requested moment.
 * Fields that carry children's ids note them for the access log where they are resolved, so a query that
 * does not ask for them records nothing.
 */
import { issuedPackOut } from "../packs/issuedPacks.js";
import mercurius from "mercurius";
import { actionPlan } from "../../projections/actionPlan.js";
import { twelveMonthsEndingOn } from "../../projections/clocks.js";
import { trackingSample } from "../../projections/caseTracking.js";
import { engagementMeetings } from "../../projections/engagement.js";
import { improvements } from "../../projections/improvements.js";
import { draftPlanTimeliness } from "../../projections/draftPlans.js";
import { casePack, inspectionCasePacks, type CasePack } from "../../projections/casePack.js";
import { dataRequestView } from "../../projections/dataRequest.js";
import type { EvidenceState } from "../../projections/evidence.js";
import { metricComparison } from "../../projections/metricComparison.js";
import { qaSummary, type GradeCounts } from "../../projections/qaSummary.js";
import { casesNamed, sefView } from "../../projections/sefView.js";
import {
  annualReviewTimeliness,
  overdue,
  type OverdueLists,
  twentyWeekTimeliness,
} from "../../projections/timeliness.js";
import { isoDate } from "../../schemas/common.js";
import type { Folded } from "../runner/runner.js";
import { perMoment } from "../runner/perMoment.js";
import type { AnnexACheck } from "../exports/annexAChecks.js";
import { annexAFor } from "../exports/annexAReport.js";
import { auditView, type GraphqlContext, load, moment } from "./resolvers.js";

type Args = { asAt?: string | null };
type At = Folded<EvidenceState>;

/** The SEF of one moment, selected once however often it is asked for (it is the LANO's most-read view). */
const sefAt = perMoment((at: At, asOf: string) =>
  sefView(at.state, asOf, { annex: annexAFor(at, asOf).counts }),
);
/** The children the SEF of one moment names (cited cases and audited children). */
const sefCasesAt = perMoment((at: At, asOf: string) => casesNamed(sefAt(at, asOf), at.state));

const dateArg = (value: string | null | undefined, name: string): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (!isoDate.safeParse(value).success)
    throw new mercurius.ErrorWithProps(
      `${name} must be a date as YYYY-MM-DD`,
      { code: "BAD_USER_INPUT", field: name },
      400,
    );
  return value;
};

const grades = (key: string, c: GradeCounts) => ({
  key,
  outstanding: c.outstanding,
  good: c.good,
  requiresImprovement: c["requires improvement"],
  inadequate: c.inadequate,
  total: c.total,
});
const byKey = (r: Record<string, GradeCounts>) => Object.entries(r).map(([k, c]) => grades(k, c));
const ragList = (r: Record<string, number>) => Object.entries(r).map(([rag, count]) => ({ rag, count }));

const actionOut = <A extends { completed?: { completedOn: string; impact: string } }>(a: A) => ({
  ...a,
  completedOn: a.completed?.completedOn ?? null,
  impact: a.completed?.impact ?? null,
});

function packOut(p: CasePack) {
  return { ...p, audits: p.audits.map(auditView), actions: p.actions.map(actionOut) };
}

export const readModelResolvers = {
  Query: {
    sef: async (_: unknown, args: Args, ctx: GraphqlContext) => {
      const { at, asOf } = await load(ctx, args.asAt);
      // Selected only when a field asks for it: `{ sef { at { position } } }` (a client checking how far the
      // read side has got) does not build the SEF with its Annex A checks and figures at every new position.
      const view = () => sefAt(at, asOf);
      return {
        at: moment(at),
        asOf,
        get area() {
          return view().area;
        },
        get signedOff() {
          return view().signedOff;
        },
        get criteria() {
          return view().criteria;
        },
        get warnings() {
          return view().warnings;
        },
        get figures() {
          return view().figures;
        },
        get figureContradictions() {
          return view().figureContradictions;
        },
        _named: () => sefCasesAt(at, asOf),
      };
    },
    dataRequest: async (_: unknown, args: Args & { inspectionId?: string | null }, ctx: GraphqlContext) => {
      const { at, asOf, now } = await load(ctx, args.asAt);
      const annex = annexAFor(at, asOf);
      const view = dataRequestView(at.state, now, {
        ...(args.inspectionId ? { inspectionId: args.inspectionId } : {}),
        annex: annex.counts,
      });
      return {
        at: moment(at),
        ...view,
        counts: Object.entries(view.counts).map(([status, count]) => ({ status, count })),
        annexAChecks: annex.checks,
      };
    },
    issuedPacks: async (_: unknown, _args: Args, ctx: GraphqlContext) => {
      const { at } = await load(ctx, undefined);
      const packs = at.state.partnership.packs.map(issuedPackOut).reverse();
      ctx.reads.note(
        "issuedPacks",
        packs.flatMap((p) => p.caseIds),
      );
      return packs;
    },
    casePack: async (_: unknown, args: Args & { caseId: string }, ctx: GraphqlContext) => {
      const { at, asOf } = await load(ctx, args.asAt);
      const pack = casePack(at.state, args.caseId, asOf, [], ctx.clockRules);
      if (pack) ctx.reads.note("casePack", [pack.caseId]);
      return pack ? packOut(pack) : null;
    },
    improvements: async (_: unknown, args: Args & { inspectionId: string }, ctx: GraphqlContext) => {
      const { at, asOf } = await load(ctx, args.asAt);
      return improvements(at.state, args.inspectionId, asOf).map((i) => ({
        ...i,
        actions: i.actions.map(actionOut),
      }));
    },
    engagement: async (_: unknown, args: Args, ctx: GraphqlContext) => {
      const { at, asOf } = await load(ctx, args.asAt);
      return engagementMeetings(at.state.partnership, asOf);
    },
    caseTracking: async (_: unknown, args: Args & { inspectionId: string }, ctx: GraphqlContext) => {
      const { at } = await load(ctx, args.asAt);
      const sample = trackingSample(at.state, args.inspectionId);
      ctx.reads.note("caseTracking", sample?.children.map((c) => c.caseId) ?? []);
      return sample ?? null;
    },
    casePacks: async (_: unknown, args: Args & { inspectionId: string }, ctx: GraphqlContext) => {
      const { at, asOf } = await load(ctx, args.asAt);
      const packs = inspectionCasePacks(at.state, args.inspectionId, asOf, ctx.clockRules);
      ctx.reads.note(
        "casePacks",
        packs.map((p) => p.caseId),
      );
      return packs.map(packOut);
    },
    timeliness: async (
      _: unknown,
      args: Args & { from?: string | null; to?: string | null },
      ctx: GraphqlContext,
    ) => {
      const { at, asOf } = await load(ctx, args.asAt);
      const to = dateArg(args.to, "to") ?? asOf;
      const from = dateArg(args.from, "from") ?? twelveMonthsEndingOn(to).from;
      return {
        at: moment(at),
        twentyWeek: twentyWeekTimeliness(at.state.cases, { from, to }),
        draftPlans: draftPlanTimeliness(at.state.cases, { from, to }),
        annualReviews: annualReviewTimeliness(at.state.cases, asOf, ctx.clockRules),
        overdue: overdue(at.state.cases, asOf, ctx.clockRules),
      };
    },
    qaSummary: async (
      _: unknown,
      args: Args & { from?: string | null; to?: string | null; targetPercent?: number | null },
      ctx: GraphqlContext,
    ) => {
      const { at, asOf } = await load(ctx, args.asAt);
      const to = dateArg(args.to, "to") ?? asOf;
      const from = dateArg(args.from, "from") ?? twelveMonthsEndingOn(to).from;
      const s = qaSummary(at.state.qa, at.state.cases, at.state.actions, {
        newPlans: { from, to },
        ...(typeof args.targetPercent === "number" ? { newPlanAuditTargetPercent: args.targetPercent } : {}),
      });
      return {
        at: moment(at),
        ...s.audits,
        overall: grades("overall", s.overall),
        bySection: byKey(s.bySection),
        byQuarter: byKey(s.byQuarter),
        byPrimaryNeed: byKey(s.byPrimaryNeed),
        byPhase: byKey(s.byPhase),
        byAgency: byKey(s.byAgency),
        newPlanCoverage: s.newPlanCoverage,
        moderationAgreementPercent: s.moderation.percent,
        unactioned: s.unactioned,
        weakSectionsUnactioned: s.weakSectionsUnactioned,
        byChecklist: Object.entries(s.byChecklist).map(([version, v]) => ({
          version,
          overall: grades("overall", v.overall),
          bySection: byKey(v.bySection),
        })),
      };
    },
    actionPlan: async (_: unknown, args: Args, ctx: GraphqlContext) => {
      const { at, asOf } = await load(ctx, args.asAt);
      const plan = actionPlan(at.state.actions, asOf);
      const group = (g: (typeof plan.byPriorityArea)[number]) => ({
        ...g,
        rag: ragList(g.rag),
        actions: g.actions.map(actionOut),
      });
      return {
        at: moment(at),
        asOf,
        rag: ragList(plan.rag),
        byPriorityArea: plan.byPriorityArea.map(group),
        byCriterion: plan.byCriterion.map(group),
        overdue: plan.overdue.map(actionOut),
        completedWithImpact: plan.completedWithImpact.map(actionOut),
      };
    },
    metricComparisons: async (_: unknown, args: Args, ctx: GraphqlContext) => {
      const { at } = await load(ctx, args.asAt);
      return metricComparison(at.state.metrics).map((m) => ({
        ...m,
        trend: m.trend
          ? {
              fromPeriod: m.trend.from.period,
              toPeriod: m.trend.to.period,
              change: m.trend.change,
              direction: m.trend.direction,
              verdict: m.trend.verdict,
            }
          : null,
      }));
    },
  },
};

/** Fields below the top level that carry children's ids: each notes them when it is asked for. */
export const readModelFieldResolvers = {
  Sef: {
    criteria: (parent: { criteria: unknown[]; _named: () => string[] }, _: unknown, ctx: GraphqlContext) => {
      ctx.reads.note("sef", parent._named());
      return parent.criteria;
    },
  },
  DataRequest: {
    annexAChecks: (parent: { annexAChecks: AnnexACheck[] }, _: unknown, ctx: GraphqlContext) => {
      ctx.reads.note(
        "dataRequest.annexAChecks",
        parent.annexAChecks.map((c) => c.uniqueId),
      );
      return parent.annexAChecks;
    },
  },
  DraftPlanTimeliness: {
    representationsCutShortCaseIds: (
      parent: { representationsCutShortCaseIds: string[] },
      _: unknown,
      ctx: GraphqlContext,
    ) => {
      ctx.reads.note("timeliness", parent.representationsCutShortCaseIds);
      return parent.representationsCutShortCaseIds;
    },
  },
  TwentyWeekTimeliness: {
    lateCaseIds: (parent: { lateCaseIds: string[] }, _: unknown, ctx: GraphqlContext) => {
      ctx.reads.note("timeliness", parent.lateCaseIds);
      return parent.lateCaseIds;
    },
  },
  OverdueLists: Object.fromEntries(
    (["twentyWeekPlans", "annualReviews", "reviewDecisions", "phaseTransfers", "amendedPlans"] as const).map(
      (list) => [
        list,
        (parent: OverdueLists, _: unknown, ctx: GraphqlContext) => {
          ctx.reads.note("timeliness", parent[list]);
          return parent[list];
        },
      ],
    ),
  ),
  QaSummary: {
    unactioned: (parent: { unactioned: { caseId: string }[] }, _: unknown, ctx: GraphqlContext) => {
      ctx.reads.note(
        "qaSummary.unactioned",
        parent.unactioned.map((u) => u.caseId),
      );
      return parent.unactioned;
    },
  },
};

/**
 * Deciders for `area-<laCode>`: who the partnership is, its evaluation criteria and its data-request
 * catalogue. Configuration can be replaced (the newest event wins); the stream id must be the LA code.
 */
import { areaFamily } from "../../schemas/events/area.js";
import { command, fail, futureDate, type StreamModel, stamp } from "./decision.js";

export interface AreaState {
  configured: boolean;
}

const ev = areaFamily.events;

export const areaModel: StreamModel<AreaState> = {
  family: "area",
  resource: "areas",
  initial: () => ({ configured: false }),
  evolve: (state, { type }) => (type === "AreaConfigured" ? { configured: true } : state),
};

const admins = ["admin", "lano"] as const;

export const areaCommands = [
  command({
    name: "configureArea",
    path: "configure",
    summary: "Configure the area: ONS code, name, region, ICB, ranked statistical neighbours, the LANO.",
    model: areaModel,
    roles: admins,
    input: ev.AreaConfigured.payload,
    decide: (input, _s, ctx) =>
      input.laCode === ctx.streamId
        ? [stamp("AreaConfigured", input)]
        : fail("laCodeMismatch", `laCode must match the area in the URL (${ctx.streamId})`, ["laCode"]),
  }),
  command({
    name: "configureEvaluationCriteria",
    path: "configure-criteria",
    summary: "Set the evaluation criteria (the SEF's sections); B-criteria wording is editable.",
    model: areaModel,
    roles: admins,
    input: ev.EvaluationCriteriaConfigured.payload.refine(
      (i) => new Set(i.criteria.map((c) => c.code)).size === i.criteria.length,
      { message: "a criterion code is listed twice", path: ["criteria"] },
    ),
    decide: (input, s, ctx) =>
      s.configured
        ? [stamp("EvaluationCriteriaConfigured", input)]
        : fail("areaNotConfigured", `configure area ${ctx.streamId} first`, []),
  }),
  command({
    name: "setEngagementFrequency",
    path: "set-engagement-frequency",
    summary: "Set how often engagement meetings are held, in months (the area's choice, not annual by rule).",
    model: areaModel,
    roles: admins,
    input: ev.EngagementFrequencySet.payload,
    decide: (input, s, ctx) =>
      s.configured
        ? [stamp("EngagementFrequencySet", input)]
        : fail("areaNotConfigured", `configure area ${ctx.streamId} first`, []),
  }),
  command({
    name: "recordEngagementMeeting",
    path: "record-engagement-meeting",
    summary: "Record an engagement meeting held with inspectors: the next is due after the area's frequency.",
    model: areaModel,
    roles: admins,
    input: ev.EngagementMeetingHeld.payload,
    decide: (input, s, ctx) =>
      s.configured
        ? (futureDate({ heldOn: input.heldOn }, ctx.today) ?? [stamp("EngagementMeetingHeld", input)])
        : fail("areaNotConfigured", `configure area ${ctx.streamId} first`, []),
  }),
  command({
    name: "configureDataRequestCatalogue",
    path: "configure-data-request",
    summary: "Set the catalogue of items inspectors request, each with owner, source and deadline offset.",
    model: areaModel,
    roles: admins,
    input: ev.DataRequestCatalogueConfigured.payload.refine(
      (i) => new Set(i.items.map((c) => c.key)).size === i.items.length,
      { message: "an item key is listed twice", path: ["items"] },
    ),
    decide: (input, s, ctx) =>
      s.configured
        ? [stamp("DataRequestCatalogueConfigured", input)]
        : fail("areaNotConfigured", `configure area ${ctx.streamId} first`, []),
  }),
];

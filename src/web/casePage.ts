/**
 * An officer's page for one child as a view model: the pseudonymised profile, the plan dates and the
 * statutory clocks (the same case pack GraphQL's `casePack` serves), and the school and social care
 * records the two small forms change. Pure.
 */
import { casePack } from "../../projections/casePack.js";
import type { ClockRules } from "../../projections/clocks.js";
import type { EvidenceState } from "../../projections/evidence.js";
import { socialCareTeam } from "../../schemas/events/case.js";
import { day } from "./day.js";

const STATUS = new Map([
  ["ehcPlan", "EHC plan"],
  ["senSupport", "SEN support"],
  ["ceased", "Plan ceased"],
  ["none", "Neither a plan nor SEN support"],
]);

const CLOCK_TAG = new Map([
  ["met", { text: "Met", classes: "govuk-tag--green" }],
  ["missed", { text: "Missed", classes: "govuk-tag--red" }],
  ["overdue", { text: "Overdue", classes: "govuk-tag--red" }],
  ["pending", { text: "Not yet due", classes: "govuk-tag--grey" }],
  ["not recorded", { text: "Not recorded", classes: "govuk-tag--yellow" }],
]);

const yesNo = (b: boolean | undefined) => (b === undefined ? "Not recorded" : b ? "Yes" : "No");

export const SOCIAL_CARE_TEAMS: readonly string[] = socialCareTeam.options;

export function casePage(state: EvidenceState, caseId: string, asOf: string, rules: ClockRules) {
  const pack = casePack(state, caseId, asOf, undefined, rules);
  const record = state.cases.byId.get(caseId);
  if (!pack || !record) return undefined;
  const p = pack.profile;
  return {
    caseId,
    href: `/cases/${encodeURIComponent(caseId)}`,
    profile: [
      ["Status", STATUS.get(p.status) ?? p.status],
      ["Age", `${p.age}`],
      ["Gender", p.gender],
      ["Ethnicity", p.ethnicity],
      ["Primary need", p.primaryNeed ?? "Not recorded"],
      ["Secondary need", p.secondaryNeed ?? "None recorded"],
      ["School phase", p.phase ?? "Not recorded"],
      ["Alternative provision", yesNo(p.alternativeProvision)],
      ["Elective home education", yesNo(p.electiveHomeEducation)],
      ["Placed out of area", yesNo(p.outOfArea)],
      ["Disability", yesNo(p.hasDisability)],
    ].map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
    // In date order: requests, plans, reviews and cessation interleaved as they happened.
    plans: [
      ...record.requests.map((r) => ({ what: "Assessment requested", on: r.requestedOn })),
      ...record.plans.map((x) => ({
        what: x.kind === "initial" ? "Final EHC plan issued" : "Amended plan issued",
        on: x.issuedOn,
      })),
      ...record.reviews.map((r) => ({ what: "Annual review held", on: r.heldOn })),
      ...(record.ceased
        ? [{ what: `Plan ceased (${record.ceased.reason})`, on: record.ceased.ceasedOn }]
        : []),
    ]
      .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))
      .map((x) => ({ what: x.what, on: day(x.on) })),
    clocks: pack.timeline.map((s) => ({
      step: s.step,
      dueOn: day(s.dueOn),
      doneOn: s.doneOn ? day(s.doneOn) : "—",
      status: CLOCK_TAG.get(s.status)!,
      daysLate: s.daysLate,
      note: s.note ?? "",
    })),
    school: record.schoolRecord,
    socialCare: record.socialCare
      ? {
          known: yesNo(record.socialCare.knownToSocialCare),
          team: record.socialCare.team ?? "—",
          recordedOn: day(record.socialCare.recordedOn),
        }
      : undefined,
    selectedFor: pack.selectedFor,
  };
}

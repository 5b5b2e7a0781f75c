import { z } from "zod";
import { caseId, gender, isoDate, narrative, phase, primaryNeed, uln, upn, urn } from "../common.js";
import { defineFamily, type EventOf, eventData } from "../eventDefinition.js";

/**
 * Reasons a final plan may lawfully take longer than 20 weeks: SEND Regulations 2014 reg. 13(3), which
 * applies the exceptions of reg. 10(4)(a)–(d) "if it is impractical" to keep to the limit.
 */
export const twentyWeekException = z.enum([
  "settingClosed", // (a) a school or college asked for advice was closed for at least 4 continuous weeks
  "exceptionalPersonalCircumstances", // (c) of the child or parent, or the young person
  "familyAway", // (d) the child or parent, or the young person, away from the area for at least 4 weeks
  "earlyYearsProviderClosed", // (b) the same closure rule for an early years provider
]);

/** The paragraph of reg. 10(4) each exception comes from, and how it is shown. */
export const exceptionReasons: Readonly<Record<z.infer<typeof twentyWeekException>, string>> = {
  settingClosed: "reg 10(4)(a): the school or college was closed for at least 4 weeks",
  earlyYearsProviderClosed: "reg 10(4)(b): the early years provider was closed for at least 4 weeks",
  exceptionalPersonalCircumstances: "reg 10(4)(c): exceptional personal circumstances of the child or parent",
  familyAway: "reg 10(4)(d): the child or parent was away from the area for at least 4 weeks",
};

/**
 * Why an initial plan follows a refusal to assess with no new request (version 2 of EhcPlanIssued): a
 * plan after a refusal is refused unless one of these is recorded.
 */
export const refusalOverturnedBy = z.enum(["tribunal order", "local authority reconsidered", "mediation"]);

/**
 * Moves that reg 18 of the SEND Regulations 2014 times the review and amendment of a plan by: between
 * school phases (e.g. primary to secondary) by 15 February of the year of the move; from secondary school to
 * a post-16 institution by 31 March; between post-16 institutions at least 5 months before the move.
 */
export const phaseTransfer = z.enum([
  "between school phases",
  "secondary school to post-16",
  "post-16 to post-16",
]);

export const socialCareTeam = z.enum([
  "children in need",
  "child protection",
  "looked after children",
  "disabled children",
  "care leavers",
  "early help",
  "other",
]);

export const caseFamily = defineFamily(
  "case",
  "One child or young person (0–25) with SEND, under the area's pseudonymous case id. Never a name or address.",
  {
    CaseRegistered: eventData(1, {
      caseId,
      upn: upn.optional(),
      uln: uln.optional(),
      dateOfBirth: isoDate,
      gender,
      /** DfE ethnicity code, e.g. WBRI, AIND, BCRB, MWBC, REFU (refused), NOBT (not obtained). */
      ethnicity: z.string().regex(/^[A-Z]{4}$/, "must be a 4-letter DfE ethnicity code"),
    }),
    SenSupportRecorded: eventData(1, {
      startedOn: isoDate,
      endedOn: isoDate.optional(),
    }),
    PrimaryNeedRecorded: eventData(1, {
      need: primaryNeed,
      secondaryNeed: primaryNeed.optional(),
      recordedOn: isoDate,
    }),
    AssessmentRequested: eventData(1, {
      requestedOn: isoDate,
      requestedBy: z.enum(["parent", "young person", "school or college", "health", "social care", "other"]),
    }),
    AssessmentDecisionRecorded: eventData(1, {
      decidedOn: isoDate,
      decision: z.enum(["assess", "refuse"]),
    }),
    PlanDecisionRecorded: eventData(1, {
      decidedOn: isoDate,
      decision: z.enum(["issue", "notIssue"]),
    }),
    /** Version 2 adds `refusalOverturnedBy` (version 1 data is read unchanged: see `upcasters`). */
    EhcPlanIssued: eventData(2, {
      kind: z.enum(["initial", "amended"]),
      issuedOn: isoDate,
      draftIssuedOn: isoDate.optional(),
      /** Exception reasons that apply to the 20-week clock (initial plans only). */
      exceptions: z.array(twentyWeekException).max(4),
      /** An initial plan after a refusal to assess and no new request: what overturned the refusal. */
      refusalOverturnedBy: refusalOverturnedBy.optional(),
    }),
    /** Version 2 adds `noticeSentOn` (version 1 data is read unchanged: see `upcasters`). */
    AnnualReviewHeld: eventData(2, {
      heldOn: isoDate,
      reportSentOn: isoDate.optional(),
      /** When the invitation to the meeting went out: at least 2 weeks' notice (reg 20). */
      noticeSentOn: isoDate.optional(),
    }),
    /** A move between phases is planned: the plan must be reviewed and amended in time (reg 18). */
    PhaseTransferPlanned: eventData(1, {
      transfer: phaseTransfer,
      /** The date of the move (e.g. the first day at the new school or college). */
      movesOn: isoDate,
    }),
    /** Proposed amendments to the plan sent after a review: the amended plan is due within 8 weeks. */
    AmendmentsProposed: eventData(1, {
      sentOn: isoDate,
    }),
    ReviewDecisionRecorded: eventData(1, {
      reviewHeldOn: isoDate,
      decidedOn: isoDate,
      decision: z.enum(["maintain", "amend", "cease"]),
    }),
    PlacementRecorded: eventData(1, {
      effectiveFrom: isoDate,
      mainUrn: urn.optional(),
      mainPhase: phase.optional(),
      subsidiaryPhase: phase.optional(),
      electiveHomeEducation: z.boolean(),
      alternativeProvision: z.boolean(),
      outOfArea: z.boolean(),
    }),
    SchoolRecordUpdated: eventData(1, {
      academicYear: z.string().regex(/^\d{4}\/\d{2}$/, "must be an academic year such as 2025/26"),
      suspensions: z.number().int().min(0).max(200),
      permanentExclusions: z.number().int().min(0).max(10),
      /** Overall absence rate, per cent of possible sessions. */
      absencePercent: z.number().min(0).max(100),
      pupilPremium: z.boolean(),
    }),
    SocialCareStatusRecorded: eventData(1, {
      recordedOn: isoDate,
      knownToSocialCare: z.boolean(),
      team: socialCareTeam.optional(),
    }),
    DisabilityRecorded: eventData(1, {
      recordedOn: isoDate,
      hasDisability: z.boolean(),
    }),
    PlanCeased: eventData(1, {
      ceasedOn: isoDate,
      reason: z.enum([
        "needs met",
        "moved out of area",
        "education ended",
        "aged 25",
        "moved to adult services",
        "other",
      ]),
    }),
    CaseDetailsCorrected: eventData(1, {
      upn: upn.optional(),
      uln: uln.optional(),
      dateOfBirth: isoDate.optional(),
      gender: gender.optional(),
      ethnicity: z
        .string()
        .regex(/^[A-Z]{4}$/)
        .optional(),
      reason: narrative(500),
    }),
  },
);

export type CaseEvent = EventOf<typeof caseFamily.events>;
export type TwentyWeekException = z.infer<typeof twentyWeekException>;

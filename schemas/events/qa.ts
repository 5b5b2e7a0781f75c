import { z } from "zod";
import { agency, caseId, grade, isoDate, narrative, plainText, planSection } from "../common.js";
import { defineFamily, type EventOf, eventData } from "../eventDefinition.js";
import { checklistVersion } from "../qaChecklist.js";

export const sampleReason = z.enum(["new plan", "annual review", "thematic", "random"]);
const criterionLabel = plainText(200);

export const qaFamily = defineFamily(
  "qa",
  "One EHC plan quality-assurance audit: the sample, the auditors, section grades, submission and moderation.",
  {
    QaSampleDrawn: eventData(1, {
      caseId,
      reason: sampleReason,
      theme: plainText(200).optional(),
      drawnOn: isoDate,
      /** The QA checklist version the audit is rated against; absent on audits from before catalogues. */
      checklistVersion: checklistVersion.optional(),
    }),
    QaAuditorAssigned: eventData(1, {
      auditor: plainText(120),
      agency,
    }),
    QaSectionRated: eventData(1, {
      section: planSection,
      /** Criterion ids of the audit's checklist (e.g. "F.3"); free-text labels on legacy audits. */
      criteriaMet: z.array(criterionLabel).max(30),
      criteriaNotMet: z.array(criterionLabel).max(30),
      /** The grade the weighted criteria rule gives. */
      derivedGrade: grade,
      /** The grade that stands: the derived one, or the auditor's override. */
      grade,
      overrideReason: narrative(1000).optional(),
      comment: narrative(2000).optional(),
    }),
    QaSectionNotApplicable: eventData(1, {
      section: planSection,
      reason: narrative(500),
    }),
    QaAuditSubmitted: eventData(1, {
      submittedOn: isoDate,
      derivedOverallGrade: grade,
      overallGrade: grade,
      overrideReason: narrative(1000).optional(),
      summary: narrative(4000).optional(),
    }),
    QaAuditModerated: eventData(1, {
      moderatedOn: isoDate,
      moderator: plainText(120),
      /** Whether the moderator agreed with the submitted overall grade. */
      agreed: z.boolean(),
      moderatedGrade: grade,
      comment: narrative(2000).optional(),
    }),
  },
);

export type QaEvent = EventOf<typeof qaFamily.events>;

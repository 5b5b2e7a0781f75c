/**
 * "Save and come back later": a section's ticks and words kept in the person's session, not in the log,
 * until they save the section as a rating (or as not applicable). A section with a draft is "in progress"
 * on the task list. A list, not an object keyed by ids (ids are hostile strings); the newest 50 are kept.
 */
import type { FastifyRequest } from "fastify";
import type { PlanSection } from "../../schemas/common.js";
import type { SectionDraft } from "./qaAuditForm.js";

interface StoredDraft extends SectionDraft {
  auditId: string;
  section: PlanSection;
}

declare module "fastify" {
  interface Session {
    qaDrafts?: StoredDraft[];
  }
}

const KEPT = 50;

export function draftOf(request: FastifyRequest, auditId: string, section: PlanSection) {
  return request.session.qaDrafts?.find((d) => d.auditId === auditId && d.section === section);
}

export function keepDraft(
  request: FastifyRequest,
  auditId: string,
  section: PlanSection,
  draft: SectionDraft,
) {
  const others = (request.session.qaDrafts ?? []).filter(
    (d) => d.auditId !== auditId || d.section !== section,
  );
  request.session.qaDrafts = [...others, { ...draft, auditId, section }].slice(-KEPT);
}

export function dropDraft(request: FastifyRequest, auditId: string, section: PlanSection) {
  const drafts = request.session.qaDrafts;
  if (drafts) request.session.qaDrafts = drafts.filter((d) => d.auditId !== auditId || d.section !== section);
}

/** The sections of an audit with a draft. */
export const draftedSections = (request: FastifyRequest, auditId: string) =>
  new Set((request.session.qaDrafts ?? []).filter((d) => d.auditId === auditId).map((d) => d.section));

/**
 * The "bears on it" rule (docs/SEF.md): every evidence source carries topics, every evaluation criterion
 * has the topics that bear on it, and a citation bears on a statement when its topics meet the topics of
 * the statement's criterion. Where a source's topics come from:
 *   figure    fixed per store figure (storeFigures.ts)
 *   metric    the `topics` given when it was defined (none given: it bears on nothing)
 *   action    the topics of the criteria it was raised against
 *   qaAudit   plan quality; case: plan quality
 *   document  by kind (a strategy is about commissioning and improvement; a survey about participation)
 *   survey, voice   participation
 */
import type { EvidenceRef, EvidenceTopic } from "../schemas/common.js";
import type { EvidenceState } from "./evidence.js";
import { figureDefinition } from "./storeFigures.js";

/** The topics that bear on each criterion (DOMAIN.md §2.1 wording). */
export const CRITERION_TOPICS: ReadonlyMap<string, readonly EvidenceTopic[]> = new Map<
  string,
  readonly EvidenceTopic[]
>([
  ["A1", ["needs identification", "assessment timeliness"]],
  ["A2", ["participation", "plan quality"]],
  ["A3", ["health waiting times", "review timeliness", "plan quality"]],
  ["A4", ["outcomes", "preparation for adulthood"]],
  ["A5", ["inclusion"]],
  ["B1", ["outcomes", "inclusion", "improvement"]],
  ["B2", ["participation"]],
  ["B3", ["needs analysis", "data quality"]],
  ["B4", ["commissioning", "health waiting times"]],
  ["B5", ["improvement", "plan quality", "assessment timeliness"]],
  ["B6", ["multi-agency working"]],
]);

export const DOCUMENT_TOPICS: ReadonlyMap<string, readonly EvidenceTopic[]> = new Map<
  string,
  readonly EvidenceTopic[]
>([
  ["strategy", ["commissioning", "improvement"]],
  ["action plan", ["improvement"]],
  ["jsna", ["needs analysis"]],
  ["minutes", ["improvement", "multi-agency working"]],
  ["policy", ["multi-agency working"]],
  ["report", ["improvement"]],
  ["survey", ["participation"]],
  ["case record", ["plan quality"]],
]);

export const criterionTopics = (code: string): readonly EvidenceTopic[] => CRITERION_TOPICS.get(code) ?? [];

/** The topics of the thing a citation points at; empty when it points at nothing or has no topics. */
export function topicsOf(ref: EvidenceRef, state: EvidenceState): EvidenceTopic[] {
  switch (ref.kind) {
    case "figure":
      return [...(figureDefinition.get(ref.id)?.topics ?? [])];
    case "metric":
      return (state.metrics.byId.get(ref.id)?.topics ?? []) as EvidenceTopic[];
    case "action": {
      const a = state.actions.byId.get(ref.id);
      return a ? [...new Set(a.criteria.flatMap((c) => criterionTopics(c)))] : [];
    }
    case "qaAudit":
      return state.qa.audits.get(ref.id) ? ["plan quality"] : [];
    case "case":
      return state.cases.byId.get(ref.id) ? ["plan quality"] : [];
    case "document": {
      const d = state.partnership.documents.get(ref.id);
      return d ? [...(DOCUMENT_TOPICS.get(d.kind) ?? [])] : [];
    }
    default:
      return ["participation"];
  }
}

/** The topics a citation shares with a criterion: it bears on the criterion when there is at least one. */
export function sharedTopics(topics: readonly EvidenceTopic[], criterion: string): EvidenceTopic[] {
  const wanted = new Set(criterionTopics(criterion));
  return topics.filter((t) => wanted.has(t));
}

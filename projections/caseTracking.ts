/**
 * The case-tracking sample of an inspection (June 2025 handbook; DOMAIN.md §2.3): inspectors usually pick 6
 * children at random from Lists 1 and 2, at least one in alternative provision and at least two on SEN
 * support, and the partnership records consent for each tracked child. The LANO is warned when a selection
 * breaks this, or a tracked child has no consent recorded (or consent was refused). Pure.
 */
import { type CaseRecord, caseStatus } from "./cases.js";
import type { EvidenceState } from "./evidence.js";

export const TRACKING_SAMPLE = { usualSize: 6, minAlternativeProvision: 1, minSenSupport: 2 } as const;

/** In alternative provision: so placed, or with AP as the main or subsidiary phase. */
export const inAlternativeProvision = (c: CaseRecord) =>
  Boolean(
    c.placement?.alternativeProvision ||
    c.placement?.mainPhase === "alternative provision" ||
    c.placement?.subsidiaryPhase === "alternative provision",
  );

export interface TrackedChild {
  caseId: string;
  onRegister: boolean;
  alternativeProvision: boolean;
  senSupport: boolean;
  /** The latest consent recorded, or `not recorded`. */
  consent: "given" | "refused" | "not recorded";
}

export interface TrackingSample {
  inspectionId: string;
  children: TrackedChild[];
  warnings: string[];
}

export function trackingSample(state: EvidenceState, inspectionId: string): TrackingSample | undefined {
  const ins = state.partnership.inspections.get(inspectionId);
  if (!ins) return undefined;
  const consentOf = (caseId: string) =>
    (ins.consents ?? []).filter((c) => c.caseId === caseId).at(-1)?.consent;
  const children = ins.trackedCaseIds.map((caseId): TrackedChild => {
    const c = state.cases.byId.get(caseId);
    return {
      caseId,
      onRegister: c !== undefined,
      alternativeProvision: c !== undefined && inAlternativeProvision(c),
      senSupport: c !== undefined && caseStatus(c) === "senSupport",
      consent: consentOf(caseId) ?? "not recorded",
    };
  });
  const warnings: string[] = [];
  if (children.length === 0) return { inspectionId, children, warnings };
  const { usualSize, minAlternativeProvision, minSenSupport } = TRACKING_SAMPLE;
  if (children.length !== usualSize)
    warnings.push(`${children.length} children tracked; inspectors usually track ${usualSize}`);
  const ap = children.filter((c) => c.alternativeProvision).length;
  if (ap < minAlternativeProvision)
    warnings.push(
      `${ap} tracked in alternative provision; the sample usually has at least ${minAlternativeProvision}`,
    );
  const sen = children.filter((c) => c.senSupport).length;
  if (sen < minSenSupport)
    warnings.push(`${sen} tracked on SEN support; the sample usually has at least ${minSenSupport}`);
  for (const c of children) {
    if (!c.onRegister) warnings.push(`case ${c.caseId} is not on the register`);
    if (c.consent !== "given") warnings.push(`case ${c.caseId}: consent ${c.consent}`);
  }
  return { inspectionId, children, warnings };
}

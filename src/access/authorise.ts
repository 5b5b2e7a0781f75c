/**
 * The one access decision: may this principal use this resource, in this context? Allowed (with the scope
 * it was allowed under), or refused with a reason a person can act on. Pure: the caller passes the moment
 * and the folded evidence.
 */
import type { PartnershipState } from "../../projections/partnership.js";
import type { AuditRecord, QaState } from "../../projections/qa.js";
import type { SefState } from "../../projections/sef.js";
import { accessWindow, inspectionIn } from "./inspectionWindow.js";
import { rowFor, type Scope } from "./matrix.js";
import type { Principal } from "./principal.js";

export type Refusal =
  | "expired"
  | "revoked"
  | "noSuchResource"
  | "roleNotAllowed"
  | "noInspection"
  | "inspectionNotNotified"
  | "outsideInspectionWindow"
  | "otherInspection"
  | "caseRequired"
  | "notTrackedChild"
  | "notAuditedChild"
  | "sefNotSignedOff"
  | "internalAppendix"
  | "notIssuedForInspection";

export type Decision = { allowed: true; scope: Scope } | { allowed: false; reason: Refusal; detail: string };

/** What a pack request asks for, as far as access is concerned. */
export interface PackAsked {
  kind: "sef" | "dataRequest" | "cases";
  includeWarnings?: boolean;
}

/** An issued pack, as recorded: what inspectors' access to it depends on. */
export interface IssuedPack {
  kind: string;
  issuedAt: string;
  inspectionId?: string;
  includeWarnings?: boolean;
}

export interface AccessContext {
  now: Date;
  /** INSPECTOR_ACCESS_DAYS_AFTER. */
  inspectorDaysAfter: number;
  /** The live evidence (absent on a command-only app: scoped access is then refused). */
  evidence?: { partnership: PartnershipState; qa: QaState; sef: SefState };
  /** The inspection the request names, if any. */
  inspectionId?: string;
  /** The children the request names, if any. */
  caseIds?: readonly string[];
  pack?: PackAsked;
  issued?: IssuedPack;
}

/** The part of the context that is the same for every question in one request. */
export type AccessContextBase = Pick<AccessContext, "now" | "inspectorDaysAfter" | "evidence">;

export interface Authenticated extends Principal {
  revokedAt?: string;
}

const refuse = (reason: Refusal, detail: string): Decision => ({ allowed: false, reason, detail });

/** The actors who drew, rated or submitted an audit (from the events' metadata). */
const tookPart = (a: AuditRecord, actor: string) => a.actors.includes(actor);

/** Auditors see the audits they took part in or moderated, and submitted ones waiting for moderation. */
export const auditVisibleTo = (a: AuditRecord, actor: string) =>
  tookPart(a, actor) || a.moderation?.moderator === actor || (a.submitted !== undefined && !a.moderation);

/** The children whose plans an auditor audits. */
export function auditedChildren(qa: QaState, actor: string): Set<string> {
  return new Set([...qa.audits.values()].filter((a) => tookPart(a, actor)).map((a) => a.caseId));
}

/** The children selected for tracking in an inspection. */
export function trackedChildren(p: PartnershipState, inspectionId: string | undefined): Set<string> {
  return new Set(inspectionId ? (inspectionIn(p, inspectionId)?.trackedCaseIds ?? []) : []);
}

export function authorise(principal: Authenticated, resource: string, context: AccessContext): Decision {
  if (principal.revokedAt)
    return refuse("revoked", `the token of ${principal.actor} was revoked at ${principal.revokedAt}`);
  if (principal.expiresAt && Date.parse(principal.expiresAt) <= context.now.getTime())
    return refuse("expired", `the access of ${principal.actor} expired at ${principal.expiresAt}`);
  const row = rowFor.get(resource);
  if (!row) return refuse("noSuchResource", `${resource} has no row in the access matrix`);
  if (row.open) return { allowed: true, scope: "all" };
  const scope = row.allow.get(principal.role);
  if (!scope) return refuse("roleNotAllowed", `role ${principal.role} may not use ${resource}`);
  if (scope === "all") return { allowed: true, scope };
  const evidence = context.evidence;
  if (!evidence) return refuse("roleNotAllowed", `${resource} is not scoped for role ${principal.role} here`);
  if (principal.role === "auditor") return auditorScope(principal, scope, context, evidence.qa);
  return inspectorScope(principal, scope, context, evidence);
}

function auditorScope(principal: Authenticated, scope: Scope, context: AccessContext, qa: QaState): Decision {
  if (scope !== "auditedChildren") return { allowed: true, scope };
  const asked = context.caseIds ?? [];
  if (asked.length === 0) return refuse("caseRequired", "name the child whose plan you audit");
  const mine = auditedChildren(qa, principal.actor);
  const other = asked.find((id) => !mine.has(id));
  return other === undefined
    ? { allowed: true, scope }
    : refuse("notAuditedChild", `${principal.actor} does not audit the plan of case ${other}`);
}

function inspectorScope(
  principal: Authenticated,
  scope: Scope,
  context: AccessContext,
  evidence: NonNullable<AccessContext["evidence"]>,
): Decision {
  const own = principal.inspectionId;
  if (!own) return refuse("noInspection", `${principal.actor} is not bound to an inspection`);
  const window = accessWindow(inspectionIn(evidence.partnership, own), context.inspectorDaysAfter);
  if (!window) return refuse("inspectionNotNotified", `inspection ${own} has not been notified`);
  const now = context.now.toISOString();
  if (now < window.from || now >= window.until)
    return refuse(
      "outsideInspectionWindow",
      `access to inspection ${own} runs from ${window.from} until ${window.until}`,
    );
  if (context.inspectionId !== undefined && context.inspectionId !== own)
    return refuse(
      "otherInspection",
      `${principal.actor} is bound to inspection ${own}, not ${context.inspectionId}`,
    );
  const tracked = () => {
    const asked = context.caseIds ?? [];
    if (asked.length === 0)
      return refuse("caseRequired", "name the children (selected for tracking) whose detail you need");
    const selected = trackedChildren(evidence.partnership, own);
    const other = asked.find((id) => !selected.has(id));
    return other === undefined
      ? ({ allowed: true, scope } as const)
      : refuse("notTrackedChild", `case ${other} is not selected for tracking in inspection ${own}`);
  };
  const signedOff = () =>
    evidence.sef.signOffs.length > 0
      ? ({ allowed: true, scope } as const)
      : refuse("sefNotSignedOff", "the SEF has not been signed off yet");
  switch (scope) {
    case "trackedChildren":
      return tracked();
    case "signedOffSef":
      return signedOff();
    case "inspectionPacks": {
      const pack = context.pack;
      if (pack?.includeWarnings)
        return refuse("internalAppendix", "the SEF's gaps and contradictions appendix is internal");
      if (pack?.kind === "sef") return signedOff();
      if (pack?.kind === "cases") return tracked();
      return { allowed: true, scope };
    }
    case "issuedForInspection": {
      const issued = context.issued;
      if (!issued) return { allowed: true, scope };
      if (issued.includeWarnings)
        return refuse("internalAppendix", "the SEF's gaps and contradictions appendix is internal");
      const forOwn =
        issued.inspectionId === own ||
        (issued.inspectionId === undefined &&
          issued.issuedAt >= window.from &&
          issued.issuedAt < window.until);
      return forOwn
        ? { allowed: true, scope }
        : refuse("notIssuedForInspection", `that pack was not issued for inspection ${own}`);
    }
    default:
      return { allowed: true, scope };
  }
}

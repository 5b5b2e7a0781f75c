/**
 * Date-order rules of the case deciders (src/commands/case.ts): a later fact never dated before the one it
 * follows, and an initial plan's dates against its request and decisions.
 */
import type { IsoDate } from "../../schemas/common.js";
import type { CaseState } from "./case.js";
import { type DomainError, fail } from "./decision.js";

export const notBefore = (later: IsoDate, earlier: IsoDate | undefined, field: string, what: string) =>
  earlier && later < earlier
    ? fail("outOfOrder", `${field} ${later} is before ${what} (${earlier})`, [field])
    : undefined;

/**
 * An initial plan's dates against the request and the decisions before it (an impossible history is refused
 * whole): the draft not before the request or the decision to assess; the final plan not before the draft,
 * the request, the decision to assess or the decision to issue; and no plan after a refusal to assess unless
 * what overturned the refusal is recorded (a new request starts a new clock instead).
 */
export function initialPlanRule(
  i: { issuedOn: IsoDate; draftIssuedOn?: IsoDate | undefined; refusalOverturnedBy?: string | undefined },
  s: CaseState,
): DomainError | undefined {
  if (s.assessmentDecision === "refuse" && !i.refusalOverturnedBy)
    return fail(
      "refusedToAssess",
      `the request of ${s.requestedOn} was refused assessment on ${s.assessmentDecidedOn}; record a new request, or what overturned the refusal (refusalOverturnedBy, e.g. a tribunal order)`,
      ["refusalOverturnedBy"],
    );
  if (i.refusalOverturnedBy && s.assessmentDecision !== "refuse")
    return fail("noRefusal", "refusalOverturnedBy applies only to a plan after a refusal to assess", [
      "refusalOverturnedBy",
    ]);
  const assessedOn = s.assessmentDecision === "assess" ? s.assessmentDecidedOn : undefined;
  const decidedToIssueOn = s.planDecision === "issue" ? s.planDecidedOn : undefined;
  const draft = i.draftIssuedOn;
  return (
    (draft
      ? (notBefore(draft, s.requestedOn, "draftIssuedOn", "the request") ??
        notBefore(draft, assessedOn, "draftIssuedOn", "the decision to assess"))
      : undefined) ??
    notBefore(i.issuedOn, s.requestedOn, "issuedOn", "the request") ??
    notBefore(i.issuedOn, assessedOn, "issuedOn", "the decision to assess") ??
    notBefore(i.issuedOn, decidedToIssueOn, "issuedOn", "the decision to issue") ??
    (draft ? notBefore(i.issuedOn, draft, "issuedOn", "the draft") : undefined)
  );
}

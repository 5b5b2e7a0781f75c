/**
 * The draft-plan figure of the timeliness read model: initial plans issued in a window, how many had their
 * draft within 16 weeks of the request, which had the 15 days for representations cut short (reg 13(1)),
 * and the 20-week exceptions recorded, by their reg 10(4) reason. Pure.
 */
import type { IsoDate } from "../schemas/common.js";
import { exceptionReasons, twentyWeekException } from "../schemas/events/case.js";
import type { CasesState } from "./cases.js";
import { draftPlanStep, representationPeriod } from "./planClocks.js";
import { percentOf, type Share } from "./timeliness.js";

export interface DraftPlanTimeliness {
  from: IsoDate;
  to: IsoDate;
  /** Initial plans issued in [from, to]. */
  issued: number;
  /** Of those, plans whose draft date is recorded. */
  draftRecorded: number;
  /** Drafts issued within 16 weeks of the request: of those with a draft date. */
  draftWithin16Weeks: Share;
  /** Cases whose final plan came less than 15 days after the draft (reg 13(1)), sorted. */
  representationsCutShortCaseIds: string[];
  /** The 20-week exceptions recorded on those plans, by reg 10(4) reason. */
  exceptionsByReason: { reason: string; paragraph: string; plans: number }[];
}

/** Draft plans, the 15 days for representations and the exception reasons of initial plans issued in [from, to]. */
export function draftPlanTimeliness(
  cases: CasesState,
  window: { from: IsoDate; to: IsoDate },
): DraftPlanTimeliness {
  const { from, to } = window;
  let issued = 0;
  let recorded = 0;
  let within = 0;
  const cutShort = new Set<string>();
  const byReason = new Map<string, number>();
  for (const c of cases.byId.values()) {
    for (const r of c.requests) {
      if (!r.issued || r.issued.issuedOn < from || r.issued.issuedOn > to) continue;
      issued += 1;
      for (const e of r.issued.exceptions) byReason.set(e, (byReason.get(e) ?? 0) + 1);
      const draft = r.issued.draftIssuedOn;
      if (draft === undefined) continue;
      recorded += 1;
      if (draftPlanStep(r.requestedOn, draft).status === "met") within += 1;
      if (representationPeriod(draft, r.issued.issuedOn).cutShort) cutShort.add(c.caseId);
    }
  }
  return {
    from,
    to,
    issued,
    draftRecorded: recorded,
    draftWithin16Weeks: { within, total: recorded, percent: percentOf(within, recorded) },
    representationsCutShortCaseIds: [...cutShort].sort(),
    exceptionsByReason: twentyWeekException.options.map((reason) => ({
      reason,
      paragraph: exceptionReasons[reason],
      plans: byReason.get(reason) ?? 0,
    })),
  };
}

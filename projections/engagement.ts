/**
 * Engagement meetings (June 2025 handbook): held at a frequency the area sets, not "annual" by rule. The next
 * is due `everyMonths` after the last one held (calendar months, clamped to the month's end). Pure.
 */
import type { IsoDate } from "../schemas/common.js";
import { addMonths } from "./calendar.js";
import type { PartnershipState } from "./partnership.js";

export interface EngagementView {
  everyMonths?: number;
  lastHeldOn?: IsoDate;
  /** Absent until a frequency is set and a meeting held. */
  nextDueOn?: IsoDate;
  overdue: boolean;
}

export function engagementMeetings(p: PartnershipState, asOf: IsoDate): EngagementView {
  const lastHeldOn = (p.engagement?.meetings ?? [])
    .filter((d) => d <= asOf)
    .sort()
    .at(-1);
  const everyMonths = p.engagement?.everyMonths;
  const nextDueOn = lastHeldOn && everyMonths ? addMonths(lastHeldOn, everyMonths) : undefined;
  return {
    ...(everyMonths ? { everyMonths } : {}),
    ...(lastHeldOn ? { lastHeldOn } : {}),
    ...(nextDueOn ? { nextDueOn } : {}),
    overdue: nextDueOn !== undefined && asOf > nextDueOn,
  };
}

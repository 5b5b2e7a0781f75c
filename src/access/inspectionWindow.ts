/**
 * When an inspector may read: from the inspection's notification to a number of days (the setting
 * INSPECTOR_ACCESS_DAYS_AFTER) after it ends. An inspection ends when its outcome is published
 * (`InspectionOutcomeRecorded.publishedOn`); until that is recorded, three weeks after notification — the
 * length of a full area SEND inspection.
 */
import type { InspectionRecord, PartnershipState } from "../../projections/partnership.js";

export const INSPECTION_DAYS = 21;
export const DEFAULT_DAYS_AFTER = 30;
const DAY_MS = 86_400_000;

export interface AccessWindow {
  from: string;
  /** The first moment after the window. */
  until: string;
}

/** The inspection with this id, if the store knows it (safe for any id, `__proto__` included). */
export function inspectionIn(p: PartnershipState, id: string): InspectionRecord | undefined {
  return p.inspections.get(id);
}

export function accessWindow(ins: InspectionRecord | undefined, daysAfter: number): AccessWindow | undefined {
  if (!ins?.notifiedAt) return undefined;
  const notified = Date.parse(ins.notifiedAt);
  const ends = ins.outcome
    ? Date.parse(`${ins.outcome.publishedOn}T00:00:00Z`) + DAY_MS
    : notified + INSPECTION_DAYS * DAY_MS;
  return {
    from: new Date(notified).toISOString(),
    until: new Date(ends + daysAfter * DAY_MS).toISOString(),
  };
}

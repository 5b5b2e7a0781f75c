import t from "tap";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { engagementMeetings } from "../../projections/engagement.js";
import { partnershipProjection } from "../../projections/partnership.js";
import { fold } from "../../projections/projection.js";
import { recorded } from "./recorded.js";

const ev = (type: string, data: Record<string, unknown>): RecordedEvent =>
  recorded("area-E09000001", type, { ...data, schemaVersion: 1 });

t.test("engagement meetings at the area's frequency, not annual", async (t) => {
  const held = ev("EngagementMeetingHeld", { heldOn: "2025-10-31" });
  t.same(engagementMeetings(fold(partnershipProjection, []), "2026-01-01"), { overdue: false });
  t.same(engagementMeetings(fold(partnershipProjection, [held]), "2026-01-01"), {
    lastHeldOn: "2025-10-31",
    overdue: false,
  });
  const state = fold(partnershipProjection, [ev("EngagementFrequencySet", { everyMonths: 4 }), held]);
  t.same(engagementMeetings(state, "2026-02-28"), {
    everyMonths: 4,
    lastHeldOn: "2025-10-31",
    nextDueOn: "2026-02-28",
    overdue: false,
  });
  t.equal(engagementMeetings(state, "2026-03-01").overdue, true, "the day after");
  t.equal(engagementMeetings(state, "2025-10-30").lastHeldOn, undefined, "as at a date before the meeting");
});

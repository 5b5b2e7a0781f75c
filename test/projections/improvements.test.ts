import t from "tap";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { evidenceProjection } from "../../projections/evidence.js";
import { improvements } from "../../projections/improvements.js";
import { fold } from "../../projections/projection.js";
import { recorded } from "./recorded.js";

const ev = (stream: string, type: string, data: Record<string, unknown>): RecordedEvent =>
  recorded(stream, type, { ...data, schemaVersion: 1 });

t.test("areas for improvement with their owning partner, tracked into the action plan", async (t) => {
  const state = fold(evidenceProjection, [
    ev("inspection-I1", "InspectionNotified", { notifiedAt: "2026-11-02T09:30:00Z", kind: "full" }),
    ev("inspection-I1", "AreaForImprovementRecorded", {
      ref: "AFI-1",
      text: "Leaders in health should cut waits.",
      owner: "ICB",
    }),
    ev("inspection-I1", "AreaForImprovementRecorded", {
      ref: "AFI-2",
      text: "Leaders should improve plans.",
      owner: "both",
    }),
    ev("action-A1", "ActionRaised", {
      title: "Cut SLT waits",
      priorityArea: "Health",
      criteria: ["A3"],
      owner: "ICB",
      dueOn: "2027-06-30",
      source: { kind: "inspection finding", ref: "I1/AFI-1" },
    }),
  ]);
  const list = improvements(state, "I1", "2026-12-01");
  t.same(
    list.map((i) => [i.ref, i.owner, i.actions.map((a) => a.actionId), i.untracked]),
    [
      ["AFI-1", "ICB", ["A1"], false],
      ["AFI-2", "both", [], true],
    ],
  );
  t.same(improvements(state, "NO-SUCH", "2026-12-01"), []);
});

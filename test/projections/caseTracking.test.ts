import t from "tap";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { outcomes } from "../../schemas/events/inspection.js";
import { trackingSample } from "../../projections/caseTracking.js";
import { evidenceProjection } from "../../projections/evidence.js";
import { fold } from "../../projections/projection.js";
import { recorded } from "./recorded.js";

const ev = (stream: string, type: string, data: Record<string, unknown>): RecordedEvent =>
  recorded(stream, type, { ...data, schemaVersion: 1 });

function child(id: string, kind: "ap" | "sen" | "plan"): RecordedEvent[] {
  const s = `case-${id}`;
  return [
    ev(s, "CaseRegistered", { caseId: id, dateOfBirth: "2014-01-01", gender: "male", ethnicity: "WBRI" }),
    kind === "sen"
      ? ev(s, "SenSupportRecorded", { startedOn: "2023-09-01" })
      : ev(s, "PlacementRecorded", {
          effectiveFrom: "2025-09-01",
          mainPhase: kind === "ap" ? "alternative provision" : "secondary",
          electiveHomeEducation: false,
          alternativeProvision: kind === "ap",
          outOfArea: false,
        }),
  ];
}

const notified = ev("inspection-I1", "InspectionNotified", {
  notifiedAt: "2026-11-02T09:30:00Z",
  kind: "full",
});
const select = (caseIds: string[]) =>
  ev("inspection-I1", "CasesSelectedForTracking", { selectedAt: "2026-11-09T09:00:00Z", caseIds });
const consent = (caseId: string, c: string) =>
  ev("inspection-I1", "TrackingConsentRecorded", { caseId, consent: c, recordedAt: "2026-11-10T09:00:00Z" });

t.test("a sample that keeps the handbook's rule, with consent for every child", async (t) => {
  const ids = ["T1", "T2", "T3", "T4", "T5", "T6"];
  const kinds = ["ap", "sen", "sen", "plan", "plan", "plan"] as const;
  const state = fold(evidenceProjection, [
    ...ids.flatMap((id, i) => child(id, kinds[i]!)),
    notified,
    select(ids),
    ...ids.map((id) => consent(id, "given")),
  ]);
  const sample = trackingSample(state, "I1")!;
  t.same(sample.warnings, []);
  t.same(
    sample.children.map((c) => [c.caseId, c.alternativeProvision, c.senSupport, c.consent]),
    [
      ["T1", true, false, "given"],
      ["T2", false, true, "given"],
      ["T3", false, true, "given"],
      ["T4", false, false, "given"],
      ["T5", false, false, "given"],
      ["T6", false, false, "given"],
    ],
  );
});

t.test("the LANO is warned when a selection breaks the rule", async (t) => {
  const state = fold(evidenceProjection, [
    ...child("T1", "plan"),
    ...child("T2", "sen"),
    notified,
    select(["T1", "T2", "GONE"]),
    consent("T1", "given"),
    consent("T2", "given"),
    consent("T2", "refused"),
  ]);
  t.same(trackingSample(state, "I1")!.warnings, [
    "3 children tracked; inspectors usually track 6",
    "0 tracked in alternative provision; the sample usually has at least 1",
    "1 tracked on SEN support; the sample usually has at least 2",
    "case T2: consent refused",
    "case GONE is not on the register",
    "case GONE: consent not recorded",
  ]);
  t.equal(trackingSample(state, "NO-SUCH"), undefined);
  t.same(trackingSample(fold(evidenceProjection, [notified]), "I1"), {
    inspectionId: "I1",
    children: [],
    warnings: [],
  });
});

t.test("the three outcomes, worded as reports word them", async (t) => {
  t.match(outcomes[1].wording, /^The local area partnership's SEND arrangements typically lead to positive/);
  t.match(outcomes[2].follows, /updates and publishes its strategic plan/);
  t.match(
    outcomes[3].follows,
    /priority action plan to HMCI; a monitoring inspection usually about 18 months/,
  );
});

import t from "tap";
import { codeOf, decider } from "./decide.js";

t.test("consent is recorded only for a tracked child of a notified inspection", async (t) => {
  const i = decider("I1");
  const consent = { caseId: "C000001", consent: "given", recordedAt: "2026-11-10T09:00:00Z" };
  t.equal(codeOf(i.run("recordTrackingConsent", consent)), "notNotified");
  i.run("notifyInspection", { notifiedAt: "2026-11-02T09:30:00Z", kind: "full" });
  t.equal(codeOf(i.run("recordTrackingConsent", consent)), "notTracked");
  i.run("selectCasesForTracking", { selectedAt: "2026-11-09T09:00:00Z", caseIds: ["C000001"] });
  t.equal(
    codeOf(i.run("recordTrackingConsent", { ...consent, recordedAt: "2026-12-10T09:00:00Z" })),
    "dateInFuture",
  );
  t.equal(codeOf(i.run("recordTrackingConsent", consent)), "appended");
  t.same(i.run("recordTrackingConsent", { ...consent, consent: "maybe" }), { invalid: ["consent"] });
});

t.test("an area for improvement is recorded once, with its owning partner", async (t) => {
  const i = decider("I2");
  const afi = { ref: "AFI-1", text: "Leaders in health should reduce waits.", owner: "ICB" };
  t.equal(codeOf(i.run("recordAreaForImprovement", afi)), "notNotified");
  i.run("notifyInspection", { notifiedAt: "2026-11-02T09:30:00Z", kind: "full" });
  t.equal(codeOf(i.run("recordAreaForImprovement", afi)), "appended");
  t.equal(codeOf(i.run("recordAreaForImprovement", afi)), "alreadyRecorded");
  t.same(i.run("recordAreaForImprovement", { ...afi, ref: "AFI-2", owner: "health" }), {
    invalid: ["owner"],
  });
});

t.test("engagement meetings: the frequency is the area's, set once the area is configured", async (t) => {
  const a = decider("E09000001");
  t.equal(codeOf(a.run("setEngagementFrequency", { everyMonths: 6 })), "areaNotConfigured");
  t.equal(codeOf(a.run("recordEngagementMeeting", { heldOn: "2026-10-01" })), "areaNotConfigured");
  a.run("configureArea", {
    laCode: "E09000001",
    name: "Test area",
    region: "London",
    icb: "Test ICB",
    statisticalNeighbours: [],
    lano: { name: "A LANO" },
  });
  t.equal(codeOf(a.run("setEngagementFrequency", { everyMonths: 6 })), "appended");
  t.same(a.run("setEngagementFrequency", { everyMonths: 0 }), { invalid: ["everyMonths"] });
  t.equal(codeOf(a.run("recordEngagementMeeting", { heldOn: "2026-12-01" })), "dateInFuture");
  t.equal(codeOf(a.run("recordEngagementMeeting", { heldOn: "2026-10-01" })), "appended");
});

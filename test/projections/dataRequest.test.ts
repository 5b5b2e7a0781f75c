import t from "tap";
import { dataRequestView, dueAt, registerCounts } from "../../projections/dataRequest.js";
import { evidenceProjection } from "../../projections/evidence.js";
import { fold } from "../../projections/projection.js";
import { demoEvents } from "./demoEvents.js";

const lano = { actor: "demo.lano", role: "lano" as const };
const notify = {
  at: "2026-11-23T09:30:00.000Z",
  command: "notifyInspection",
  id: "INS-2026",
  input: { notifiedAt: "2026-11-23T09:30:00Z", kind: "full" },
  ...lano,
};
const provide = {
  at: "2026-11-23T15:00:00.000Z",
  command: "provideDataRequestItem",
  id: "INS-2026",
  input: { itemKey: "jsna", providedAt: "2026-11-23T15:00:00Z", note: "JSNA SEND chapter sent" },
  ...lano,
};

t.test("deadlines count from the notification call", async (t) => {
  const item = (amount: number, unit: "hours" | "workingDays") => ({
    key: "x",
    title: "x",
    kind: "list" as const,
    owner: "o",
    source: "s",
    deadline: { amount, unit },
  });
  t.equal(dueAt("2026-11-23T09:30:00.000Z", item(24, "hours")), "2026-11-24T09:30:00.000Z");
  t.equal(dueAt("2026-11-23T09:30:00.000Z", item(2, "workingDays")), "2026-11-25T09:30:00.000Z");
  t.equal(
    dueAt("2026-11-27T09:30:00.000Z", item(1, "workingDays")),
    "2026-11-30T09:30:00.000Z",
    "Friday + 1 working day is Monday",
  );
});

t.test("the demo area's request on the clock", async (t) => {
  const before = fold(evidenceProjection, await demoEvents());
  const quiet = dataRequestView(before, "2026-11-23T08:00:00.000Z");
  t.equal(quiet.inspectionId, undefined, "no inspection notified yet");
  t.equal(quiet.items.length, 13);
  t.ok(
    quiet.items.every((i) => i.dueAt === undefined),
    "no deadlines before notification",
  );
  const byKey = (v: ReturnType<typeof dataRequestView>) => Object.fromEntries(v.items.map((i) => [i.key, i]));
  t.equal(byKey(quiet).annexAList1!.status, "missing", "lists not built");
  t.equal(byKey(quiet).selfEvaluation!.status, "ready", "the demo SEF is signed off");
  t.equal(byKey(quiet).disagreementResolution!.status, "missing", "not held in the store");

  const state = fold(evidenceProjection, await demoEvents(undefined, [notify, provide]));
  const view = dataRequestView(state, "2026-11-23T17:30:00.000Z", {
    annex: { list1Rows: 40, list1Errors: 2, list2Rows: 50, list2Errors: 0 },
  });
  const items = byKey(view);
  t.equal(view.inspectionId, "INS-2026");
  t.equal(items.annexAList1!.status, "failing checks");
  t.equal(items.annexAList2!.status, "ready");
  t.equal(items.jsna!.status, "provided");
  t.equal(items.jsna!.providedAt, "2026-11-23T15:00:00Z");
  t.equal(items.annexAList1!.dueAt, "2026-11-24T09:30:00.000Z");
  t.equal(items.annexAList1!.hoursLeft, 16, "16 hours left at 17:30");
  t.equal(items.surveys!.hoursLeft, 40, "2 working days");
  const total = Object.values(view.counts).reduce((a, b) => a + b, 0);
  t.equal(total, 13);
  t.equal(view.readiness, Math.round(((view.counts.provided + view.counts.ready) / 13) * 1000) / 10);
  const counts = registerCounts(state);
  t.equal(
    counts.ehcPlan + counts.senSupport + counts.ceased + counts.none,
    [...state.cases.byId.keys()].length,
  );
});

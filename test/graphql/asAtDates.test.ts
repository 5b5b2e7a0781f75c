/**
 * "As at a date" through the app: the end of that day in the area's calendar (Europe/London here), and
 * judged on the date asked even when the last event is earlier.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { evidenceProjection } from "../../projections/evidence.js";
import { buildApp } from "../../src/http/app.js";
import { ProjectionRunner } from "../../src/runner/runner.js";
import { openSnapshotStore } from "../../src/runner/snapshots.js";
import { openSqliteStore } from "../../src/store/sqlite.js";

const dir = mkdtempSync(join(tmpdir(), "send-asat-"));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

let now = new Date("2024-09-01T09:00:00Z");
const store = openSqliteStore(join(dir, "events.db"), { clock: () => now, pollMs: 10 });
const meta = { actor: "t", role: "admin" as const, correlationId: "c", source: "test" };
async function record(at: string, caseId: string, type: string, data: Record<string, unknown>) {
  now = new Date(at);
  await store.append(
    `case-${caseId}`,
    [{ id: randomUUID(), type, data: { schemaVersion: 1, ...data }, metadata: meta }],
    "any",
  );
}
const register = (at: string, caseId: string) =>
  record(at, caseId, "CaseRegistered", {
    caseId,
    dateOfBirth: "2015-05-01",
    gender: "male",
    ethnicity: "WBRI",
  });

// C0B: a plan issued on 31 March (day 140 of 20 weeks), recorded at 00:30 BST on 31 March (23:30 UTC on 30 March).
await register("2024-11-11T09:00:00Z", "C0B");
await record("2024-11-11T09:00:01Z", "C0B", "AssessmentRequested", {
  requestedOn: "2024-11-11",
  requestedBy: "parent",
});
await record("2024-11-12T09:00:00Z", "C0B", "PrimaryNeedRecorded", { need: "ASD", recordedOn: "2024-11-12" });
await record("2024-12-10T09:00:00Z", "C0B", "AssessmentDecisionRecorded", {
  decidedOn: "2024-12-10",
  decision: "assess",
});
await record("2025-03-30T23:30:00Z", "C0B", "EhcPlanIssued", {
  kind: "initial",
  issuedOn: "2025-03-31",
  exceptions: [],
});
// C0L: a request whose 20 weeks run out on 20 October; nothing more happens before the last event (27 October).
await register("2025-03-31T22:30:00Z", "C0L"); // 23:30 BST on 31 March: inside "as at 31 March"
await record("2025-06-02T09:00:00Z", "C0L", "AssessmentRequested", {
  requestedOn: "2025-06-02",
  requestedBy: "parent",
});
// C0M: registered at 00:30 BST on 1 April (23:30 UTC on 31 March): outside "as at 31 March".
await register("2025-03-31T23:30:00Z", "C0M");
await record("2025-10-27T12:00:00Z", "C0M", "PrimaryNeedRecorded", {
  need: "SLCN",
  recordedOn: "2025-10-27",
});

const snapshots = openSnapshotStore(join(dir, "projections.db"));
const runner = new ProjectionRunner(store, evidenceProjection, snapshots);
await runner.start();
const token = "lano-read-token-0123456789";
const app = await buildApp({
  store,
  tokens: { [token]: { actor: "lano.reader", role: "lano" } },
  today: () => "2026-01-05",
  logLevel: "silent",
  runner,
  timeZone: "Europe/London",
});
t.teardown(async () => {
  await app.close();
  await runner.stop();
  snapshots.close();
  await store.close();
});
const gql = async (query: string) => {
  const res = await app.inject({
    method: "POST",
    url: "/graphql",
    payload: { query },
    headers: { authorization: `Bearer ${token}` },
  });
  return (res.json() as { data: Record<string, unknown> }).data;
};

t.test(
  "31 March in BST: an event at 00:30 BST on 31 March is inside, one at 00:30 on 1 April is not",
  async (t) => {
    const d = (await gql(`{
    casePack(caseId: "C0B", asAt: "2025-03-31") { asOf timeline { step status doneOn } }
    timeliness(asAt: "2025-03-31") { twentyWeek { from to issued } }
    cases(asAt: "2025-03-31") { total }
  }`)) as {
      casePack: { asOf: string; timeline: { step: string; status: string; doneOn: string | null }[] };
      timeliness: { twentyWeek: { from: string; to: string; issued: number } };
      cases: { total: number };
    };
    t.equal(d.casePack.asOf, "2025-03-31");
    t.match(
      d.casePack.timeline.find((s) => s.step.startsWith("Final EHC plan")),
      { status: "met", doneOn: "2025-03-31" },
      "the plan issued that day is issued, not pending",
    );
    t.same(d.timeliness.twentyWeek, { from: "2024-04-01", to: "2025-03-31", issued: 1 });
    t.equal(d.cases.total, 2, "C0B and C0L (registered 23:30 BST), not C0M (00:30 BST on 1 April)");

    const csv = await app.inject({
      url: "/api/v1/exports/annex-a/list-1.csv?asAt=2025-03-31",
      headers: { authorization: `Bearer ${token}` },
    });
    t.match(csv.body, /\nC0B,/, "Annex A as at 31 March lists the child whose plan was issued that day");
  },
);

t.test("as at a date after the last event is judged on that date", async (t) => {
  const d = (await gql(`{
    early: timeliness(asAt: "2025-10-19") { overdue { asOf twentyWeekPlans } }
    late: timeliness(asAt: "2025-12-15") { overdue { asOf twentyWeekPlans } annualReviews { to } }
    pack: casePack(caseId: "C0L", asAt: "2025-12-15") { asOf timeline { step status daysLate } }
  }`)) as {
    early: { overdue: { asOf: string; twentyWeekPlans: string[] } };
    late: { overdue: { asOf: string; twentyWeekPlans: string[] }; annualReviews: { to: string } };
    pack: { asOf: string; timeline: { step: string; status: string; daysLate: number }[] };
  };
  t.same(d.early.overdue, { asOf: "2025-10-19", twentyWeekPlans: [] });
  t.same(d.late.overdue, { asOf: "2025-12-15", twentyWeekPlans: ["C0L"] }, "not judged on 27 October");
  t.equal(d.late.annualReviews.to, "2025-12-15");
  t.match(
    d.pack.timeline.find((s) => s.step.startsWith("Final EHC plan")),
    { status: "overdue", daysLate: 56 },
  );

  const csv = await app.inject({
    url: "/api/v1/exports/annex-a/list-1.csv?asAt=2025-12-15",
    headers: { authorization: `Bearer ${token}` },
  });
  t.equal(csv.headers["content-disposition"], 'attachment; filename="annex-a-list-1-2025-12-15.csv"');

  const pdf = await app.inject({
    url: "/api/v1/packs/cases.pdf?asAt=2025-12-15&case=C0L",
    headers: { authorization: `Bearer ${token}` },
  });
  t.equal(pdf.statusCode, 200);
  const verified = await app.inject({
    method: "POST",
    url: "/api/v1/packs/verify",
    payload: pdf.rawPayload,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/pdf" },
  });
  t.match(
    verified.json(),
    { ok: true, meta: { asOf: "2025-12-15T23:59:59.999Z", request: { asAt: "2025-12-15T23:59:59.999Z" } } },
    "the date asked is in the manifest, so the pack rebuilds",
  );
});

t.test("the handbook's read models and the new timeliness figures over GraphQL", async (t) => {
  const inspection = async (at: string, type: string, data: Record<string, unknown>) => {
    now = new Date(at);
    const r = await store.append(
      "inspection-I1",
      [{ id: randomUUID(), type, data: { schemaVersion: 1, ...data }, metadata: meta }],
      "any",
    );
    await runner.waitFor(r.position);
  };
  await inspection("2025-11-03T09:30:00Z", "InspectionNotified", {
    notifiedAt: "2025-11-03T09:30:00Z",
    kind: "full",
  });
  await inspection("2025-11-10T09:00:00Z", "CasesSelectedForTracking", {
    selectedAt: "2025-11-10T09:00:00Z",
    caseIds: ["C0B", "C0L"],
  });
  await inspection("2025-11-11T09:00:00Z", "TrackingConsentRecorded", {
    caseId: "C0B",
    consent: "given",
    recordedAt: "2025-11-11T09:00:00Z",
  });
  await inspection("2025-11-12T09:00:00Z", "AreaForImprovementRecorded", {
    ref: "AFI-1",
    text: "Leaders in health should reduce waiting times.",
    owner: "ICB",
  });
  const d = (await gql(`{
    caseTracking(inspectionId: "I1") { children { caseId consent } warnings }
    improvements(inspectionId: "I1") { ref owner untracked actions { actionId } }
    engagement { everyMonths nextDueOn overdue }
    timeliness(asAt: "2025-12-15") {
      draftPlans { issued draftRecorded exceptionsByReason { reason plans } }
      overdue { phaseTransfers amendedPlans }
    }
  }`)) as {
    caseTracking: { children: { caseId: string; consent: string }[]; warnings: string[] };
    improvements: unknown[];
    timeliness: { draftPlans: { issued: number; draftRecorded: number }; overdue: unknown };
  };
  t.same(d.caseTracking.children, [
    { caseId: "C0B", consent: "given" },
    { caseId: "C0L", consent: "not recorded" },
  ]);
  t.match(d.caseTracking.warnings, ["2 children tracked; inspectors usually track 6"]);
  t.ok(d.caseTracking.warnings.includes("case C0L: consent not recorded"));
  t.same(d.improvements, [{ ref: "AFI-1", owner: "ICB", untracked: true, actions: [] }]);
  t.same((d as unknown as { engagement: unknown }).engagement, {
    everyMonths: null,
    nextDueOn: null,
    overdue: false,
  });
  t.match(
    d.timeliness.draftPlans,
    { issued: 1, draftRecorded: 0 },
    "C0B's plan of 31 March is in the 12 months",
  );
  t.same(d.timeliness.overdue, { phaseTransfers: [], amendedPlans: [] });
});

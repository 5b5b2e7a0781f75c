import t from "tap";
import { commandByName } from "../../src/commands/index.js";
import { codeOf, decider } from "./decide.js";

t.test("actions", async (t) => {
  const a = decider("ACT-001");
  const raise = {
    title: "Cut autism assessment waits",
    priorityArea: "Health waiting times",
    criteria: ["A3", "B4"],
    owner: "ICB",
    dueOn: "2027-06-30",
    source: { kind: "inspection finding" },
  };
  t.equal(
    codeOf(a.run("completeAction", { completedOn: "2026-01-01", impact: "x", evidence: [] })),
    "actionNotRaised",
  );
  t.equal(codeOf(a.run("raiseAction", raise)), "appended");
  t.equal(codeOf(a.run("raiseAction", raise)), "actionAlreadyRaised");
  t.equal(codeOf(a.run("reopenAction", { reopenedOn: "2026-01-01", reason: "x" })), "actionNotCompleted");
  t.equal(
    codeOf(
      a.run("updateActionProgress", { updatedOn: "2026-12-01", rag: "amber", narrative: "x", evidence: [] }),
    ),
    "dateInFuture",
  );
  t.equal(
    codeOf(a.run("changeActionDueDate", { dueOn: "2027-09-30", reason: "Provider capacity" })),
    "appended",
  );
  t.same(a.run("completeAction", { completedOn: "2026-11-01", impact: "", evidence: [] }), {
    invalid: ["impact"],
  });
  t.equal(
    codeOf(
      a.run("completeAction", {
        completedOn: "2026-11-01",
        impact: "Median wait down from 52 to 30 weeks",
        evidence: [],
      }),
    ),
    "appended",
  );
  t.equal(
    codeOf(
      a.run("updateActionProgress", { updatedOn: "2026-11-02", rag: "green", narrative: "x", evidence: [] }),
    ),
    "actionCompleted",
  );
  t.equal(
    codeOf(a.run("reopenAction", { reopenedOn: "2026-11-10", reason: "Waits rose again" })),
    "appended",
  );
});

t.test("metrics: define first; record once; correct with a reason", async (t) => {
  const m = decider("twentyWeekTimeliness");
  const value = { period: "2024", scope: { kind: "england" }, value: 46.4 };
  t.equal(codeOf(m.run("recordMetricValue", value)), "metricNotDefined");
  t.equal(codeOf(m.run("correctMetricValue", { ...value, reason: "x" })), "metricNotDefined");
  t.equal(
    codeOf(
      m.run("defineMetric", {
        title: "New plans within 20 weeks",
        unit: "percent",
        higherIsBetter: true,
        criteria: ["A1"],
        source: "SEN2",
      }),
    ),
    "appended",
  );
  t.equal(
    codeOf(
      m.run("defineMetric", {
        title: "again",
        unit: "percent",
        higherIsBetter: true,
        criteria: ["A1"],
        source: "SEN2",
      }),
    ),
    "metricAlreadyDefined",
  );
  t.equal(codeOf(m.run("correctMetricValue", { ...value, reason: "x" })), "noValueToCorrect");
  t.equal(codeOf(m.run("recordMetricValue", value)), "appended");
  t.equal(
    codeOf(m.run("recordMetricValue", { ...value, scope: { kind: "region", name: "London" } })),
    "appended",
    "another scope",
  );
  t.equal(codeOf(m.run("recordMetricValue", value)), "valueAlreadyRecorded");
  t.equal(
    codeOf(m.run("correctMetricValue", { ...value, value: 46.5, reason: "Revised release" })),
    "appended",
  );
  t.same(m.run("recordMetricValue", { ...value, period: "24" }), { invalid: ["period"] });
});

t.test("the SEF", async (t) => {
  const s = decider("E09000099");
  const draft = {
    statementId: "S1",
    criterion: "A1",
    kind: "strength",
    text: "Plans are timely.",
    evidence: [{ kind: "metric", id: "twentyWeekTimeliness" }],
  };
  const signOff = {
    version: "1",
    signedOn: "2026-11-01",
    council: { name: "a", role: "DCS" },
    icb: { name: "b", role: "CNO" },
    parentCarerForum: { name: "c", role: "Chair" },
  };
  t.equal(codeOf(s.run("signOffSef", signOff)), "emptySef");
  t.equal(
    codeOf(s.run("reviseSefStatement", { statementId: "S1", text: "x", reason: "y" })),
    "noLiveStatement",
  );
  t.equal(codeOf(s.run("draftSefStatement", draft)), "appended");
  t.equal(codeOf(s.run("draftSefStatement", draft)), "statementExists");
  t.same(s.run("reviseSefStatement", { statementId: "S1", reason: "y" }), { invalid: ["text"] });
  t.equal(
    codeOf(s.run("reviseSefStatement", { statementId: "S1", kind: "impact", reason: "Better fit" })),
    "appended",
  );
  t.equal(codeOf(s.run("signOffSef", signOff)), "appended");
  t.equal(codeOf(s.run("withdrawSefStatement", { statementId: "S1", reason: "Superseded" })), "appended");
  t.equal(codeOf(s.run("withdrawSefStatement", { statementId: "S1", reason: "again" })), "noLiveStatement");
  t.same(s.run("draftSefStatement", { ...draft, statementId: "S2", criterion: "C1" }), {
    invalid: ["criterion"],
  });
});

t.test("inspections and their outcome dates", async (t) => {
  const i = decider("INS-2026");
  t.equal(
    codeOf(i.run("selectCasesForTracking", { selectedAt: "2026-11-10T09:00:00Z", caseIds: ["C000001"] })),
    "notNotified",
  );
  t.equal(
    codeOf(i.run("notifyInspection", { notifiedAt: "2026-12-07T09:30:00Z", kind: "full" })),
    "dateInFuture",
  );
  t.equal(
    codeOf(i.run("notifyInspection", { notifiedAt: "2026-11-09T09:30:00Z", kind: "full" })),
    "appended",
  );
  t.equal(
    codeOf(i.run("notifyInspection", { notifiedAt: "2026-11-09T09:30:00Z", kind: "full" })),
    "alreadyNotified",
  );
  t.same(
    i.run("selectCasesForTracking", { selectedAt: "2026-11-16T09:00:00Z", caseIds: ["C000001", "C000001"] }),
    { invalid: ["caseIds"] },
  );
  t.equal(
    codeOf(
      i.run("selectCasesForTracking", {
        selectedAt: "2026-11-16T09:00:00Z",
        caseIds: ["C000001", "C000002"],
      }),
    ),
    "appended",
  );
  t.equal(
    codeOf(
      i.run("setCaseSamplingTopic", {
        setAt: "2026-11-16T09:00:00Z",
        topic: "Quality of EHC plans",
        caseIds: ["C000003"],
      }),
    ),
    "appended",
  );
  const before = i.history.length;
  t.match(i.run("provideDataRequestItem", { itemKey: "annexAList1", providedAt: "2026-11-01T08:00:00Z" }), {
    code: "providedBeforeNotification",
    path: ["providedAt"],
  });
  t.match(i.run("provideDataRequestItem", { itemKey: "annexAList1", providedAt: "2026-12-01T08:00:00Z" }), {
    path: ["providedAt"],
  });
  t.equal(i.history.length, before, "nothing appended");
  t.equal(
    codeOf(i.run("provideDataRequestItem", { itemKey: "annexAList1", providedAt: "2026-11-10T08:00:00Z" })),
    "appended",
  );
  t.equal(codeOf(i.run("recordInspectionOutcome", { outcome: 3, publishedOn: "2026-02-28" })), "appended");
  t.same(i.history.at(-1)!.data, {
    outcome: 3,
    publishedOn: "2026-02-28",
    nextFullInspectionBy: "2029-02-28",
    monitoringInspectionBy: "2027-08-28",
    priorityActionPlanRequired: true,
    schemaVersion: 1,
  });
  t.equal(
    codeOf(i.run("recordInspectionOutcome", { outcome: 1, publishedOn: "2026-03-01" })),
    "outcomeRecorded",
  );
  const j = decider("INS-2027");
  j.run("notifyInspection", { notifiedAt: "2026-11-09T09:30:00Z", kind: "full" });
  j.run("recordInspectionOutcome", { outcome: 1, publishedOn: "2024-02-29" });
  t.same((j.history.at(-1)!.data as { nextFullInspectionBy: string }).nextFullInspectionBy, "2029-02-28");
});

t.test("an item provided is one of the area's data-request catalogue", async (t) => {
  const withItems = (keys: string[]) => {
    const i = decider("INS-C", "2026-11-23", "someone", "lano", { dataRequestItemKeys: new Set(keys) });
    i.run("notifyInspection", { notifiedAt: "2026-11-09T09:30:00Z", kind: "full" });
    return i;
  };
  const at = "2026-11-10T08:00:00Z";
  const none = withItems([]);
  t.match(none.run("provideDataRequestItem", { itemKey: "jsna", providedAt: at }), {
    code: "noDataRequestCatalogue",
    path: ["itemKey"],
  });
  const some = withItems(["jsna", "sef", ...Array.from({ length: 20 }, (_, n) => `extra${n}`)]);
  const refused = some.run("provideDataRequestItem", { itemKey: "toString", providedAt: at });
  t.match(refused, { code: "unknownDataRequestItem", path: ["itemKey"] });
  const message = (refused as { message: string }).message;
  t.match(
    message,
    "itemKey toString is not an item of the area's data-request catalogue; its items are jsna, sef",
  );
  t.match(message, /extra9, …$/, "a long catalogue is cut short");
  t.notMatch(message, "extra10");
  t.equal(
    codeOf(some.run("provideDataRequestItem", { itemKey: "constructor", providedAt: at })),
    "unknownDataRequestItem",
  );
  t.equal(some.history.length, 1, "nothing decided but the notification");
  t.equal(codeOf(some.run("provideDataRequestItem", { itemKey: "sef", providedAt: at })), "appended");

  const definition = commandByName.get("provideDataRequestItem")!;
  t.throws(
    () =>
      definition.decide(
        { itemKey: "sef", providedAt: at },
        { notified: true, notifiedAt: "2026-11-09T09:30:00Z", outcomeRecorded: false },
        { today: "2026-11-23", actor: "a", role: "lano", streamId: "INS-C" },
      ),
    /decided with the area's data-request catalogue/,
    "a handler that forgot the reference is a bug, not a refusal",
  );
});

t.test("areas and documents", async (t) => {
  const a = decider("E09000099");
  t.equal(
    codeOf(
      a.run("configureEvaluationCriteria", { criteria: [{ code: "A1", text: "x", wordingConfirmed: true }] }),
    ),
    "areaNotConfigured",
  );
  t.equal(
    codeOf(
      a.run("configureDataRequestCatalogue", {
        items: [
          {
            key: "annexAList1",
            title: "L1",
            kind: "list",
            owner: "x",
            source: "y",
            deadline: { amount: 24, unit: "hours" },
          },
        ],
      }),
    ),
    "areaNotConfigured",
  );
  const area = {
    laCode: "E09000098",
    name: "Elsewhere",
    region: "London",
    icb: "NCL ICB",
    statisticalNeighbours: [],
    lano: { name: "L" },
  };
  t.equal(codeOf(a.run("configureArea", area)), "laCodeMismatch");
  t.equal(codeOf(a.run("configureArea", { ...area, laCode: "E09000099" })), "appended");
  t.same(
    a.run("configureEvaluationCriteria", {
      criteria: [
        { code: "A1", text: "x", wordingConfirmed: true },
        { code: "A1", text: "y", wordingConfirmed: true },
      ],
    }),
    { invalid: ["criteria"] },
  );
  t.equal(
    codeOf(
      a.run("configureEvaluationCriteria", { criteria: [{ code: "A1", text: "x", wordingConfirmed: true }] }),
    ),
    "appended",
  );
  t.equal(
    codeOf(
      a.run("configureDataRequestCatalogue", {
        items: [
          {
            key: "annexAList1",
            title: "L1",
            kind: "list",
            owner: "x",
            source: "y",
            deadline: { amount: 24, unit: "hours" },
          },
        ],
      }),
    ),
    "appended",
  );
  const d = decider("DOC-1");
  const doc = {
    title: "Strategy",
    kind: "strategy",
    uri: "https://x.example/s.pdf",
    sha256: "a".repeat(64),
    version: "1",
  };
  t.equal(
    codeOf(d.run("supersedeDocument", { supersededBy: "DOC-2", supersededOn: "2026-01-01" })),
    "documentNotCurrent",
  );
  t.equal(codeOf(d.run("registerDocument", doc)), "appended");
  t.equal(codeOf(d.run("registerDocument", doc)), "documentRegistered");
  t.equal(
    codeOf(d.run("supersedeDocument", { supersededBy: "DOC-1", supersededOn: "2026-01-01" })),
    "supersededBySelf",
  );
  t.equal(
    codeOf(d.run("supersedeDocument", { supersededBy: "DOC-2", supersededOn: "2026-01-01" })),
    "appended",
  );
});

t.test("a pack is issued once, and has no generic route", async (t) => {
  const p = decider("PACK-1");
  const issue = {
    kind: "cases",
    position: 1200,
    sha256: "d".repeat(64),
    recipient: "Ofsted lead inspector",
    issuedAt: "2026-11-23T12:00:00Z",
    caseIds: ["C000001"],
  };
  t.equal(codeOf(p.run("issuePack", issue)), "appended");
  t.equal(codeOf(p.run("issuePack", issue)), "packAlreadyIssued");
  t.same(p.run("issuePack", { ...issue, sha256: "nope" }), { invalid: ["sha256"] });
  const { publicCommands } = await import("../../src/commands/index.js");
  t.notOk(
    publicCommands.some((c) => c.name === "issuePack"),
    "the server computes the hash; clients cannot post one",
  );
});

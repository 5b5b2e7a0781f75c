/**
 * Hostile ids (fast-check, fixed seed): every name `Object.prototype` has, `__proto__`, and random valid
 * ids, sent as the id of every command family over HTTP (cases, QA audits, actions, metrics, documents,
 * inspections, SEF statements and the evidence they cite, issued packs), through both imports (a case extract and a
 * metrics file), GraphQL (`case`, `casePack`, `qaAudits(caseId)`, the SEF, the data request, the action
 * plan, the metric comparisons) and the cases PDF (`?case=`). The server must answer every request (no
 * 5xx), stay healthy, take each valid id as an id like any other (201s), refuse each invalid one as bad
 * input (400), and its live read model must equal a fresh fold of the whole log.
 */
import fc from "fast-check";
import t from "tap";
import { defaultDataRequestCatalogue } from "../../fixtures/areaDefaults.js";
import { DEMO_LA } from "../../fixtures/demoArea/partnership.js";
import { evidenceProjection } from "../../projections/evidence.js";
import { serialised } from "../../projections/evidenceSnapshot.js";
import { fold } from "../../projections/projection.js";
import { caseId as caseIdSchema } from "../../schemas/common.js";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { csvTable } from "../imports/helpers.js";
import { readHarness } from "../graphql/readHarness.js";
import { sectionCriteria, sendCode2015 } from "../../schemas/qaChecklist.js";

const SEED = 20261201;
const RANDOM_RUNS = 6;
const PROTOTYPE_NAMES = [...Object.getOwnPropertyNames(Object.prototype), "__proto__"];
const catalogueKeys = new Set(defaultDataRequestCatalogue.map((item) => item.key));
const validId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{2,24}$/);

t.test("hostile ids through every command family, both imports, GraphQL and the PDF", async (t) => {
  const { app, store, runner, gql, auth } = await readHarness(t, { plans: 12, senSupport: 12 });
  const lano = auth("lano");
  const answered: { what: string; status: number }[] = [];
  const send = async (what: string, method: "GET" | "POST", url: string, payload?: unknown, headers = {}) => {
    const res = await app.inject({
      method,
      url,
      headers: { ...lano, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    answered.push({ what, status: res.statusCode });
    return res;
  };
  const post = (what: string, url: string, body: unknown) => send(what, "POST", url, body);
  const csv = (what: string, url: string, body: Buffer) =>
    send(what, "POST", url, body, { "content-type": "text/csv", "x-file-name": "hostile.csv" });

  const sectionF = sectionCriteria(sendCode2015, "F").map((c) => c.id);
  const used = new Set<string>();
  const run = async (id: string) => {
    used.add(id);
    const valid = caseIdSchema.safeParse(id).success;
    const created = valid ? 201 : 400;
    const p = encodeURIComponent(id);
    const expect = async (
      what: string,
      res: Promise<{ statusCode: number; body: string }>,
      status = created,
    ) => {
      const r = await res;
      t.equal(
        r.statusCode,
        status,
        `${what} ${JSON.stringify(id)}: ${r.statusCode === status ? "" : r.body}`,
      );
    };

    await expect(
      "register",
      post("case", `/api/v1/cases/${p}/register`, {
        dateOfBirth: "2015-03-01",
        gender: "female",
        ethnicity: "WBRI",
      }),
    );
    await expect(
      "need",
      post("case", `/api/v1/cases/${p}/record-primary-need`, {
        need: "ASD",
        recordedOn: "2026-01-05",
      }),
    );
    await expect(
      "request",
      post("case", `/api/v1/cases/${p}/request-assessment`, {
        requestedOn: "2026-02-02",
        requestedBy: "parent",
      }),
    );
    await expect(
      "disability",
      post("case", `/api/v1/cases/${p}/record-disability`, {
        recordedOn: "2026-02-03",
        hasDisability: true,
      }),
    );
    await expect(
      "draw",
      post("qa", `/api/v1/qa-audits/${p}/draw-sample`, {
        caseId: valid ? id : "C000001",
        reason: "random",
        drawnOn: "2026-11-20",
      }),
    );
    await expect(
      "auditor",
      post("qa", `/api/v1/qa-audits/${p}/assign-auditor`, {
        auditor: "a.one",
        agency: "health",
      }),
    );
    await expect(
      "rate",
      post("qa", `/api/v1/qa-audits/${p}/rate-section`, {
        section: "F",
        // Every criterion of the section ticked once, as the standard checklist requires.
        criteriaMet: sectionF.slice(0, 1),
        criteriaNotMet: sectionF.slice(1),
      }),
    );
    await expect(
      "raise",
      post("action", `/api/v1/actions/${p}/raise`, {
        title: "Hostile action",
        priorityArea: id,
        criteria: ["A1"],
        owner: id,
        dueOn: "2027-01-31",
        source: { kind: "qa audit", ref: id },
      }),
    );
    await expect(
      "progress",
      post("action", `/api/v1/actions/${p}/update-progress`, {
        updatedOn: "2026-11-21",
        rag: "amber",
        narrative: id,
        evidence: [{ kind: "case", id }],
      }),
    );
    await expect(
      "define",
      post("metric", `/api/v1/metrics/${p}/define`, {
        title: "Hostile metric",
        unit: "percent",
        higherIsBetter: true,
        criteria: ["B1"],
        source: id,
      }),
    );
    await expect(
      "value",
      post("metric", `/api/v1/metrics/${p}/record-value`, {
        period: "2024",
        scope: { kind: "region", name: id },
        value: 12.5,
      }),
    );
    await expect(
      "document",
      post("document", `/api/v1/documents/${p}/register`, {
        title: "Hostile document",
        kind: "case record",
        uri: `https://example.org/${p}`,
        sha256: "a".repeat(64),
        version: "1",
        ...(valid ? { caseId: id } : {}),
      }),
    );
    await expect(
      "notify",
      post("inspection", `/api/v1/inspections/${p}/notify`, {
        notifiedAt: "2026-11-20T09:00:00Z",
        kind: "full",
      }),
    );
    await expect(
      "track",
      post("inspection", `/api/v1/inspections/${p}/select-cases-for-tracking`, {
        selectedAt: "2026-11-20T10:00:00Z",
        caseIds: [valid ? id : "C000001"],
      }),
    );
    // A camelCase id is tried as an item key: not one of the catalogue's, so refused (422), nothing appended.
    const itemKey = /^[a-z][a-zA-Z0-9]*$/.test(id) ? id : "jsna";
    await expect(
      "provide",
      post("inspection", `/api/v1/inspections/${p}/provide-item`, {
        itemKey,
        providedAt: "2026-11-20T11:00:00Z",
      }),
      valid ? (catalogueKeys.has(itemKey) ? 201 : 422) : 400,
    );
    // The SEF stream is the area's; the statement id and the evidence it cites are the hostile parts.
    await expect(
      "statement",
      post("sef", `/api/v1/sef/${DEMO_LA.laCode}/draft-statement`, {
        statementId: id.slice(0, 40),
        criterion: "A1",
        kind: "strength",
        text: `About ${id}`,
        evidence: (["case", "qaAudit", "action", "metric", "document"] as const).map((kind) => ({
          kind,
          id,
        })),
        actionRef: id.slice(0, 40),
      }),
      /^[A-Za-z0-9_-]{1,40}$/.test(id.slice(0, 40)) ? 201 : 400,
    );

    const extract = await csv(
      "case import",
      "/api/v1/imports/cases",
      csvTable(
        ["caseId", "dateOfBirth", "gender", "ethnicity", "primaryNeed"],
        [[id, "2015-03-01", "female", "WBRI", "SLCN"]],
      ),
    );
    t.equal(extract.statusCode, valid ? 201 : 400, `case import ${JSON.stringify(id)}: ${extract.body}`);
    const metrics = await csv(
      "metrics import",
      "/api/v1/imports/metrics",
      csvTable(["metric", "period", "scope", "value"], [[id, "2025", `region:${id}`, "14"]]),
    );
    t.equal(metrics.statusCode, valid ? 201 : 400, `metrics import ${JSON.stringify(id)}: ${metrics.body}`);

    await runner.waitFor((await store.head()).position);
    const read = await gql(
      `query($id: ID!) {
        case(id: $id) { caseId primaryNeed qaAudits { auditId } }
        casePack(caseId: $id) { caseId audits { auditId } documents { documentId } }
        qaAudits(caseId: $id) { auditId caseId }
        casePacks(inspectionId: $id) { caseId }
        dataRequest(inspectionId: $id) { inspectionId readiness }
        sef { criteria { statements { statementId } } }
        actionPlan { byPriorityArea { key } }
        metricComparisons { metricId }
      }`,
      { id },
    );
    answered.push({ what: "graphql", status: read.status });
    t.equal(read.status, 200, `graphql ${JSON.stringify(id)}: ${JSON.stringify(read.body.errors)}`);
    const data = read.body.data as {
      case: { caseId: string; primaryNeed: string; qaAudits: { auditId: string }[] } | null;
      casePack: { caseId: string } | null;
      qaAudits: { auditId: string }[];
    };
    if (valid) {
      t.match(
        data.case,
        { caseId: id, primaryNeed: "SLCN", qaAudits: [{ auditId: id }] },
        "the case reads back",
      );
      t.equal(data.casePack?.caseId, id);
      t.same(
        data.qaAudits.map((a) => a.auditId),
        [id],
      );
    } else {
      t.equal(data.case, null, "an id no command accepted names no case");
      t.equal(data.casePack, null);
    }
    const issued = await post("pack", `/api/v1/packs/${p}/issue`, {
      kind: "cases",
      inspectionId: valid ? id : "INS-NONE",
      recipient: id,
    });
    t.equal(issued.statusCode, valid ? 201 : 400, `issue pack ${JSON.stringify(id)}: ${issued.body}`);
    if (valid) {
      await runner.waitFor((issued.json() as { logPosition: number }).logPosition);
      const again = await send("issued pdf", "GET", `/api/v1/packs/issued/${p}.pdf`);
      t.equal(again.statusCode, 200, `issued pack ${JSON.stringify(id)} fetched again`);
    }
    const pdf = await send("pdf", "GET", `/api/v1/packs/cases.pdf?case=${p}`);
    t.equal(
      pdf.statusCode,
      valid ? 200 : 400,
      `cases pdf ${JSON.stringify(id)}: ${pdf.statusCode === 200 ? "" : pdf.body}`,
    );
  };

  await fc.assert(
    fc.asyncProperty(validId, async (id) => {
      fc.pre(!used.has(id));
      await run(id);
    }),
    { seed: SEED, numRuns: PROTOTYPE_NAMES.length + RANDOM_RUNS, examples: PROTOTYPE_NAMES.map((n) => [n]) },
  );

  t.same(
    answered.filter((a) => a.status >= 500),
    [],
    `no 5xx in ${answered.length} answers`,
  );
  t.equal((await app.inject({ url: "/healthz" })).statusCode, 200, "still healthy");
  t.equal(runner.failure(), undefined);

  await runner.waitFor((await store.head()).position);
  const events: RecordedEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  t.equal(
    serialised(runner.current().state),
    serialised(fold(evidenceProjection, events)),
    "the live fold equals a fresh rebuild of the log",
  );
  const { byId } = runner.current().state.cases;
  for (const name of PROTOTYPE_NAMES)
    if (caseIdSchema.safeParse(name).success) t.equal(byId.get(name)?.caseId, name, `case ${name} is held`);
});

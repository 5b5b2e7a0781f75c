import t, { type Test } from "tap";
import { metricsProjection } from "../../projections/metrics.js";
import { fold } from "../../projections/projection.js";
import { importMetrics } from "../../src/imports/importer.js";
import { parseScope } from "../../src/imports/metricsFile.js";
import { csvTable, defineMetric, officer, TODAY, tempStore } from "./helpers.js";

const header = ["metric", "period", "scope", "value", "source"];
const values = [
  ["ehcp-20-weeks", "2024", "area", "48.2", "SEN2 2024"],
  ["ehcp-20-weeks", "2024", "england", "46.4", "SEN2 2024"],
  ["ehcp-20-weeks", "2024", "region:London", "51.0", ""],
  ["ehcp-20-weeks", "2024", "la:E09000003:Barnet", "97.9", ""],
  ["ehcp-20-weeks", "2024", "statisticalNeighbours", "55.1", ""],
  ["active-plans", "2025", "england", "638,745", "DfE"],
  ["active-plans", "2025", "England", "638745", "DfE, again"],
];
const file = csvTable(header, values);

async function definedStore(t: Test) {
  const store = tempStore(t);
  await defineMetric(store, "ehcp-20-weeks");
  await defineMetric(store, "active-plans");
  return store;
}

t.test("values import once; the same file again appends nothing", async (t) => {
  const store = await definedStore(t);
  t.same(await importMetrics(store, file, "values.csv", officer, TODAY), {
    kind: "imported",
    appended: 6,
    commands: 6,
    unchanged: 1,
  });
  const head = await store.head();
  t.same(await importMetrics(store, file, "values.csv", officer, TODAY), {
    kind: "imported",
    appended: 0,
    commands: 0,
    unchanged: 7,
  });
  t.same(await store.head(), head);

  const events = [
    ...(await store.readStream("metric-ehcp-20-weeks")),
    ...(await store.readStream("metric-active-plans")),
  ];
  const metric = fold(metricsProjection, events).byId.get("ehcp-20-weeks")!;
  t.same([...metric.values.keys()].sort(), [
    "2024|area",
    "2024|england",
    "2024|la:E09000003",
    "2024|region:London",
    "2024|statisticalNeighbours",
  ]);
  t.match(metric.values.get("2024|area"), { value: 48.2, source: "SEN2 2024" });
  t.match(metric.values.get("2024|la:E09000003"), { scope: { kind: "localAuthority", name: "Barnet" } });
  t.equal(metric.values.get("2024|region:London")!.source, undefined, "a blank source is not recorded");
});

t.test("a different value becomes a correction with the import's reason", async (t) => {
  const store = await definedStore(t);
  await importMetrics(store, file, "values.csv", officer, TODAY);
  const revised = csvTable(header, [
    ["ehcp-20-weeks", "2024", "area", "49", "SEN2 2024 (revised)"],
    ["ehcp-20-weeks", "2024", "la:E09000003:London Borough of Barnet", "97.9", ""],
  ]);
  t.same(await importMetrics(store, revised, "revised.csv", officer, TODAY), {
    kind: "imported",
    appended: 1,
    commands: 1,
    unchanged: 1,
  });
  const last = (await store.readStream("metric-ehcp-20-weeks")).at(-1)!;
  t.same(
    { type: last.type, data: last.data, source: last.metadata.source },
    {
      type: "MetricValueCorrected",
      data: {
        period: "2024",
        scope: { kind: "area" },
        value: 49,
        reason: "metrics file import",
        schemaVersion: 1,
      },
      source: "import:revised.csv",
    },
  );
  t.same(await importMetrics(store, revised, "revised.csv", officer, TODAY), {
    kind: "imported",
    appended: 0,
    commands: 0,
    unchanged: 2,
  });
});

t.test("a row naming an undefined metric, or contradicting another row, refuses the file", async (t) => {
  const store = await definedStore(t);
  const bad = csvTable(header, [
    ...values,
    ["tribunal-appeals", "2024", "area", "3.7", ""],
    ["ehcp-20-weeks", "2024", "area", "48.3", ""],
  ]);
  t.same(await importMetrics(store, bad, "values.csv", officer, TODAY), {
    kind: "refused",
    errors: [
      {
        line: 9,
        column: "metric",
        reason: "metric tribunal-appeals is not defined; define it before importing its values",
      },
      { line: 10, column: "value", reason: "line 2 gives 48.2 for the same metric, period and scope" },
    ],
  });
  t.equal(await store.position(), 2, "only the two definitions");
  t.same(await importMetrics(store, file, "values.csv", { ...officer, role: "auditor" }, TODAY), {
    kind: "refused",
    errors: [{ line: 0, reason: "role auditor may not import metrics files" }],
  });
});

t.test("scopes", async (t) => {
  t.same(parseScope("area"), { kind: "area" });
  t.same(parseScope("Statistical neighbours"), { kind: "statisticalNeighbours" });
  t.same(parseScope("Region: North East"), { kind: "region", name: "North East" });
  t.same(parseScope("la:e09000003:Barnet: the borough"), {
    kind: "localAuthority",
    laCode: "E09000003",
    name: "Barnet:the borough",
  });
  for (const bad of ["la:E09000003", "la:XYZ:Barnet", "region:", "england:x", "nowhere", ""])
    t.equal(parseScope(bad), undefined, bad);
});

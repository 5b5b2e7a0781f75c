/**
 * The 24-hour data request, end to end over HTTP: an inspection is notified this morning; then, timed, the
 * LANO's two requests: the `dataRequest` GraphQL view (every catalogue item with status and deadline, and
 * every failing Annex A check) and the Annex A workbook download (List 1 + List 2 + checks, XLSX). Before
 * each run one command is appended so the live read model has moved and nothing is served from the
 * per-moment memo: each run builds the lists and the workbook from the folded state.
 */
import { graphqlData, nudge, type Server } from "./client.js";
import { type Figure, log, series } from "./stats.js";

export const DATA_REQUEST_QUERY = `{
  dataRequest {
    at { position events }
    inspectionId notifiedAt readiness
    counts { status count }
    items { key title owner status detail dueAt hoursLeft }
    annexAChecks { code list severity row uniqueId column message }
  }
}`;

export async function notifyInspection(server: Server, today: string): Promise<void> {
  const res = await server.request("POST", "/api/v1/inspections/INS-BENCH/notify", {
    body: { notifiedAt: `${today}T09:00:00Z`, kind: "full", leadInspector: "HMI Bench" },
    role: "lano",
  });
  if (res.status !== 201) throw new Error(`notify: HTTP ${res.status} ${res.body.toString("utf8")}`);
}

/** One data request: both responses; the time and what came back. */
export async function dataRequestOnce(server: Server, today: string, n: number) {
  await nudge(server, today, n);
  const t0 = performance.now();
  const view = await server.graphql(DATA_REQUEST_QUERY);
  const xlsx = await server.request("GET", "/api/v1/exports/annex-a.xlsx", { role: "lano" });
  const ms = performance.now() - t0;
  const data = graphqlData(view, "dataRequest").dataRequest as {
    items: { key: string; detail: string }[];
    annexAChecks: unknown[];
  };
  if (xlsx.status !== 200 || xlsx.body.length < 1000) throw new Error(`annex-a.xlsx: HTTP ${xlsx.status}`);
  const rows = (key: string) =>
    Number(/^(\d+) rows/.exec(data.items.find((i) => i.key === key)?.detail ?? "")?.[1] ?? 0);
  return {
    ms,
    viewMs: view.ms,
    xlsxMs: xlsx.ms,
    xlsxBytes: xlsx.body.length,
    list1: rows("annexAList1"),
    list2: rows("annexAList2"),
    checks: data.annexAChecks.length,
  };
}

export async function dataRequestBenchmark(server: Server, today: string, runs: number): Promise<Figure> {
  const times: number[] = [];
  const view: number[] = [];
  const xlsx: number[] = [];
  let last: Awaited<ReturnType<typeof dataRequestOnce>> | undefined;
  for (let i = 0; i < runs; i++) {
    last = await dataRequestOnce(server, today, i + 1);
    times.push(last.ms);
    view.push(last.viewMs);
    xlsx.push(last.xlsxMs);
    log(
      `data request run ${i + 1}: ${Math.round(last.ms)} ms (view ${Math.round(last.viewMs)}, xlsx ${Math.round(last.xlsxMs)})`,
    );
  }
  const result = series("view + workbook", "ms", times, 0);
  return {
    name: "24-hour data request incl. List 1 + List 2 XLSX",
    result,
    also: [series("dataRequest GraphQL", "ms", view, 0), series("annex-a.xlsx", "ms", xlsx, 0)],
    goal: "≤ 5 s",
    met: result.median <= 5000,
    notes: last
      ? `List 1 ${last.list1} rows, List 2 ${last.list2} rows, ${last.checks} failing checks, workbook ${Math.round(last.xlsxBytes / 1024)} KB; cold each run (a command first)`
      : "",
  };
}

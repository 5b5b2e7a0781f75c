/**
 * The case-sampling pack: inspectors choose six children to track (a spread across the register: plans
 * and SEN support, old and new); then, timed, `GET /api/v1/packs/cases.pdf?inspectionId=…` (the pack for
 * every tracked child: profile, statutory timeline, QA audits, actions, documents, manifest). Cold each run:
 * a command is appended first so the pack is selected, hashed and rendered from a new moment.
 */
import { nudge, type Server } from "./client.js";
import { type Figure, log, series } from "./stats.js";

const TRACKED = 6;

/** Six case ids spread evenly across the register. */
export const trackedCases = (children: number): string[] =>
  Array.from(
    { length: TRACKED },
    (_, i) => `C${String(1 + Math.floor(((i + 0.5) * children) / TRACKED)).padStart(6, "0")}`,
  );

export async function casePackBenchmark(
  server: Server,
  children: number,
  today: string,
  runs: number,
): Promise<Figure> {
  const caseIds = trackedCases(children);
  const selected = await server.request("POST", "/api/v1/inspections/INS-BENCH/select-cases-for-tracking", {
    body: { selectedAt: `${today}T10:00:00Z`, caseIds },
    role: "lano",
  });
  if (selected.status !== 201)
    throw new Error(`select cases: HTTP ${selected.status} ${selected.body.toString()}`);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    await nudge(server, today, 100 + i);
    const pdf = await server.request("GET", "/api/v1/packs/cases.pdf?inspectionId=INS-BENCH", {
      role: "lano",
    });
    if (pdf.status !== 200 || pdf.body.subarray(0, 5).toString() !== "%PDF-")
      throw new Error(`cases.pdf: HTTP ${pdf.status} ${pdf.body.subarray(0, 200).toString()}`);
    times.push(pdf.ms);
    bytes = pdf.body.length;
    log(`case-sampling pack run ${i + 1}: ${Math.round(pdf.ms)} ms, ${Math.round(bytes / 1024)} KB`);
  }
  const result = series("cases.pdf", "ms", times, 0);
  return {
    name: "case-sampling pack PDF, 6 tracked children",
    result,
    goal: "≤ 1 s",
    met: result.median <= 1000,
    notes: `tracked ${caseIds.join(", ")}; ${Math.round(bytes / 1024)} KB; cold each run (a command first)`,
  };
}

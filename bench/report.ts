/** Results as JSON (bench/results/<size>.json) and as the markdown table docs/PERFORMANCE.md shows. */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, release, totalmem, type } from "node:os";
import { join } from "node:path";
import type { Figure, Series } from "./stats.js";

export interface Machine {
  cpu: string;
  cores: number;
  totalMemGb: number;
  os: string;
  node: string;
}

export const machine = (): Machine => ({
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  totalMemGb: Math.round(totalmem() / 1_073_741_824),
  os: `${type()} ${release()}`,
  node: process.version,
});

/** The row the case-sampling pack will fill (built elsewhere, in src/packs). */
const num = (x: number) =>
  Number.isInteger(x) ? x.toLocaleString("en-GB") : x.toLocaleString("en-GB", { maximumFractionDigits: 2 });
const cell = (s: Series) => `${num(s.median)} ${s.unit}`;

export function markdownTable(figures: readonly Figure[]): string {
  const lines = [
    "| benchmark | result (median) | baseline (median) | ratio | goal | met |",
    "|---|---|---|---|---|---|",
  ];
  for (const f of figures) {
    const result = [cell(f.result), ...(f.also ?? []).map((s) => `${s.label} ${cell(s)}`)].join("; ");
    const baseline = f.baseline ? `${cell(f.baseline)} (${f.baseline.label})` : "—";
    const ratio = f.ratio === undefined ? "—" : `${Math.round(f.ratio * 1000) / 10}%`;
    const met = f.met === null ? "—" : f.met ? "yes" : "**no**";
    lines.push(`| ${f.name} | ${result} | ${baseline} | ${ratio} | ${f.goal} | ${met} |`);
  }
  return lines.join("\n");
}

/** A horizontal bar chart in plain text: one bar per point, scaled to the largest value. */
export function barChart(
  rows: readonly { label: string; value: number; text: string; fill?: string }[],
  width = 40,
): string {
  const max = Math.max(...rows.map((r) => r.value), 1);
  const labelWidth = Math.max(...rows.map((r) => r.label.length));
  return rows
    .map(
      (r) =>
        `${r.label.padStart(labelWidth)} | ${(r.fill ?? "█").repeat(Math.max(1, Math.round((r.value / max) * width)))} ${r.text}`,
    )
    .join("\n");
}

export function writeResults(dir: string, name: string, json: unknown, markdown: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(dir, `${name}.md`), `${markdown}\n`);
  return file;
}

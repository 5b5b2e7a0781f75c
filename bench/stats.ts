/** What every benchmark reports: a median of N runs, and where there is one, a baseline from the same runs. */

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** The p-th percentile (0–100) by nearest rank. */
export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
};

export const round = (x: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export interface Series {
  /** What was measured and in what unit, e.g. "events/s". */
  label: string;
  unit: string;
  median: number;
  runs: number[];
}

export interface Figure {
  /** The row of the table this answers. */
  name: string;
  /** The figure the goal is about. */
  result: Series;
  /** Further figures of the same runs (p99, events/s, ...). */
  also?: Series[];
  baseline?: Series & { what: string };
  /** Median of the per-run ratios result/baseline (each pair measured in the same run). */
  ratio?: number;
  goal: string;
  met: boolean | null;
  /** Anything a reader needs to interpret the figure (sizes, what exactly was timed). */
  notes?: string;
}

export const series = (label: string, unit: string, runs: number[], digits = 1): Series => ({
  label,
  unit,
  median: round(median(runs), digits),
  runs: runs.map((r) => round(r, digits)),
});

/** The median of per-run ratios a[i] / b[i]. */
export const pairedRatio = (a: readonly number[], b: readonly number[]): number =>
  round(median(a.map((x, i) => x / b[i]!)), 3);

export const now = (): number => performance.now();

export async function timed<T>(f: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = now();
  const value = await f();
  return { ms: now() - t0, value };
}

export const log = (message: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
};

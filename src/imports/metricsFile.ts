/**
 * The metrics file: one value per row, for metrics already defined in the store.
 *
 * | column | required | format |
 * |---|---|---|
 * | `metric` | yes | the metric's id, e.g. `ehcp-20-week-timeliness` (it must be defined) |
 * | `period` | yes | `2023`, `2022/23`, `2023-Q4` or `2024-02` |
 * | `scope` | yes | `area`, `england`, `statisticalNeighbours`, `region:<name>` or `la:<ONS code>:<name>` |
 * | `value` | yes | a number; thousands separators allowed (`638,745`) |
 * | `source` | | where the figure comes from (kept with a first value only) |
 *
 * A value not yet recorded for its period and scope becomes `recordMetricValue`; a different value
 * becomes `correctMetricValue` with the reason "metrics file import"; an equal value, nothing. Two rows
 * giving different values for one metric, period and scope are refused.
 */
import { z } from "zod";
import { entityId, type IsoDate, narrative } from "../../schemas/common.js";
import { metricPeriod, metricScope, type MetricScope } from "../../schemas/events/metric.js";
import { type MetricRecord, metricsProjection, scopeKey } from "../../projections/metrics.js";
import { fold } from "../../projections/projection.js";
import { looseKey, numberCell, optional, required } from "./cells.js";
import { type CurrentStreams, dryRun, type ImportPlan, type PlannedCommand } from "./plan.js";
import { parseTable, readTable, type RowError } from "./table.js";

export const metricColumns = ["metric", "period", "scope", "value", "source"] as const;
export const requiredMetricColumns = ["metric", "period", "scope", "value"] as const;

/** The reason written on every correction a metrics import makes. */
export const METRICS_IMPORT_REASON = "metrics file import";

/** By the loose key of what the file says (so `toString` finds nothing, not a function). */
const plainScopes: ReadonlyMap<string, MetricScope> = new Map([
  ["area", { kind: "area" }],
  ["england", { kind: "england" }],
  ["statisticalneighbours", { kind: "statisticalNeighbours" }],
]);

/** `area`, `england`, `statisticalNeighbours`, `region:<name>`, `la:<ONS code>:<name>`. */
export function parseScope(text: string): MetricScope | undefined {
  const [head = "", ...rest] = text.split(":").map((part) => part.trim());
  const kind = looseKey(head);
  let candidate: unknown;
  if (rest.length === 0) candidate = plainScopes.get(kind);
  else if (kind === "region") candidate = { kind: "region", name: rest.join(":") };
  else if (kind === "la")
    candidate = { kind: "localAuthority", laCode: rest[0]!.toUpperCase(), name: rest.slice(1).join(":") };
  const parsed = metricScope.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

const scopeCell = z.string().transform((text, ctx) => {
  const scope = parseScope(text);
  if (scope) return scope;
  ctx.addIssue({
    code: "custom",
    message: `"${text}" is not a scope: area, england, statisticalNeighbours, region:<name> or la:<ONS code>:<name>`,
  });
  return z.NEVER;
});

export const metricRowSchema = z.object({
  metric: required(entityId),
  period: required(metricPeriod),
  scope: required(scopeCell),
  value: required(numberCell()),
  source: optional(narrative(300)),
});

export type MetricRow = z.output<typeof metricRowSchema> & { line: number };

/** Read and validate a metrics file (CSV). */
export async function parseMetricsFile(
  bytes: Buffer,
  fileName: string,
): Promise<{ rows: MetricRow[]; errors: RowError[] }> {
  const table = await readTable(bytes, fileName, ["csv"]);
  return parseTable(table, metricColumns, requiredMetricColumns, metricRowSchema);
}

const columns = { period: "period", scope: "scope", value: "value", source: "source" };

/**
 * The commands that bring each metric's values up to the file, checked by a dry run of the deciders.
 * `currentMetrics` holds the stream of every metric the rows name (missing: not defined). Pure.
 */
export function planMetricsImport(
  rows: readonly MetricRow[],
  currentMetrics: CurrentStreams,
  today: IsoDate,
): ImportPlan {
  const errors: RowError[] = [];
  const commands: PlannedCommand[] = [];
  const records = new Map<string, MetricRecord | undefined>();
  const seen = new Map<string, MetricRow>();
  let unchanged = 0;
  for (const row of rows) {
    if (!records.has(row.metric))
      records.set(
        row.metric,
        fold(metricsProjection, currentMetrics.get(row.metric) ?? []).byId.get(row.metric),
      );
    const record = records.get(row.metric);
    if (!record) {
      errors.push({
        line: row.line,
        column: "metric",
        reason: `metric ${row.metric} is not defined; define it before importing its values`,
      });
      continue;
    }
    const key = `${row.period}|${scopeKey(row.scope)}`;
    const earlier = seen.get(`${row.metric}|${key}`);
    if (earlier) {
      if (earlier.value === row.value) unchanged += 1;
      else
        errors.push({
          line: row.line,
          column: "value",
          reason: `line ${earlier.line} gives ${earlier.value} for the same metric, period and scope`,
        });
      continue;
    }
    seen.set(`${row.metric}|${key}`, row);
    const recorded = record.values.get(key);
    const base = { line: row.line, id: row.metric, columns, expectedRevision: -1 };
    if (!recorded)
      commands.push({
        ...base,
        column: "value",
        command: "recordMetricValue",
        input: {
          period: row.period,
          scope: row.scope,
          value: row.value,
          ...(row.source ? { source: row.source } : {}),
        },
      });
    else if (recorded.value !== row.value)
      commands.push({
        ...base,
        column: "value",
        command: "correctMetricValue",
        input: { period: row.period, scope: row.scope, value: row.value, reason: METRICS_IMPORT_REASON },
      });
    else unchanged += 1;
  }
  const checked = dryRun(commands, currentMetrics, today);
  return {
    commands: checked.commands,
    errors: [...errors, ...checked.errors].sort((a, b) => a.line - b.line),
    unchanged,
  };
}

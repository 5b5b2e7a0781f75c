/** Imports: case extracts (CSV/XLSX) and metrics files (CSV) turned into commands, only what changed. */
export {
  type CaseColumn,
  caseColumns,
  type CaseRow,
  IMPORT_REASON,
  parseCaseExtract,
  planCaseImport,
  requiredCaseColumns,
} from "./caseExtract.js";
export {
  checkCases,
  checkMetrics,
  type ImportCheck,
  ImportInterruptedError,
  type ImportOutcome,
  importCases,
  importMetrics,
} from "./importer.js";
export {
  METRICS_IMPORT_REASON,
  metricColumns,
  type MetricRow,
  parseMetricsFile,
  parseScope,
  planMetricsImport,
} from "./metricsFile.js";
export { type CurrentStreams, dryRun, type ImportPlan, type PlannedCommand } from "./plan.js";
export { MAX_BYTES, MAX_ROWS, MAX_XLSX_EXPANDED, type RowError } from "./table.js";

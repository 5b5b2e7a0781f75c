/**
 * Generated malformed requests for every public command route and both import routes (fast-check, fixed
 * seeds). Each generated request carries at least one defect that must refuse it (an unknown field, a
 * missing or mistyped one, an impossible date, an over-long string, a bad id or header, a body that is
 * not an object or not JSON), usually with noise around it (formula-looking strings, junk). Every answer
 * must be a 400 application/problem+json whose errors name fields or lines, including the defect's own;
 * never a 500; and the store's head must not move.
 */
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import fc from "fast-check";
import t from "tap";
import { z } from "zod";
import { demoAreaScript } from "../../fixtures/demoArea/index.js";
import { publicCommands } from "../../src/commands/index.js";
import type { CommandDefinition } from "../../src/commands/decision.js";
import { routeOf } from "../../src/http/commandRoutes.js";
import { caseColumns, parseCaseExtract, requiredCaseColumns } from "../../src/imports/caseExtract.js";
import { harness, tokenFor } from "../http/harness.js";
import { defineMetric, sampleRows, xlsxOf } from "../imports/helpers.js";

interface ProblemBody {
  status: number;
  errors?: { path: string; line?: number; column?: string }[];
}

const SEED = 20261123;
const RUNS_PER_ROUTE = 14;
const RUNS_PER_IMPORT_ROUTE = 24;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// ---------------------------------------------------------------------------------------------------------
// Valid bodies to break: the demo script's first use of each command, and by hand the commands it never uses.

const byHand: Record<string, Record<string, unknown>> = {
  correctCaseDetails: { gender: "female", reason: "Recorded in error at registration" },
  changeActionDueDate: { dueOn: "2027-06-30", reason: "Recruitment of two therapists slipped" },
  reopenAction: { reopenedOn: "2026-11-01", reason: "The improvement was not sustained" },
  correctMetricValue: { period: "2024", scope: { kind: "area" }, value: 61.5, reason: "Corrected return" },
  reviseSefStatement: { statementId: "S001", text: "Waits are falling", reason: "Updated after QA" },
  withdrawSefStatement: { statementId: "S001", reason: "Superseded by S014" },
  supersedeDocument: { supersededBy: "DOC-0002", supersededOn: "2026-11-01" },
  notifyInspection: { notifiedAt: "2026-11-16T09:30:00Z", kind: "full" },
  provideDataRequestItem: { itemKey: "annexAList1", providedAt: "2026-11-17T09:00:00Z" },
  selectCasesForTracking: { selectedAt: "2026-11-18T10:00:00Z", caseIds: ["C000011", "C000012"] },
  setCaseSamplingTopic: {
    setAt: "2026-11-18T11:00:00Z",
    topic: "Preparing for adulthood",
    caseIds: ["C000013"],
  },
  recordInspectionOutcome: { outcome: 2, publishedOn: "2026-12-20" },
  recordTrackingConsent: { caseId: "C000011", consent: "given", recordedAt: "2026-11-18T12:00:00Z" },
  recordAreaForImprovement: { ref: "AFI-1", text: "Leaders in health should reduce waits.", owner: "ICB" },
  setEngagementFrequency: { everyMonths: 6 },
  recordEngagementMeeting: { heldOn: "2026-10-01" },
  recordPhaseTransfer: { transfer: "between school phases", movesOn: "2027-09-02" },
  proposeAmendments: { sentOn: "2026-10-05" },
};

function validBodies(): Map<string, Record<string, unknown>> {
  const found = new Map(Object.entries(byHand));
  for (const step of demoAreaScript({ today: "2026-11-23", plans: 40, senSupport: 60 }))
    if (!found.has(step.command)) found.set(step.command, step.input as Record<string, unknown>);
  return found;
}
const bodies = validBodies();

// ---------------------------------------------------------------------------------------------------------
// What each route's input looks like, from the same JSON schema the OpenAPI document is built from.

interface JsonSchema {
  type?: string | string[];
  format?: string;
  maxLength?: number;
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

const jsonType = (v: unknown): string =>
  v === null
    ? "null"
    : Array.isArray(v)
      ? "array"
      : typeof v === "number"
        ? Number.isInteger(v)
          ? "integer"
          : "number"
        : typeof v;

/** The JSON types a property accepts, or undefined when it accepts anything. */
function typesOf(s: JsonSchema): Set<string> | undefined {
  if (s.type !== undefined) return new Set(Array.isArray(s.type) ? s.type : [s.type]);
  if (s.const !== undefined) return new Set([jsonType(s.const)]);
  if (s.enum) return new Set(s.enum.map(jsonType));
  const alternatives = s.anyOf ?? s.oneOf;
  if (!alternatives) return undefined;
  const all = new Set<string>();
  for (const a of alternatives) {
    const types = typesOf(a);
    if (!types) return undefined;
    for (const x of types) all.add(x);
  }
  return all;
}

const accepts = (types: Set<string>, v: unknown) => {
  const type = jsonType(v);
  return types.has(type) || (type === "integer" && types.has("number"));
};

interface RouteInfo {
  definition: CommandDefinition;
  body: Record<string, unknown>;
  idKind: "laCode" | "entityId";
  properties: [string, JsonSchema][];
  required: string[];
}

function routeInfo(definition: CommandDefinition, body: Record<string, unknown>): RouteInfo {
  const schema = z.toJSONSchema(definition.input, { unrepresentable: "any", io: "input" }) as JsonSchema;
  const family = definition.model.family;
  return {
    definition,
    body,
    idKind: family === "area" || family === "sef" ? "laCode" : "entityId",
    properties: Object.entries(schema.properties ?? {}),
    required: schema.required ?? [],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Generators.

const formula = fc.oneof(
  fc.constantFrom(
    "=1+1",
    '=HYPERLINK("http://evil.example","x")',
    "+SUM(A1:A9)",
    "-2+3",
    "@cmd",
    "=cmd|' /C calc'!A0",
  ),
  fc.string({ maxLength: 12 }).map((s) => `=${s}`),
);
const badDates = [
  "2026-02-30",
  "2025-02-29",
  "2026-13-01",
  "2026-00-10",
  "2026-11-31",
  "30/02/2026",
  "2026-2-3",
  "20261123",
  " 2026-11-23",
  "2026-11-23T00:00:00Z",
  "",
];
const badDateTimes = [
  "2026-02-30T10:00:00Z",
  "2026-11-23T25:00:00Z",
  "2026-11-23T10:61:00Z",
  "2026-11-23",
  "2026-11-23 10:00:00",
  "23/11/2026 10:00",
  "",
];
const safeKey = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,11}$/);
const leaf = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  formula,
  fc.constantFrom(...badDates),
);
const { junk } = fc.letrec<{ junk: unknown }>((tie) => ({
  junk: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    leaf,
    fc.array(tie("junk"), { maxLength: 4 }),
    fc.dictionary(safeKey, tie("junk"), { maxKeys: 4 }),
  ),
}));
const deep = fc.integer({ min: 50, max: 3000 }).map((depth) => {
  let v: unknown = "bottom";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { nested: v };
  return v;
});
const junkArray = fc.array(junk, { maxLength: 4 });
const junkObject = fc.dictionary(safeKey, junk, { minKeys: 1, maxKeys: 4 });
/**
 * Text of `length` code points (zod, like JSON Schema's maxLength, counts code points, not UTF-16 units),
 * in one of several widths of character: ASCII, 2- and 3-byte UTF-8, astral (a surrogate pair each).
 */
const longText = (length: number) => fc.constantFrom("x", "é", "€", "𝄞", "=").map((c) => c.repeat(length));

interface Malformed {
  label: string;
  id: string;
  headers: Record<string, string>;
  payload: string;
  /** The path an error must name. */
  names: (paths: readonly string[]) => boolean;
}

const names = (key: string) => (paths: readonly string[]) =>
  paths.some((p) => p === key || p.startsWith(`${key}.`));

const badEntityIds = fc.oneof(
  fc.constantFrom("ab", "has space", "=1+1", "-leading", "_x_", "../etc", "é-accent", "a/b", "x".repeat(41)),
  fc.string({ minLength: 1, maxLength: 14 }).map((s) => `${s}!`),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }).map((s) => `${s}~`),
);
const badLaCodes = fc.constantFrom(
  "E0900009",
  "X09000099",
  "e09000099",
  "E090000999",
  "E09 00099",
  "=E09000099",
);
const badIfMatch = fc.constantFrom(
  "*",
  "abc",
  "1.5",
  "0x10",
  "-2",
  "W/abc",
  "3,4",
  "99999999999999999999",
  " ",
);
const badIdempotencyKey = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9-]{1,7}$/),
  fc.integer({ min: 201, max: 400 }).map((n) => "k".repeat(n)),
);
const badExpectedRevision = fc.constantFrom<unknown>("3", 1.5, -2, true, null, {}, [], 2 ** 60, 'W/"1"');
/** Headers that are fine on their own, so they never hide a body defect. */
const fineHeaders = fc.record(
  {
    "idempotency-key": fc.uuid().map((u) => u),
    "if-match": fc.integer({ min: 0, max: 5 }).map(String),
    "x-correlation-id": fc.string({ maxLength: 20 }).map((s) => s.replace(/[^\x20-\x7e]/g, "")),
  },
  { requiredKeys: [] },
);

function malformed(info: RouteInfo): fc.Arbitrary<Malformed> {
  const goodId = info.idKind === "laCode" ? "E09000099" : "FAULT-0001";
  const stringKeys = info.properties.filter(([, s]) => typesOf(s)?.has("string")).map(([k]) => k);
  const base = (label: string, body: unknown, check: Malformed["names"]) => ({
    label,
    id: goodId,
    headers: {} as Record<string, string>,
    payload: JSON.stringify(body),
    names: check,
  });
  const poisons: fc.Arbitrary<Malformed | undefined>[] = [
    fc
      .tuple(
        safeKey.map((k) => `x_${k}`),
        fc.oneof(junk, deep),
      )
      .map(([key, value]) => base(`extra field ${key}`, { ...info.body, [key]: value }, names(key))),
    fc.constantFrom(...info.required).map((key) => {
      const { [key]: _gone, ...rest } = info.body;
      return base(`missing ${key}`, rest, names(key));
    }),
    fc.constantFrom(...info.properties).chain(([key, schema]) => {
      const types = typesOf(schema);
      const wrong = fc
        .oneof(leaf, junkArray, junkObject, deep)
        .filter((v) => types !== undefined && !accepts(types, v));
      return wrong.map((value) =>
        base(`${key} of the wrong type`, { ...info.body, [key]: value }, names(key)),
      );
    }),
    fc.constant(undefined).chain(() => {
      const dates = info.properties.filter(([, s]) => s.format === "date" || s.format === "date-time");
      if (dates.length === 0) return fc.constant(undefined);
      return fc
        .constantFrom(...dates)
        .chain(([key, s]) =>
          fc
            .constantFrom(...(s.format === "date" ? badDates : badDateTimes))
            .map((value) =>
              base(`${key} = ${JSON.stringify(value)}`, { ...info.body, [key]: value }, names(key)),
            ),
        );
    }),
    fc.constant(undefined).chain(() => {
      const bounded = info.properties.filter(([, s]) => s.maxLength !== undefined);
      if (bounded.length === 0) return fc.constant(undefined);
      return fc
        .tuple(
          fc.constantFrom(...bounded),
          fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 10_000, max: 150_000 })),
        )
        .chain(([[key, s], over]) =>
          longText(s.maxLength! + over).map((value) =>
            base(`${key} ${s.maxLength! + over} characters long`, { ...info.body, [key]: value }, names(key)),
          ),
        );
    }),
    (info.idKind === "laCode" ? badLaCodes : badEntityIds)
      .filter((id) => encodeURIComponent(id).length <= 100)
      .map((id) => ({ ...base(`id ${JSON.stringify(id)}`, info.body, names("id")), id })),
    badIfMatch.map((v) => ({
      ...base(`If-Match ${JSON.stringify(v)}`, info.body, names("If-Match")),
      headers: { "if-match": v },
    })),
    badIdempotencyKey.map((v) => ({
      ...base(`Idempotency-Key of ${v.length}`, info.body, names("Idempotency-Key")),
      headers: { "idempotency-key": v },
    })),
    badExpectedRevision.map((v) =>
      base(
        `expectedRevision ${JSON.stringify(v)}`,
        { ...info.body, expectedRevision: v },
        names("expectedRevision"),
      ),
    ),
    fc
      .oneof(junkArray, fc.integer(), fc.string(), fc.boolean(), formula)
      .map((v) => base(`a body of ${jsonType(v)}`, v, names("(body)"))),
    fc.constant(base("a null body", null, (paths) => paths.some((p) => info.required.includes(p)))),
    fc
      .constantFrom('{"__proto__":{"polluted":true},', '{"constructor":{"prototype":{"polluted":true}},')
      .map((prefix) => ({
        ...base("a prototype-polluting key", null, names("(body)")),
        payload: prefix + JSON.stringify(info.body).slice(1),
      })),
    fc.nat().map((n) => {
      const text = JSON.stringify(info.body);
      const cut = n % text.length;
      return { ...base(`JSON cut at ${cut}`, null, names("(body)")), payload: text.slice(0, cut) };
    }),
  ];
  const poison = fc.oneof(...poisons).filter((p): p is Malformed => p !== undefined);
  // Noise: other string fields turned into formulas or junk text; fine headers now and then.
  const noise = fc.array(fc.tuple(fc.constantFrom("", ...stringKeys), fc.oneof(formula, leaf)), {
    maxLength: 3,
  });
  return fc.tuple(poison, noise, fineHeaders).map(([p, extra, headers]) => {
    let payload = p.payload;
    const parsed = safeParse(payload);
    if (isRecord(parsed) && !p.label.startsWith("a null")) {
      const touched = { ...parsed };
      for (const [key, value] of extra)
        if (key !== "" && !p.label.startsWith(key) && key in touched) touched[key] = value;
      payload = JSON.stringify(touched);
    }
    return { ...p, payload, headers: { ...headers, ...p.headers } };
  });
}

const safeParse = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The (shrunk) failing case first, then fast-check's report with its seed and path to replay it. */
const failure = <T>(result: fc.RunDetails<T>) =>
  `${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}\n` +
  (fc.defaultReportMessage(result) ?? "").slice(0, 1500);

/** Everything the answer to a malformed request must be; a list of what it is not. */
function refusals(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  pathsMatch: (paths: readonly string[]) => boolean,
  pathShape: RegExp = /\S/,
): string[] {
  const wrong: string[] = [];
  if (res.statusCode !== 400) wrong.push(`status ${res.statusCode}, not 400`);
  if (!/^application\/problem\+json/.test(String(res.headers["content-type"])))
    wrong.push(`content-type ${String(res.headers["content-type"])}`);
  const body = safeParse(res.body) as ProblemBody | undefined;
  const paths = (body?.errors ?? []).map((e) => e.path);
  if (body?.status !== res.statusCode) wrong.push("body.status differs from the status");
  if (paths.length === 0) wrong.push("no errors[]");
  if (!paths.every((p) => typeof p === "string" && pathShape.test(p)))
    wrong.push(`bad paths ${JSON.stringify(paths)}`);
  if (!pathsMatch(paths)) wrong.push(`the defect is not named among ${JSON.stringify(paths)}`);
  return wrong;
}

// ---------------------------------------------------------------------------------------------------------
// Command routes.

t.test("every public command route has a valid body to break", async (t) => {
  const missing = publicCommands.filter((d) => !bodies.has(d.name)).map((d) => d.name);
  t.same(missing, [], "a body for every command");
  const invalid = publicCommands
    .filter((d) => !d.input.safeParse(bodies.get(d.name)).success)
    .map((d) => d.name);
  t.same(invalid, [], "each of them valid, so the generated defect is the only one");
});

t.test(
  "malformed JSON bodies, ids and headers on every command route: 400 problem+json naming the field",
  async (t) => {
    const { app, head } = await harness(t);
    const start = await head();
    t.ok(publicCommands.length >= 40, `${publicCommands.length} public command routes`);
    for (const [index, definition] of publicCommands.entries()) {
      const info = routeInfo(definition, bodies.get(definition.name) ?? {});
      const role = definition.roles[0]!;
      const result = await fc.check(
        fc.asyncProperty(malformed(info), async (c) => {
          const before = await head();
          const res = await app.inject({
            method: "POST",
            url: routeOf(definition).replace(":id", encodeURIComponent(c.id)),
            payload: c.payload,
            headers: {
              authorization: `Bearer ${tokenFor(role)}`,
              "content-type": "application/json",
              ...c.headers,
            },
          });
          const wrong = refusals(res, c.names);
          if ((await head()) !== before) wrong.push("the store's head moved");
          if (wrong.length > 0) throw new Error(`${c.label}: ${wrong.join("; ")}\n${res.body.slice(0, 400)}`);
        }),
        { numRuns: RUNS_PER_ROUTE, seed: SEED + index },
      );
      if (result.failed) t.fail(`${definition.name}: ${failure(result)}`);
      else t.pass(`${definition.name}: ${RUNS_PER_ROUTE} malformed requests refused, each naming its defect`);
    }
    t.equal(await head(), start, "nothing was appended by any of them");
  },
);

t.test(
  "ids the router cannot decode, or too long for it, are refused as problem+json naming id",
  async (t) => {
    // Fastify rejects these itself (FST_ERR_BAD_URL, FST_ERR_MAX_PARAM_LENGTH) before the app's error
    // handler; the app's frameworkErrors hook turns them into the same 400 problem+json as any bad id.
    const { app, head } = await harness(t);
    const before = await head();
    const ids = {
      "broken percent-encoding": "C%E0%A4%A",
      "a lone %": "C0001%",
      "101 characters": "C".repeat(101),
    };
    const offenders: string[] = [];
    for (const definition of publicCommands) {
      for (const [what, id] of Object.entries(ids)) {
        const res = await app.inject({
          method: "POST",
          url: routeOf(definition).replace(":id", id),
          payload: bodies.get(definition.name) ?? {},
          headers: { authorization: `Bearer ${tokenFor(definition.roles[0]!)}` },
        });
        const wrong = refusals(res, names("id"));
        if (wrong.length > 0) offenders.push(`${definition.name} with ${what}: ${wrong.join("; ")}`);
      }
    }
    t.same(
      offenders.slice(0, 6),
      [],
      `${offenders.length} of ${publicCommands.length * 3} answers are not problem+json naming id`,
    );
    t.equal(await head(), before, "nothing appended");
  },
);
// ---------------------------------------------------------------------------------------------------------
// Import routes.

/** exceljs's streaming reader now and then loses xl/workbook.xml and fails on a valid workbook. */
const flaked = (body: string) => body.includes("reading 'sheets'");

type Cell = string | number | boolean | Date;
type Grid = Cell[][];
/** How an import error names where it is: the file as a whole, or a line (and a column). */
const LINE_PATH = /^(\(file\)|line \d+(\..+)?)$/;
const at = (line: number, column?: string) => (column ? `line ${line}.${column}` : `line ${line}`);
const any = () => true;

const METRIC = "ehcpTwentyWeeks";
const grids: Record<"cases" | "metrics", () => Grid> = {
  cases: () => [
    [...caseColumns],
    ...sampleRows.map((r) => caseColumns.map((c) => (r as Record<string, string>)[c] ?? "")),
  ],
  metrics: () => [
    ["metric", "period", "scope", "value", "source"],
    [METRIC, "2023", "area", "51.5", "SEN2 2024"],
    [METRIC, "2023", "england", "50.3", ""],
    [METRIC, "2022/23", "region:London", "48.9", ""],
    [METRIC, "2024-Q1", "la:E09000003:Barnet", "1,234.5", ""],
  ],
};
const requiredColumns = { cases: [...requiredCaseColumns], metrics: ["metric", "period", "scope", "value"] };

/** Bad values per column: each fails that column's own rule whatever the rest of its row says. */
const cellDefects: Record<"cases" | "metrics", Record<string, Cell[]>> = {
  cases: {
    caseId: ["a b", "x", "=1+1", "-lead", 12],
    dateOfBirth: ["2015-02-30", "31/02/2015", "2015-13-01", "yesterday", "=TODAY()", true, 45000, 3.5],
    gender: ["7", "x", "femme", "=1", 3, true, new Date("2020-01-01T00:00:00Z")],
    ethnicity: ["WB", "12345", "W BRI", "=WBRI", 1234, new Date("2020-01-01T00:00:00Z")],
    uln: ["123", "abcdefghij", "12345678901", 123],
    upn: ["short", "1234567890123", "=A12345678901"],
    primaryNeed: ["XYZ", "autism", 5],
    disability: ["maybe", "2", 2],
  },
  metrics: {
    metric: ["a b", "x", "=1+1"],
    period: ["2023-Q5", "FY23", "2023/2024", "=2023"],
    scope: ["mars", "region:", "la:X:Y", "la:E09000003:"],
    value: ["abc", "1.2.3", "12%", "=1+1", "--5"],
    source: ["s".repeat(301)],
  },
};

type Format = "csv" | "xlsx";
type FileSpec =
  | { kind: "random"; bytes: Uint8Array; format: Format; zipMagic: boolean }
  | { kind: "cutCsv"; row: number; cell: number; chars: number }
  | { kind: "cutXlsx"; at: number }
  | { kind: "noColumn"; column: string; format: Format }
  | { kind: "unknownColumn"; column: string; format: Format }
  | { kind: "twice"; column: string; format: Format }
  | { kind: "badCell"; row: number; column: string; value: Cell; format: Format }
  | { kind: "blank"; text: string };

interface BadFile {
  label: string;
  bytes: Buffer;
  type: string;
  names: (paths: readonly string[]) => boolean;
}

function fileSpecs(kind: "cases" | "metrics"): fc.Arbitrary<FileSpec> {
  const formats: Format[] = kind === "cases" ? ["csv", "xlsx"] : ["csv"];
  const format = fc.constantFrom(...formats);
  const rows = grids[kind]().length - 1;
  const row = fc.integer({ min: 1, max: rows });
  const specs: fc.Arbitrary<FileSpec>[] = [
    fc.record({
      kind: fc.constant("random" as const),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 3000 }),
      format,
      zipMagic: fc.boolean(),
    }),
    fc.record({ kind: fc.constant("cutCsv" as const), row, cell: fc.nat(), chars: fc.nat() }),
    fc.record({
      kind: fc.constant("noColumn" as const),
      column: fc.constantFrom(...requiredColumns[kind]),
      format,
    }),
    fc.record({
      kind: fc.constant("unknownColumn" as const),
      column: fc.constantFrom("Child name", "Home address", "NHS number", "=HYPERLINK(1)", "notes"),
      format,
    }),
    fc.record({
      kind: fc.constant("twice" as const),
      column: fc.constantFrom(...requiredColumns[kind]),
      format,
    }),
    fc
      .record({ row, column: fc.constantFrom(...Object.keys(cellDefects[kind])), n: fc.nat(), format })
      .map(({ row: r, column, n, format: f }): FileSpec => {
        const values = cellDefects[kind][column]!;
        const value = values[n % values.length]!;
        // A typed cell (number, boolean, date) only exists in a workbook.
        return { kind: "badCell", row: r, column, value, format: typeof value === "string" ? f : "xlsx" };
      })
      .filter((s) => formats.includes((s as { format: Format }).format)),
    fc.record({
      kind: fc.constant("blank" as const),
      text: fc.constantFrom("\n\n", "\r\n \r\n", "\ufeff", ",,,\n,,,\n"),
    }),
  ];
  if (kind === "cases") specs.push(fc.record({ kind: fc.constant("cutXlsx" as const), at: fc.nat() }));
  return fc.oneof(...specs);
}

const text = (c: Cell) => (c instanceof Date ? c.toISOString().slice(0, 10) : String(c));
const encode = async (g: Grid, f: Format) =>
  f === "csv" ? Buffer.from(stringify(g.map((r) => r.map(text)))) : await xlsxOf(g);
const typeOf = (f: Format) => (f === "csv" ? "text/csv" : XLSX);

/** The bytes of a spec, and the path its answer must name. */
async function materialise(kind: "cases" | "metrics", spec: FileSpec): Promise<BadFile> {
  const g = grids[kind]();
  const header = g[0]!.map(text);
  switch (spec.kind) {
    case "random":
      return {
        label: `${spec.bytes.length} random bytes as ${spec.format}${spec.zipMagic ? " after a zip signature" : ""}`,
        bytes: Buffer.concat([
          Buffer.from(spec.zipMagic ? [0x50, 0x4b, 0x03, 0x04] : []),
          Buffer.from(spec.bytes),
        ]),
        type: typeOf(spec.format),
        names: any,
      };
    case "cutCsv": {
      // Every cell quoted; the file ends inside a non-empty cell of line row+1, so its quote never closes.
      const cells = g[spec.row]!.map(text);
      const filled = cells.flatMap((v, i) => (v === "" ? [] : [i]));
      const cell = filled[spec.cell % filled.length]!;
      const value = cells[cell]!;
      const before = stringify(
        g.slice(0, spec.row).map((r) => r.map(text)),
        { quoted: true },
      );
      const left = cells
        .slice(0, cell)
        .map((v) => `"${v.replaceAll('"', '""')}",`)
        .join("");
      return {
        label: `CSV ending inside line ${spec.row + 1}, ${header[cell]}`,
        bytes: Buffer.from(`${before}${left}"${value.slice(0, spec.chars % value.length)}`),
        type: "text/csv",
        names: (paths) => paths.includes(at(spec.row + 1)),
      };
    }
    case "cutXlsx": {
      const whole = await encode(g, "xlsx");
      const cut = 1 + (spec.at % (whole.length - 1));
      return {
        label: `a workbook cut at byte ${cut}`,
        bytes: whole.subarray(0, cut),
        type: XLSX,
        names: names("(file)"),
      };
    }
    case "noColumn": {
      const i = header.indexOf(spec.column);
      return {
        label: `no ${spec.column} column (${spec.format})`,
        bytes: await encode(
          g.map((r) => r.filter((_, j) => j !== i)),
          spec.format,
        ),
        type: typeOf(spec.format),
        names: (paths) => paths.includes(at(1, spec.column)),
      };
    }
    case "unknownColumn":
      return {
        label: `an unknown column ${spec.column} (${spec.format})`,
        bytes: await encode(
          g.map((r, n) => [...r, n === 0 ? spec.column : "x"]),
          spec.format,
        ),
        type: typeOf(spec.format),
        names: (paths) => paths.includes(at(1, spec.column)),
      };
    case "twice": {
      const i = header.indexOf(spec.column);
      // The same column again under a loosely equal name (`CASEID` is `caseId`).
      return {
        label: `${spec.column} twice (${spec.format})`,
        bytes: await encode(
          g.map((r, n) => [...r, n === 0 ? spec.column.toUpperCase() : r[i]!]),
          spec.format,
        ),
        type: typeOf(spec.format),
        names: (paths) => paths.includes(at(1, spec.column)),
      };
    }
    case "badCell": {
      const i = header.indexOf(spec.column);
      return {
        label: `line ${spec.row + 1} ${spec.column} = ${JSON.stringify(spec.value)} (${spec.format})`,
        bytes: await encode(
          g.map((r, n) => (n === spec.row ? r.map((c, j) => (j === i ? spec.value : c)) : r)),
          spec.format,
        ),
        type: typeOf(spec.format),
        names: (paths) => paths.includes(at(spec.row + 1, spec.column)),
      };
    }
    case "blank":
      return {
        label: `blank file ${JSON.stringify(spec.text)}`,
        bytes: Buffer.from(spec.text),
        type: "text/csv",
        names: names("(file)"),
      };
  }
}

t.test(
  "malformed files on both import routes: 400 problem+json naming the line, nothing imported",
  async (t) => {
    const { app, store, head } = await harness(t);
    await defineMetric(store, METRIC);
    const start = await head();
    let flakes = 0;
    for (const [index, kind] of (["cases", "metrics"] as const).entries()) {
      const send = (file: BadFile) =>
        app.inject({
          method: "POST",
          url: `/api/v1/imports/${kind}`,
          payload: file.bytes,
          headers: { authorization: `Bearer ${tokenFor("officer")}`, "content-type": file.type },
        });
      // The unbroken file imports cleanly (on a store of its own), so each defect is the only one.
      const clean = await harness(t);
      if (kind === "metrics") await defineMetric(clean.store, METRIC);
      const cleanAnswer = await clean.app.inject({
        method: "POST",
        url: `/api/v1/imports/${kind}`,
        payload: await encode(grids[kind](), "csv"),
        headers: { authorization: `Bearer ${tokenFor("officer")}`, "content-type": "text/csv" },
      });
      t.equal(cleanAnswer.statusCode, 201, `${kind}: the unbroken file imports`);

      const result = await fc.check(
        fc.asyncProperty(fileSpecs(kind), async (spec) => {
          const file = await materialise(kind, spec);
          const before = await head();
          let res = await send(file);
          // A valid workbook is now and then refused by the XLSX reader itself (see the test "a valid
          // workbook is read the same way every time" below); send it again so this property checks the
          // defect it generated, not that flake.
          for (let again = 0; again < 3 && file.type === XLSX && flaked(res.body); again++) {
            flakes += 1;
            res = await send(file);
          }
          const wrong = refusals(res, file.names, LINE_PATH);
          if ((await head()) !== before) wrong.push("the store's head moved");
          if (wrong.length > 0)
            throw new Error(`${file.label}: ${wrong.join("; ")}\n${res.body.slice(0, 400)}`);
        }),
        { numRuns: RUNS_PER_IMPORT_ROUTE, seed: SEED + 100 + index },
      );
      if (result.failed) t.fail(`${kind}: ${failure(result)}`);
      else
        t.pass(`${kind}: ${RUNS_PER_IMPORT_ROUTE} malformed files refused, each naming its line or the file`);
    }
    if (flakes > 0) t.comment(`${flakes} valid workbook(s) refused by the reader's race and sent again`);
    t.equal(await head(), start, "nothing was imported from any of them");
  },
);

// ---------------------------------------------------------------------------------------------------------
// Damaged workbooks: the zip layer under the XLSX reader.

/** Where one entry's data starts in a zip, its stored size and compression method. */
function zipEntry(zip: Buffer, name: string): { start: number; size: number; method: number } {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(p + 28);
    const local = zip.readUInt32LE(p + 42);
    if (zip.subarray(p + 46, p + 46 + nameLength).toString() === name)
      return {
        start: local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28),
        size: zip.readUInt32LE(p + 20),
        method: zip.readUInt16LE(p + 10),
      };
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  throw new Error(`no ${name} in the workbook`);
}

/** The sample extract as a workbook, its parts deflated (as Excel writes them) or stored uncompressed. */
async function sampleWorkbook(compression: "DEFLATE" | "STORE"): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Cases");
  for (const row of grids.cases()) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer({ zip: { compression } } as ExcelJS.XlsxWriteOptions));
}

/** The answer to an import, or "no answer" when there is none within `ms`. */
async function importWithin(app: Awaited<ReturnType<typeof harness>>["app"], bytes: Buffer, ms: number) {
  const answer = app.inject({
    method: "POST",
    url: "/api/v1/imports/cases",
    payload: bytes,
    headers: { authorization: `Bearer ${tokenFor("officer")}`, "content-type": XLSX },
  });
  // Not unref'd: a request that never settles leaves nothing else to keep the process alive.
  const timer = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));
  return Promise.race([answer, timer]);
}

t.test("a workbook part that is not valid deflate data is refused at once, not left hanging", async (t) => {
  // exceljs's streaming reader never settled when an entry's inflate failed (no answer at all). The
  // import now checks every zip part's CRC-32 first and answers 400 "(file)": the workbook is damaged.
  const { app, head } = await harness(t);
  const before = await head();
  for (const part of ["xl/worksheets/sheet1.xml", "xl/_rels/workbook.xml.rels"]) {
    const bytes = await sampleWorkbook("DEFLATE");
    const { start, method } = zipEntry(bytes, part);
    t.equal(method, 8, `${part} is deflated`);
    bytes[start] = 0xff; // BFINAL=1, BTYPE=11: a block type deflate reserves, so inflating fails at once
    const res = await importWithin(app, bytes, 3000);
    t.ok(res, `${part} damaged: an answer within 3 s`);
    if (res) t.same(refusals(res, names("(file)")), [], `${part} damaged: 400 problem+json naming (file)`);
  }
  t.equal(await head(), before, "nothing imported");
});

t.test(
  "a workbook part that does not match its CRC-32 is refused, not imported with the altered value",
  async (t) => {
    // The reader never checks an entry's CRC-32, so a workbook damaged in transit or on disk is read as
    // if it were whole: here C0001's date of birth changes from 2014-05-03 to 2014-05-08 and is imported.
    const { app, store, head } = await harness(t);
    const bytes = await sampleWorkbook("STORE");
    const strings = zipEntry(bytes, "xl/sharedStrings.xml");
    t.equal(strings.method, 0, "the shared strings are stored uncompressed");
    const at = bytes.subarray(strings.start, strings.start + strings.size).indexOf("2014-05-03");
    t.ok(at >= 0, "C0001's date of birth is in the shared strings");
    bytes.write("2014-05-08", strings.start + at);
    const before = await head();
    let res = await importWithin(app, bytes, 5000);
    // The reader's race (next test) refuses a stored workbook most of the time for another reason: send
    // it again until the answer is about this workbook.
    for (let again = 0; again < 20 && res && flaked(res.body); again++)
      res = await importWithin(app, bytes, 5000);
    t.ok(res && !flaked(res.body), "an answer about this workbook");
    if (res) t.same(refusals(res, names("(file)")), [], "400 problem+json: the workbook is damaged");
    t.equal(await head(), before, "nothing imported");
    const registered = (await store.readStream("case-C0001"))[0]?.data as
      { dateOfBirth?: string } | undefined;
    t.notOk(
      registered?.dateOfBirth === "2014-05-08",
      "no case was registered with the altered date of birth",
    );
  },
);

t.test("a valid workbook is read the same way every time", async (t) => {
  // exceljs's streaming reader (unzipper Parse + its iterateStream) now and then loses the last zip
  // entry, xl/workbook.xml, and then fails in _parseWorksheet: "Cannot read properties of undefined
  // (reading 'sheets')". A few reads in a hundred of a deflated workbook (as Excel writes them); most
  // reads of one whose parts are stored uncompressed (also valid XLSX).
  for (const [compression, reads] of [
    ["DEFLATE", 300],
    ["STORE", 30],
  ] as const) {
    const bytes = await sampleWorkbook(compression);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < reads; i++) {
      const { rows, errors } = await parseCaseExtract(bytes, "extract.xlsx");
      const outcome = errors.length > 0 ? `refused: ${errors[0]!.reason}` : `${rows.length} rows`;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    t.same(
      [...outcomes],
      [["4 rows", reads]],
      `${compression}: ${reads} reads of the same bytes, the same 4 rows`,
    );
  }
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import t from "tap";
import { openAccessLog } from "../src/access/accessLog.js";
import { runCli } from "../src/cli.js";
import { csvOf, sampleRows } from "./imports/helpers.js";

const dir = mkdtempSync(join(tmpdir(), "send-cli-"));
const saved = process.env.DATA_DIR;
process.env.DATA_DIR = dir;
t.teardown(() => {
  process.env.DATA_DIR = saved;
  rmSync(dir, { recursive: true, force: true });
});

t.test("the CLI forms outside scripts rely on", async (t) => {
  const out: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(" "));
  console.error = (...a: unknown[]) => void out.push(a.join(" "));
  t.teardown(() => {
    console.log = log;
    console.error = error;
  });
  t.equal(await runCli(["seed", "--today", "2026-11-23", "--plans", "30", "--sen-support", "30"]), 0);
  t.match(out.at(-1), /Seeded \d+ events/);
  t.equal(await runCli(["seed", "--today", "2026-11-23"]), 1, "an existing store is not seeded again");
  t.equal(await runCli(["head"]), 0);
  t.match(out.at(-1), /"position":\d+/);
  const file = join(dir, "annex-a.xlsx");
  t.equal(await runCli(["export", "annex-a", "--out", file]), 0);
  t.match(out.at(-1), /List_1 \d+ rows, List_2 \d+ rows/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  t.same(
    book.worksheets.map((w) => w.name),
    ["List_1", "List_2", "Checks"],
  );
  t.equal(await runCli(["export", "annex-a", "--out", join(dir, "old.xlsx"), "--as-at", "2020-01-01"]), 0);
  t.match(out.at(-1), /as at 20(19|20)-/);
  await t.rejects(runCli(["export", "annex-a"]), /--out/);
  await t.rejects(runCli(["export", "pdf", "--out", "x"]), /Unknown export/);
  await t.rejects(runCli(["export", "annex-a", "--out", "x.xlsx", "--as-at", "whenever"]), /asAt "whenever"/);
  await t.rejects(runCli(["seed", "--plans", "many"]), /whole number/);
  const extract = join(dir, "extract.csv");
  writeFileSync(extract, csvOf(sampleRows));
  t.equal(await runCli(["import", "cases", extract]), 0);
  t.match(out.at(-1), /Imported .*extract\.csv: \d+ events/);
  t.equal(await runCli(["import", "cases", extract]), 0);
  t.match(out.at(-1), /: 0 events/, "the same file again appends nothing");
  const broken = join(dir, "broken.csv");
  writeFileSync(broken, csvOf(sampleRows.map((r, i) => (i === 1 ? { ...r, dateOfBirth: "yesterday" } : r))));
  t.equal(await runCli(["import", "cases", broken]), 1);
  t.match(out.at(-1), /line 3, dateOfBirth/);
  await t.rejects(runCli(["import", "widgets", extract]), /Usage: import/);
  const sef = join(dir, "sef.pdf");
  t.equal(await runCli(["pack", "sef", "--out", sef, "--include-warnings"]), 0);
  t.match(out.at(-1), /Wrote .*sef\.pdf: Self-evaluation, as at log position \d+; SHA-256 [0-9a-f]{64}/);
  t.equal(await runCli(["verify", sef]), 0, "an untouched pack verifies");
  t.match(out.at(-1), /VERIFIED: .*identical to a rebuild/);
  const changed = readFileSync(sef);
  changed.write("X", changed.indexOf("Self-evaluation"), "latin1");
  writeFileSync(join(dir, "changed.pdf"), changed);
  t.equal(await runCli(["verify", join(dir, "changed.pdf")]), 1, "a changed pack does not");
  t.match(out.at(-1), /NOT VERIFIED/);
  t.equal(
    await runCli([
      "pack",
      "cases",
      "--out",
      join(dir, "cases.pdf"),
      "--case",
      "C000001",
      "--case",
      "C000002",
      "--as-at",
      "2026-06-30",
    ]),
    0,
  );
  t.equal(await runCli(["verify", join(dir, "cases.pdf")]), 0, "a pack as at a past moment verifies too");
  t.equal(await runCli(["pack", "data-request", "--out", join(dir, "dr.pdf")]), 0);
  await t.rejects(runCli(["pack", "minutes", "--out", "x.pdf"]), /Usage: pack/);
  await t.rejects(runCli(["pack", "sef"]), /--out/);
  await t.rejects(runCli(["verify"]), /Usage: verify/);
  const copyDir = join(dir, "copy");
  t.equal(await runCli(["copy", "--to-dir", copyDir]), 0);
  t.match(out.at(-1), /same number of events in both stores/);
  t.equal(await runCli(["copy", "--to-dir", copyDir]), 0, "running the copy again is safe");
  t.match(out.at(-2), /0 appended, \d+ already there/);
  await t.rejects(runCli(["copy"]), /Usage: copy/);
  t.equal(await runCli(["tokens"]), 2, "tokens are never printed after they are made");
  t.equal(await runCli(["access", "grant", "--actor", "cli.lano", "--role", "lano"]), 0);
  t.match(out.at(-1), /^[A-Za-z0-9_-]{43}$/, "the token alone on the last line");
  t.equal(await runCli(["docs-api"]), 0);
  t.equal(await runCli(["nonsense"]), 2);
  t.match(out.at(-1), /Usage: npm run cli/);
});

t.test("access-log --case ID [--from ISO] [--to ISO]: who saw one child, as a table", async (t) => {
  const out: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(" "));
  console.error = (...a: unknown[]) => void out.push(a.join(" "));
  t.teardown(() => {
    console.log = log;
    console.error = error;
  });
  const file = join(dir, "access-log.db");
  const written = openAccessLog(file);
  const read = (what: string, actor: string, at: string) =>
    written.record(
      [{ actor, role: "inspector", what, requestId: `req-${what}`, caseIds: ["Z-CHILD-42", "Z-CHILD-43"] }],
      new Date(at),
    );
  read("cases", "i.one", "2026-11-20T09:00:00Z");
  read("casePack", "i.two", "2026-11-21T10:00:00Z");
  read("GET /api/v1/packs/cases.pdf", "i.one", "2026-11-22T11:00:00Z");
  written.close();

  t.equal(
    await runCli(["access-log", "--case", "Z-CHILD-42", "--from", "2026-11-21", "--to", "2026-11-22"]),
    0,
  );
  const table = out.at(-1)!.split("\n");
  t.match(table[0], /^time\s+actor\s+role\s+what\s+request id$/);
  t.match(table[1], /^2026-11-21T10:00:00\.000Z\s+i\.two\s+inspector\s+casePack\s+req-casePack$/);
  t.match(
    table[2],
    /^2026-11-22T11:00:00\.000Z\s+i\.one\s+inspector\s+GET \/api\/v1\/packs\/cases\.pdf\s+req-GET/,
  );
  t.equal(table[3], "2 reads of Z-CHILD-42 from 2026-11-21 to 2026-11-22.");
  t.equal(await runCli(["access-log", "--case", "Z-CHILD-42"]), 0);
  t.match(
    out.at(-1),
    /cli access-log[\s\S]*4 reads of Z-CHILD-42 from the beginning to now\./,
    "the earlier question is on the record",
  );

  const cliReads = (id: string) =>
    openAccessLog(file)
      .seenBy(id, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
      .entries.map((e) => e.what);
  t.same(
    cliReads("C000001").filter((w) => w.startsWith("cli ") && w !== "cli access-log"),
    ["cli export annex-a", "cli pack cases", "cli verify"],
    "the CLI's exports, packs and verifications are on the record too",
  );
  const reopened = openAccessLog(file);
  const entries = reopened.count();
  reopened.close();
  for (const [args, field] of [
    [["--from", "2026-11-21"], "--case"],
    [["--case", "no such id"], "--case"],
    [["--case", "Z-CHILD-42", "--from", "monday"], "--from"],
    [["--case", "Z-CHILD-42", "--from", "2026-11-22", "--to", "2026-11-21"], "--to"],
  ] as const) {
    t.equal(await runCli(["access-log", ...args]), 2, args.join(" "));
    t.match(out.at(-1), new RegExp(`^${field}: `));
  }
  await t.rejects(runCli(["access-log", "--case", "Z-CHILD-42", "--who", "me"]), /Unknown option '--who'/);
  const after = openAccessLog(file);
  t.equal(after.count(), entries, "a refused question records nothing");
  after.close();
});

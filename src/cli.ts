/**
 * The command line, on the same store as the server (`npm run cli -- <command>`).
 * Outside scripts call these forms; keep them stable and add options freely.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { accessLogQuery } from "../schemas/accessLog.js";
import { openAccessLog } from "./access/accessLog.js";
import { accessLogTable, askAccessLog } from "./access/accessLogQuery.js";
import { loadSettings, todayIn } from "./config.js";
import { annexAFor } from "./exports/annexAReport.js";
import { annexAWorkbook } from "./exports/annexAWorkbook.js";
import { cellText } from "./exports/cells.js";
import { momentAsAt, readAsAt } from "./graphql/asAt.js";
import { importCases, importMetrics } from "./imports/index.js";
import { verifyAddressOf, buildPack, requestFromMeta } from "./packs/build.js";
import { verifyPack } from "./packs/verify.js";
import { openReadSide } from "./runner/readSide.js";
import { seedClock } from "./demo/seed.js";
import { seedIfEmpty } from "./demo/startup.js";
import { accessUsage, runAccessCommand } from "./access/accessCommand.js";
import { renderAccessMatrix } from "./docs/accessMatrix.js";
import { renderCommandTable } from "./docs/apiReference.js";
import { renderEventCatalogue } from "./docs/eventCatalogue.js";
import { copyLog } from "./store/copy.js";
import { openEventStoreDb } from "./store/eventstoredb.js";
import { openStore } from "./store/open.js";
import { openSqliteStore } from "./store/sqlite.js";

const usage = `Usage: npm run cli -- <command> [options]

  seed [--today YYYY-MM-DD] [--plans N] [--sen-support N] [--seed N]
        Seed the demo area into an empty store.
  import cases FILE       A case extract (CSV or XLSX): only what changed becomes events.
  import metrics FILE     A metrics file (CSV: metric, period, scope, value, source).
        A file with bad rows is refused whole, every bad row named; nothing is appended.
  export annex-a --out FILE.xlsx [--as-at ISO]
        Write Annex A List 1 and List 2 (and the check results) as one workbook; --as-at takes a
        date-time, a date or a log position. Prints the error-level check failures.
  pack sef|data-request|cases --out FILE.pdf [--as-at ISO] [--case ID ...] [--inspection ID]
        [--include-warnings] [--case-level]
        Build an evidence pack as PDF, now or as at a moment. A cases pack takes --case (repeat it) or
        --inspection (its tracked and sampled children).
  verify FILE.pdf
        Exit 0 only when the PDF matches an issued pack or a rebuild at the log position its manifest names.
  copy --to-dir DIR | --to-eventstore esdb://...
        Copy the whole log from this store (DATA_DIR or EVENTSTORE_URL) into another, keeping ids and order,
        then check the event count of every stream. Safe to run again after an interruption.
  access-log --case ID [--from ISO] [--to ISO]
        Who read one child's data (DATA_DIR/access-log.db): time, actor, role, what, request id, oldest
        first. Bounds are inclusive; a date is the whole day in the area's time zone, AREA_TIME_ZONE. The question is itself recorded.
  head  Print the store's head position.
${accessUsage}
  docs-events
        Print the event catalogue as markdown (docs/EVENTS.md).
  docs-api
        Print the command route table (the generated part of docs/API.md).
  docs-access
        Print the role × resource matrix (the generated part of docs/ACCESS.md).

Settings come from the environment: DATA_DIR (default ./data), EVENTSTORE_URL.`;

/** Who the CLI acts as: the operating-system user, with the store's files in hand (so, admin). */
const cliActor = () => (process.env.USER ? `cli:${process.env.USER}` : "cli");

/** Record a CLI read of children's data in DATA_DIR/access-log.db, before the file is written. */
function recordCliRead(dataDir: string, what: string, caseIds: readonly string[]) {
  const log = openAccessLog(join(dataDir, "access-log.db"));
  try {
    log.record([{ actor: cliActor(), role: "admin", what, requestId: randomUUID(), caseIds: [...caseIds] }]);
  } finally {
    log.close();
  }
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const settings = loadSettings();
  const clockRules = { annualReview: settings.ANNUAL_REVIEW_RULE };
  switch (command) {
    case "seed": {
      const { values } = parseArgs({
        args: rest,
        options: {
          today: { type: "string" },
          plans: { type: "string" },
          "sen-support": { type: "string" },
          seed: { type: "string" },
        },
      });
      const num = (v: string | undefined, name: string) => {
        if (v === undefined) return undefined;
        if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a whole number`);
        return Number(v);
      };
      if (values.today && !/^\d{4}-\d{2}-\d{2}$/.test(values.today))
        throw new Error("--today must be YYYY-MM-DD");
      const report = await seedIfEmpty(settings, {
        ...(values.today ? { today: values.today } : {}),
        plans: num(values.plans, "plans"),
        senSupport: num(values["sen-support"], "sen-support"),
        seed: num(values.seed, "seed"),
      });
      if (!report) {
        console.error("The store is not empty: the demo area is seeded only into an empty store.");
        return 1;
      }
      console.log(
        `Seeded ${report.appended} events from ${report.commands} commands; ${report.rejected.length} refused.`,
      );
      return report.rejected.length === 0 ? 0 : 1;
    }
    case "import": {
      const [what, file, ...more] = rest;
      if ((what !== "cases" && what !== "metrics") || !file || more.length > 0)
        throw new Error("Usage: import cases FILE | import metrics FILE");
      const store = openStore(settings);
      try {
        const bytes = readFileSync(file);
        const caller = {
          actor: process.env.USER ? `cli:${process.env.USER}` : "cli",
          role: "admin" as const,
          source: `import:${basename(file)}`,
        };
        const today = todayIn(settings.AREA_TIME_ZONE, new Date());
        const outcome =
          what === "cases"
            ? await importCases(store, bytes, basename(file), caller, today)
            : await importMetrics(store, bytes, basename(file), caller, today);
        if (outcome.kind === "refused") {
          console.error(`Refused ${file}: nothing was imported.`);
          for (const e of outcome.errors)
            console.error(`  line ${e.line}${e.column ? `, ${e.column}` : ""}: ${e.reason}`);
          return 1;
        }
        console.log(
          `Imported ${file}: ${outcome.appended} events from ${outcome.commands} commands; ${outcome.unchanged} unchanged.`,
        );
        return 0;
      } finally {
        await store.close();
      }
    }
    case "export": {
      const [what, ...options] = rest;
      if (what !== "annex-a")
        throw new Error(`Unknown export ${what ?? "(none)"}: try export annex-a --out FILE.xlsx`);
      const { values } = parseArgs({
        args: options,
        options: { out: { type: "string" }, "as-at": { type: "string" } },
      });
      if (!values.out) throw new Error("--out FILE.xlsx is required");
      readAsAt(values["as-at"], settings.AREA_TIME_ZONE);
      const side = await openReadSide(settings);
      try {
        const { at, asOf } = await momentAsAt(values["as-at"], {
          timeZone: settings.AREA_TIME_ZONE,
          today: () => todayIn(settings.AREA_TIME_ZONE, new Date()),
          runner: side.runner,
        });
        const report = annexAFor(at, asOf);
        const workbook = await annexAWorkbook(report.lists, report.checks);
        recordCliRead(
          settings.DATA_DIR,
          "cli export annex-a",
          [...report.lists.list1, ...report.lists.list2].flatMap((r) => cellText(r["Unique ID"]) ?? []),
        );
        writeFileSync(values.out, workbook);
        const errors = report.checks.filter((c) => c.severity === "error").length;
        console.log(
          `Wrote ${values.out}: List_1 ${report.lists.list1.length} rows, List_2 ${report.lists.list2.length} rows, ` +
            `as at ${asOf} (log position ${at.position}); ${errors} error-level and ${report.checks.length - errors} query-level check results (sheet Checks).`,
        );
      } finally {
        await side.close();
      }
      return 0;
    }
    case "pack": {
      const [which, ...options] = rest;
      const kinds = { sef: "sef", "data-request": "dataRequest", cases: "cases" } as const;
      const kind = kinds[which as keyof typeof kinds];
      if (!kind)
        throw new Error("Usage: pack sef|data-request|cases --out FILE.pdf [--as-at ISO] [--case ID ...]");
      const { values } = parseArgs({
        args: options,
        options: {
          out: { type: "string" },
          "as-at": { type: "string" },
          case: { type: "string", multiple: true },
          inspection: { type: "string" },
          "include-warnings": { type: "boolean" },
          "case-level": { type: "boolean" },
        },
      });
      if (!values.out) throw new Error("--out FILE.pdf is required");
      const asked = readAsAt(values["as-at"], settings.AREA_TIME_ZONE);
      const side = await openReadSide(settings);
      try {
        const at = asked ? await side.runner.at(asked.target) : side.runner.current();
        const built = await buildPack(
          at,
          {
            kind,
            ...(values.case?.length ? { caseIds: values.case } : {}),
            ...(values.inspection ? { inspectionId: values.inspection } : {}),
            ...(values["include-warnings"] ? { includeWarnings: true } : {}),
            ...(values["case-level"] ? { caseLevel: true } : {}),
            ...verifyAddressOf(settings.PUBLIC_BASE_URL),
            ...(asked?.time ? { asAt: asked.time } : {}),
          },
          settings.AREA_TIME_ZONE,
          clockRules,
        );
        recordCliRead(settings.DATA_DIR, `cli pack ${which}`, built.casesShown);
        writeFileSync(values.out, built.pdf);
        console.log(
          `Wrote ${values.out}: ${built.meta.title}, as at log position ${built.meta.position}; SHA-256 ${built.sha256}`,
        );
      } finally {
        await side.close();
      }
      return 0;
    }
    case "verify": {
      const [file, ...more] = rest;
      if (!file || more.length > 0) throw new Error("Usage: verify FILE.pdf");
      const side = await openReadSide(settings);
      try {
        const result = await verifyPack(readFileSync(file), {
          at: (position) => side.runner.at({ position }),
          issued: side.runner.current().state.partnership.packs,
          timeZone: settings.AREA_TIME_ZONE,
          clockRules,
        });
        recordCliRead(settings.DATA_DIR, "cli verify", [
          ...(result.meta?.caseIds ?? []),
          ...(requestFromMeta(result.meta?.kind ?? "sef", result.meta?.request).caseIds ?? []),
        ]);
        (result.ok ? console.log : console.error)(
          `${result.ok ? "VERIFIED" : "NOT VERIFIED"}: ${file}: ${result.reason} (SHA-256 ${result.sha256})`,
        );
        return result.ok ? 0 : 1;
      } finally {
        await side.close();
      }
    }
    case "copy": {
      const { values } = parseArgs({
        args: rest,
        options: { "to-dir": { type: "string" }, "to-eventstore": { type: "string" } },
      });
      const toDir = values["to-dir"];
      const toUrl = values["to-eventstore"];
      if (!toDir === !toUrl) throw new Error("Usage: copy --to-dir DIR | --to-eventstore esdb://...");
      const clock = seedClock();
      const source = openStore(settings);
      const target = toDir
        ? openSqliteStore(join(toDir, "events.db"), { clock: clock.now })
        : openEventStoreDb(toUrl!);
      try {
        const report = await copyLog(source, target, {
          ...(toDir ? { setClock: clock.set } : {}),
          progress: (n) => console.log(`  ${n} events copied`),
        });
        console.log(
          `Copied ${report.events} events in ${report.streams} streams: ${report.appended} appended, ${report.alreadyThere} already there.`,
        );
        if (report.mismatches.length > 0) {
          for (const m of report.mismatches.slice(0, 20))
            console.error(`  ${m.stream}: source ${m.source}, target ${m.target}`);
          console.error(`${report.mismatches.length} streams differ after the copy.`);
          return 1;
        }
        console.log("Every stream has the same number of events in both stores.");
        return 0;
      } finally {
        await target.close();
        await source.close();
      }
    }
    case "access-log": {
      const { values } = parseArgs({
        args: rest,
        options: { case: { type: "string" }, from: { type: "string" }, to: { type: "string" } },
      });
      const q = accessLogQuery.safeParse(values);
      if (!q.success) {
        for (const i of q.error.issues) console.error(`--${i.path.join(".") || "case"}: ${i.message}`);
        return 2;
      }
      const log = openAccessLog(join(settings.DATA_DIR, "access-log.db"));
      try {
        const answer = askAccessLog(
          log,
          q.data,
          {
            actor: cliActor(),
            role: "admin",
            requestId: randomUUID(),
            what: "cli access-log",
          },
          settings.AREA_TIME_ZONE,
        );
        console.log(accessLogTable(answer));
      } finally {
        log.close();
      }
      return 0;
    }
    case "head": {
      const store = openStore(settings);
      try {
        console.log(JSON.stringify(await store.head()));
      } finally {
        await store.close();
      }
      return 0;
    }
    case "access":
      return runAccessCommand(rest, settings.DATA_DIR);
    case "docs-api":
      process.stdout.write(renderCommandTable());
      return 0;
    case "docs-access":
      process.stdout.write(renderAccessMatrix());
      return 0;
    case "docs-events":
      process.stdout.write(renderEventCatalogue());
      return 0;
    default:
      console.error(command ? `Unknown command: ${command}\n\n${usage}` : usage);
      return 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}

/**
 * The command line, on the same store as the server (`npm run cli -- <command>`).
 * Outside scripts call these forms; keep them stable and add options freely.
 */
import { parseArgs } from "node:util";
import { loadSettings } from "./config.js";
import { loadTokens, seedIfEmpty } from "./demo/startup.js";
import { renderCommandTable } from "./docs/apiReference.js";
import { renderEventCatalogue } from "./docs/eventCatalogue.js";
import { openStore } from "./store/open.js";

const usage = `Usage: npm run cli -- <command> [options]

  seed [--today YYYY-MM-DD] [--plans N] [--sen-support N] [--seed N]
        Seed the demo area into an empty store.
  head  Print the store's head position.
  tokens
        Print the bearer tokens (from AUTH_TOKENS or DATA_DIR/tokens.json).
  docs-events
        Print the event catalogue as markdown (docs/EVENTS.md).
  docs-api
        Print the command route table (the generated part of docs/API.md).

Settings come from the environment: DATA_DIR (default ./data), EVENTSTORE_URL.`;

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const settings = loadSettings();
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
    case "head": {
      const store = openStore(settings);
      try {
        console.log(JSON.stringify(await store.head()));
      } finally {
        await store.close();
      }
      return 0;
    }
    case "tokens": {
      for (const [token, who] of Object.entries(loadTokens(settings).tokens))
        console.log(`${who.role}\t${who.actor}\t${token}`);
      return 0;
    }
    case "docs-api":
      process.stdout.write(renderCommandTable());
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

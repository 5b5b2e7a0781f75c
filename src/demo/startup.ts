/**
 * What a first start needs: the token table (from AUTH_TOKENS, or a file in DATA_DIR created with one
 * random token per role) and, on an empty store, the demo area.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { demoAreaScript, type DemoOptions } from "../../fixtures/demoArea/index.js";
import { type Settings, type TokenTable, todayIn, tokenTable } from "../config.js";
import { demoTokens } from "../http/auth.js";
import { openStore } from "../store/open.js";
import { playScript, type SeedReport, seedClock } from "./seed.js";

export function loadTokens(settings: Settings): { tokens: TokenTable; file?: string } {
  if (settings.AUTH_TOKENS) return { tokens: settings.AUTH_TOKENS };
  const file = join(settings.DATA_DIR, "tokens.json");
  if (!existsSync(file)) {
    mkdirSync(settings.DATA_DIR, { recursive: true });
    writeFileSync(file, `${JSON.stringify(demoTokens(), null, 2)}\n`, { mode: 0o600 });
  }
  return { tokens: tokenTable.parse(JSON.parse(readFileSync(file, "utf8"))), file };
}

/**
 * Seed the demo area if the store is empty. On SQLite each event is recorded at the moment it happened
 * (a seed clock); EventStoreDB stamps its own time, so there the demo history all lands "now".
 */
export async function seedIfEmpty(
  settings: Settings,
  options: Partial<DemoOptions> = {},
): Promise<SeedReport | undefined> {
  const clock = seedClock();
  const store = openStore(settings, { clock: clock.now });
  try {
    if ((await store.head()).position > 0) return undefined;
    const today = options.today ?? todayIn(settings.AREA_TIME_ZONE, new Date());
    return await playScript(store, demoAreaScript({ ...options, today }), clock);
  } finally {
    await store.close();
  }
}

/**
 * What a start needs: the principals (AUTH_TOKENS, and the granted ones in DATA_DIR/access.db) and, on an
 * empty store, the demo area. Production refuses to start with no principal (unless single sign-on is set
 * up) and never makes demo ones; development makes one demo principal per role on the first start and
 * hands their tokens back once.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { demoAreaScript, type DemoOptions } from "../../fixtures/demoArea/index.js";
import { type Authenticator, eitherOf, tableAuthenticator } from "../access/authenticate.js";
import { principal, type Principal } from "../access/principal.js";
import { openTokenStore, type TokenStore } from "../access/tokenStore.js";
import { type Settings, singleSignOnSettings, todayIn } from "../config.js";
import { openStore } from "../store/open.js";
import { privateDirectory } from "../store/privateFiles.js";
import { playScriptInBatches, type SeedReport, seedClock } from "./seed.js";

/** The inspection the demo inspector is bound to (notify it to open the inspector's window). */
export const DEMO_INSPECTION = "INS-DEMO";

export const demoPrincipals: readonly Principal[] = [
  { actor: "demo.lano", role: "lano" },
  { actor: "demo.officer", role: "officer" },
  { actor: "demo.auditor", role: "auditor" },
  { actor: "demo.moderator", role: "auditor" },
  { actor: "demo.inspector", role: "inspector", inspectionId: DEMO_INSPECTION },
  { actor: "demo.admin", role: "admin" },
];

export class NoPrincipalsError extends Error {}

export interface Principals {
  authenticator: Authenticator;
  store: TokenStore;
  /** Demo principals made on this start, with their tokens: to be shown now and never again. */
  created: { who: Principal; token: string }[];
}

export const accessDb = (settings: Settings) => join(settings.DATA_DIR, "access.db");

/** Tokens of an older version, kept in plain text in DATA_DIR/tokens.json: moved into access.db as hashes. */
function moveOldTokenFile(settings: Settings, store: TokenStore): void {
  const file = join(settings.DATA_DIR, "tokens.json");
  if (!existsSync(file)) return;
  const table = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  for (const [token, who] of Object.entries(table)) store.adopt(token, principal.parse(who));
  rmSync(file);
}

export function openPrincipals(settings: Settings): Principals {
  privateDirectory(settings.DATA_DIR);
  const store = openTokenStore(accessDb(settings));
  moveOldTokenFile(settings, store);
  const table = settings.AUTH_TOKENS ?? new Map<string, Principal>();
  const created: Principals["created"] = [];
  if (settings.NODE_ENV === "production") {
    // With single sign-on, staff (an admin among them) come in through the council's provider.
    if (table.size === 0 && store.live() === 0 && !singleSignOnSettings(settings)) {
      store.close();
      throw new NoPrincipalsError(
        "No principals are configured (nor single sign-on), and production never makes demo ones. Grant the first one, then start:\n" +
          "  NODE_ENV=production npm run cli -- access grant --actor NAME --role admin",
      );
    }
  } else if (table.size === 0 && store.list().length === 0) {
    for (const who of demoPrincipals) created.push({ who, token: store.grant(who) });
  }
  return {
    authenticator: eitherOf(tableAuthenticator(table), {
      find: (token) => store.find(token),
      findHash: (hash) => store.findHash(hash),
    }),
    store,
    created,
  };
}

/**
 * Seed the demo area if the store is empty. On SQLite each event is recorded at the moment it happened
 * (a seed clock), many commands to a transaction; EventStoreDB stamps its own time, so there the demo
 * history all lands "now", one append at a time.
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
    return await playScriptInBatches(store, demoAreaScript({ ...options, today }), clock);
  } finally {
    await store.close();
  }
}

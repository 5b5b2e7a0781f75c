/** The demo history as recorded events, from an in-memory store, for the pure projection tests. */
import { demoAreaScript } from "../../fixtures/demoArea/index.js";
import type { ScriptedCommand } from "../../fixtures/demoArea/script.js";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { playScript, seedClock } from "../../src/demo/seed.js";
import { openSqliteStore } from "../../src/store/sqlite.js";

export async function demoEvents(
  size = { plans: 60, senSupport: 60 },
  extra: ScriptedCommand[] = [],
  today = "2026-11-23",
): Promise<RecordedEvent[]> {
  const clock = seedClock();
  const store = openSqliteStore(":memory:", { clock: clock.now });
  const report = await playScript(store, [...demoAreaScript({ today, ...size }), ...extra], clock);
  if (report.rejected.length > 0)
    throw new Error(`demo commands refused: ${JSON.stringify(report.rejected.slice(0, 3))}`);
  const events: RecordedEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  await store.close();
  return events;
}

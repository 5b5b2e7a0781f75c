import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { openReadSide, ReadModelsUnavailable } from "../../src/runner/readSide.js";
import { openSqliteStore } from "../../src/store/sqlite.js";

const meta = { actor: "t", role: "officer" as const, correlationId: "t", source: "test" };
const registered = (id: string, schemaVersion: number) => ({
  id: randomUUID(),
  type: "CaseRegistered",
  data: { schemaVersion, caseId: id, dateOfBirth: "2016-01-01", gender: "female", ethnicity: "WBRI" },
  metadata: meta,
});

t.test(
  "a log this build cannot fold: the CLI's read side refuses, the server's stays up failed",
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "send-readside-"));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const store = openSqliteStore(join(dir, "events.db"));
    await store.append("case-C1", [registered("C1", 1)], "any");
    // Written by a newer build: no upcaster can bring it down, so the fold throws on it.
    const newer = await store.append("case-C2", [registered("C2", 2)], "any");
    await store.close();
    const settings = { DATA_DIR: dir, EVENTSTORE_URL: undefined };

    const error = console.error;
    const logged: string[] = [];
    console.error = (...args: unknown[]) => logged.push(args.join(" "));
    try {
      const refused = await openReadSide(settings).then(
        () => undefined,
        (err: unknown) => err,
      );
      t.ok(refused instanceof ReadModelsUnavailable, "the CLI gets no read side");
      t.match((refused as ReadModelsUnavailable).failure, {
        position: newer.position,
        type: "CaseRegistered",
      });
      t.match((refused as Error).message, /schemaVersion 2 is newer than this build/);

      const served = await openReadSide(settings, { historySnapshots: true, serveWhenFailed: true });
      t.match(served.runner.failure(), { position: newer.position, stream: "case-C2" });
      t.equal(served.history, undefined, "no history worker folds a log that fails");
      t.equal(served.runner.current().position, newer.position - 1, "stopped before the event");
      await served.close();
    } finally {
      console.error = error;
    }
    t.equal(logged.length, 2, "each catch-up logged the failure");
  },
);

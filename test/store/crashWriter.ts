/**
 * Child process for the crash test: appends batches in a loop and prints `ack <batch> <size> <position>`
 * only after the store has acknowledged each append. The parent kills it with SIGKILL at a random moment.
 */
import { randomUUID } from "node:crypto";
import { openSqliteStore } from "../../src/store/sqlite.js";

const [file, round] = process.argv.slice(2);
const store = openSqliteStore(file!);
let batch = 0;
for (;;) {
  batch += 1;
  const size = 1 + (batch % 25);
  const id = `${round}-${batch}`;
  const events = Array.from({ length: size }, (_, index) => ({
    id: randomUUID(),
    type: "CrashProbe",
    data: { schemaVersion: 1, batch: id, size, index },
    metadata: { actor: "crash", role: "admin" as const, correlationId: id, source: "test" },
  }));
  const result = await store.append(`crash-${batch % 7}`, events, "any");
  process.stdout.write(`ack ${id} ${size} ${result.position}\n`);
}

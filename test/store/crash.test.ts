/**
 * Kill a writer with SIGKILL mid-loop, several times: every acknowledged event is there afterwards and
 * no batch is stored in part.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { openSqliteStore } from "../../src/store/sqlite.js";

const dir = mkdtempSync(join(tmpdir(), "send-crash-"));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, "events.db");
const writer = join(import.meta.dirname, "crashWriter.ts");

function runAndKill(round: number, killAfterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = fork(writer, [file, String(round)], {
      execArgv: process.execArgv,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let out = "";
    let err = "";
    let killed = false;
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      // Kill only once the writer is really writing, at a moment that varies by round.
      if (!killed && out.includes("ack ")) {
        killed = true;
        setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on("exit", (_code, signal) => {
      if (signal !== "SIGKILL") return reject(new Error(`writer exited without being killed: ${err}`));
      // Only whole lines are acknowledgements; a line cut by the kill is not.
      resolve(out.split("\n").filter((l) => /^ack \S+ \d+ \d+$/.test(l)));
    });
  });
}

t.test("SIGKILL during appends loses no acknowledged event and leaves no partial batch", async (t) => {
  const delays = [35, 120, 10, 260];
  let acknowledged = 0;
  for (const [round, delay] of delays.entries()) {
    const acks = await runAndKill(round, delay);
    t.ok(acks.length > 0, `round ${round}: the writer acknowledged appends before it was killed`);
    acknowledged += acks.length;
    const store = openSqliteStore(file);
    const sizes = new Map<string, { size: number; seen: number }>();
    for await (const e of store.readAll()) {
      const d = e.data as { batch: string; size: number };
      const entry = sizes.get(d.batch) ?? { size: d.size, seen: 0 };
      entry.seen += 1;
      sizes.set(d.batch, entry);
    }
    const missing = acks.filter((line) => {
      const [, id, size] = line.split(" ");
      return sizes.get(id!)?.seen !== Number(size);
    });
    t.same(missing, [], `round ${round}: every acknowledged batch is stored whole`);
    const partial = [...sizes].filter(([, v]) => v.seen !== v.size);
    t.same(partial, [], `round ${round}: no batch is stored in part`);
    const head = (await store.head()).position;
    const lastAck = Number(acks.at(-1)!.split(" ")[3]);
    t.ok(
      head >= lastAck,
      `round ${round}: the head (${head}) is at or past the last acknowledgement (${lastAck})`,
    );
    await store.close();
  }
  t.ok(acknowledged > delays.length, `${acknowledged} acknowledged appends checked`);
});

/**
 * Worker thread for heavy reads (see heavyWork.ts): it opens the same store and snapshot file, folds the
 * evidence read model to the moment a job names — from the state it folded last when that is on the way,
 * else from the nearest snapshot — and builds the bytes (Annex A workbook or CSV, a pack, a verification)
 * exactly as the server would in-process. One job at a time; the last folded state is kept for the next
 * job (most ask for "now", a few events on) and dropped after a quiet spell to give its memory back.
 */
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { evidenceProjection, type EvidenceState } from "../../projections/evidence.js";
import { stateOf } from "../../projections/projection.js";
import { annexAFile } from "../exports/annexAFile.js";
import { buildPack } from "../packs/build.js";
import { verifyPack } from "../packs/verify.js";
import { openStore } from "../store/open.js";
import type { HeavyJob, HeavyReply } from "./heavyWork.js";
import type { AsAt, Folded } from "./runner.js";
import { openSnapshotStore } from "./snapshots.js";

const settings = workerData as { DATA_DIR: string; EVENTSTORE_URL?: string; keepMs: number };
const store = openStore(settings);
const snapshots = openSnapshotStore(join(settings.DATA_DIR, "projections.db"));
const projection = evidenceProjection;

let last: Folded<EvidenceState> | undefined;
let forget: NodeJS.Timeout | undefined;

/** Is `at` at or before the target (so folding on from it reaches the target)? */
const before = (at: Folded<EvidenceState>, target: AsAt) =>
  "position" in target
    ? at.position <= target.position
    : at.recordedAt !== undefined && at.recordedAt <= target.time;

async function fold(target: AsAt): Promise<Folded<EvidenceState>> {
  const snap = snapshots.nearest<unknown>(
    projection.name,
    projection.version,
    "position" in target ? { position: target.position } : { time: target.time },
  );
  const previous =
    last && before(last, target) && (!snap || snap.position <= last.position) ? last : undefined;
  let { state, position, recordedAt } = previous
    ? previous
    : snap
      ? { state: stateOf(projection, snap.state), position: snap.position, recordedAt: snap.recordedAt }
      : { state: projection.initial(), position: 0, recordedAt: undefined };
  // The state is folded in place from here on: drop the old reference first.
  last = undefined;
  const pages = store.readPages({
    after: position,
    ...("position" in target ? { until: target.position } : {}),
  });
  let folded = 0;
  fold: for await (const page of pages)
    for (const e of page) {
      if ("time" in target && e.recordedAt > target.time) break fold;
      state = projection.apply(state, e);
      position = e.position;
      recordedAt = e.recordedAt;
      folded += 1;
    }
  // The same moment again is the same object, so what was derived from it (perMoment) is reused.
  last =
    previous && folded === 0
      ? previous
      : { state, position, ...(recordedAt !== undefined ? { recordedAt } : {}) };
  return last;
}

async function run(job: HeavyJob): Promise<HeavyReply> {
  switch (job.kind) {
    case "annexA": {
      const at = await fold(job.target);
      const asOf = job.asAt ? (at.recordedAt ?? "1970-01-01").slice(0, 10) : job.today;
      return { id: job.id, ok: true, value: await annexAFile(at, asOf, job.format) };
    }
    case "pack": {
      const built = await buildPack(await fold(job.target), job.request, job.timeZone);
      return { id: job.id, ok: true, value: built };
    }
    case "verify": {
      const result = await verifyPack(Buffer.from(job.pdf), {
        at: (position) => fold({ position }),
        issued: job.issued,
        timeZone: job.timeZone,
      });
      return { id: job.id, ok: true, value: result };
    }
  }
}

let queue = Promise.resolve();
parentPort!.on("message", (job: HeavyJob) => {
  queue = queue.then(async () => {
    clearTimeout(forget);
    let reply: HeavyReply;
    try {
      reply = await run(job);
    } catch (err) {
      const e = err as Error;
      reply = { id: job.id, ok: false, error: { name: e.constructor.name, message: e.message } };
    }
    parentPort!.postMessage(reply);
    forget = setTimeout(() => {
      last = undefined;
    }, settings.keepMs);
    forget.unref();
  });
});

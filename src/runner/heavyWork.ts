/**
 * Heavy reads off the event loop: the Annex A workbook and CSVs, the PDF packs and verification are built
 * by a small pool of worker threads (heavyWorker.ts) that open the same store and snapshot file, fold to
 * the moment asked for and send back the bytes, so `/healthz` and every other request stay served while a
 * large area's data request is built. The output is byte-for-byte what the in-process builders make (the
 * same code on the same fold). The CLI and tests without a data directory keep building in-process.
 */
import { Worker } from "node:worker_threads";
import type { AnnexAFile, AnnexAFormat } from "../exports/annexAFile.js";
import { type BuiltPack, type PackRequest, PackRequestError } from "../packs/build.js";
import type { Verification, VerifyOptions } from "../packs/verify.js";
import type { AsAt } from "./runner.js";

/** Each worker's heap cap: a large area's read model (~350 MB) plus the document being built. */
export const HEAVY_WORKER_HEAP_MB = 1024;

export type HeavyJob = { id: number } & (
  | {
      kind: "annexA";
      target: AsAt;
      /** True when the caller asked for a moment (its date is the moment's), false for "now". */
      asAt: boolean;
      today: string;
      format: AnnexAFormat;
    }
  | { kind: "pack"; target: AsAt; request: PackRequest; timeZone: string }
  | { kind: "verify"; pdf: Uint8Array; issued: VerifyOptions["issued"]; timeZone: string }
);

export type HeavyReply = { id: number } & (
  | { ok: true; value: AnnexAFile | BuiltPack | Verification }
  | { ok: false; error: { name: string; message: string } }
);

export interface HeavyWork {
  annexA(target: AsAt, options: { asAt: boolean; today: string; format: AnnexAFormat }): Promise<AnnexAFile>;
  pack(target: AsAt, request: PackRequest, timeZone: string): Promise<BuiltPack>;
  verify(pdf: Buffer, issued: VerifyOptions["issued"], timeZone: string): Promise<Verification>;
  close(): Promise<void>;
}

export interface HeavyWorkOptions {
  /** Worker threads (1–2 on a small machine: each holds its own copy of the read model). */
  workers?: number;
  /** How long a worker keeps its last folded state after a job (ms). */
  keepMs?: number;
}

/** A worker's answer came back as a plain object: make its buffers Buffers again. */
const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** The errors the routes answer as the caller's mistakes come back as themselves. */
function rebuild(error: { name: string; message: string }): Error {
  if (error.name === "PackRequestError") return new PackRequestError(error.message);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}

interface Slot {
  worker?: Worker;
  busy: number;
}

export function startHeavyWork(
  settings: { DATA_DIR: string; EVENTSTORE_URL?: string | undefined },
  options: HeavyWorkOptions = {},
): HeavyWork {
  const entry = new URL(
    import.meta.url.endsWith(".ts") ? "./heavyWorker.ts" : "./heavyWorker.js",
    import.meta.url,
  );
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; slot: Slot }
  >();
  const slots: Slot[] = Array.from({ length: Math.max(1, Math.min(4, options.workers ?? 1)) }, () => ({
    busy: 0,
  }));
  let next = 1;
  let closed = false;

  const spawn = (slot: Slot) => {
    const worker = new Worker(entry, {
      workerData: { ...settings, keepMs: options.keepMs ?? 60_000 },
      resourceLimits: { maxOldGenerationSizeMb: HEAVY_WORKER_HEAP_MB },
    });
    worker.unref();
    worker.on("message", (reply: HeavyReply) => {
      const job = pending.get(reply.id);
      if (!job) return;
      pending.delete(reply.id);
      slot.busy -= 1;
      if (reply.ok) job.resolve(reply.value);
      else job.reject(rebuild(reply.error));
    });
    // A worker that dies (out of memory, a crash) fails its jobs; the next job starts a new one.
    const lost = (why: Error) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      slot.busy = 0;
      for (const [id, job] of pending)
        if (job.slot === slot) {
          pending.delete(id);
          job.reject(why);
        }
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`the heavy-work worker stopped (exit code ${code})`)));
    slot.worker = worker;
    return worker;
  };

  // Start the workers now: loading their modules takes a second or two, better not on the first request.
  for (const slot of slots) spawn(slot);

  function submit<T>(job: HeavyJob): Promise<T> {
    if (closed) return Promise.reject(new Error("heavy work is closed"));
    const slot = slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const worker = slot.worker ?? spawn(slot);
    slot.busy += 1;
    return new Promise<T>((resolve, reject) => {
      pending.set(job.id, { resolve: resolve as (v: unknown) => void, reject, slot });
      try {
        worker.postMessage(job);
      } catch (err) {
        pending.delete(job.id);
        slot.busy -= 1;
        reject(err as Error);
      }
    });
  }

  return {
    async annexA(target, o) {
      const file = await submit<AnnexAFile>({ id: next++, kind: "annexA", target, ...o });
      return { ...file, bytes: asBuffer(file.bytes) };
    },
    async pack(target, request, timeZone) {
      const built = await submit<BuiltPack>({ id: next++, kind: "pack", target, request, timeZone });
      return { ...built, pdf: asBuffer(built.pdf) };
    },
    verify(pdf, issued, timeZone) {
      return submit<Verification>({ id: next++, kind: "verify", pdf, issued, timeZone });
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker?.terminate()));
      for (const [id, job] of pending) {
        pending.delete(id);
        job.reject(new Error("heavy work is closed"));
      }
    },
  };
}

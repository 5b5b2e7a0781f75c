/**
 * Catch-up-then-live subscriptions over a store that can be read by position. Appends in this process
 * wake followers at once; appends from another process (the CLI writing while the server runs) are
 * picked up by polling.
 */
import type { RecordedEvent } from "../../schemas/envelope.js";
import type { Subscription } from "./port.js";

type ReadPage = (after: number, size: number) => RecordedEvent[];

export function liveFeed(pollMs: number) {
  const wakers = new Set<() => void>();
  const open = new Set<Subscription>();

  function follow(after: number, readPage: ReadPage, batchSize = 500): Subscription {
    let closed = false;
    let wake: (() => void) | undefined;
    const sleep = () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        function done() {
          clearTimeout(timer);
          wakers.delete(done);
          wake = undefined;
          resolve();
        }
        wake = done;
        wakers.add(done);
      });

    async function* run(): AsyncGenerator<RecordedEvent> {
      let cursor = after;
      while (!closed) {
        const page = readPage(cursor, batchSize);
        for (const e of page) {
          if (closed) return;
          cursor = e.position;
          yield e;
        }
        if (page.length < batchSize && !closed) await sleep();
      }
    }

    const iterator = run();
    const subscription: Subscription = {
      [Symbol.asyncIterator]: () => iterator,
      async close() {
        closed = true;
        wake?.();
        open.delete(subscription);
        await iterator.return(undefined);
      },
    };
    open.add(subscription);
    return subscription;
  }

  return {
    follow,
    notify() {
      for (const w of [...wakers]) w();
    },
    async closeAll() {
      await Promise.all([...open].map((s) => s.close()));
    },
  };
}

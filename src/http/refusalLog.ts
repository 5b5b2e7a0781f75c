/**
 * Refused requests (401 unauthenticated, 429 too many) logged per address and window, not per request: a
 * flood of bad tokens would otherwise fill the log (and the disk) as fast as it arrives. The first refusal
 * from an address in a window is logged at once (warn); the rest are counted, and when the window ends one
 * warn line per address gives the count. At most `maxAddresses` are tracked per window; the rest are
 * counted together under "(other addresses)".
 */
import type { FastifyBaseLogger } from "fastify";

export interface RefusalLogOptions {
  windowMs?: number;
  maxAddresses?: number;
}

const OTHERS = "(other addresses)";

export class RefusalLog {
  private counts = new Map<string, { count: number; statuses: Set<number> }>();
  private readonly timer: NodeJS.Timeout;
  private readonly maxAddresses: number;
  readonly windowMs: number;

  constructor(
    private readonly log: FastifyBaseLogger,
    options: RefusalLogOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.maxAddresses = options.maxAddresses ?? 10_000;
    this.timer = setInterval(() => this.flush(), this.windowMs);
    this.timer.unref();
  }

  /** One refused request from `address`. */
  record(address: string, status: number, url: string) {
    const key = this.counts.has(address) || this.counts.size < this.maxAddresses ? address : OTHERS;
    const seen = this.counts.get(key);
    if (seen) {
      seen.count += 1;
      seen.statuses.add(status);
      return;
    }
    this.counts.set(key, { count: 1, statuses: new Set([status]) });
    this.log.warn(
      { address: key, status, url },
      "request refused (further refusals from this address are counted)",
    );
  }

  /** End the window: one line per address that was refused more than once. */
  flush() {
    const counts = this.counts;
    this.counts = new Map();
    for (const [address, { count, statuses }] of counts)
      if (count > 1)
        this.log.warn(
          { address, count, statuses: [...statuses].sort(), windowMs: this.windowMs },
          `${count} requests refused from ${address} in the last window`,
        );
  }

  close() {
    clearInterval(this.timer);
    this.flush();
  }
}

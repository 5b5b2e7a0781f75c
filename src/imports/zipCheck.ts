/**
 * Checks an uploaded workbook's zip before anything parses it, without inflating more than it may hold:
 * 1. the central directory's declared sizes, summed, against the unzipped-size limit (an honest zip
 *    bomb is refused here, having inflated nothing);
 * 2. every part inflated as a stream, off the event loop (zlib's thread pool), with a running cap at its
 *    declared size: a part that inflates past what its header says (a lying header) is stopped there;
 * 3. each part's CRC-32 and size (exceljs does not check them: a damaged workbook could import altered
 *    data), and the rows of each worksheet counted as they stream past, against the row limit.
 */
import { createInflateRaw, crc32 } from "node:zlib";

export interface ZipLimits {
  /** Bytes all parts may unzip to, together. */
  maxExpanded: number;
  /** Data rows a worksheet may hold (its header row aside). */
  maxRows: number;
}

export interface ZipProblem {
  reason: string;
  /** Set when a limit (not damage) refused the file. */
  limit?: "maxExpanded" | "maxRows";
}

/** What a check inflated, for tests and benchmarks. */
export interface ZipStats {
  inflated: number;
}

interface Part {
  name: string;
  method: number;
  crc: number;
  size: number;
  data: Buffer;
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const damaged = (what: string): ZipProblem => ({
  reason: `the workbook is damaged (${what}); save it again and resend`,
});

/** The parts the central directory lists, or a problem if it cannot be walked. */
function parts(bytes: Buffer): Part[] | ZipProblem {
  const last = bytes.length - 22;
  for (let end = last; end >= Math.max(0, last - 0xffff); end--) {
    if (bytes.readUInt32LE(end) !== 0x06054b50) continue;
    const entries = bytes.readUInt16LE(end + 10);
    let p = bytes.readUInt32LE(end + 16);
    const found: Part[] = [];
    for (let n = 0; n < entries; n++) {
      if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50)
        return damaged("a broken zip directory");
      const nameLength = bytes.readUInt16LE(p + 28);
      const name = bytes.toString("utf8", p + 46, p + 46 + nameLength);
      const compressed = bytes.readUInt32LE(p + 20);
      const local = bytes.readUInt32LE(p + 42);
      const part = {
        name,
        method: bytes.readUInt16LE(p + 10),
        crc: bytes.readUInt32LE(p + 16),
        size: bytes.readUInt32LE(p + 24),
      };
      p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
      if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50)
        return damaged(`part ${name} has a broken header`);
      const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
      const data = bytes.subarray(start, start + compressed);
      if (data.length !== compressed) return damaged(`part ${name} is cut short`);
      found.push({ ...part, data });
    }
    return found;
  }
  return { reason: "the workbook is damaged: its zip directory cannot be read" };
}

/** The total size a zip's central directory declares once unzipped, or undefined if it cannot be read. */
export function declaredZipSize(bytes: Buffer): number | undefined {
  const list = parts(bytes);
  return Array.isArray(list) ? list.reduce((n, p) => n + p.size, 0) : undefined;
}

const ROW = /<row[\s>]/g;
const isWorksheet = (name: string) => /^xl\/worksheets\/[^/]+\.xml$/.test(name);

/** Counts `<row` elements across chunks (a tag may straddle two). */
function rowCounter() {
  let tail = "";
  let rows = 0;
  return {
    add(chunk: Buffer) {
      const text = tail + chunk.toString("latin1");
      rows += text.match(ROW)?.length ?? 0;
      // Keep the last few characters, less any complete match inside them, for the next chunk.
      const keep = text.slice(-5);
      tail = ROW.test(keep) ? "" : keep;
      ROW.lastIndex = 0;
      return rows;
    },
  };
}

/** Inflate one part as a stream, stopping as soon as a limit or its declared size is passed. */
function inflatePart(part: Part, limits: ZipLimits, stats: ZipStats): Promise<ZipProblem | undefined> {
  const rows = isWorksheet(part.name) ? rowCounter() : undefined;
  let size = 0;
  let crc = 0;
  const take = (chunk: Buffer): ZipProblem | undefined => {
    size += chunk.length;
    stats.inflated += chunk.length;
    if (size > part.size) return damaged(`part ${part.name} unzips to more than its directory says`);
    crc = crc32(chunk, crc);
    if (rows && rows.add(chunk) > limits.maxRows + 1)
      return {
        reason: `the file has more than ${limits.maxRows.toLocaleString("en-GB")} rows; split it`,
        limit: "maxRows",
      };
    return undefined;
  };
  const finish = () =>
    size !== part.size || crc !== part.crc ? damaged(`part ${part.name} fails its checksum`) : undefined;
  if (part.method === 0) return Promise.resolve(take(part.data) ?? finish());
  if (part.method !== 8) return Promise.resolve(damaged(`part ${part.name} uses an unsupported compression`));
  return new Promise((resolve) => {
    const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
    let settled = false;
    const settle = (problem: ZipProblem | undefined) => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(problem);
    };
    inflate.on("data", (chunk: Buffer) => {
      const problem = take(chunk);
      if (problem) settle(problem);
    });
    inflate.on("end", () => settle(finish()));
    inflate.on("error", () => settle(damaged(`part ${part.name} does not unzip`)));
    inflate.end(part.data);
  });
}

/** The first reason to refuse this zip, or undefined when every part is sound and within the limits. */
export async function checkZip(
  bytes: Buffer,
  limits: ZipLimits,
  stats: ZipStats = { inflated: 0 },
): Promise<ZipProblem | undefined> {
  const list = parts(bytes);
  if (!Array.isArray(list)) return list;
  const declared = declaredZipSize(bytes) ?? 0;
  if (declared > limits.maxExpanded)
    return {
      reason: `the workbook unzips to ${megabytes(declared)}; the limit is ${megabytes(limits.maxExpanded)}`,
      limit: "maxExpanded",
    };
  for (const part of list) {
    const problem = await inflatePart(part, limits, stats);
    if (problem) return problem;
  }
  return undefined;
}

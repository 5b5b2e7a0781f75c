/**
 * A small deterministic ZIP writer (PKWARE APPNOTE 6.3, plain ZIP32): named entries in, one archive out.
 *
 * Each entry is deflated (raw DEFLATE, method 8) unless that does not make it smaller, in which case it is
 * stored (method 0). Sizes and CRC-32s are known before a header is written, so there are no data
 * descriptors; names are flagged as UTF-8 (general purpose bit 11); there are no extra fields, comments or
 * file attributes. Every entry carries the same modification time, given by the caller, so the same
 * entries always give the same bytes — no wall clock, no random ids.
 *
 * ZIP32 only: more than 65,535 entries, a name longer than 65,535 bytes, or a size or offset from 4 GiB
 * upwards would need ZIP64, which this writer does not do, so it throws rather than write a broken archive.
 */
import { crc32, deflateRawSync } from "node:zlib";

export interface ZipEntry {
  /** The path inside the archive, `/`-separated (e.g. `xl/workbook.xml`). */
  name: string;
  data: Uint8Array;
}

export interface ZipOptions {
  /** zlib compression level, 0–9 (default 6, zlib's own default). */
  level?: number | undefined;
}

/** The largest entry count, name length, size and offset a ZIP32 archive can record. */
export const ZIP32_MAX_ENTRIES = 0xffff;
export const ZIP32_MAX_NAME_BYTES = 0xffff;
/** 0xFFFFFFFF itself means "see the ZIP64 record", so the last usable value is one less. */
export const ZIP32_MAX_BYTES = 0xfffffffe;

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const LOCAL_HEADER_BYTES = 30;
const CENTRAL_HEADER_BYTES = 46;
const END_BYTES = 22;
/** Version 2.0: the minimum for DEFLATE (and for folders); made by MS-DOS (upper byte 0), no attributes. */
const VERSION = 20;
/** General purpose bit 11: the name is UTF-8. */
const UTF8_NAMES = 0x0800;
const STORED = 0;
const DEFLATED = 8;

/** The earliest and latest moments a DOS date and time can hold (UTC here; the format has no zone). */
const DOS_EARLIEST = Date.UTC(1980, 0, 1);
const DOS_LATEST = Date.UTC(2107, 11, 31, 23, 59, 58);

/**
 * The DOS time and date words for a moment, read in UTC, to 2-second resolution. A moment outside
 * 1980-01-01 00:00:00 – 2107-12-31 23:59:58 is clamped to the nearer end (the whole moment, not just the
 * year, which could make a date that does not exist, such as 29 February 2107).
 */
export function dosDateTime(at: Date): { time: number; date: number } {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError("a zip entry's time must be a valid date");
  const d = new Date(Math.min(Math.max(ms, DOS_EARLIEST), DOS_LATEST));
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

function withinZip32(value: number, limit: number, what: string): number {
  if (value > limit) throw new RangeError(`${what} is ${value}; a ZIP32 archive allows at most ${limit}`);
  return value;
}

/** One archive holding `entries` in the order given, every entry stamped `modified` (UTC). */
export function zipArchive(entries: readonly ZipEntry[], modified: Date, options: ZipOptions = {}): Buffer {
  withinZip32(entries.length, ZIP32_MAX_ENTRIES, "the number of entries");
  const { time, date } = dosDateTime(modified);
  const seen = new Set<string>();
  const parts: Uint8Array[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    if (seen.has(name)) throw new Error(`zip entry ${JSON.stringify(name)} appears twice`);
    seen.add(name);
    const nameBytes = Buffer.from(name, "utf8");
    withinZip32(nameBytes.length, ZIP32_MAX_NAME_BYTES, `the name length of ${name}`);
    withinZip32(data.length, ZIP32_MAX_BYTES, `the size of ${name}`);
    const deflated = deflateRawSync(data, { level: options.level ?? 6 });
    const method = deflated.length < data.length ? DEFLATED : STORED;
    const body = method === DEFLATED ? deflated : data;
    const crc = crc32(data);

    // Fields shared by the local header (from its offset 4) and the central directory (from its offset 6).
    const common = Buffer.alloc(26);
    common.writeUInt16LE(VERSION, 0); // version needed to extract
    common.writeUInt16LE(UTF8_NAMES, 2);
    common.writeUInt16LE(method, 4);
    common.writeUInt16LE(time, 6);
    common.writeUInt16LE(date, 8);
    common.writeUInt32LE(crc, 10);
    common.writeUInt32LE(body.length, 14);
    common.writeUInt32LE(data.length, 18);
    common.writeUInt16LE(nameBytes.length, 22);
    // 24: extra field length 0

    const local = Buffer.alloc(4);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    parts.push(local, common, nameBytes, body);

    const central = Buffer.alloc(CENTRAL_HEADER_BYTES);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    central.writeUInt16LE(VERSION, 4); // version made by
    common.copy(central, 6);
    // 32: comment length, 34: disk number, 36: internal attributes, 38: external attributes — all 0
    central.writeUInt32LE(withinZip32(offset, ZIP32_MAX_BYTES, `the offset of ${name}`), 42);
    directory.push(central, nameBytes);

    offset += LOCAL_HEADER_BYTES + nameBytes.length + body.length;
  }
  const directorySize = directory.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(END_BYTES);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  // 4: this disk 0, 6: disk where the directory starts 0
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(withinZip32(directorySize, ZIP32_MAX_BYTES, "the central directory's size"), 12);
  end.writeUInt32LE(withinZip32(offset, ZIP32_MAX_BYTES, "the central directory's offset"), 16);
  // 20: comment length 0
  return Buffer.concat([...parts, ...directory, end]);
}

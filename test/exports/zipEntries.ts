/** A test-side zip reader: every entry as the central directory and its local header describe it. */
import { inflateRawSync } from "node:zlib";

export interface ReadEntry {
  name: string;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** The local header's copy of flags, method, time, date, CRC, sizes and name. */
  local: {
    flags: number;
    method: number;
    time: number;
    date: number;
    crc: number;
    sizes: number[];
    name: string;
  };
  data: Buffer;
}

export function zipEntries(zip: Buffer): ReadEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error("no end of central directory");
  const count = zip.readUInt16LE(end + 10);
  const entries: ReadEntry[] = [];
  let p = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`entry ${i}: not a central directory header`);
    const nameLength = zip.readUInt16LE(p + 28);
    const name = zip.toString("utf8", p + 46, p + 46 + nameLength);
    const at = zip.readUInt32LE(p + 42);
    if (zip.readUInt32LE(at) !== 0x04034b50) throw new Error(`entry ${name}: no local header`);
    const localNameLength = zip.readUInt16LE(at + 26);
    const start = at + 30 + localNameLength + zip.readUInt16LE(at + 28);
    const entry = {
      name,
      flags: zip.readUInt16LE(p + 8),
      method: zip.readUInt16LE(p + 10),
      time: zip.readUInt16LE(p + 12),
      date: zip.readUInt16LE(p + 14),
      crc: zip.readUInt32LE(p + 16),
      compressedSize: zip.readUInt32LE(p + 20),
      size: zip.readUInt32LE(p + 24),
      local: {
        flags: zip.readUInt16LE(at + 6),
        method: zip.readUInt16LE(at + 8),
        time: zip.readUInt16LE(at + 10),
        date: zip.readUInt16LE(at + 12),
        crc: zip.readUInt32LE(at + 14),
        sizes: [zip.readUInt32LE(at + 18), zip.readUInt32LE(at + 22)],
        name: zip.toString("utf8", at + 30, at + 30 + localNameLength),
      },
    };
    const raw = zip.subarray(start, start + entry.compressedSize);
    entries.push({ ...entry, data: entry.method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return entries;
}

/** One entry's content as text. */
export function zipText(zip: Buffer, name: string): string {
  const entry = zipEntries(zip).find((e) => e.name === name);
  if (!entry) throw new Error(`no ${name} in the archive`);
  return entry.data.toString("utf8");
}

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import t from "tap";
import { declaredZipSize } from "../../src/imports/table.js";
import { checkZip } from "../../src/imports/zipCheck.js";
import { dosDateTime, zipArchive, type ZipEntry } from "../../src/exports/zipArchive.js";
import { zipEntries } from "./zipEntries.js";

const UNZIP = "/usr/bin/unzip";
const AT = new Date("2031-07-04T13:45:59Z");
/** 13:45:58 (two-second resolution) on 4 July 2031. */
const AT_DOS = { time: (13 << 11) | (45 << 5) | 29, date: ((2031 - 1980) << 9) | (7 << 5) | 4 };

const text = (s: string) => Buffer.from(s, "utf8");
/** Deflates well, is stored when deflate does not help, is empty, and has non-ASCII names. */
const sample = (): ZipEntry[] => [
  { name: "[Content_Types].xml", data: text("<Types>" + "<Default/>".repeat(200) + "</Types>") },
  { name: "noise.bin", data: randomBytes(4096) },
  { name: "empty.txt", data: Buffer.alloc(0) },
  { name: "données/é – 😀.txt", data: text("UTF-8 names, flagged as such.\n") },
  { name: "one.txt", data: text("x") },
];

t.test(
  "entries: methods, CRCs, sizes, times and UTF-8 names as written, local and central alike",
  async (t) => {
    const entries = sample();
    const zip = zipArchive(entries, AT);
    const read = zipEntries(zip);
    t.same(
      read.map((e) => e.name),
      entries.map((e) => e.name),
      "names, in order",
    );
    read.forEach((e, i) => {
      const data = entries[i]!.data;
      t.ok(e.data.equals(data), `${e.name}: content`);
      t.equal(e.crc, crc32(data), `${e.name}: CRC-32`);
      t.equal(e.size, data.length);
      t.equal(e.flags, 0x0800, "UTF-8 names");
      t.same([e.time, e.date], [AT_DOS.time, AT_DOS.date], `${e.name}: stamped with the given time`);
      t.same(e.local, {
        flags: e.flags,
        method: e.method,
        time: e.time,
        date: e.date,
        crc: e.crc,
        sizes: [e.compressedSize, e.size],
        name: e.name,
      });
    });
    const method = Object.fromEntries(read.map((e) => [e.name, e.method]));
    t.equal(method["[Content_Types].xml"], 8, "markup is deflated");
    t.ok(read[0]!.compressedSize < read[0]!.size / 10);
    t.equal(method["noise.bin"], 0, "random bytes are stored: deflate would make them bigger");
    t.equal(method["empty.txt"], 0, "an empty entry is stored");
    t.equal(method["one.txt"], 0);

    t.equal(
      await checkZip(zip, { maxExpanded: 2 ** 40, maxRows: 1e9 }),
      undefined,
      "the importer's own check finds every part sound",
    );
    t.equal(
      declaredZipSize(zip),
      entries.reduce((n, e) => n + e.data.length, 0),
    );
    t.ok(
      zip.equals(
        zipArchive(
          sample().map((e, i) => ({ ...e, data: entries[i]!.data })),
          AT,
        ),
      ),
      "deterministic",
    );
    const stored = zipEntries(zipArchive(entries, AT, { level: 0 }));
    t.same(
      stored.map((e) => e.method),
      entries.map(() => 0),
      "level 0 never helps, so everything is stored",
    );
  },
);

t.test("unzip -t finds no errors", { skip: !existsSync(UNZIP) && `${UNZIP} is not installed` }, async (t) => {
  const dir = t.testdir();
  const file = join(dir, "sample.zip");
  writeFileSync(file, zipArchive(sample(), AT));
  const out = execFileSync(UNZIP, ["-t", file], { encoding: "utf8" });
  t.match(out, /No errors detected in compressed data/);
  t.equal(out.match(/\bOK$/gm)?.length, sample().length, "every entry tested OK");
  // An archive with no entries is just the end record; unzip warns (exit status 1) but finds no damage.
  const empty = join(dir, "empty.zip");
  writeFileSync(empty, zipArchive([], AT));
  const check = spawnSync(UNZIP, ["-t", empty], { encoding: "utf8" });
  t.equal(check.status, 1);
  t.match(`${check.stdout}${check.stderr}`, /zipfile is empty/);
  t.equal(zipEntries(zipArchive([], AT)).length, 0);
});

t.test("DOS time and date: UTC, two-second steps, clamped to 1980–2107", async (t) => {
  t.same(dosDateTime(AT), AT_DOS);
  t.same(dosDateTime(new Date("2026-11-23T00:00:00Z")), { time: 0, date: (46 << 9) | (11 << 5) | 23 });
  t.same(dosDateTime(new Date("1970-01-01T00:00:00Z")), { time: 0, date: (1 << 5) | 1 }, "before 1980");
  t.same(dosDateTime(new Date("1979-12-31T23:59:59Z")), { time: 0, date: (1 << 5) | 1 });
  const last = { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 };
  t.same(dosDateTime(new Date("2108-02-29T12:00:00Z")), last, "after 2107: the last moment, not 29/02/2107");
  t.same(dosDateTime(new Date("2107-12-31T23:59:59Z")), last);
  t.throws(() => dosDateTime(new Date("not a date")), RangeError);
  t.throws(() => zipArchive([], new Date(Number.NaN)), RangeError);
});

t.test("refuses what ZIP32 cannot hold, and duplicate names", async (t) => {
  const none = Buffer.alloc(0);
  t.throws(
    () =>
      zipArchive(
        Array.from({ length: 65_536 }, (_, i) => ({ name: `f${i}`, data: none })),
        AT,
      ),
    /number of entries is 65536; a ZIP32 archive allows at most 65535/,
  );
  t.throws(
    () => zipArchive([{ name: "é".repeat(32_768), data: none }], AT),
    /name length .* is 65536; a ZIP32 archive allows at most 65535/,
    "the limit is on UTF-8 bytes, not characters",
  );
  t.doesNotThrow(() => zipArchive([{ name: "e".repeat(65_535), data: none }], AT), "65,535 bytes fit");
  t.throws(
    () =>
      zipArchive(
        [
          { name: "a.xml", data: none },
          { name: "a.xml", data: text("again") },
        ],
        AT,
      ),
    /"a.xml" appears twice/,
  );
});

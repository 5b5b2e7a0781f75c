/**
 * A pack's machine-readable metadata, stored in the PDF's info dictionary so a verifier can read it back
 * without a PDF library.
 *
 * How it is stored: pdfkit writes each info value as its own indirect object, uncompressed (only streams
 * are compressed), and a value made only of ASCII characters as a plain literal string `(...)`. So the
 * metadata goes into a custom info key `SendPack` as JSON with every non-ASCII character escaped (`\uXXXX`),
 * and `readPackMeta` finds it from the raw bytes: the trailer's `/Info n 0 R`, that object's
 * `/SendPack m 0 R`, and object m's literal string, unescaped. A PDF rewritten by another tool (object
 * streams, compression of the info object) may no longer be readable this way: `readPackMeta` then returns
 * `undefined`, never a guess.
 */
import { createHash } from "node:crypto";

export type PackKind = "sef" | "dataRequest" | "cases";

export interface PackMeta {
  kind: PackKind;
  /** Running header. */
  areaName: string;
  /** e.g. "Self-evaluation", "24-hour data request", "Case-sampling pack". */
  title: string;
  /** Log position the pack was built at. */
  position: number;
  /** ISO date-time of that position (the pack's "as at"). */
  asOf: string;
  /** What the pack contains, listed on the manifest page. */
  contents: string[];
  /** SHA-256 (hex) of the canonical content, computed by the caller. */
  contentSha256: string;
  /** True: OFFICIAL-SENSITIVE at the top and bottom of every page. */
  caseLevel: boolean;
  /** What was asked for (inspection, cases, options), so a verifier can rebuild exactly this pack. */
  request?: Record<string, string | boolean | string[]>;
}

/** What `readPackMeta` gives back: the pack's meta and the case ids it covers (empty if none). */
export interface StoredPackMeta extends PackMeta {
  caseIds: string[];
}

/** The info-dictionary key holding the JSON. */
export const PACK_INFO_KEY = "SendPack";
const FORMAT = 1;
const KINDS: readonly string[] = ["sef", "dataRequest", "cases"];

/** JSON with sorted keys and no `undefined`, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  const order = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : order(x)));
    if (v !== null && typeof v === "object")
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, order((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify(order(value)) ?? "null";
}

/** SHA-256 (hex) of a value's canonical JSON: one way for callers to compute `contentSha256`. */
export const contentSha256 = (value: unknown): string =>
  createHash("sha256").update(canonicalJson(value)).digest("hex");

/** The JSON stored under `SendPack`: ASCII only, so pdfkit writes it as a plain literal string. */
export function encodePackInfo(meta: PackMeta, caseIds: readonly string[] = []): string {
  const stored = {
    format: FORMAT,
    kind: meta.kind,
    title: meta.title,
    areaName: meta.areaName,
    position: meta.position,
    asOf: meta.asOf,
    contentSha256: meta.contentSha256,
    caseLevel: meta.caseLevel,
    contents: meta.contents,
    caseIds: [...caseIds],
    ...(meta.request ? { request: meta.request } : {}),
  };
  return JSON.stringify(stored).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" };

/** The body of a PDF literal string starting at `open` (the index of its `(`), unescaped. */
function literalString(text: string, open: number): string | undefined {
  let out = "";
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "\\") {
      const next = text[++i] ?? "";
      const octal = /^[0-7]{1,3}/.exec(text.slice(i, i + 3));
      if (octal) {
        out += String.fromCharCode(parseInt(octal[0], 8));
        i += octal[0].length - 1;
      } else if (next !== "\n") out += ESCAPES[next] ?? next;
      continue;
    }
    if (c === "(" && depth++ === 0) continue;
    if (c === ")" && --depth === 0) return out;
    out += c;
  }
  return undefined;
}

/** The text of indirect object `id` (between `id 0 obj` and `endobj`), from raw PDF text. */
function objectText(text: string, id: string): string | undefined {
  const start = text.lastIndexOf(`\n${id} 0 obj`);
  if (start < 0) return undefined;
  const end = text.indexOf("endobj", start);
  return end < 0 ? undefined : text.slice(start + `\n${id} 0 obj`.length, end);
}

const isString = (v: unknown): v is string => typeof v === "string";

/**
 * The metadata a pack carries, read from the raw bytes; `undefined` if it is not a pack built here
 * (no `SendPack` entry, or one that does not parse or has the wrong shape).
 */
export function readPackMeta(pdf: Buffer): StoredPackMeta | undefined {
  const text = pdf.toString("latin1");
  const trailer = text.lastIndexOf("trailer");
  const info = trailer < 0 ? null : /\/Info (\d+) 0 R/.exec(text.slice(trailer));
  const infoObject = info ? objectText(text, info[1] as string) : undefined;
  const ref = infoObject ? new RegExp(`/${PACK_INFO_KEY} (\\d+) 0 R`).exec(infoObject) : null;
  const valueObject = ref ? objectText(text, ref[1] as string) : undefined;
  const open = valueObject?.indexOf("(") ?? -1;
  const json = valueObject && open >= 0 ? literalString(valueObject, open) : undefined;
  if (json === undefined) return undefined;
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const ok =
    v !== null &&
    typeof v === "object" &&
    v.format === FORMAT &&
    isString(v.kind) &&
    KINDS.includes(v.kind) &&
    isString(v.title) &&
    isString(v.areaName) &&
    Number.isInteger(v.position) &&
    isString(v.asOf) &&
    isString(v.contentSha256) &&
    /^[0-9a-f]{64}$/.test(v.contentSha256) &&
    typeof v.caseLevel === "boolean" &&
    Array.isArray(v.contents) &&
    v.contents.every(isString) &&
    Array.isArray(v.caseIds) &&
    v.caseIds.every(isString) &&
    (v.request === undefined ||
      (typeof v.request === "object" && v.request !== null && !Array.isArray(v.request)));
  if (!ok) return undefined;
  return {
    kind: v.kind as PackKind,
    areaName: v.areaName as string,
    title: v.title as string,
    position: v.position as number,
    asOf: v.asOf as string,
    contents: v.contents as string[],
    contentSha256: v.contentSha256 as string,
    caseLevel: v.caseLevel as boolean,
    caseIds: v.caseIds as string[],
    ...(v.request ? { request: v.request as Record<string, string | boolean | string[]> } : {}),
  };
}

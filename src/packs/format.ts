/**
 * Text for the packs: made safe for the PDF standard fonts, and dates and numbers written the way a
 * British reader expects. Pure and deterministic (the time zone is an argument, not the machine's).
 */

/** Windows-1252 characters above U+00FF that the standard fonts can show (pdfkit's WinAnsi map). */
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Characters the standard fonts cannot show, written another way. */
const SUBSTITUTES: Record<string, string> = {
  "≥": ">=",
  "≤": "<=",
  "≠": "!=",
  "→": "->",
  "←": "<-",
  "−": "-",
  "‐": "-",
  "‑": "-",
  "✓": "yes",
  "✔": "yes",
  "✗": "no",
  "✘": "no",
  "\u2009": " ",
  "\u202f": " ",
};

/**
 * Text the standard (WinAnsi) fonts can show: known symbols substituted, control characters dropped,
 * anything else outside Windows-1252 replaced by `?` so a glyph is never silently wrong.
 */
export function pdfSafe(text: string): string {
  let out = "";
  for (const c of text.normalize("NFC")) {
    const code = c.codePointAt(0) as number;
    if (
      c === "\n" ||
      (code >= 0x20 && code < 0x7f) ||
      (code >= 0xa0 && code <= 0xff) ||
      WIN_ANSI_EXTRA.has(c)
    )
      out += c;
    else if (SUBSTITUTES[c] !== undefined) out += SUBSTITUTES[c];
    else if (code === 0x09) out += " ";
    else if (code >= 0x7f) out += "?";
  }
  return out;
}

/** The area's time zone for dates printed in packs (configurable in the app; a default here). */
export const DEFAULT_TIME_ZONE = "Europe/London";

/** "23 November 2026, 14:07 GMT" for an ISO date-time. */
export function formatDateTime(iso: string, timeZone = DEFAULT_TIME_ZONE): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).formatToParts(d);
  const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? "";
  return `${p("day")} ${p("month")} ${p("year")}, ${p("hour")}:${p("minute")} ${p("timeZoneName")}`;
}

/** "23 Nov 2026, 14:07" — the short form for tables. */
export function formatShortDateTime(iso: string, timeZone = DEFAULT_TIME_ZONE): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(d);
  const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? "";
  return `${p("day")} ${p("month")} ${p("year")}, ${p("hour")}:${p("minute")}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "4 Mar 2026" for an ISO date (a date-time is cut to its date); anything else as given. */
export function formatDate(iso: string | undefined): string {
  if (!iso) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}` : iso;
}

/**
 * Text from the read models with its ISO dates ("due 2026-11-22", "the 12 months to 2026-11-30") written
 * as the rest of a pack writes dates ("22 Nov 2026"); a date-time, a date inside an id ("QA-2026-04-12"),
 * or anything that is not a calendar date is left alone.
 */
export function datesInWords(text: string): string {
  return text.replace(
    /(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w:-])/g,
    (whole, y: string, m: string, d: string) => {
      const month = Number(m);
      const day = Number(d);
      return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? formatDate(`${y}-${m}-${d}`) : whole;
    },
  );
}

/**
 * A number as printed: thousands separated, at most `dp` decimal places (exactly `dp` when `fixed`);
 * "—" for none.
 */
export function formatNumber(n: number | null | undefined, dp = 1, fixed = false): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return n.toLocaleString("en-GB", { maximumFractionDigits: dp, minimumFractionDigits: fixed ? dp : 0 });
}

/** "45.2%" or "—". */
export const formatPercent = (n: number | null | undefined, dp?: number): string =>
  n === null || n === undefined ? "—" : `${formatNumber(n, dp ?? 1, dp !== undefined)}%`;

/** A value with its unit: "45.2%", "12 weeks", "1,204"; with `dp`, exactly that many decimals. */
export function withUnit(n: number | null | undefined, unit: string, dp?: number): string {
  if (n === null || n === undefined) return "—";
  if (unit === "percent") return formatPercent(n, dp);
  const text = formatNumber(n, dp ?? 1, dp !== undefined);
  return unit === "count" || unit === "number" || unit === "" ? text : `${text} ${unit}`;
}

/** "C000001, C000002 and C000003". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1) as string}`;
}

/** Sentence case for a label: "area for development" → "Area for development". */
export const capitalise = (s: string): string => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

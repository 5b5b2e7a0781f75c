/**
 * Text in SpreadsheetML: what XML 1.0 cannot carry is removed, markup escaped, a literal `_xHHHH_` kept
 * (Excel would decode it), white space Excel would drop marked `xml:space="preserve"`; and the
 * shared-strings table that holds every distinct text of a workbook once.
 */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
export const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/* eslint-disable no-control-regex -- matching the control characters XML forbids is the point */
// Code units XML 1.0 does not allow: C0 controls but tab, LF and CR; U+FFFE and U+FFFF; surrogates that are
// not half of a pair. (The regexes work on UTF-16 code units: no `u` flag.) MAYBE_FORBIDDEN is the quick
// test (any surrogate); FORBIDDEN, with its lookarounds, is several times slower and only runs after it.
const MAYBE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Anything that needs more than copying: a forbidden character, markup, a CR, or an `_xHHHH_`. */
const NEEDS_WORK =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF&<>"\r]|_x[0-9A-Fa-f]{4}_/;
/* eslint-enable no-control-regex */
const ESCAPED_UNDERSCORE = /_(?=x[0-9A-Fa-f]{4}_)/g;
const MARKUP = /[&<>"\r]/g;
const ENTITY: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\r": "&#13;",
};
/** Leading or trailing white space, or a line break or tab, which Excel keeps only with xml:space. */
const KEEP_SPACE = /^[ \t\n\r]|[ \t\n\r]$|[\t\n\r]/;

/** The text with the characters XML 1.0 cannot carry removed (what a reader of the workbook gets back). */
export const xmlAllowedText = (text: string): string =>
  MAYBE_FORBIDDEN.test(text) ? text.replace(FORBIDDEN, "") : text;

/** Text as XML character data (or an attribute value): escaped, forbidden characters removed. */
export function xmlEscape(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return xmlAllowedText(text).replace(MARKUP, (c) => ENTITY[c]!);
}

/**
 * A text's entry in the shared-strings table, or undefined when nothing is left of it once the forbidden
 * characters are gone. A literal `_xHHHH_` gets its underscore escaped so Excel does not decode it.
 */
function sharedStringXml(text: string): string | undefined {
  const work = NEEDS_WORK.test(text);
  const allowed = work ? xmlAllowedText(text) : text;
  if (allowed === "") return undefined;
  const xml = work
    ? allowed.replace(ESCAPED_UNDERSCORE, "_x005F_").replace(MARKUP, (c) => ENTITY[c]!)
    : allowed;
  return `<si>${KEEP_SPACE.test(allowed) ? '<t xml:space="preserve">' : "<t>"}${xml}</t></si>`;
}

/** A column's letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** The shared-strings table: each distinct text once, referred to by index. */
export class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly items: string[] = [];
  references = 0;

  /** The index of a text, or -1 when nothing of it is left once the forbidden characters are gone. */
  add(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      const xml = sharedStringXml(text);
      i = xml === undefined ? -1 : this.items.push(xml) - 1;
      this.index.set(text, i);
    }
    if (i >= 0) this.references++;
    return i;
  }

  xml(): string {
    return `${XML_DECLARATION}<sst xmlns="${MAIN_NS}" count="${this.references}" uniqueCount="${this.items.length}">${this.items.join("")}</sst>`;
  }
}

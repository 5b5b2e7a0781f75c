import fc from "fast-check";
import t from "tap";
import { forbiddenCharacter, narrative, plainText } from "../../schemas/common.js";

const FORBIDDEN = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)),
  "\u007f",
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x80 + i)),
  "\u202a",
  "\u202b",
  "\u202c",
  "\u202d",
  "\u202e",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
];
const MULTI_LINE_OK = new Set(["\t", "\n"]);
const allowedChar = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 1 })
  .filter((c) => [...c].every((x) => !FORBIDDEN.includes(x)));

t.test("any forbidden character anywhere is refused, naming it and where", async () => {
  fc.assert(
    fc.property(
      fc.array(allowedChar, { maxLength: 20 }).map((a) => a.join("")),
      fc.constantFrom(...FORBIDDEN),
      fc.array(allowedChar, { maxLength: 20 }).map((a) => a.join("")),
      (before, bad, after) => {
        // Between letters: narrative trims, so a trailing VT, FF or CR would be trimmed away, not stored.
        const text = `x${before}${bad}${after}y`;
        const single = plainText(400).safeParse(text);
        if (single.success) return false;
        const message = single.error.issues[0]!.message;
        if (!message.includes(`U+${bad.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`))
          return false;
        if (!message.includes(`at character ${[...`x${before}`].join("").length + 1}`)) return false;
        const multi = narrative(400).safeParse(text);
        return MULTI_LINE_OK.has(bad) ? true : !multi.success;
      },
    ),
  );
});

t.test("text of allowed characters passes; tabs and line breaks only in multi-line text", async (t) => {
  fc.assert(
    fc.property(
      fc.array(allowedChar, { minLength: 1, maxLength: 40 }).map((a) => `x${a.join("")}`),
      (text) => plainText(400).safeParse(text).success && narrative(400).safeParse(text).success,
    ),
  );
  t.ok(narrative().safeParse("line one\r\nline two\n\ttabbed").success);
  t.match(
    narrative().safeParse("a\rb").error?.issues[0]?.message,
    /U\+000D at character 2/,
    "a bare CR is refused",
  );
  t.match(plainText(40).safeParse("a\tb").error?.issues[0]?.message, /control characters \(U\+0009/);
  t.equal(forbiddenCharacter("emoji 👩‍👧 and accents é", false), undefined, "surrogate pairs are text");
  t.match(forbiddenCharacter("a\ud800b", true), /lone surrogate \(U\+D800 at character 2\)/);
  t.match(forbiddenCharacter("a\udc00", true), /lone surrogate \(U\+DC00 at character 2\)/);
});

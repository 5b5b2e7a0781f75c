/** Text for the workbook writers' property tests. */
import fc from "fast-check";

/** Characters that matter to XML, to Excel's `_xHHHH_` escapes, to formulas, or to UTF-16. */
const awkward = fc.constantFrom(
  ...["&", "<", ">", '"', "'", "&amp;", "]]>", "=", "+", "-", "@", " ", "  ", "\t", "\n", "\r", "\r\n"],
  ...["\u0000", "\u0001", "\u0008", "\u000b", "\u000c", "\u001f", "\u007f", "\u0085", "\u00a0", "\u2028"],
  ...["\ud800", "\udbff", "\udc00", "\udfff", "\ufffe", "\uffff", "\ufeff", "😀", "👩‍👩‍👧", "é", "–"],
  ...["_x0041_", "_x005F_", "_x00e9_", "_x", "_", "x0041_", "A", "1", "0.5"],
);
/** Arbitrary text: mostly the awkward pieces, with any UTF-16 code unit and any code point mixed in. */
export const awkwardText = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: awkward },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 16,
});

/**
 * Formula-injection guard for anything that opens in a spreadsheet program (DOMAIN §6; OWASP "CSV
 * injection"). A text cell that starts with `=`, `+`, `-` or `@` — or with a tab or carriage return, which
 * some programs strip before parsing — could be run as a formula, so it gets a leading apostrophe and is
 * shown as text. One rule, used by every writer (XLSX and CSV) and by the Annex A row builder.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** True when a text value would start a formula if typed into a cell. */
export const startsFormula = (text: string): boolean => FORMULA_START.test(text);

/**
 * The text, made safe to put in a cell: prefixed with `'` when it starts a formula, unchanged otherwise.
 * Idempotent: a neutralised value starts with `'` and is left alone the second time.
 */
export const neutraliseFormula = (text: string): string => (startsFormula(text) ? `'${text}` : text);

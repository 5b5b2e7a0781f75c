/** Page geometry, fonts and colours shared by every pack (print-first: dark ink, light fills). */

/** A4 in points. */
export const PAGE = { width: 595.28, height: 841.89 } as const;
export const MARGINS = { top: 74, bottom: 72, left: 56, right: 56 } as const;
export const FONTS = {
  regular: "Helvetica",
  bold: "Helvetica-Bold",
  italic: "Helvetica-Oblique",
  mono: "Courier",
} as const;
export const COLOURS = {
  ink: "#1a1a1a",
  muted: "#4d4d4d",
  rule: "#8c8c8c",
  headerFill: "#e3e3e3",
  stripe: "#f4f4f4",
  marking: "#000000",
} as const;
/** The protective marking on every page of a case-level pack. */
export const MARKING = "OFFICIAL-SENSITIVE";
export const BODY_SIZE = 10;
/**
 * Room a section's opening (its heading and first lines) needs: sections follow on, each starting a new
 * page only when less than this is left, so no page is left mostly blank after a short section.
 */
export const SECTION_OPENING = 200;

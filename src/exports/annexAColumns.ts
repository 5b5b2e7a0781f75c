/**
 * The Annex A person-level lists: column headers, exactly as the inspectors' information request and Data to
 * Insight's open SEND validator spell them (DOMAIN §2.2). These arrays are the contract — the validator
 * matches sheets by these strings — so they are written out literally, not derived, and kept free of zod.
 *
 * Note the en dash (U+2013) in the three establishment headers and the plain apostrophe (U+0027) in
 * "children's".
 */

/** List 1: children and young people with an EHC plan (21 columns). */
export const LIST_1_COLUMNS = [
  "Unique ID",
  "UPN",
  "ULN",
  "Date of birth",
  "Gender",
  "Ethnicity",
  "Date initial EHC plan issued",
  "Date updated EHC plan issued",
  "Date EHC plan last reviewed",
  "SEN primary need",
  "Main education establishment – URN",
  "Main education establishment – phase",
  "Subsidiary education establishment – phase (dual registration)",
  "Elective home education",
  "Suspensions",
  "Permanent exclusions",
  "Absence",
  "Pupil Premium",
  "Known to children's social care?",
  "Which children's social care team?",
  "Does the child or young person have a disability?",
] as const;

/** List 2: SEN support (17 columns) — List 1 without the three EHC plan dates and elective home education. */
export const LIST_2_COLUMNS = [
  "Unique ID",
  "UPN",
  "ULN",
  "Date of birth",
  "Gender",
  "Ethnicity",
  "SEN primary need",
  "Main education establishment – URN",
  "Main education establishment – phase",
  "Subsidiary education establishment – phase (dual registration)",
  "Suspensions",
  "Permanent exclusions",
  "Absence",
  "Pupil Premium",
  "Known to children's social care?",
  "Which children's social care team?",
  "Does the child or young person have a disability?",
] as const;

/** Sheet names the validator reads, one sheet per list. */
export const ANNEX_A_SHEETS = { 1: "List_1", 2: "List_2" } as const;

export type List1Column = (typeof LIST_1_COLUMNS)[number];
export type List2Column = (typeof LIST_2_COLUMNS)[number];

/** List 2 is exactly List 1 without these four columns (checked at compile time below). */
export type List1OnlyColumn =
  | "Date initial EHC plan issued"
  | "Date updated EHC plan issued"
  | "Date EHC plan last reviewed"
  | "Elective home education";
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _list2IsList1WithoutPlanDatesAndEhe: Same<Exclude<List1Column, List2Column>, List1OnlyColumn> &
  Same<Extract<List2Column, List1Column>, List2Column> = true;

/** The columns that hold dates: written as real dates, never text. */
export const DATE_COLUMNS = [
  "Date of birth",
  "Date initial EHC plan issued",
  "Date updated EHC plan issued",
  "Date EHC plan last reviewed",
] as const satisfies readonly List1Column[];

/** Columns holding numbers (counts and the absence percentage). */
export const NUMBER_COLUMNS = [
  "Suspensions",
  "Permanent exclusions",
  "Absence",
] as const satisfies readonly List1Column[];

/**
 * One cell: text, a number, a date (a JS Date at UTC midnight) or `undefined` for unknown — written as an
 * empty cell, never the text "null".
 */
export type AnnexACell = string | number | Date | undefined;

/** One row of List 1, keyed by every header. */
export type AnnexAList1Row = Record<List1Column, AnnexACell>;
/** One row of List 2, keyed by every header. */
export type AnnexAList2Row = Record<List2Column, AnnexACell>;

export type AnnexAListNumber = 1 | 2;

/** Both lists as at one date. */
export interface AnnexALists {
  /** The date the lists describe ("as at"), `YYYY-MM-DD`; ages and "in the future" are judged against it. */
  asOf: string;
  list1: AnnexAList1Row[];
  list2: AnnexAList2Row[];
}

/** The headers of a list, by number. */
export const columnsOf = (list: AnnexAListNumber): readonly List1Column[] =>
  list === 1 ? LIST_1_COLUMNS : LIST_2_COLUMNS;

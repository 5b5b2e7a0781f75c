/**
 * Finding children on the Case tracking page, as a view model: the register filtered by case reference (all
 * of it or its start), primary need, school phase, plan or SEN support and alternative provision, in case
 * order, a page of at most 50 with GOV.UK pagination. Pure: the caller passes the folded state and the date.
 */
import type { z } from "zod";
import { CASE_SEARCH_FIELDS, type CaseSearch, type CaseSearchField } from "../../schemas/caseSearch.js";
import { ageOn, type CaseRecord, caseStatus, type CaseStatus } from "../../projections/cases.js";
import { inAlternativeProvision } from "../../projections/caseTracking.js";
import type { EvidenceState } from "../../projections/evidence.js";

export const PAGE_SIZE = 50;

/** The DfE primary need codes in words (SEN2 and the school census). */
export const NEED_NAMES: ReadonlyMap<string, string> = new Map([
  ["SPLD", "Specific learning difficulty"],
  ["MLD", "Moderate learning difficulty"],
  ["SLD", "Severe learning difficulty"],
  ["PMLD", "Profound and multiple learning difficulty"],
  ["SEMH", "Social, emotional and mental health"],
  ["SLCN", "Speech, language and communication needs"],
  ["HI", "Hearing impairment"],
  ["VI", "Vision impairment"],
  ["MSI", "Multi-sensory impairment"],
  ["PD", "Physical disability"],
  ["ASD", "Autistic spectrum disorder"],
  ["OTH", "Other difficulty or disability"],
  ["NSA", "SEN support but no specialist assessment of type of need"],
]);

export const SUPPORT_NAMES: ReadonlyMap<CaseStatus, string> = new Map([
  ["ehcPlan", "EHC plan"],
  ["senSupport", "SEN support"],
  ["ceased", "Plan ceased"],
  ["none", "Neither recorded"],
]);

/** What each field's error says, in the words of the form. */
export const SEARCH_ERRORS: ReadonlyMap<CaseSearchField, string> = new Map([
  ["case", "Enter a case reference of letters, digits, hyphens or underscores, up to 40 characters"],
  ["need", "Select a primary need from the list"],
  ["phase", "Select a school phase from the list"],
  ["support", "Select EHC plan, SEN support or either"],
  ["ap", "Tick the box or leave it empty"],
  ["page", "The page number must be a whole number from 1"],
]);

/** The search's field errors as the GOV.UK error summary lists them (one per field, in form order). */
export function searchErrors(issues: readonly z.core.$ZodIssue[]) {
  const fields = new Set(issues.map((i) => String(i.path[0] ?? "case")));
  return CASE_SEARCH_FIELDS.filter((f) => fields.has(f)).map((f) => ({
    text: SEARCH_ERRORS.get(f)!,
    href: `#${f}`,
  }));
}

/** "early years" as a table cell writes it: "Early years". */
export const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A child as one row of the results or of the tracked list. */
export function childRow(c: CaseRecord, asOf: string) {
  const status = caseStatus(c);
  return {
    caseId: c.caseId,
    age: ageOn(c.dateOfBirth, asOf),
    need: c.primaryNeed ? (NEED_NAMES.get(c.primaryNeed) ?? c.primaryNeed) : "Not recorded",
    phase: sentence(
      c.placement?.mainPhase ?? (c.placement?.electiveHomeEducation ? "elective home education" : ""),
    ),
    support: SUPPORT_NAMES.get(status) ?? status,
    status,
    alternativeProvision: inAlternativeProvision(c),
  };
}

export type ChildRow = ReturnType<typeof childRow>;

/** The query string of a search (and page): what the links and the return after selecting carry. */
export function searchQuery(s: CaseSearch, page?: number): string {
  const q = new URLSearchParams();
  for (const f of CASE_SEARCH_FIELDS) {
    const v = f === "page" ? page : s[f];
    if (v !== undefined) q.set(f, String(v));
  }
  if (s.asAt !== undefined) q.set("asAt", s.asAt);
  return q.toString();
}

/** GOV.UK pagination: previous, next, the first and last pages, and the pages either side of this one. */
export function pagination(s: CaseSearch, page: number, pages: number) {
  const href = (n: number) => `/case-tracking?${searchQuery(s, n)}#results`;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  for (const n of shown) {
    const last = items.at(-1);
    if (last && "number" in last && n > last.number + 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === page });
  }
  return {
    ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
    ...(page < pages ? { next: { href: href(page + 1) } } : {}),
    items,
  };
}

/** The children matching a search, one page of them, with the total and pagination. */
export function findCases(state: EvidenceState, s: CaseSearch, asOf: string) {
  const prefix = s.case?.toLowerCase();
  const matching = [...state.cases.byId.values()]
    .filter((c) => prefix === undefined || c.caseId.toLowerCase().startsWith(prefix))
    .filter((c) => s.need === undefined || c.primaryNeed === s.need)
    .filter((c) => s.phase === undefined || c.placement?.mainPhase === s.phase)
    .filter((c) => s.support === undefined || caseStatus(c) === s.support)
    .filter((c) => s.ap === undefined || inAlternativeProvision(c))
    .sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const page = s.page ?? 1;
  const rows = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((c) => childRow(c, asOf));
  return { total: matching.length, page, pages, rows, pagination: pagination(s, page, pages) };
}

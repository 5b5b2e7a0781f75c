/**
 * Annex A: the two person-level lists of the area SEND information request (DOMAIN §2.2), built from the
 * `cases` read model as at a date. Pure: the "as at" date is an argument, never the clock.
 *
 * - List 1: every child or young person aged 0–25 on `asOf` whose status is an EHC plan (out of area
 *   included); List 2: status SEN support. Ceased plans and cases with nothing recorded are on neither.
 * - Only facts dated on or before `asOf` count. The state handed in is already folded to a moment, but a
 *   date in the data can still lie after `asOf` (recorded early, or the lists are being rebuilt for an
 *   earlier date), so plans, reviews, cessations, SEN support spells, placements and social care status
 *   dated after `asOf` are ignored. Known limit: the projection keeps only the latest placement and social
 *   care status, and forgets a cessation once a new initial plan is issued, so when those come after
 *   `asOf` the earlier fact is unknown and the cell is left blank (or the plan treated as active).
 * - A child whose date of birth is missing or not a real date is kept (with a blank date of birth) rather
 *   than silently dropped, so the "missing date of birth" check shows it to the LANO.
 * - Cells are blank (`undefined`), never `null`; dates are JS Dates at UTC midnight; text that would start
 *   a formula is neutralised here as well as in the writers.
 */
import { ageOn, type CaseRecord, type CasesState, caseStatus } from "../../projections/cases.js";
import type { IsoDate } from "../../schemas/common.js";
import type { AnnexAList1Row, AnnexAList2Row, AnnexALists } from "./annexAColumns.js";
import { isoToDate } from "./cells.js";
import { neutraliseFormula } from "./formulaGuard.js";

/** Oldest age covered by the lists (SEND duties run 0–25). */
export const MAX_AGE = 25;

/**
 * Gender as written in the lists. Data to Insight's Annex A SEND validator (data-to-insight/annex-a-sen-
 * validator-be, rule 101b "Missing personal information - Gender") only checks that the cell is not blank,
 * and upper-cases all text on upload; it defines no code list. We could not confirm a required
 * representation, so we write the store's value in words: Male / Female / Other / Unknown. Anything else
 * (an older import) is written as recorded.
 */
export const GENDER_LABELS: Readonly<Record<string, string>> = {
  male: "Male",
  female: "Female",
  other: "Other",
  unknown: "Unknown",
};

const text = (value: string | undefined): string | undefined => {
  const t = value?.trim();
  return t ? neutraliseFormula(t) : undefined;
};
const yesNo = (value: boolean | undefined): string | undefined =>
  value === undefined ? undefined : value ? "Yes" : "No";
/** The label for a recorded gender; own keys only, so "constructor" or "toString" stay as written. */
const gender = (value: string | undefined): string | undefined => {
  const key = value?.trim().toLowerCase() ?? "";
  return text(Object.hasOwn(GENDER_LABELS, key) ? GENDER_LABELS[key] : value);
};

const earliest = (dates: IsoDate[]): IsoDate | undefined => [...dates].sort()[0];
const latest = (dates: IsoDate[]): IsoDate | undefined => [...dates].sort().at(-1);

/** The case as it stood on `asOf`: facts dated later removed. */
export function caseAsAt(c: CaseRecord, asOf: IsoDate): CaseRecord {
  const onOrBefore = (d: IsoDate) => d <= asOf;
  const { ceased, senSupport, placement, socialCare, ...rest } = c;
  return {
    ...rest,
    plans: c.plans.filter((p) => onOrBefore(p.issuedOn)),
    reviews: c.reviews.filter((r) => onOrBefore(r.heldOn)),
    ...(ceased && onOrBefore(ceased.ceasedOn) ? { ceased } : {}),
    ...(senSupport && onOrBefore(senSupport.startedOn)
      ? {
          senSupport:
            senSupport.endedOn && onOrBefore(senSupport.endedOn)
              ? senSupport
              : { startedOn: senSupport.startedOn },
        }
      : {}),
    ...(placement && onOrBefore(placement.effectiveFrom) ? { placement } : {}),
    ...(socialCare && onOrBefore(socialCare.recordedOn) ? { socialCare } : {}),
  };
}

/** The List 1 row for a case (already taken as at the date). */
function list1Row(c: CaseRecord): AnnexAList1Row {
  const p = c.placement;
  const s = c.schoolRecord;
  const known = c.socialCare?.knownToSocialCare;
  return {
    "Unique ID": text(c.caseId),
    UPN: text(c.upn),
    ULN: text(c.uln),
    "Date of birth": isoToDate(c.dateOfBirth),
    Gender: gender(c.gender),
    Ethnicity: text(c.ethnicity),
    "Date initial EHC plan issued": isoToDate(
      earliest(c.plans.filter((x) => x.kind === "initial").map((x) => x.issuedOn)),
    ),
    "Date updated EHC plan issued": isoToDate(
      latest(c.plans.filter((x) => x.kind === "amended").map((x) => x.issuedOn)),
    ),
    "Date EHC plan last reviewed": isoToDate(latest(c.reviews.map((r) => r.heldOn))),
    "SEN primary need": text(c.primaryNeed),
    "Main education establishment – URN": text(p?.mainUrn),
    "Main education establishment – phase": text(p?.mainPhase),
    "Subsidiary education establishment – phase (dual registration)": text(p?.subsidiaryPhase),
    "Elective home education": yesNo(p?.electiveHomeEducation),
    Suspensions: s?.suspensions,
    "Permanent exclusions": s?.permanentExclusions,
    Absence: s?.absencePercent,
    "Pupil Premium": yesNo(s?.pupilPremium),
    "Known to children's social care?": yesNo(known),
    // A team only makes sense for a child known to social care.
    "Which children's social care team?": known ? text(c.socialCare?.team) : undefined,
    "Does the child or young person have a disability?": yesNo(c.hasDisability),
  };
}

/** List 2 has no plan dates and no elective home education column. */
function list2Row(c: CaseRecord): AnnexAList2Row {
  const {
    "Date initial EHC plan issued": _initial,
    "Date updated EHC plan issued": _updated,
    "Date EHC plan last reviewed": _reviewed,
    "Elective home education": _ehe,
    ...row
  } = list1Row(c);
  return row;
}

/** Whether a child is within 0–25 on `asOf`; unknown age counts as in (the checks will flag it). */
function inAgeRange(c: CaseRecord, asOf: IsoDate): boolean {
  if (!isoToDate(c.dateOfBirth)) return true;
  const age = ageOn(c.dateOfBirth, asOf);
  return age >= 0 && age <= MAX_AGE;
}

/** Build both lists as at `asOf`, each sorted by Unique ID (code-unit order, locale-independent). */
export function buildAnnexA(cases: CasesState, asOf: IsoDate): AnnexALists {
  const list1: AnnexAList1Row[] = [];
  const list2: AnnexAList2Row[] = [];
  const ids = [...cases.byId.keys()].sort();
  for (const id of ids) {
    const c = caseAsAt(cases.byId.get(id)!, asOf);
    if (!inAgeRange(c, asOf)) continue;
    const status = caseStatus(c);
    if (status === "ehcPlan") list1.push(list1Row(c));
    else if (status === "senSupport") list2.push(list2Row(c));
  }
  return { asOf, list1, list2 };
}

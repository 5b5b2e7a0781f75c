/** Hand-built case records, clean Annex A rows and recorded events for the Annex A tests. */
import { type CaseRecord, type CasesState, casesProjection } from "../../projections/cases.js";
import { fold } from "../../projections/projection.js";
import type { RecordedEvent } from "../../schemas/envelope.js";
import type { AnnexAList1Row, AnnexAList2Row } from "../../src/exports/annexAColumns.js";

export const AS_OF = "2026-11-23";
export const utc = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

/** A registered case with nothing else recorded; `over` fills in the rest. */
export function caseRecord(caseId: string, over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    caseId,
    dateOfBirth: "2015-03-10",
    gender: "female",
    ethnicity: "WBRI",
    requests: [],
    plans: [],
    reviews: [],
    registeredAt: "2020-01-01T09:00:00Z",
    lastChangedAt: "2020-01-01T09:00:00Z",
    lastPosition: 1,
    ...over,
  };
}

export const withPlan = (caseId: string, over: Partial<CaseRecord> = {}) =>
  caseRecord(caseId, { plans: [{ kind: "initial", issuedOn: "2020-06-01" }], ...over });
export const onSenSupport = (caseId: string, over: Partial<CaseRecord> = {}) =>
  caseRecord(caseId, { senSupport: { startedOn: "2022-09-01" }, ...over });

export const stateOf = (...records: CaseRecord[]): CasesState => ({
  byId: new Map(records.map((r) => [r.caseId, r])),
});

/** Events on one case stream, shaped as the store hands them back (schema version 1). */
export function caseEvents(caseId: string, events: [type: string, data: Record<string, unknown>][]) {
  return events.map(([type, data], revision): RecordedEvent => ({
    id: `00000000-0000-4000-8000-${String(revision + 1).padStart(12, "0")}`,
    type,
    data: { schemaVersion: 1, ...data },
    metadata: { actor: "test", role: "officer", correlationId: "c1", source: "test" },
    stream: `case-${caseId}`,
    revision,
    position: revision + 1,
    recordedAt: "2026-01-01T09:00:00Z",
  }));
}

export const foldCases = (events: RecordedEvent[]) => fold(casesProjection, events);

/** A List 1 row that passes every check as at AS_OF (an 11-year-old with a plan, a school and a UPN). */
export function cleanList1Row(over: Partial<AnnexAList1Row> = {}): AnnexAList1Row {
  return {
    "Unique ID": "C000001",
    UPN: "A123456789012",
    ULN: undefined,
    "Date of birth": utc("2015-03-10"),
    Gender: "Female",
    Ethnicity: "WBRI",
    "Date initial EHC plan issued": utc("2020-06-01"),
    "Date updated EHC plan issued": utc("2023-02-01"),
    "Date EHC plan last reviewed": utc("2025-05-01"),
    "SEN primary need": "ASD",
    "Main education establishment – URN": "100001",
    "Main education establishment – phase": "primary",
    "Subsidiary education establishment – phase (dual registration)": undefined,
    "Elective home education": "No",
    Suspensions: 0,
    "Permanent exclusions": 0,
    Absence: 4.5,
    "Pupil Premium": "No",
    "Known to children's social care?": "No",
    "Which children's social care team?": undefined,
    "Does the child or young person have a disability?": "Yes",
    ...over,
  };
}

export function cleanList2Row(over: Partial<AnnexAList2Row> = {}): AnnexAList2Row {
  const {
    "Date initial EHC plan issued": _i,
    "Date updated EHC plan issued": _u,
    "Date EHC plan last reviewed": _r,
    "Elective home education": _e,
    ...row
  } = cleanList1Row({ "Unique ID": "C000002", UPN: "B123456789012" });
  return { ...row, ...over };
}

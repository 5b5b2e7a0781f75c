import { parse } from "csv-parse/sync";
import fc from "fast-check";
import t from "tap";
import type { CaseRecord } from "../../projections/cases.js";
import { buildAnnexA } from "../../src/exports/annexA.js";
import { LIST_1_COLUMNS, LIST_2_COLUMNS } from "../../src/exports/annexAColumns.js";
import { checkAnnexA } from "../../src/exports/annexAChecks.js";
import { annexACsv } from "../../src/exports/annexAWorkbook.js";
import { startsFormula } from "../../src/exports/formulaGuard.js";
import { AS_OF, caseRecord, stateOf } from "./annexAFixtures.js";

const isoDate = fc
  .date({ min: new Date("1995-01-01T00:00:00Z"), max: new Date("2028-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
/** Text as it might arrive from an import: ordinary, empty, or built to start a formula. */
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", " ", "=1+1", "+44", "-3", "@SUM(A1)", "\t=x", "\r=x", " =x", "WBRI", "ASD"),
  fc.string({ maxLength: 8 }).map((s) => `=${s}`),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const caseArb = (caseId: string) =>
  fc
    .record({
      upn: maybe(text),
      uln: maybe(text),
      dateOfBirth: fc.oneof(isoDate, fc.constantFrom("", "2015-02-30")),
      gender: fc.oneof(fc.constantFrom("female", "male", "other", "unknown"), text),
      ethnicity: text,
      primaryNeed: maybe(text),
      senSupport: maybe(fc.record({ startedOn: isoDate, endedOn: maybe(isoDate) })),
      // Half the children have no plan, so SEN support (List 2) comes up as often as List 1.
      plans: fc.oneof(
        fc.constant([]),
        fc.array(fc.record({ kind: fc.constantFrom("initial", "amended"), issuedOn: isoDate }), {
          minLength: 1,
          maxLength: 4,
        }),
      ),
      reviews: fc.array(fc.record({ heldOn: isoDate }), { maxLength: 3 }),
      ceased: maybe(fc.record({ ceasedOn: isoDate, reason: fc.constant("needs met") })),
      placement: maybe(
        fc.record({
          effectiveFrom: isoDate,
          mainUrn: maybe(text),
          mainPhase: maybe(text),
          subsidiaryPhase: maybe(text),
          electiveHomeEducation: fc.boolean(),
          alternativeProvision: fc.boolean(),
          outOfArea: fc.boolean(),
        }),
      ),
      schoolRecord: maybe(
        fc.record({
          academicYear: fc.constant("2025/26"),
          suspensions: fc.nat(200),
          permanentExclusions: fc.nat(10),
          absencePercent: fc.double({ min: 0, max: 100, noNaN: true }),
          pupilPremium: fc.boolean(),
        }),
      ),
      socialCare: maybe(
        fc.record({ knownToSocialCare: fc.boolean(), team: maybe(text), recordedOn: isoDate }),
      ),
      hasDisability: maybe(fc.boolean()),
    })
    .map((r): CaseRecord => caseRecord(caseId, r as Partial<CaseRecord>));

const cases = fc
  .uniqueArray(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{2,8}$/), { minLength: 1, maxLength: 8 })
  .chain((ids) => fc.tuple(...ids.map(caseArb)));

t.test("every row is keyed exactly by its headers, and no text cell starts a formula", async (t) => {
  const seen = { list1: 0, list2: 0 };
  fc.assert(
    fc.property(cases, (records) => {
      const lists = buildAnnexA(stateOf(...records), AS_OF);
      seen.list1 += lists.list1.length;
      seen.list2 += lists.list2.length;
      for (const row of lists.list1) {
        const keys = Object.keys(row);
        if (keys.length !== 21 || keys.join("|") !== LIST_1_COLUMNS.join("|")) return false;
      }
      for (const row of lists.list2)
        if (Object.keys(row).join("|") !== LIST_2_COLUMNS.join("|")) return false;
      for (const row of [...lists.list1, ...lists.list2])
        for (const v of Object.values(row)) {
          if (v === null) return false;
          if (typeof v === "string" && (startsFormula(v) || v.trim() === "")) return false;
          if (v instanceof Date && (Number.isNaN(v.getTime()) || v.getUTCHours() !== 0)) return false;
        }
      // Every row is a child in the records, once, in Unique ID order.
      const ids = [...lists.list1, ...lists.list2].map((r) => r["Unique ID"]);
      if (new Set(ids).size !== ids.length) return false;
      const sorted = (xs: unknown[]) => xs.every((x, i) => i === 0 || String(xs[i - 1]) < String(x));
      if (!sorted(lists.list1.map((r) => r["Unique ID"]))) return false;
      // The writers agree: every CSV field is formula-safe too, and checks point at real rows.
      for (const csv of [annexACsv(lists.list1, 1), annexACsv(lists.list2, 2)]) {
        const fields = (parse(csv, { bom: true }) as string[][]).flat();
        if (fields.some(startsFormula)) return false;
      }
      return checkAnnexA(lists, AS_OF).every(
        (c) => c.row >= 2 && c.row <= (c.list === 1 ? lists.list1.length : lists.list2.length) + 1,
      );
    }),
    { numRuns: 300 },
  );
  t.ok(seen.list1 > 30 && seen.list2 > 30, `not vacuous: ${seen.list1} + ${seen.list2} rows checked`);
});

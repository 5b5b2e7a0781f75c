import fc from "fast-check";
import t from "tap";
import type { Grade, PlanSection } from "../../schemas/common.js";
import { deriveOverallGrade, deriveSectionGrade, gradeScale } from "../../src/commands/qaGrading.js";

t.test("section grade from the share of criteria met", async (t) => {
  t.equal(deriveSectionGrade(9, 1), "outstanding");
  t.equal(deriveSectionGrade(7, 3), "good");
  t.equal(deriveSectionGrade(4, 6), "requires improvement");
  t.equal(deriveSectionGrade(3, 7), "inadequate");
  t.equal(deriveSectionGrade(0, 0), "inadequate");
  fc.assert(
    fc.property(fc.nat(30), fc.nat(30), (met, notMet) => {
      const g = gradeScale.indexOf(deriveSectionGrade(met, notMet));
      return (
        gradeScale.indexOf(deriveSectionGrade(met + 1, notMet)) >= g &&
        gradeScale.indexOf(deriveSectionGrade(met, notMet + 1)) <= g
      );
    }),
  );
});

t.test("a catalogue's allButOne rule reaches every grade at every section size (3–6 criteria)", async (t) => {
  const of = (met: number, size: number) => deriveSectionGrade(met, size - met, "allButOne");
  t.same(
    [3, 2, 1, 0].map((m) => of(m, 3)),
    ["outstanding", "good", "requires improvement", "inadequate"],
    "3 criteria: 2 of 3 is good (the share rule made it RI, so no 3-criterion section could be good)",
  );
  t.same(
    [4, 3, 2, 1, 0].map((m) => of(m, 4)),
    ["outstanding", "good", "requires improvement", "inadequate", "inadequate"],
  );
  t.same(
    [6, 5, 4, 3, 2, 1, 0].map((m) => of(m, 6)),
    [
      "outstanding",
      "good",
      "requires improvement",
      "requires improvement",
      "requires improvement",
      "inadequate",
      "inadequate",
    ],
  );
  t.equal(deriveSectionGrade(2, 1), "requires improvement", "the legacy share rule is unchanged (default)");
  for (let size = 3; size <= 6; size++)
    t.same(
      new Set(Array.from({ length: size + 1 }, (_, met) => of(met, size))),
      new Set(gradeScale),
      `${size} criteria reach all four grades`,
    );
  fc.assert(
    fc.property(fc.integer({ min: 3, max: 6 }), fc.nat(6), (size, m) => {
      const met = Math.min(m, size);
      const g = gradeScale.indexOf(of(met, size));
      return met === size || gradeScale.indexOf(of(met + 1, size)) >= g;
    }),
  );
});

t.test("overall grade: mean of sections, capped when a core section is inadequate", async (t) => {
  const of = (entries: [PlanSection, Grade][]) => deriveOverallGrade(new Map(entries));
  t.equal(
    of([
      ["A", "good"],
      ["B", "good"],
      ["E", "outstanding"],
      ["F", "good"],
    ]),
    "good",
  );
  t.equal(
    of([
      ["A", "outstanding"],
      ["B", "outstanding"],
      ["E", "outstanding"],
      ["F", "good"],
    ]),
    "outstanding",
  );
  t.equal(
    of([
      ["A", "outstanding"],
      ["K", "outstanding"],
      ["I", "outstanding"],
      ["F", "inadequate"],
    ]),
    "requires improvement",
  );
  t.equal(
    of([
      ["A", "inadequate"],
      ["B", "requires improvement"],
    ]),
    "inadequate",
    "a mean of 1.5 rounds half down",
  );
  t.equal(of([]), "inadequate");
});

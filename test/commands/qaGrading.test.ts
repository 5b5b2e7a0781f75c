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

import t from "tap";
import { planSection } from "../../schemas/common.js";
import {
  checklistCatalogues,
  defaultChecklistVersion,
  qaChecklist,
  sectionCriteria,
  sendCode2015,
} from "../../schemas/qaChecklist.js";

/**
 * What the sources may cite, checked against the published texts: the Code's chapter 9 paragraphs on the
 * plan (9.61 principles, 9.62 the sections A–K, 9.63 Year 9 onwards, 9.64–9.66 outcomes, 9.69 what each
 * section contains) and the SEND Regulations 2014 that exist: reg 6(1) (advice sought), 11(a) (the
 * assessment's evidence), 12(1)(a)–(j) (sections A–J; there is no (k): K is the Code's), 12(2) (health
 * provision agreed by the commissioning body), 12(3) (Year 9 onwards).
 */
const CITABLE = [
  /^SEND Code of Practice 2015, para 9\.(6[1-6]|69) \(section (A|B|C|D|E|F|G|H1|H2|I|J|K)\)$/,
  /^SEND Regulations 2014, reg (6\(1\)|11\(a\)|12\(1\)\([a-g]\)|12\(1\)\(h\)\(i{1,2}\)|12\(1\)\([ij]\)|12\([23]\))$/,
];

t.test("sources corrected after checking them: each cites where its requirement is", (t) => {
  const source = new Map(sendCode2015.sections.flatMap((s) => s.criteria.map((c) => [c.id, c.source])));
  t.equal(
    source.get("K.2"),
    "SEND Regulations 2014, reg 6(1)",
    "the advice the LA must seek; reg 12(1) has no (k)",
  );
  t.equal(
    source.get("B.3"),
    "SEND Regulations 2014, reg 11(a)",
    "the plan takes the assessment's evidence into account",
  );
  t.equal(
    source.get("G.3"),
    "SEND Regulations 2014, reg 12(2)",
    "health provision agreed by the commissioning body",
  );
  t.equal(source.get("E.4"), "SEND Code of Practice 2015, para 9.63 (section E)", "Year 9 onwards");
  t.equal(source.get("E.1"), "SEND Code of Practice 2015, para 9.66 (section E)", "SMART outcomes");
  t.equal(source.get("H1.3"), "SEND Regulations 2014, reg 12(1)(h)(i)");
  t.equal(source.get("H2.3"), "SEND Regulations 2014, reg 12(1)(h)(ii)");
  t.notOk([...source.values()].some((x) => x.includes("12(1)(k)")));
  t.end();
});

t.test("the default catalogue is valid: every section A–K, 3–6 criteria each, each with its source", (t) => {
  t.ok(qaChecklist.safeParse(sendCode2015).success);
  t.equal(checklistCatalogues.get(defaultChecklistVersion), sendCode2015);
  for (const s of planSection.options) {
    const criteria = sectionCriteria(sendCode2015, s);
    t.ok(criteria.length >= 3 && criteria.length <= 6, `section ${s} has ${criteria.length} criteria`);
    for (const c of criteria)
      t.ok(
        CITABLE.some((re) => re.test(c.source)),
        `${c.id}: ${c.source}`,
      );
  }
  const ids = sendCode2015.sections.flatMap((s) => s.criteria.map((c) => c.id));
  t.equal(new Set(ids).size, ids.length, "criterion ids are unique");
  t.end();
});

t.test("a catalogue missing a section, or with a criterion under the wrong section, is refused", (t) => {
  const [first, ...rest] = sendCode2015.sections;
  t.notOk(qaChecklist.safeParse({ ...sendCode2015, sections: [...rest, rest[0]] }).success);
  const misplaced = {
    ...first!,
    criteria: first!.criteria.map((c) => ({ ...c, id: c.id.replace("A.", "B.") })),
  };
  t.notOk(qaChecklist.safeParse({ ...sendCode2015, sections: [misplaced, ...rest] }).success);
  t.same(sectionCriteria({ ...sendCode2015, sections: rest }, "A"), []);
  t.end();
});

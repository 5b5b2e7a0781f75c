import t from "tap";
import { planSection } from "../../schemas/common.js";
import {
  checklistCatalogues,
  defaultChecklistVersion,
  qaChecklist,
  sectionCriteria,
  sendCode2015,
} from "../../schemas/qaChecklist.js";

t.test("the default catalogue is valid: every section A–K, 3–6 criteria each, each with its source", (t) => {
  t.ok(qaChecklist.safeParse(sendCode2015).success);
  t.equal(checklistCatalogues.get(defaultChecklistVersion), sendCode2015);
  for (const s of planSection.options) {
    const criteria = sectionCriteria(sendCode2015, s);
    t.ok(criteria.length >= 3 && criteria.length <= 6, `section ${s} has ${criteria.length} criteria`);
    for (const c of criteria)
      t.match(c.source, /SEND (Code of Practice 2015, para 9\.6\d|Regulations 2014, reg 12)/);
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

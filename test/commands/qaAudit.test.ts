import t from "tap";
import { sectionCriteria, sendCode2015 } from "../../schemas/qaChecklist.js";
import type { PlanSection } from "../../schemas/common.js";
import { codeOf, decider } from "./decide.js";

const idsOf = (section: string) => sectionCriteria(sendCode2015, section as PlanSection).map((c) => c.id);
/** Tick every criterion of the section in the default checklist: all met, but the last of four or more. */
const cut = (section: string) => (idsOf(section).length >= 4 ? -1 : undefined);
const rate = (
  section: string,
  met = idsOf(section).slice(0, cut(section)),
  notMet = cut(section) ? idsOf(section).slice(-1) : [],
) => ({
  section,
  criteriaMet: met,
  criteriaNotMet: notMet,
});

t.test("an audit's life and its rules", async (t) => {
  const a = decider("QA001", "2026-11-23", "aud.one");
  t.equal(codeOf(a.run("rateQaSection", rate("A"))), "noSample");
  t.equal(
    codeOf(
      a.run("drawQaSample", { caseId: "C000001", reason: "thematic", theme: "PfA", drawnOn: "2026-12-01" }),
    ),
    "dateInFuture",
  );
  t.equal(
    codeOf(
      a.run("drawQaSample", { caseId: "C000001", reason: "thematic", theme: "PfA", drawnOn: "2026-11-01" }),
    ),
    "appended",
  );
  t.equal(
    codeOf(a.run("drawQaSample", { caseId: "C000001", reason: "random", drawnOn: "2026-11-01" })),
    "alreadyDrawn",
  );
  t.equal(codeOf(a.run("submitQaAudit", { submittedOn: "2026-11-20" })), "noAuditor");
  a.run("assignQaAuditor", { auditor: "aud.one", agency: "education" });
  t.equal(codeOf(a.run("assignQaAuditor", { auditor: "aud.one", agency: "health" })), "alreadyAssigned");
  for (const s of ["A", "B", "C", "E", "F", "G", "I", "K"]) a.run("rateQaSection", rate(s));
  t.equal(codeOf(a.run("submitQaAudit", { submittedOn: "2026-11-20" })), "sectionsNotRated");
  t.equal(codeOf(a.run("markQaSectionNotApplicable", { section: "E", reason: "n/a" })), "sectionRequired");
  for (const s of ["D", "H1", "H2", "J"])
    t.equal(codeOf(a.run("markQaSectionNotApplicable", { section: s, reason: "none" })), "appended");
  t.equal(
    codeOf(
      a.run("rateQaSection", {
        ...rate("F", ["F.1"], ["F.2", "F.3", "F.4", "F.5"]),
        grade: "good",
        overrideReason: "Provision is clear in the appendix",
      }),
    ),
    "appended",
  );
  const override = a.history.at(-1)!.data as { derivedGrade: string; grade: string };
  t.same(
    [override.derivedGrade, override.grade],
    ["inadequate", "good"],
    "override kept beside the derived grade",
  );
  t.equal(
    codeOf(a.run("moderateQaAudit", { moderatedOn: "2026-11-21", moderatedGrade: "good" })),
    "notSubmitted",
  );
  t.equal(codeOf(a.run("submitQaAudit", { submittedOn: "2026-11-20" })), "appended");
  t.equal((a.history.at(-1)!.data as { overallGrade: string }).overallGrade, "good");
  t.equal(codeOf(a.run("rateQaSection", rate("A"))), "alreadySubmitted");
  t.equal(
    codeOf(a.run("moderateQaAudit", { moderatedOn: "2026-11-21", moderatedGrade: "good" })),
    "moderatorAudited",
  );
  t.equal(
    codeOf(
      a.run(
        "moderateQaAudit",
        { moderatedOn: "2026-11-21", moderatedGrade: "requires improvement" },
        { actor: "mod.two" },
      ),
    ),
    "appended",
  );
  t.same(a.history.at(-1)!.data, {
    moderatedOn: "2026-11-21",
    moderatedGrade: "requires improvement",
    moderator: "mod.two",
    agreed: false,
    schemaVersion: 1,
  });
  t.equal(
    codeOf(
      a.run("moderateQaAudit", { moderatedOn: "2026-11-22", moderatedGrade: "good" }, { actor: "mod.three" }),
    ),
    "alreadyModerated",
  );
});

t.test("input rules", async (t) => {
  const a = decider("QA002");
  t.same(a.run("rateQaSection", { section: "A", criteriaMet: [], criteriaNotMet: [] }), {
    invalid: ["criteriaMet"],
  });
  t.same(a.run("submitQaAudit", { submittedOn: "2026-11-20", grade: "good" }), {
    invalid: ["overrideReason"],
  });
});

t.test(
  "an audit records its checklist version; an unknown version is refused naming the field",
  async (t) => {
    const a = decider("QA010", "2026-11-23", "aud.one");
    const unknown = a.run("drawQaSample", {
      caseId: "C000001",
      reason: "random",
      drawnOn: "2026-11-01",
      checklistVersion: "nowhere.9",
    });
    t.match(unknown, { code: "unknownChecklist", path: ["checklistVersion"], status: 400 });
    t.equal(a.history.length, 0, "nothing appended");
    a.run("drawQaSample", { caseId: "C000001", reason: "random", drawnOn: "2026-11-01" });
    t.match(
      a.history[0]!.data,
      { checklistVersion: sendCode2015.version },
      "the default catalogue when none named",
    );
  },
);

t.test(
  "ratings tick the checklist's criteria by id: unknown, repeated or unticked criteria are refused",
  async (t) => {
    const a = decider("QA011", "2026-11-23", "aud.one");
    a.run("drawQaSample", { caseId: "C000001", reason: "random", drawnOn: "2026-11-01" });
    const refused = (input: unknown) => {
      const before = a.history.length;
      const out = a.run("rateQaSection", input);
      t.equal(a.history.length, before, "nothing appended");
      return out;
    };
    // The example: free text is not a criterion.
    t.match(refused({ section: "I", criteriaMet: ["School named"], criteriaNotMet: [] }), {
      code: "unknownCriterion",
      path: ["criteriaMet", "0"],
      status: 400,
    });
    t.match(refused({ section: "I", criteriaMet: ["I.1", "I.2"], criteriaNotMet: ["F.1"] }), {
      code: "unknownCriterion",
      path: ["criteriaNotMet", "0"],
    });
    t.match(refused({ section: "I", criteriaMet: ["I.1", "I.2"], criteriaNotMet: ["I.2", "I.3"] }), {
      code: "criterionTickedTwice",
      path: ["criteriaNotMet", "0"],
    });
    t.match(refused({ section: "I", criteriaMet: ["I.1"], criteriaNotMet: ["I.3"] }), {
      code: "criterionNotTicked",
      message: /I\.2 not ticked/,
      path: ["criteriaNotMet"],
    });
    t.equal(codeOf(a.run("rateQaSection", rate("I", ["I.1", "I.2"], ["I.3"]))), "appended");
    t.match(a.history.at(-1)!.data, { derivedGrade: "good", grade: "good" }, "2 of 3: all but one is good");
  },
);

t.test("a provision section cannot be rated when the need it pairs with is not applicable", async (t) => {
  const a = decider("QA012", "2026-11-23", "aud.one");
  a.run("drawQaSample", { caseId: "C000001", reason: "random", drawnOn: "2026-11-01" });
  t.equal(
    codeOf(a.run("markQaSectionNotApplicable", { section: "D", reason: "no social care needs" })),
    "appended",
  );
  for (const s of ["H1", "H2"])
    t.match(a.run("rateQaSection", rate(s)), { code: "needNotApplicable", path: ["section"] });
  t.equal(codeOf(a.run("rateQaSection", rate("G"))), "appended");
  t.match(a.run("markQaSectionNotApplicable", { section: "C", reason: "none" }), {
    code: "provisionRated",
    message: /section G is rated/,
  });
  t.equal(codeOf(a.run("markQaSectionNotApplicable", { section: "H2", reason: "none" })), "appended");
});

t.test("a legacy audit (drawn before catalogues, no version) keeps its free-text criteria", async (t) => {
  const a = decider("QA013", "2026-11-23", "aud.one");
  a.history.push({
    type: "QaSampleDrawn",
    data: { caseId: "C000001", reason: "random", drawnOn: "2020-01-01" },
  });
  t.equal(codeOf(a.run("rateQaSection", rate("I", ["School named"], []))), "appended");
  t.match(a.history.at(-1)!.data, { derivedGrade: "outstanding" });
});

t.test(
  "self-moderation: any actor who rated or submitted the audit is refused, whatever names were assigned",
  async (t) => {
    const a = decider("QA003", "2026-11-23", "drawer");
    a.run("drawQaSample", { caseId: "C000003", reason: "random", drawnOn: "2026-11-01" });
    a.run("assignQaAuditor", { auditor: "A. N. Other", agency: "health" });
    a.run("rateQaSection", rate("A"), { actor: "rater" });
    for (const s of ["B", "C", "E", "F", "I", "K"])
      a.run("rateQaSection", rate(s), { actor: "second.rater" });
    for (const s of ["D", "G", "H1", "H2", "J"])
      a.run("markQaSectionNotApplicable", { section: s, reason: "none" }, { actor: "second.rater" });
    t.equal(
      codeOf(a.run("submitQaAudit", { submittedOn: "2026-11-20" }, { actor: "submitter" })),
      "appended",
    );
    const moderate = { moderatedOn: "2026-11-21", moderatedGrade: "good" };
    for (const actor of ["rater", "second.rater", "submitter"]) {
      const out = a.run("moderateQaAudit", moderate, { actor });
      t.equal(codeOf(out), "moderatorAudited", `${actor} may not moderate`);
      t.match((out as { message: string }).message, `${actor} rated or submitted this audit`);
    }
    t.equal(a.history.at(-1)!.type, "QaAuditSubmitted", "nothing appended");
    t.equal(
      codeOf(a.run("moderateQaAudit", moderate, { actor: "drawer" })),
      "appended",
      "a drawer who did not rate may",
    );
  },
);

import t from "tap";
import { codeOf, decider } from "./decide.js";

const rate = (section: string, met = ["a", "b", "c"], notMet = ["d"]) => ({
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
        ...rate("F", ["x"], ["y", "z", "w"]),
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

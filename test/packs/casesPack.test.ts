import t from "tap";
import { type CasePack, casePack, inspectionCasePacks } from "../../projections/casePack.js";
import { buildCasesPack } from "../../src/packs/casesPack.js";
import { contentSha256, MARKING, readPackMeta } from "../../src/packs/document.js";
import { bodyText, flat, INSPECTION, metaFor, packFixture, pageFill, pdfInfo, pdfText } from "./fixtures.js";

const { state, asOf, tracked, sampled } = await packFixture();
const day = asOf.slice(0, 10);
const packs = inspectionCasePacks(state, INSPECTION, day);
const meta = metaFor("cases", state, {
  contents: [`${packs.length} children: profile, statutory timeline, QA audits, actions, documents`],
  contentSha256: contentSha256(packs),
});

t.test("the case-sampling pack for the inspection's tracked and sampled children", async (t) => {
  t.same(
    packs.map((p) => p.caseId),
    [...tracked, ...sampled],
    "tracked first, then sampled",
  );
  const started = Date.now();
  const pdf = await buildCasesPack({ meta, packs, inspectionId: INSPECTION });
  const ms = Date.now() - started;
  const { pages } = pdfInfo(pdf);
  t.comment(
    `cases pack: ${pages} pages for ${packs.length} children, ${pdf.length} bytes, built in ${ms} ms`,
  );
  t.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  t.ok(
    (await buildCasesPack({ meta, packs, inspectionId: INSPECTION })).equals(pdf),
    "byte-identical rebuild",
  );
  t.same(readPackMeta(pdf), { ...meta, caseIds: packs.map((p) => p.caseId) }, "case ids in the metadata");

  for (let n = 1; n <= pages; n++) {
    const page = pdfText(pdf, n);
    t.ok(page.split(MARKING).length - 1 >= 2, `${MARKING} at top and bottom of page ${n}`);
  }
  const text = flat(pdfText(pdf));
  t.match(text, "Case-sampling pack");
  t.match(text, "Fernbrook (demo area)");
  for (const id of [...tracked, ...sampled]) t.match(text, `Case ${id}`);
  t.match(text, "Selected for: tracked; sampled: Quality of EHC plans.");
  for (const heading of [
    "Profile (pseudonymised)",
    "Statutory timeline",
    "QA audits",
    "Actions",
    "Documents and evidence references",
  ])
    t.match(text, heading);
  t.match(text, "Final EHC plan (20 weeks)");
  t.match(text, /\d+ statutory steps: \d+ met, \d+ missed, \d+ overdue, \d+ pending/);
  t.match(text, "QA audit QA-PACK-1: Good");
  t.match(text, "22 Nov 2026 by t.moderator: changed, good. Panel agreed.");
  t.match(text, "t.auditor (education); t.health (health)");
  t.match(text, "The child's voice comes through clearly.");
  t.match(text, "D Social care needs not applicable");
  t.match(text, "Not met: F.3 Provision is quantified");
  t.match(text, "QA audit QA-PACK-2: Outstanding", "an audit submitted, not moderated");
  t.match(text, "Quantify provision in section F");
  t.match(text, "https://records.example/plan.pdf");
  t.match(text, "No QA audit of this child's plan.");
  t.match(text, "Documents and evidence references: none registered for this child.");
  t.notMatch(text, "No documents registered for this child.", "no near-empty page saying only that");
  // Children follow on: no page between the cover and the manifest is left mostly blank (the last
  // child's last page may be short).
  const fill = pageFill(pdf);
  for (let page = 2; page < pages - 1; page++)
    t.ok(fill[page - 1]! >= 0.5, `page ${page} is ${Math.round(fill[page - 1]! * 100)}% full`);
  // No heading is left at the foot of a page without what it heads.
  const headings = ["Profile (pseudonymised)", "Statutory timeline", "QA audits", "Actions"];
  for (let page = 1; page <= pages; page++) {
    const lines = bodyText(pdfText(pdf, page))
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    t.notOk(headings.includes(lines.at(-1) ?? ""), `page ${page} does not end with a heading`);
  }
  const manifest = flat(pdfText(pdf, pages));
  t.match(manifest, `Log position ${state.position}`);
  t.match(manifest, meta.contentSha256);
  t.match(manifest, `${MARKING}: contains case-level data`);
});

t.test("always marked, whatever the meta says; odd records", async (t) => {
  const base = casePack(state, tracked[0] as string, day) as CasePack;
  const audit = base.audits[0]!;
  const odd: CasePack = {
    ...base,
    caseId: "ODD-1",
    selectedFor: [],
    profile: {
      ...base.profile,
      status: "mystery",
      primaryNeed: undefined,
      knownToSocialCare: undefined,
      socialCareTeam: undefined,
      hasDisability: undefined,
    } as CasePack["profile"],
    audits: [
      {
        ...audit,
        auditId: "QA-ODD",
        theme: "Preparation for adulthood",
        auditors: [],
        sections: {
          F: {
            grade: "good",
            derivedGrade: "requires improvement",
            criteriaMet: ["Specific"],
            criteriaNotMet: ["Quantified"],
            comment: "Quantified is missing.",
          },
          // A section this build does not name (e.g. from a newer plan template): listed last.
          Z: { grade: "good", derivedGrade: "good", criteriaMet: ["x"], criteriaNotMet: [] },
        } as never,
        submitted: {
          submittedOn: "2026-11-20",
          overallGrade: "good",
          derivedOverallGrade: "requires improvement",
        },
      },
      { ...audit, auditId: "QA-OPEN", sections: {}, submitted: undefined, moderation: undefined } as never,
    ],
    actions: base.actions.flatMap((a) => [
      {
        ...a,
        actionId: "A-DONE",
        completed: { completedOn: "2026-11-01", impact: "Better plans", evidence: [] },
      },
      { ...a, actionId: "A-LATE", overdue: true, daysOverdue: 12 },
      { ...a, actionId: "A-UPD", lastUpdatedOn: "2026-11-10" },
    ]),
    documents: base.documents.map((d) => ({ ...d, supersededBy: "DOC-2", publishedOn: "2026-01-05" })),
  };
  const pdf = await buildCasesPack({ meta: { ...meta, caseLevel: false }, packs: [odd] });
  t.equal(readPackMeta(pdf)?.caseLevel, true, "caseLevel forced on");
  const text = flat(pdfText(pdf));
  t.ok(text.split(MARKING).length - 1 >= 6, "marked");
  t.match(text, "Inspection —");
  t.match(text, "Not selected by any inspection.");
  t.notMatch(text, "not recorded.", 'no "Selected for: not recorded"');
  t.match(text, "Status mystery");
  t.match(text, "Primary need not recorded");
  t.match(text, "Known to children's social care not recorded");
  t.match(text, "(theme: Preparation for adulthood)");
  t.match(text, "none assigned");
  t.match(text, "good (derived requires improvement; overridden)");
  t.match(text, "(derived from the sections: requires improvement)");
  t.notMatch(text, "Not met: Quantified", "the comment already names it");
  t.match(text, "Z good");
  t.match(text, "QA audit QA-OPEN: not yet submitted");
  t.match(text, "No sections rated yet.");
  t.match(text, "completed 1 Nov 2026");
  t.match(text, "overdue by 12 days");
  t.match(text, "updated 10 Nov 2026");
  t.match(text, "(superseded by DOC-2)");

  const empty = await buildCasesPack({ meta, packs: [], timeZone: "UTC" });
  t.match(flat(pdfText(empty)), "Children 0: none");
});

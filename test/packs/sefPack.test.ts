import t from "tap";
import { metricComparison } from "../../projections/metricComparison.js";
import { type SefView, sefView } from "../../projections/sefView.js";
import { contentSha256, readPackMeta } from "../../src/packs/document.js";
import { buildSefPack } from "../../src/packs/sefPack.js";
import { flat, metaFor, packFixture, pdfInfo, pdfText } from "./fixtures.js";

const { state, asOf } = await packFixture();
const sef = sefView(state, asOf.slice(0, 10));
const metrics = metricComparison(state.metrics);
const meta = metaFor("sef", state, {
  contents: [
    "Cover, sign-off and contents",
    "One section per evaluation criterion",
    "Appendix: gaps and contradictions",
  ],
  contentSha256: contentSha256({ sef, metrics }),
});

t.test("the SEF pack from the demo area", async (t) => {
  const started = Date.now();
  const pdf = await buildSefPack({ meta, sef, metrics, includeWarnings: true });
  const ms = Date.now() - started;
  const { pages } = pdfInfo(pdf);
  t.comment(`SEF pack: ${pages} pages, ${pdf.length} bytes, built in ${ms} ms`);
  t.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  t.ok(
    (await buildSefPack({ meta, sef, metrics, includeWarnings: true })).equals(pdf),
    "byte-identical rebuild",
  );
  t.same(readPackMeta(pdf), { ...meta, caseIds: [] });

  const text = flat(pdfText(pdf));
  t.match(text, "Fernbrook (demo area)");
  t.match(text, "Self-evaluation");
  t.match(text, "SEF version 2026.1, signed off 24 Oct 2026");
  t.match(
    text,
    "A1. Children and young people's needs are identified accurately and assessed in a timely and effective way.",
  );
  t.match(text, "Leaders evaluate services and make improvements.");
  t.match(text, "not yet confirmed against the published framework", "B wording flagged");
  for (const heading of ["Strengths", "Areas for development", "Linked metrics against England"])
    t.match(text, heading);
  t.match(
    text,
    /Metric: Pupils with an EHC plan \(% of all pupils\): 4 \(2022\/23\); England 4\.3; not comparable/,
  );
  t.match(text, "Figures: Pupils with an EHC plan (% of all pupils)", "a chart's figures table");
  t.match(text, "Appendix: gaps and contradictions");
  t.match(text, /cites evidence over 12 months old: /);
  t.notMatch(text, "OFFICIAL-SENSITIVE", "the SEF holds no case-level data");
  t.match(flat(pdfText(pdf, 1)), /A1\. Children .* 2/, "contents with page numbers");

  const manifest = flat(pdfText(pdf, pages));
  t.match(manifest, "Manifest");
  t.match(manifest, `Log position ${state.position}`);
  t.match(manifest, meta.contentSha256);

  const inspectorsMeta = { ...meta, contents: meta.contents.slice(0, 2) };
  const forInspectors = await buildSefPack({ meta: inspectorsMeta, sef, metrics });
  t.notMatch(flat(pdfText(forInspectors)), "Appendix: gaps and contradictions", "left out by default");
  t.equal(pdfInfo(forInspectors).pages, pages - 1, "one page shorter");
});

t.test("a draft SEF: no sign-off, odd statements, no warnings", async (t) => {
  const draft: SefView = {
    asOf: "2026-11-23",
    criteria: [
      {
        code: "B9",
        text: "Leaders plan for the long term.",
        wordingConfirmed: false,
        warnings: [],
        statements: [
          {
            statementId: "X1",
            kind: "note",
            text: "A statement of an unusual kind.",
            evidence: [],
            revisions: 1,
          },
          {
            statementId: "X2",
            kind: "strength",
            text: "Strong partnership working.",
            revisions: 2,
            evidence: [
              {
                kind: "document",
                id: "D9",
                found: false,
                summary: "document D9 is not registered",
                note: "board minutes",
                topics: [],
                bears: false,
              },
              {
                kind: "survey",
                id: "S1",
                found: true,
                summary: "Parent survey 2026",
                topics: ["participation"],
                bears: true,
              },
            ],
          },
        ],
      },
      { code: "B10", text: "An empty criterion.", wordingConfirmed: true, warnings: [], statements: [] },
    ],
    warnings: [],
    figures: [],
    figureContradictions: [],
  };
  const pdf = await buildSefPack({
    meta: { ...meta, areaName: "Draftshire" },
    sef: draft,
    metrics: [],
    includeWarnings: true,
    timeZone: "UTC",
  });
  const text = flat(pdfText(pdf));
  t.match(text, "Draftshire", "the area from the meta when the view has none");
  t.match(text, "Draft: not yet signed off");
  t.match(text, "Note A statement of an unusual kind.", "an unknown kind gets its own heading");
  t.match(text, "Statement X1 · revised 1 time · evidence:");
  t.match(text, "revised 2 times");
  t.match(text, "No evidence linked.");
  t.match(text, "Document: document D9 is not registered — board minutes — NOT FOUND in the store");
  t.match(text, "Survey: Parent survey 2026");
  t.match(text, "No statements are recorded under this criterion.");
  t.match(text, "No gaps or contradictions");
  t.match(text, /\d\d:\d\d UTC/, "dates in the given time zone");
});

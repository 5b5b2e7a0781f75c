import t from "tap";
import { metricComparison } from "../../projections/metricComparison.js";
import { type SefView, sefView } from "../../projections/sefView.js";
import { contentSha256, readPackMeta } from "../../src/packs/document.js";
import { appendixRows, buildSefPack } from "../../src/packs/sefPack.js";
import { flat, metaFor, packFixture, pageFill, pagesWith, pdfInfo, pdfText, wordsOn } from "./fixtures.js";

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
    /Metric: Pupils with an EHC plan \(% of all pupils\): 4% \(2022\/23\); England 4\.3% \(as at/,
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

t.test("each metric once, its chart kept with its figures, and no page left mostly blank", async (t) => {
  const share = "ehcpPupilShare";
  const citing = sef.criteria.find((c) => c.statements.some((s) => s.evidence.some((e) => e.id === share)))!;
  const statement = citing.statements.find((s) => s.evidence.some((e) => e.id === share))!;
  // A1 cites the EHC plan share as well as the criterion that already does: it is shown once, under A1.
  const both: SefView = {
    ...sef,
    criteria: sef.criteria.map((c) =>
      c.code === "A1" ? { ...c, statements: [...c.statements, { ...statement, statementId: "S-A1" }] } : c,
    ),
  };
  const pdf = await buildSefPack({ meta, sef: both, metrics, includeWarnings: true });
  const title = "Pupils with an EHC plan (% of all pupils)";
  const shown = pagesWith(pdf, `Figures: ${title}`);
  t.equal(shown.length, 1, "the figures table printed once");
  t.equal(flat(pdfText(pdf)).split(`Figures: ${title}`).length - 1, 1);
  const chartPage = flat(pdfText(pdf, shown[0]));
  t.match(chartPage, `${title} ${meta.areaName} England`, "the chart on the same page as its figures");
  t.match(chartPage, "Statistical neighbours London", "its legend");
  t.match(chartPage, "6% 5% 4% 3% 2%", "y axis labels carry the unit");
  // The x axis: period labels left to right in period order, spaced by time (2022/23 to 2024/25 is two years).
  const words = wordsOn(pdf, shown[0]!);
  const axis = words.find((w) => w.text === "2016/17")!;
  const labels = words.filter((w) => /^\d{4}\/\d{2}$/.test(w.text) && Math.abs(w.y - axis.y) < 1);
  const periods = ["2016/17", "2017/18", "2018/19", "2019/20", "2020/21", "2021/22", "2022/23", "2024/25"];
  t.same(
    [...labels].sort((a, b) => a.x - b.x).map((w) => w.text),
    periods,
    "in period order",
  );
  const at = (p: string) => labels.find((w) => w.text === p)!.x;
  const year = at("2022/23") - at("2021/22");
  t.ok(Math.abs(at("2024/25") - at("2022/23") - 2 * year) < 1, "two years' width for 2022/23 to 2024/25");
  t.match(
    flat(pdfText(pdf)),
    `${title}: shown with its figures under A1 (page ${shown[0]}).`,
    "the later criterion points back to it, with its page",
  );

  // Single-period figures print as a table only: a chart of one or two lone points says nothing more.
  const lone = metrics.find((m) => m.series.find((s) => s.scope.kind === "area")?.points.length === 1);
  if (lone) t.notMatch(flat(pdfText(pdf)), `${lone.title} (%) ${meta.areaName}`, "no chart of a lone point");

  // Every page between the cover and the appendix is at least half full (criteria follow on).
  const fill = pageFill(pdf);
  const appendix = pagesWith(pdf, "Appendix: gaps and contradictions For the partnership's own use").at(-1)!;
  t.ok(appendix > 2);
  for (let page = 2; page < appendix - 1; page++)
    t.ok(fill[page - 1]! >= 0.5, `page ${page} is ${Math.round(fill[page - 1]! * 100)}% full`);
});

t.test("the appendix: identical messages once, naming every statement; no internal ids", async (t) => {
  const stale =
    "cites evidence over 12 months old: Occupational therapy: wait to first appointment (2024-05-01)";
  const warnings: SefView["warnings"] = [
    { kind: "gap", criterion: "A3", statementId: "S1", message: stale },
    { kind: "gap", criterion: "A3", statementId: "S2", message: stale },
    { kind: "gap", criterion: "B4", statementId: "S3", message: stale },
    { kind: "gap", criterion: "B4", statementId: "S3", message: "statement S3 has no evidence" },
    { kind: "contradiction", criterion: "A1", message: "A figure disagrees" },
    { kind: "contradiction", criterion: "B5", message: "A figure disagrees" },
  ];
  t.same(appendixRows(warnings), [
    [
      "A3, B4",
      "S1, S2, S3",
      "gap",
      "3 statements: cites evidence over 12 months old: Occupational therapy: wait to first appointment (1 May 2024)",
    ],
    ["B4", "S3", "gap", "statement S3 has no evidence"],
    ["A1, B5", "—", "contradiction", "A figure disagrees"],
  ]);
  const pdf = await buildSefPack({ meta, sef: { ...sef, warnings }, metrics, includeWarnings: true });
  const appendix = flat(pdfText(pdf)).split("Appendix: gaps and contradictions For")[1]!;
  t.equal(appendix.split("Occupational therapy: wait to first appointment").length - 1, 1, "printed once");

  const demo = await buildSefPack({ meta, sef, metrics, includeWarnings: true });
  const demoAppendix = flat(pdfText(demo))
    .split("Appendix: gaps and contradictions For")[1]!
    .split("Manifest This page")[0]!;
  for (const id of state.metrics.byId.keys()) t.notMatch(demoAppendix, id, `no metric id (${id})`);
  t.notMatch(demoAppendix, /\d{4}-\d{2}-\d{2}/, "dates in words");
  const messages = sef.warnings.map((w) => `${w.kind}|${w.message}`);
  t.equal(
    appendixRows(sef.warnings).length,
    new Set(messages).size,
    "one row per distinct message in the demo",
  );
});

import t from "tap";
import { actionPlan } from "../../projections/actionPlan.js";
import { dataRequestView } from "../../projections/dataRequest.js";
import { metricComparison } from "../../projections/metricComparison.js";
import { qaSummary } from "../../projections/qaSummary.js";
import { annualReviewTimeliness, overdue, twentyWeekTimeliness } from "../../projections/timeliness.js";
import type { AnnexACheck } from "../../src/exports/annexAChecks.js";
import { annexAFor } from "../../src/exports/annexAReport.js";
import {
  hasNoValue,
  buildDataRequestPack,
  type DataRequestPackInput,
} from "../../src/packs/dataRequestPack.js";
import { contentSha256, MARKING, readPackMeta } from "../../src/packs/document.js";
import { bodyText, flat, INSPECTION, metaFor, packFixture, pageFill, pdfInfo, pdfText } from "./fixtures.js";

const { state, asOf } = await packFixture();
const day = asOf.slice(0, 10);
const annexA = annexAFor({ state }, day);
const content = {
  request: dataRequestView(state, asOf, { annex: annexA.counts }),
  twentyWeek: twentyWeekTimeliness(state.cases, { from: "2025-11-24", to: day }),
  annualReviews: annualReviewTimeliness(state.cases, day),
  overdue: overdue(state.cases, day),
  qa: qaSummary(state.qa, state.cases, state.actions, { newPlans: { from: "2025-11-24", to: day } }),
  actions: actionPlan(state.actions, day),
  metrics: metricComparison(state.metrics),
  annexA: { counts: annexA.counts, checks: annexA.checks },
};
const input: DataRequestPackInput = {
  meta: metaFor("dataRequest", state, {
    caseLevel: true,
    contents: ["Requested items", "Summary tables", "Annex A check results (lists as XLSX alongside)"],
    contentSha256: contentSha256(content),
  }),
  ...content,
};

t.test("the data request pack for the notified inspection", async (t) => {
  const started = Date.now();
  const pdf = await buildDataRequestPack(input);
  const ms = Date.now() - started;
  const { pages } = pdfInfo(pdf);
  t.comment(`data request pack: ${pages} pages, ${pdf.length} bytes, built in ${ms} ms`);
  t.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  t.ok((await buildDataRequestPack(input)).equals(pdf), "byte-identical rebuild");
  t.same(readPackMeta(pdf), { ...input.meta, caseIds: [] });

  const text = flat(pdfText(pdf));
  t.match(text, "24-hour data request");
  t.match(text, `Inspection ${INSPECTION}`);
  t.match(text, "Notified 23 November 2026, 09:30 GMT");
  t.match(text, `${content.request.readiness}% of 18 items provided or ready`);
  t.match(text, "Annex A List 1: children and young people with an EHC plan");
  t.match(text, "24 Nov 2026, 09:30", "due 24 hours after the call");
  t.match(text, /Provided.*sent 23 Nov 2026, 10:30/, "a provided item");
  t.match(text, "Including exception cases");
  t.match(text, "Excluding exception cases (DfE headline)");
  t.match(text, "Annual reviews due");
  t.match(
    text,
    new RegExp(`Overall \\(standing grade\\) \\d+ \\d+ \\d+ \\d+ ${content.qa.overall.total}`),
    "every submitted audit graded (the demo's and the fixture's two)",
  );
  t.ok(content.qa.overall.total >= 2);
  t.match(text, "RAG status as at");
  t.match(text, /Pupils with an EHC plan \(% of all pupils\) 2022\/23 4% 4\.3% not judged/);
  t.match(text, "go to inspectors as one XLSX workbook alongside this pack");
  // No metric row of dashes only: metrics with nothing recorded are named once.
  const blank = content.metrics.filter(hasNoValue);
  for (const m of content.metrics.filter((x) => !hasNoValue(x))) t.match(text, m.title);
  if (blank.length > 0)
    t.match(
      flat(bodyText(pdf)),
      `No value recorded for these periods: ${blank.map((m) => m.title).join("; ")}.`,
    );
  t.notMatch(text, /— — — not judged/, "no row of dashes");
  t.match(
    text,
    /Audits graded requires improvement or inadequate overall: \d+, of which \d+ with no action raised/,
  );
  t.match(text, "Failing checks by code and severity");
  const shown = content.annexA.checks.length;
  t.ok(shown > 0, "the demo lists have failing checks");
  t.match(text, `The ${shown} failing row`, "every failing row listed when there are few");
  for (let n = 1; n <= pages; n++)
    t.ok(pdfText(pdf, n).includes(MARKING), `case-level copy: marked on page ${n}`);
  // Sections follow on: no page between the summary and the last section's is left mostly blank.
  const fill = pageFill(pdf);
  for (let page = 2; page < pages - 1; page++)
    t.ok(fill[page - 1]! >= 0.5, `page ${page} is ${Math.round(fill[page - 1]! * 100)}% full`);
  t.match(flat(pdfText(pdf, pages)), input.meta.contentSha256);
});

const check = (i: number): AnnexACheck => ({
  code: 111,
  list: 1,
  severity: "query",
  row: i + 2,
  uniqueId: `C${i}`,
  column: "UPN",
  message: `Aged 10 with neither a UPN nor a ULN (${i}).`,
});

t.test("a copy without case-level detail, and a request not yet notified", async (t) => {
  const quiet = dataRequestView(state, "2026-11-01T00:00:00.000Z", { inspectionId: "NONE" });
  const provided = content.request.items.find((i) => i.status === "provided");
  const items = [
    ...quiet.items.slice(0, 3),
    { ...quiet.items[3]!, status: "provided" as const, detail: "sent by hand" },
    { ...quiet.items[4]!, dueAt: "2026-10-30T09:30:00.000Z", hoursLeft: -12.5 },
  ];
  t.ok(provided, "the fixture has a provided item");
  const pdf = await buildDataRequestPack({
    ...input,
    meta: { ...input.meta, caseLevel: false },
    request: { ...quiet, items },
    overdue: undefined,
    annexA: { counts: content.annexA.counts, checks: Array.from({ length: 40 }, (_, i) => check(i)) },
    metrics: [],
  });
  const text = flat(pdfText(pdf));
  t.notMatch(text, MARKING);
  t.match(text, "none notified: deadlines start at the notification call");
  t.match(text, "No inspection has been notified, so no deadlines are running yet.");
  t.match(text, /Provided .* sent sent by hand/, "provided without a time");
  t.match(text, "12.5 h overdue");
  t.notMatch(text, "Overdue as at", "no overdue lists given");
  t.match(text, "(ids in the case-level copy)", "case ids withheld");
  const summaryCopy = flat(
    pdfText(await buildDataRequestPack({ ...input, meta: { ...input.meta, caseLevel: false } })),
  );
  t.match(summaryCopy, /Final plan after 20 weeks \d+ in the case-level copy/, "the count once, not twice");
  t.match(text, "No metrics recorded.");
  t.match(text, "The 40 failing rows name children by their pseudonymous ids");
  t.notMatch(text, "C39", "no row-level ids");

  const caseLevel = await buildDataRequestPack({
    ...input,
    annexA: { counts: content.annexA.counts, checks: Array.from({ length: 40 }, (_, i) => check(i)) },
    failingRowsShown: 10,
  });
  t.match(flat(pdfText(caseLevel)), "First 10 of 40 failing rows");

  const clean = await buildDataRequestPack({
    ...input,
    annexA: { counts: content.annexA.counts, checks: [] },
    actions: { ...content.actions, overdue: [] },
    request: { ...content.request, items: [] },
  });
  const cleanText = flat(pdfText(clean));
  t.match(cleanText, "Every row passes every check.");
  t.match(cleanText, "No action is overdue.");
  t.match(cleanText, "The area has no data-request catalogue configured.");
});

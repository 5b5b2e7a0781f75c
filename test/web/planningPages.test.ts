/**
 * The SEF, action plan, metrics, imports and case pages without a browser: what each shows, every form's
 * problems (400 and 422 with the error summary linked to the field, 409 for someone else's change, 403 for
 * a role that may not) appending nothing, hostile ids, `?asAt=`, and the access log of a child's page.
 */
import t from "tap";
import { MAX_BYTES } from "../../src/imports/index.js";
import { day } from "../../src/web/day.js";
import { CODES, TODAY, webHarness } from "./harness.js";
import { revisionIn, visitor } from "./visitor.js";

const HOSTILE = ["__proto__", "toString", "constructor"];

t.test("the SEF page and its sign-off", async (t) => {
  const { app, store } = await webHarness(t);
  const v = visitor(app);
  await v.signIn(CODES.lano);
  const page = await v.get("/sef");
  t.equal(page.statusCode, 200);
  for (const code of ["A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3", "B4", "B5", "B6"])
    t.match(page.body, `id="criterion-${code}"`, `criterion ${code} has its section`);
  t.match(page.body, /govuk-task-list/, "the criteria as a contents list");
  t.match(page.body, /The store's own figures/);
  t.match(page.body, /Version \d{4}\.1 was signed off/, "the demo's sign-off is shown");
  t.match(page.body, /Director of Children&#39;s Services \(Council\)/, "who signed off");
  t.match(page.body, /Record a joint sign-off/);

  const before = (await store.head()).position;
  const revision = revisionIn(page.body, "/sef/sign-off")!;
  const good = {
    version: "2026.2",
    signedOn: TODAY,
    "council-name": "Director of Children's Services",
    "council-role": "Council",
    "icb-name": "Chief Nurse",
    "icb-role": "ICB",
    "parentCarerForum-name": "Forum Chair",
    "parentCarerForum-role": "Parent carer forum",
    revision,
  };
  const blank = await v.post("/sef/sign-off", { ...good, version: "", "icb-name": "" });
  t.equal(blank.statusCode, 400);
  t.match(blank.body, /govuk-error-summary/);
  t.match(blank.body, /href="#version"/, "linked to the version field");
  t.match(blank.body, /href="#icb-name"/, "and to the ICB signatory's name");
  t.match(blank.body, /value="Forum Chair"/, "what was typed is kept");
  const future = await v.post("/sef/sign-off", { ...good, signedOn: "2099-01-01" });
  t.equal(future.statusCode, 422, "a sign-off in the future breaks a rule");
  t.match(future.body, /href="#signedOn"/);
  const stale = await v.post("/sef/sign-off", { ...good, revision: String(Number(revision) - 1) });
  t.equal(stale.statusCode, 409, "the SEF changed since the page was read");
  t.match(stale.body, /Someone else changed the SEF/);
  t.equal((await store.head()).position, before, "nothing appended by any of them");

  const ok = await v.post("/sef/sign-off", good);
  t.equal(ok.statusCode, 303);
  t.equal(ok.headers.location, "/sef#sign-off");
  const signed = await v.get("/sef");
  t.match(signed.body, /Version 2026\.2 was signed off on 23 November 2026/);
  t.match(signed.body, /Chief Nurse \(ICB\)/);

  const past = await v.get(`/sef?asAt=${before}`);
  t.match(past.body, /as at .*log position/, "the as-at banner");
  t.notMatch(past.body, /Record a joint sign-off/, "no sign-off of the past");
  t.match(past.body, /Version \d{4}\.1 was signed off/, "as at before: the earlier sign-off");
  t.equal((await v.get("/sef?asAt=later")).statusCode, 400);

  const officer = visitor(app);
  await officer.signIn(CODES.officer);
  const read = await officer.get("/sef");
  t.equal(read.statusCode, 200, "an officer reads the SEF");
  t.notMatch(read.body, /Record a joint sign-off/, "but has no sign-off form");
  t.equal((await officer.post("/sef/sign-off", good)).statusCode, 403, "nor may post one");
});

t.test("the action plan: filters, an action's page, progress and completion", async (t) => {
  const { app, store, runner } = await webHarness(t);
  const v = visitor(app);
  await v.signIn(CODES.officer);
  const plan = await v.get("/action-plan");
  t.equal(plan.statusCode, 200);
  const actions = [...runner.current().state.actions.byId.values()];
  const open = actions.find((a) => !a.completed)!;
  t.match(plan.body, open.owner.replaceAll("'", "&#39;"), "owners shown");
  const overdue = await v.get("/action-plan?show=overdue");
  t.match(overdue.body, /overdue \d+\u00a0days?|No action matches/);
  const red = await v.get("/action-plan?rag=red&show=overdue");
  t.equal(red.statusCode, 200);
  t.match(red.body, /<option value="red" selected>/, "the filter is kept");
  t.equal((await v.get("/action-plan?asAt=nonsense")).statusCode, 400);

  for (const id of HOSTILE) {
    const res = await v.get(`/action-plan/${encodeURIComponent(id)}`);
    t.equal(res.statusCode, 404, `${id}: no such action`);
  }
  const href = `/action-plan/${encodeURIComponent(open.actionId)}`;
  const page = await v.get(href);
  t.equal(page.statusCode, 200);
  t.match(page.body, /Record a progress update/);
  const revision = revisionIn(page.body, `${href}/progress`)!;
  const before = (await store.head()).position;
  const noRag = await v.post(`${href}/progress`, {
    updatedOn: TODAY,
    rag: "",
    narrative: "Panel dates agreed",
    revision,
  });
  t.equal(noRag.statusCode, 400);
  t.match(noRag.body, /href="#rag"/, "linked to the RAG radios");
  const future = await v.post(`${href}/progress`, {
    updatedOn: "2099-01-01",
    rag: "green",
    narrative: "x",
    revision,
  });
  t.equal(future.statusCode, 422);
  t.match(future.body, /href="#updatedOn"/);
  const stale = await v.post(`${href}/progress`, {
    updatedOn: TODAY,
    rag: "green",
    narrative: "x",
    revision: String(Number(revision) - 1),
  });
  t.equal(stale.statusCode, 409);
  const noImpact = await v.post(`${href}/complete`, { completedOn: TODAY, impact: "", revision });
  t.equal(noImpact.statusCode, 400);
  t.match(noImpact.body, /href="#impact"/);
  t.equal((await store.head()).position, before, "nothing appended");

  const updated = await v.post(`${href}/progress`, {
    updatedOn: TODAY,
    rag: "amber",
    narrative: "Two panels a month from December; backlog down to 14.",
    revision,
  });
  t.equal(updated.statusCode, 303);
  const after = await v.get(href);
  t.match(after.body, /backlog down to 14/, "the update is on the action's page");
  t.match((await v.get("/action-plan")).body, /23 November 2026: Two panels a month/, "and in the plan");
  const done = await v.post(`${href}/complete`, {
    completedOn: TODAY,
    impact: "Every request now decided within six weeks.",
    revision: revisionIn(after.body, `${href}/complete`)!,
  });
  t.equal(done.statusCode, 303);
  const completed = await v.get(href);
  t.match(completed.body, /Completed on 23 November 2026/);
  t.notMatch(completed.body, /Record a progress update/, "no forms on a completed action");
  const again = await v.post(`${href}/progress`, { updatedOn: TODAY, rag: "green", narrative: "x" });
  t.equal(again.statusCode, 422, "a completed action takes no update");
  const missing = await v.post("/action-plan/NO-SUCH/progress", {
    updatedOn: TODAY,
    rag: "green",
    narrative: "x",
  });
  t.equal(missing.statusCode, 404, "an action that does not exist");

  const auditor = visitor(app);
  await auditor.signIn(CODES.auditor);
  t.equal((await auditor.get("/action-plan")).statusCode, 403, "not an auditor's page");
});

t.test("metrics: the list, a chart with its table, hostile ids", async (t) => {
  const { app, runner } = await webHarness(t);
  const v = visitor(app);
  await v.signIn(CODES.lano);
  const list = await v.get("/metrics");
  t.equal(list.statusCode, 200);
  const ids = [...runner.current().state.metrics.byId.keys()];
  t.ok(ids.length > 3);
  for (const id of ids) t.match(list.body, `href="/metrics/${encodeURIComponent(id)}"`);
  t.match(list.body, /Higher is better|Lower is better/);
  const metric = await v.get("/metrics/annualReviewCompliance");
  t.equal(metric.statusCode, 200);
  t.match(metric.body, /<svg [^>]*role="img" aria-labelledby="metric-chart-title metric-chart-desc"/);
  t.match(metric.body, /<desc id="metric-chart-desc">Line chart from /);
  t.match(metric.body, /The figures in the chart/);
  t.match(metric.body, /Higher is better/);
  for (const id of HOSTILE) t.equal((await v.get(`/metrics/${encodeURIComponent(id)}`)).statusCode, 404, id);
  t.equal((await v.get("/metrics?asAt=x")).statusCode, 400);
  t.equal((await v.get("/metrics/annualReviewCompliance?asAt=x")).statusCode, 400);
  const past = await v.get("/metrics/annualReviewCompliance?asAt=1");
  t.equal(past.statusCode, 404, "before the metric was defined there is no such metric");
  t.match(past.body, /There is no metric annualReviewCompliance/);
});

t.test("imports: check first (refused rows by line and column), then import", async (t) => {
  const { app, store } = await webHarness(t);
  const v = visitor(app);
  await v.signIn(CODES.officer);
  const page = await v.get("/imports");
  t.match(page.body, /enctype="multipart\/form-data"/);
  const before = (await store.head()).position;

  const bad = Buffer.from(
    "metric,period,scope,value\nannualReviewCompliance,2025/26,england,71\nnoSuchMetric,2025/26,area,3\nannualReviewCompliance,last year,area,5\n",
  );
  const refused = await v.upload(
    "/imports/check",
    { file: { filename: "bad.csv", data: bad, type: "application/octet-stream" } },
    true,
    { kind: "metrics" },
  );
  t.equal(refused.statusCode, 400);
  t.match(refused.body, /The file has \d+ problems?: nothing has been imported/);
  t.match(refused.body, /href="#refused"/);
  t.match(
    refused.body,
    /<td class="govuk-table__cell govuk-table__cell--numeric">4<\/td><td class="govuk-table__cell">period<\/td>/,
  );
  t.equal((await store.head()).position, before, "a refused check writes nothing");

  const good = Buffer.from(
    "metric,period,scope,value\nannualReviewCompliance,2025/26,england,71\nannualReviewCompliance,2025/26,area,69\n",
  );
  const checked = await v.upload(
    "/imports/check",
    { file: { filename: "good.csv", data: good, type: "application/octet-stream" } },
    true,
    { kind: "metrics" },
  );
  t.equal(checked.statusCode, 200, checked.body.slice(0, 300));
  t.match(checked.body, /Import 2 rows/);
  t.equal((await store.head()).position, before, "a clean check writes nothing either");
  const upload = /name="upload" value="([^"]+)"/.exec(checked.body)![1]!;

  const other = visitor(app);
  await other.signIn(CODES.lano);
  await other.get("/imports");
  t.equal(
    (await other.post("/imports/run", { upload })).statusCode,
    400,
    "someone else's check is not theirs to run",
  );
  const run = await v.post("/imports/run", { upload });
  t.equal(run.statusCode, 200);
  t.match(run.body, /Import complete/);
  t.match(run.body, /2 changes recorded from 2 rows/);
  t.ok((await store.head()).position > before, "written");
  t.equal((await v.post("/imports/run", { upload })).statusCode, 400, "a check runs once");

  const none = await v.upload("/imports/check", {}, true, {});
  t.equal(none.statusCode, 400);
  t.match(none.body, /href="#kind"/);
  t.match(none.body, /href="#file"/);
  const cases = await v.upload(
    "/imports/check",
    { file: { filename: "cases.csv", data: Buffer.from("caseId\nC1\n"), type: "application/octet-stream" } },
    true,
    { kind: "cases" },
  );
  t.equal(cases.statusCode, 400, "a case extract missing its columns is refused");
  const garbled = await app.inject({
    method: "POST",
    url: "/imports/check",
    headers: { "content-type": "multipart/form-data; boundary=nothing-here", cookie: "" },
    payload: "not a form",
  });
  t.not(garbled.statusCode, 200, "a form that is not one is refused");
  const settled = (await store.head()).position;
  const noBoundary = await app.inject({
    method: "POST",
    url: "/imports/check",
    headers: { "content-type": "multipart/form-data", accept: "text/html" },
    payload: "not a form",
  });
  t.equal(noBoundary.statusCode, 400, "a multipart body without its boundary");
  t.match(noBoundary.body, /The file could not be read/);
  const asText = await v.post("/imports/check", { kind: "metrics", fields: "x", files: "y" });
  t.equal(asText.statusCode, 400, "a form without a file, sent as text fields");
  t.match(asText.body, /href="#file"/);
  const huge = await v.upload(
    "/imports/check",
    {
      file: {
        filename: "huge.csv",
        data: Buffer.alloc(MAX_BYTES + 128 * 1024, 0x41),
        type: "application/octet-stream",
      },
    },
    true,
    { kind: "metrics" },
  );
  t.equal(huge.statusCode, 413, "over the API's limit: refused before it is read");
  t.match(huge.body, /The file is too large/);
  t.equal((await store.head()).position, settled, "nothing written by any of them");
  const auditor = visitor(app);
  await auditor.signIn(CODES.auditor);
  t.equal((await auditor.get("/imports")).statusCode, 403);
});

t.test("case updates: a child's summary, the two forms, the access log, hostile ids", async (t) => {
  const { app, store, runner } = await webHarness(t);
  const v = visitor(app);
  await v.signIn(CODES.officer);
  t.equal((await v.get("/cases")).statusCode, 200);
  t.equal((await v.get("/cases?caseId=")).statusCode, 400, "an empty case id");
  const child = [...runner.current().state.cases.byId.values()].find((c) => c.plans.length > 0)!;
  const found = await v.get(`/cases?caseId=${child.caseId}`);
  t.equal(found.headers.location, `/cases/${child.caseId}`);
  for (const id of HOSTILE) t.equal((await v.get(`/cases/${encodeURIComponent(id)}`)).statusCode, 404, id);

  const href = `/cases/${child.caseId}`;
  const page = await v.get(href);
  t.equal(page.statusCode, 200);
  t.match(page.body, /Statutory clocks/);
  t.match(page.body, /Final EHC plan issued/);
  const logged = app.accessLog.seenBy(child.caseId, 0, Date.now() + 86_400_000);
  t.ok(
    logged.entries.some((e) => e.what === "GET /cases/:caseId" && e.actor === "web.officer"),
    "the read is in the access log",
  );

  const before = (await store.head()).position;
  const school = {
    academicYear: "2025/26",
    suspensions: "1",
    permanentExclusions: "0",
    absencePercent: "150",
    pupilPremium: "yes",
    revision: revisionIn(page.body, `${href}/school-record`)!,
  };
  const over = await v.post(`${href}/school-record`, school);
  t.equal(over.statusCode, 400);
  t.match(over.body, /href="#absencePercent"/);
  const word = await v.post(`${href}/school-record`, { ...school, absencePercent: "8", suspensions: "one" });
  t.equal(word.statusCode, 400);
  t.match(word.body, /href="#suspensions"/);
  const team = await v.post(`${href}/social-care`, {
    recordedOn: TODAY,
    knownToSocialCare: "no",
    team: "child protection",
    revision: school.revision,
  });
  t.equal(team.statusCode, 400);
  t.match(team.body, /href="#team"/, "a team only when known to social care");
  const stale = await v.post(`${href}/social-care`, {
    recordedOn: TODAY,
    knownToSocialCare: "yes",
    revision: String(Number(school.revision) - 1),
  });
  t.equal(stale.statusCode, 409);
  t.equal((await store.head()).position, before, "nothing appended");

  t.equal((await v.post(`${href}/school-record`, { ...school, absencePercent: "8.5" })).statusCode, 303);
  const updated = await v.get(href);
  t.match(updated.body, /2025\/26: 1 suspension, 0 permanent exclusions, 8.5% absence, pupil premium yes/);
  const social = await v.post(`${href}/social-care`, {
    recordedOn: TODAY,
    knownToSocialCare: "yes",
    team: "children in need",
    revision: revisionIn(updated.body, `${href}/social-care`)!,
  });
  t.equal(social.statusCode, 303);
  t.match((await v.get(href)).body, /Known to children's social care: Yes \(children in need\)/);
  const past = await v.get(`${href}?asAt=${before}`);
  t.match(past.body, /No social care status recorded|recorded on/);
  t.notMatch(past.body, /Save the school record/, "no forms on the past");
  const support = [...runner.current().state.cases.byId.values()].find((c) => c.plans.length === 0)!;
  const supportPage = await v.get(`/cases/${support.caseId}`);
  t.equal(supportPage.statusCode, 200);
  t.match(supportPage.body, /SEN support|Neither a plan nor SEN support/);
  t.match(supportPage.body, /No school record yet|suspension/);
  const ghost = await v.post("/cases/toString/school-record", {
    ...school,
    absencePercent: "8",
    revision: "",
  });
  t.equal(ghost.statusCode, 404, "a child who is not registered");
});

t.test("dates read as GOV.UK writes them", async (t) => {
  t.equal(day("2026-11-03"), "3 November 2026");
  t.equal(day("2026-13-03"), "2026-13-03", "not a month: as it is");
  t.equal(day("soon"), "soon");
  t.equal(day(undefined), "");
});

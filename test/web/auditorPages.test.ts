/**
 * The QA auditor's pages without a browser: drawing a sample, the audit form and its problems (400 and
 * 422 with the error summary linked to the field, 409 when someone else changed the audit, 404), drafts,
 * submission with a section missing, moderation and the self-moderation refusal (403), who may see which
 * audit, the access log of reads, `?asAt=` and the dashboard. Every refused form appends nothing.
 */
import { randomUUID } from "node:crypto";
import t from "tap";
import { commandByName } from "../../src/commands/index.js";
import { handleCommand } from "../../src/commands/handle.js";
import { sendCode2015 } from "../../schemas/qaChecklist.js";
import { CODES, SECOND_AUDITOR, TODAY, webHarness } from "./harness.js";
import { type Fields, visitor } from "./visitor.js";

const [YEAR, MONTH, DAY] = TODAY.split("-") as [string, string, string];
const today = { "drawnOn-day": DAY, "drawnOn-month": MONTH, "drawnOn-year": YEAR };
const criteria = (section: string) =>
  sendCode2015.sections.find((s) => s.section === section)!.criteria.map((c) => c.id);
const revisionIn = (body: string) => /name="revision" value="(\d+)"/.exec(body)?.[1] ?? "";

t.test("the auditor's pages, their problems and moderation", async (t) => {
  const { app, store, runner } = await webHarness(t);
  const head = async () => (await store.head()).position;
  const plans = [...runner.current().state.cases.byId.values()]
    .filter((c) => c.plans.length > 0 && !c.ceased)
    .map((c) => c.caseId)
    .sort();
  t.ok(plans.length >= 6, `${plans.length} children with a plan`);

  const a = visitor(app);
  t.equal((await a.signIn(CODES.auditor)).headers.location, "/audits", "an auditor's home is My audits");
  const mine = await a.get("/audits");
  t.equal(mine.statusCode, 200);
  t.match(mine.body, /Awaiting moderation/);
  t.match(mine.body, /href="\/audits\/draw"/, "the navigation and the button lead to Draw a sample");

  await t.test("draw a sample: every problem on the form, nothing appended", async (t) => {
    t.equal((await a.get("/audits/draw")).statusCode, 200);
    const before = await head();
    const post = (fields: Fields) => a.post("/audits/draw", fields);
    const empty = await post({});
    t.equal(empty.statusCode, 400);
    for (const field of ["how", "reason", "agency"]) t.match(empty.body, `href="#${field}"`);
    const named = { how: "named", reason: "random", agency: "education", ...today };
    const unknown = await post({ ...named, caseIds: "NOPE-1" });
    t.equal(unknown.statusCode, 400);
    t.match(unknown.body, /There is no child with the case reference NOPE-1/);
    t.match((await post({ ...named, caseIds: "" })).body, /Enter at least one case reference/);
    const many = Array.from({ length: 21 }, (_, i) => `C-${i}`).join("\n");
    t.match((await post({ ...named, caseIds: many })).body, /at most 20/);
    const badDate = await post({ ...named, caseIds: plans[0]!, "drawnOn-day": "31", "drawnOn-month": "2" });
    t.equal(badDate.statusCode, 400);
    t.match(badDate.body, /href="#drawnOn-day"/);
    const words = await post({ ...named, caseIds: plans[0]!, "drawnOn-day": "soon" });
    t.match(words.body, /Date drawn: /);
    const future = await post({ ...named, caseIds: plans[0]!, "drawnOn-year": "2099" });
    t.equal(future.statusCode, 422, "a rule broken (drawn after today): 422");
    t.match(future.body, /after today/);
    const badAgency = await post({ ...named, caseIds: plans[0]!, agency: "spies" });
    t.equal(badAgency.statusCode, 400);
    t.match(badAgency.body, /href="#agency"/);
    t.equal((await post({ ...named, how: "random", count: "0" })).statusCode, 400);
    t.equal((await post({ ...named, how: "random", count: "21" })).statusCode, 400);
    t.equal(await head(), before, "nothing appended by any of them");
  });

  const drawn = await a.post("/audits/draw", {
    how: "named",
    caseIds: plans[1]!,
    reason: "thematic",
    theme: "preparation for adulthood",
    agency: "health",
    ...today,
  });
  t.equal(drawn.statusCode, 303);
  const home = String(drawn.headers.location);
  t.match(home, /^\/audits\/QA\d{5}$/, "to the new audit");
  const id = home.slice("/audits/".length);
  const record = runner.current().state.qa.audits.get(id)!;
  t.same(record.auditors, [{ auditor: "web.auditor", agency: "health" }], "the auditor assigned");
  t.equal(record.theme, "preparation for adulthood");

  const random = await a.post("/audits/draw", {
    how: "random",
    count: "2",
    reason: "random",
    agency: "education",
    ...today,
  });
  t.equal(random.headers.location, "/audits", "several drawn: to My audits");

  await t.test("the task list, a section page and the access log", async (t) => {
    const list = await a.get(home);
    t.equal(list.statusCode, 200);
    t.match(list.body, /You have completed 0 of 12 sections/);
    t.equal(list.body.match(/Not started/g)?.length, 12);
    const seen = app.accessLog.seenBy(plans[1]!, 0, Date.parse("2100-01-01"));
    t.ok(
      seen.entries.some((e) => e.actor === "web.auditor" && e.what === "GET /audits/:auditId"),
      "reading the audit is in the access log",
    );
    const section = await a.get(`${home}/sections/F`);
    t.equal(section.statusCode, 200);
    t.match(section.body, /F\.3 Provision is quantified/);
    t.match(section.body, /SEND Code of Practice 2015, para 9\.69 \(section F\)/, "the paragraph as hint");
    t.notMatch(section.body, /name="applies"/, "F cannot be not applicable: no question");
    t.match((await a.get(`${home}/sections/C`)).body, /name="applies"/);
    t.equal((await a.get(`${home}/sections/Z`)).statusCode, 404);
    t.equal((await a.get("/audits/NOPE")).statusCode, 404);
  });

  await t.test("a section's problems, drafts and a conflict", async (t) => {
    const before = await head();
    const revision = revisionIn((await a.get(`${home}/sections/A`)).body);
    const unknown = await a.post(`${home}/sections/A`, [
      ["revision", revision],
      ["criteria", "A.9"],
    ]);
    t.equal(unknown.statusCode, 400, "an unknown criterion");
    t.match(unknown.body, /href="#criteria"/);
    const required = await a.post(`${home}/sections/B`, { revision, applies: "no", reason: "none" });
    t.equal(required.statusCode, 422, "B is required in every plan");
    t.match(required.body, /section B is required/);
    const noReason = await a.post(`${home}/sections/C`, { revision, applies: "no", reason: "" });
    t.equal(noReason.statusCode, 400);
    t.match(noReason.body, /href="#reason"/);
    t.match(noReason.body, /Enter why section C is not applicable to this plan/);
    t.equal(await head(), before, "nothing appended");

    const na = await a.post(`${home}/sections/C`, { revision, applies: "no", reason: "No health needs" });
    t.equal(na.headers.location, `${home}/sections/D`, "save and continue: the next section");
    const next = revisionIn((await a.get(`${home}/sections/G`)).body);
    const provision = await a.post(`${home}/sections/G`, [
      ["revision", next],
      ["applies", "yes"],
      ["criteria", "G.1"],
    ]);
    t.equal(provision.statusCode, 422, "G cannot be rated when C is not applicable");
    t.match(provision.body, /href="#applies"/);

    const later = await a.post(`${home}/sections/D`, [
      ["action", "later"],
      ["criteria", "D.1"],
      ["criteria", "Z.9-not-a-criterion"],
      ["comment", "half done"],
    ]);
    t.equal(later.headers.location, home, "come back later: the task list");
    t.match((await a.get(home)).body, /In progress/);
    const draft = (await a.get(`${home}/sections/D`)).body;
    t.match(draft, /value="D\.1" checked/);
    t.match(draft, /half done/);
    t.notMatch(draft, /Z\.9-not-a-criterion/, "a draft keeps only the section's criteria");

    const stale = revisionIn((await a.get(`${home}/sections/E`)).body);
    const other = await handleCommand(store, commandByName.get("rateQaSection")!, {
      id,
      input: { section: "K", criteriaMet: criteria("K"), criteriaNotMet: [] },
      caller: { actor: "web.lano", role: "lano", source: "test" },
      today: TODAY,
    });
    t.equal(other.kind, "appended");
    if (other.kind === "appended") await runner.waitFor(other.position);
    const after = await head();
    const conflict = await a.post(`${home}/sections/E`, [
      ["revision", stale],
      ["criteria", "E.1"],
    ]);
    t.equal(conflict.statusCode, 409);
    t.match(conflict.body, /Someone else changed this audit/);
    t.match(conflict.body, /Reload the page/);
    t.equal(await head(), after, "the conflict appended nothing");
  });

  await t.test("submitting with sections missing, then complete", async (t) => {
    const check = await a.get(`${home}/check`);
    t.equal(check.statusCode, 200);
    t.match(check.body, /Check your answers/);
    const before = await head();
    const long = await a.post(`${home}/submit`, {
      revision: revisionIn(check.body),
      summary: "x".repeat(5000),
    });
    t.equal(long.statusCode, 400, "a summary too long");
    t.match(long.body, /href="#summary"/);
    const refused = await a.post(`${home}/submit`, { revision: revisionIn(check.body) });
    t.equal(refused.statusCode, 422);
    t.match(refused.body, /govuk-error-summary/);
    const listed = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(refused.body)?.[1] ?? "";
    t.match(listed, new RegExp(`href="${home}/sections/A"`), "each missing section linked");
    t.match(listed, /Section D\. Social care needs is not rated or marked not applicable/);
    t.notMatch(listed, new RegExp(`href="${home}/sections/(C|K)"`), "not the done ones");
    t.equal(await head(), before);

    for (const section of ["A", "B", "D", "E", "F", "G", "H1", "H2", "I", "J"]) {
      const page = await a.get(`${home}/sections/${section}`);
      const ticks: [string, string][] = criteria(section).map((c) => ["criteria", c]);
      const fields: [string, string][] =
        section === "G"
          ? [
              ["applies", "no"],
              ["reason", "No health needs, so no health provision"],
            ]
          : section === "B"
            ? [["criteria", "B.1"]]
            : ticks;
      const saved = await a.post(`${home}/sections/${section}`, [
        ["revision", revisionIn(page.body)],
        ...fields,
      ]);
      t.equal(saved.statusCode, 303, `section ${section} saved`);
    }
    const done = await a.get(`${home}/check`);
    t.match(
      done.body,
      /Derived from the sections rated so far: <strong>requires improvement<\/strong>/,
      "B inadequate caps the overall grade",
    );
    const submitted = await a.post(`${home}/submit`, {
      revision: revisionIn(done.body),
      summary: "A clear plan",
    });
    t.equal(submitted.headers.location, `${home}?submitted=1`);
    const shown = await a.get(`${home}?submitted=1`);
    t.match(shown.body, /submitted: graded requires improvement/);
    t.match(shown.body, /Awaiting moderation/);
    t.equal(
      (await a.get(`${home}/sections/A`)).headers.location,
      home,
      "a submitted audit's sections are closed",
    );
    t.equal((await a.get(`${home}/check`)).headers.location, home);
    t.equal((await a.post(`${home}/sections/A`, { revision: "0" })).headers.location, home);
    t.equal((await a.post(`${home}/submit`, {})).headers.location, home);
  });

  await t.test("moderation: not by anyone who rated it; a second auditor agrees or changes", async (t) => {
    const before = await head();
    const own = await a.get(`${home}/moderate`);
    t.equal(own.statusCode, 403, "the auditor cannot moderate their own audit");
    t.match(own.body, /You cannot moderate this audit/);
    t.match(own.body, /web\.auditor rated or submitted this audit/);
    const ownPost = await a.post(`${home}/moderate`, { decision: "agree" });
    t.equal(ownPost.statusCode, 403);
    t.equal(await head(), before, "refused: nothing appended");

    const b = visitor(app);
    await b.signIn(SECOND_AUDITOR.code);
    t.match((await b.get("/audits")).body, new RegExp(`href="${home}/moderate"`), "awaiting moderation");
    const form = await b.get(`${home}/moderate`);
    t.equal(form.statusCode, 200);
    t.match(form.body, /Do you agree with the overall grade of requires improvement/);
    const revision = revisionIn(form.body);
    const none = await b.post(`${home}/moderate`, { revision });
    t.equal(none.statusCode, 400);
    t.match(none.body, /href="#decision"/);
    const noReason = await b.post(`${home}/moderate`, {
      revision,
      decision: "change",
      moderatedGrade: "good",
    });
    t.match(noReason.body, /Enter why you are changing the grade/);
    const noGrade = await b.post(`${home}/moderate`, {
      revision,
      decision: "change",
      comment: "Better than that",
    });
    t.equal(noGrade.statusCode, 400);
    t.match(noGrade.body, /href="#moderatedGrade"/);
    t.equal(await head(), before);

    const drawnByA = [...runner.current().state.qa.audits.values()].find(
      (x) => x.actors.includes("web.auditor") && !x.submitted,
    )!;
    const hidden = await b.get(`/audits/${drawnByA.auditId}`);
    t.equal(hidden.statusCode, 403, "another auditor's audit in progress is not shown");
    t.match(hidden.body, /did not draw, rate, submit or moderate/);

    const changed = await b.post(`${home}/moderate`, {
      revision,
      decision: "change",
      moderatedGrade: "good",
      comment: "Sections A and F are strong",
    });
    t.equal(changed.headers.location, `${home}?moderated=1`);
    t.match((await b.get(`${home}?moderated=1`)).body, /moderated: good/);
    t.equal((await b.get(`${home}/moderate`)).headers.location, home, "already moderated: the audit");
    const moderation = runner.current().state.qa.audits.get(id)!.moderation!;
    t.same(
      [moderation.moderator, moderation.agreed, moderation.moderatedGrade],
      ["web.auditor2", false, "good"],
    );
    t.match((await b.get("/audits")).body, /Moderated by you/);

    const lano = visitor(app);
    await lano.signIn(CODES.lano);
    const early = await lano.get(`/audits/${drawnByA.auditId}/moderate`);
    t.equal(early.statusCode, 422, "not submitted yet");
    t.match(early.body, /has not been submitted yet/);
  });

  await t.test("as at a moment, the dashboard, hostile and legacy ids", async (t) => {
    const at = runner.current().state.qa.audits.get(id)!;
    t.ok(at.submitted);
    const position = (await store.readStream(`qa-${id}`)).find((e) => e.type === "QaSectionRated")!.position;
    const past = await a.get(`${home}?asAt=${position}`);
    t.equal(past.statusCode, 200);
    t.match(past.body, /You are looking at the record as at/);
    t.match(past.body, /You have completed 2 of 12 sections/, "the task list as it was");
    t.match(past.body, new RegExp(`${home}/check\\?asAt=${position}`));
    t.equal(
      (await a.get(`${home}/sections/A?asAt=${position}`)).headers.location,
      `${home}/check?asAt=${position}#section-A`,
    );
    const pastCheck = await a.get(`${home}/check?asAt=${position}`);
    t.equal(pastCheck.statusCode, 200);
    t.notMatch(pastCheck.body, /Submit the audit/, "the past is read only");
    t.equal((await a.get(`${home}/moderate?asAt=${position}`)).statusCode, 303);
    t.match((await a.get(`/audits?asAt=${position}`)).body, /as at/);
    for (const page of ["/audits", "/qa-dashboard", home, `${home}/moderate`])
      t.equal((await a.get(`${page}?asAt=soon`)).statusCode, 400, `${page}: a bad asAt`);

    const dashboard = await a.get("/qa-dashboard");
    t.equal(dashboard.statusCode, 200);
    t.match(dashboard.body, /Grades by plan section/);
    t.match(dashboard.body, /Grades by primary need/);
    t.match(dashboard.body, /Grades by school phase/);
    t.match(dashboard.body, /against a target of 10%/);
    t.match(dashboard.body, /Moderators agreed with/);
    t.match(dashboard.body, /<svg width="200"/);
    t.match((await a.get(`/qa-dashboard?asAt=${TODAY}`)).body, /as at/);

    const drawHostile = await handleCommand(store, commandByName.get("drawQaSample")!, {
      id: "constructor",
      input: { caseId: plans[4]!, reason: "random", drawnOn: TODAY },
      caller: { actor: "web.auditor", role: "auditor", source: "test" },
      today: TODAY,
    });
    const legacy = await store.append(
      "qa-LEGACY1",
      [
        {
          id: randomUUID(),
          type: "QaSampleDrawn",
          data: { caseId: plans[5]!, reason: "random", drawnOn: TODAY, schemaVersion: 1 },
          metadata: { actor: "web.auditor", role: "auditor", correlationId: randomUUID(), source: "test" },
        },
      ],
      "noStream",
    );
    await runner.waitFor(
      Math.max(legacy.position, drawHostile.kind === "appended" ? drawHostile.position : 0),
    );
    const hostile = await a.get("/audits/constructor");
    t.equal(hostile.statusCode, 200, "an audit called constructor is an audit");
    t.match(hostile.body, /Audit constructor/);
    const old = await a.get("/audits/LEGACY1/sections/A");
    t.equal(old.statusCode, 422, "a legacy audit cannot be rated on the pages");
    t.match(old.body, /drawn before the QA checklist existed/);
    t.equal((await a.post("/audits/LEGACY1/sections/A", { criteria: "x" })).statusCode, 422);
  });
});

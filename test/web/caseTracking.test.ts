/**
 * The Case tracking page without a browser: finding children by each filter, refused filters and hostile
 * ids as field errors, selecting (up to 6, from the results), consent, 409 on a stale form, the as-at and
 * read-only views, and the access log. Every refused form appends nothing.
 */
import t from "tap";
import { caseStatus } from "../../projections/cases.js";
import { inAlternativeProvision } from "../../projections/caseTracking.js";
import { CODES, INSPECTION, TODAY, webHarness } from "./harness.js";
import { visitor } from "./visitor.js";

const ALL_TIME = [0, Date.parse("2100-01-01")] as const;
const boxes = (html: string) =>
  [...html.matchAll(/name="caseIds" type="checkbox" value="([^"]+)"/g)].map((m) => m[1]!);
const hidden = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";

t.test("find, select and record consent", async (t) => {
  const { app, runner, store } = await webHarness(t);
  const lano = visitor(app);
  await lano.signIn(CODES.lano);
  const head = async () => (await store.head()).position;

  const before = await lano.get("/case-tracking");
  t.equal(before.statusCode, 200);
  t.match(before.body, /No inspection has been notified/);
  t.notMatch(before.body, /id="results"/, "no results before a search");
  t.match(
    before.body,
    /href="\/case-tracking"[^>]*aria-current="page"|aria-current="page"[^>]*href="\/case-tracking"/,
    "the nav marks the page",
  );

  const cases = [...runner.current().state.cases.byId.values()];
  const all = await lano.get("/case-tracking?case=&need=&phase=&support=");
  t.equal(all.statusCode, 200);
  t.match(all.body, new RegExp(`${cases.length} children found`), "a blank search lists every child");
  t.same(boxes(all.body), [], "nothing to select before the notification call");

  const support = await lano.get("/case-tracking?support=senSupport");
  const onSupport = cases
    .filter((c) => caseStatus(c) === "senSupport")
    .map((c) => c.caseId)
    .sort();
  t.match(support.body, new RegExp(`${onSupport.length} child(ren)? found`));
  for (const id of onSupport.slice(0, 3)) t.match(support.body, id);
  const firstPlan = cases.find((c) => caseStatus(c) === "ehcPlan")!;
  t.notMatch(support.body, new RegExp(`>${firstPlan.caseId}<`), "a child with a plan is not on SEN support");

  const need = firstPlan.primaryNeed!;
  const byNeed = await lano.get(`/case-tracking?need=${need}`);
  t.match(byNeed.body, new RegExp(`${cases.filter((c) => c.primaryNeed === need).length} child(ren)? found`));
  const phase = firstPlan.placement?.mainPhase ?? "primary";
  const byPhase = await lano.get(`/case-tracking?phase=${encodeURIComponent(phase)}`);
  t.match(
    byPhase.body,
    new RegExp(`${cases.filter((c) => c.placement?.mainPhase === phase).length} child(ren)? found`),
  );
  const byId = await lano.get(`/case-tracking?case=${firstPlan.caseId.toLowerCase()}`);
  t.match(byId.body, /1 child found/, "a whole reference, in any case, finds the child");
  const ap = cases.filter(inAlternativeProvision).length;
  t.match(
    (await lano.get("/case-tracking?ap=yes")).body,
    ap ? new RegExp(`${ap} child(ren)? found`) : /No children match/,
  );

  // Refused filters: each named in the error summary, linked to its field; hostile ids are only text.
  const bad = await lano.get(
    "/case-tracking?case=%3Cscript%3E&need=toString&phase=__proto__&support=both&ap=no&page=0",
  );
  t.equal(bad.statusCode, 400);
  for (const f of ["case", "need", "phase", "support", "ap", "page"])
    t.match(bad.body, `href="#${f}"`, `${f} is named`);
  t.match(bad.body, 'value="&lt;script&gt;"', "what was typed is escaped");
  for (const id of ["__proto__", "toString", "constructor"]) {
    const hostile = await lano.get(`/case-tracking?case=${id}`);
    t.equal(hostile.statusCode, 200, `case=${id} is a search like any other`);
    t.match(hostile.body, /No children match/);
  }
  const twice = await lano.get("/case-tracking?need=ASD&need=MLD");
  t.equal(twice.statusCode, 400, "a filter given twice is refused");
  t.equal((await lano.get("/case-tracking?asAt=soon")).statusCode, 400);

  // Notify, then select six: two on SEN support, one in alternative provision when the area has one.
  await lano.get("/readiness");
  t.equal(
    (
      await lano.post("/readiness/notify", {
        inspectionId: INSPECTION,
        notifiedAt: `${TODAY} 09:30`,
        kind: "full",
      })
    ).statusCode,
    303,
  );
  const notified = await head();
  const page = await lano.get("/case-tracking?support=senSupport");
  t.match(page.body, /0 of the usual 6 children selected/);
  const revision = hidden(page.body, "revision");
  t.match(revision, /^\d+$/, "the form carries the inspection's revision");
  const sen = boxes(page.body).slice(0, 2);
  const plans = cases
    .filter((c) => caseStatus(c) === "ehcPlan")
    .map((c) => c.caseId)
    .sort();
  const apChild = cases.find(inAlternativeProvision)?.caseId;
  const six = [...new Set([...sen, ...(apChild ? [apChild] : []), ...plans])].slice(0, 6);
  const back = hidden(page.body, "back");
  t.equal(back, "support=senSupport");

  const select = (caseIds: string | string[], rev = revision) =>
    lano.post("/case-tracking/select", { inspectionId: INSPECTION, revision: rev, back, caseIds });
  const none = await lano.post("/case-tracking/select", { inspectionId: INSPECTION, revision, back });
  t.equal(none.statusCode, 400);
  t.match(none.body, /Select at least one child to track/);
  t.match(none.body, /href="#caseIds"/);
  t.match(none.body, /id="caseIds"/, "the link's target is the first box");
  const seven = await select([...six, ...plans.filter((p) => !six.includes(p)).slice(0, 1)]);
  t.equal(seven.statusCode, 400);
  t.match(seven.body, /Select up to 6 children/);
  t.match(seven.body, new RegExp(`value="${sen[0]}" checked`), "the ticks are kept");
  for (const id of ["__proto__", "toString", "no such child!", "C999999"]) {
    const forged = await select([six[0]!, id]);
    t.equal(forged.statusCode, 400, `${id}: refused`);
    t.match(forged.body, /Select children from the list of results/);
  }
  const tampered = await lano.post("/case-tracking/select", {
    inspectionId: "__proto__ !",
    revision,
    back,
    caseIds: six[0]!,
  });
  t.equal(tampered.statusCode, 400);
  t.match(tampered.body, /This form cannot be read/);
  t.equal(
    (await lano.post("/case-tracking/select", { inspectionId: INSPECTION, revision: "-1", caseIds: six[0]! }))
      .statusCode,
    400,
  );
  t.equal(await head(), notified, "nothing appended by any refused selection");

  const first = await select(six.slice(0, 4));
  t.equal(first.statusCode, 303);
  t.equal(first.headers.location, "/case-tracking?support=senSupport#tracked", "back to the same search");
  const stale = await select(six.slice(4));
  t.equal(stale.statusCode, 409, "a form from before someone's change: 409");
  t.match(stale.body, /Someone else changed this inspection/);
  const fresh = await lano.get("/case-tracking?support=senSupport");
  t.match(fresh.body, /4 of the usual 6 children selected/);
  const again = await lano.post("/case-tracking/select", {
    inspectionId: INSPECTION,
    revision: hidden(fresh.body, "revision"),
    back,
    caseIds: six.slice(0, 2),
  });
  t.match(again.body, /already tracked/, "selecting the tracked again is refused");
  t.equal(
    (
      await lano.post("/case-tracking/select", {
        inspectionId: INSPECTION,
        revision: hidden(fresh.body, "revision"),
        back,
        caseIds: six.slice(4),
      })
    ).statusCode,
    303,
  );
  const tracked = await lano.get("/case-tracking");
  t.match(tracked.body, /6 of the usual 6 children selected/);
  t.match(tracked.body, /consent not recorded/, "the sample warns of missing consent");
  for (const id of six) t.match(tracked.body, `<th scope="row" class="govuk-table__header">${id}</th>`);

  // Consent, per child.
  const consentRevision = hidden(tracked.body, "revision");
  const consent = (fields: Record<string, string>) =>
    lano.post("/case-tracking/consent", {
      inspectionId: INSPECTION,
      revision: consentRevision,
      back: "",
      ...fields,
    });
  const missing = await consent({ caseId: "", consent: "" });
  t.equal(missing.statusCode, 400);
  t.match(missing.body, /href="#consentCase"/);
  t.match(missing.body, /href="#consent"/);
  const untracked = await consent({ caseId: plans.find((p) => !six.includes(p))!, consent: "given" });
  t.match(untracked.body, /Select a child who is selected for tracking/);
  const beforeConsent = await head();
  t.equal((await consent({ caseId: six[0]!, consent: "given" })).statusCode, 303);
  t.ok((await head()) > beforeConsent, "consent recorded");
  const staleConsent = await consent({ caseId: six[1]!, consent: "refused" });
  t.equal(staleConsent.statusCode, 409, "consent from a stale page: 409");
  const withConsent = await lano.get("/case-tracking");
  t.match(withConsent.body, /govuk-tag--green">given/);

  // As at before the selection: the sample as it was, and nothing to change.
  const past = await lano.get(`/case-tracking?asAt=${notified}&support=senSupport`);
  t.match(past.body, /as at .*log position/);
  t.match(past.body, /0 of the usual 6 children selected/);
  t.same(boxes(past.body), [], "no selecting in the past");
  t.match(past.body, /name="asAt" value="\d+"/, "the search keeps the moment");

  // The officer reads but does not select; every child shown is in the access log.
  const officer = visitor(app);
  await officer.signIn(CODES.officer);
  const read = await officer.get("/case-tracking?support=senSupport");
  t.equal(read.statusCode, 200);
  t.same(boxes(read.body), [], "the officer sees no boxes");
  t.notMatch(read.body, /Record consent/);
  t.equal(
    (
      await officer.post("/case-tracking/select", {
        inspectionId: INSPECTION,
        revision: "1",
        caseIds: six[0]!,
      })
    ).statusCode,
    403,
  );
  const seen = app.accessLog.seenBy(six[0]!, ...ALL_TIME).entries;
  t.ok(
    seen.some((e) => e.actor === "web.officer" && e.what === "GET /case-tracking"),
    "the officer's read is logged",
  );
  t.ok(
    seen.some((e) => e.actor === "web.lano"),
    "the LANO's reads are logged",
  );
});

t.test("pages of results: at most 50, GOV.UK pagination", async (t) => {
  const { app, runner } = await webHarness(t, { plans: 60, senSupport: 10 });
  const lano = visitor(app);
  await lano.signIn(CODES.lano);
  const total = runner.current().state.cases.byId.size;
  t.ok(total > 50, `${total} children`);
  const first = await lano.get("/case-tracking?case=");
  t.match(first.body, new RegExp(`${total} children found, page 1 of 2`));
  t.equal((first.body.match(/<tr class="govuk-table__row">/g) ?? []).length, 51, "50 rows and the head");
  t.match(first.body, /govuk-pagination__next/);
  t.match(
    first.body,
    /href="\/case-tracking\?case=&amp;page=2#results"|href="\/case-tracking\?page=2#results"/,
  );
  const second = await lano.get("/case-tracking?case=&page=2");
  t.match(second.body, /page 2 of 2/);
  t.match(second.body, /govuk-pagination__prev/);
  const beyond = await lano.get("/case-tracking?case=&page=9");
  t.match(beyond.body, /only 2 pages/);
});

t.test(
  "a rule the command keeps: consent dated after the area's today is refused (422), nothing appended",
  async (t) => {
    // The clock two days ahead of the area's calendar: the consent would be dated in the future.
    const { app, runner, store } = await webHarness(t, { now: () => new Date("2026-11-25T12:00:00Z") });
    const lano = visitor(app);
    await lano.signIn(CODES.lano);
    await lano.get("/readiness");
    await lano.post("/readiness/notify", {
      inspectionId: INSPECTION,
      notifiedAt: `${TODAY} 09:30`,
      kind: "full",
    });
    const child = [...runner.current().state.cases.byId.keys()].sort()[0]!;
    const page = await lano.get(`/case-tracking?case=${child}`);
    const selected = await lano.post("/case-tracking/select", {
      inspectionId: INSPECTION,
      revision: hidden(page.body, "revision"),
      back: hidden(page.body, "back"),
      caseIds: child,
    });
    t.equal(selected.statusCode, 303);
    const tracked = await lano.get(selected.headers.location!.split("#")[0]!);
    const before = (await store.head()).position;
    const refused = await lano.post("/case-tracking/consent", {
      inspectionId: INSPECTION,
      revision: hidden(tracked.body, "revision"),
      back: hidden(tracked.body, "back"),
      caseId: child,
      consent: "given",
    });
    t.equal(refused.statusCode, 422);
    t.match(refused.body, /govuk-error-summary/);
    t.match(refused.body, /href="#consent"/);
    t.match(refused.body, /value="given" checked/, "the answer is kept");
    t.equal((await store.head()).position, before, "nothing appended");
  },
);

/**
 * The LANO's SEF, action plan, metrics and imports in Chromium, through the pages only: sign off the SEF
 * (first with a mistake), update an action (first without a RAG rating), read a metric's chart, import a
 * metrics file with a bad row (the refusal, nothing written), then a good one; the SEF as at an earlier
 * moment. Axe on every page in every state; again with JavaScript disabled.
 */
import type { Page } from "playwright-core";
import t, { type Test } from "tap";
import { check as checked, launch, noBrowser } from "./browser.js";
import { CODES, webHarness } from "./harness.js";

const check = (t: Test, page: Page, axe: boolean, name: string) => checked(t, page, name, axe);
const why = noBrowser();
t.setTimeout(300_000);

const METRIC = "twentyWeekTimelinessExcludingExceptions";
const BAD = Buffer.from(`metric,period,scope,value\n${METRIC},2023,area,88\n${METRIC},next year,area,5\n`);
const goodFile = (value: number) =>
  Buffer.from(`metric,period,scope,value\n${METRIC},2023,area,88\n${METRIC},2024,area,${value}\n`);

if (why) t.comment(`browser tests not run: ${why}`);
else
  t.test("the LANO signs off the SEF, updates an action, reads a chart and imports a file", async (t) => {
    const { url, store } = await webHarness(t, { listen: true });
    const browser = await launch(t);
    for (const javaScriptEnabled of [true, false]) {
      const tag = javaScriptEnabled ? "js" : "nojs";
      const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true });
      const page = await context.newPage();
      const start = (await store.head()).position;
      await page.goto(`${url}/sign-in`);
      await page.getByLabel("Access code").fill(CODES.lano);
      await page.getByRole("button", { name: "Sign in" }).click();

      // The SEF.
      await page.getByRole("link", { name: "SEF", exact: true }).click();
      t.match(page.url(), /\/sef$/, `${tag}: the SEF from the navigation`);
      t.equal(await page.locator("section h2").count(), 11, `${tag}: eleven criteria`);
      await check(t, page, javaScriptEnabled, `lanosef-${tag}-1-sef`);
      await page.getByRole("link", { name: /^B6:/ }).click();
      t.match(page.url(), /#criterion-B6$/, `${tag}: the contents link to each criterion`);
      const version = javaScriptEnabled ? "2026.2" : "2026.3";
      await page.getByLabel("Council signatory's name").fill("Director of Children's Services");
      await page.getByLabel("ICB signatory's name").fill("Chief Nurse");
      await page.getByLabel("Parent carer forum signatory's name").fill("Forum Chair");
      await page.getByRole("button", { name: "Record the sign-off" }).click();
      const summary = page.locator(".govuk-error-summary");
      t.match(await summary.innerText(), /Version/, `${tag}: the error summary names the field`);
      t.equal(await summary.locator("a").first().getAttribute("href"), "#version");
      await check(t, page, javaScriptEnabled, `lanosef-${tag}-2-sign-off-error`);
      await page.getByLabel("Version").fill(version);
      await page.getByRole("button", { name: "Record the sign-off" }).click();
      t.match(
        await page.locator("main").innerText(),
        new RegExp(`Version ${version.replace(".", "\\.")} was signed off on 23 November 2026`),
        `${tag}: signed off`,
      );
      await check(t, page, javaScriptEnabled, `lanosef-${tag}-3-signed-off`);
      await page.goto(`${url}/sef?asAt=${start}`);
      t.match(await page.locator(".govuk-notification-banner").innerText(), /as at .*log position/);
      t.equal(await page.getByRole("button", { name: "Record the sign-off" }).count(), 0);
      await check(t, page, javaScriptEnabled, `lanosef-${tag}-4-sef-as-at`);

      // The action plan.
      await page.getByRole("link", { name: "Action plan", exact: true }).click();
      await check(t, page, javaScriptEnabled, `lanosef-${tag}-5-action-plan`);
      await page.getByLabel("Only overdue actions").check();
      await page.getByRole("button", { name: "Filter" }).click();
      t.match(page.url(), /show=overdue/, `${tag}: filtered`);
      await check(t, page, javaScriptEnabled, `lanosef-${tag}-6-overdue`);
      await page.getByRole("link", { name: "Action plan", exact: true }).click();
      // The first open action (a completed one, tagged grey, takes no update).
      await page
        .locator("tbody tr")
        .filter({ hasNot: page.locator(".govuk-tag--grey") })
        .first()
        .locator("a")
        .click();
      t.match(page.url(), /\/action-plan\/[^/]+$/, `${tag}: an action's page`);
      await page.getByLabel("Progress").fill(`Panel dates agreed (${tag}).`);
      await page.getByRole("button", { name: "Record the update" }).click();
      t.equal(
        await page.locator(".govuk-error-summary a").first().getAttribute("href"),
        "#rag",
        `${tag}: a missing RAG rating is linked`,
      );
      await check(t, page, javaScriptEnabled, `lanosef-${tag}-7-update-error`);
      await page.getByLabel("Amber: at risk").check();
      await page.getByRole("button", { name: "Record the update" }).click();
      t.match(await page.locator("main").innerText(), new RegExp(`Panel dates agreed \\(${tag}\\)`));
      await check(t, page, javaScriptEnabled, `lanosef-${tag}-8-updated`);

      // Metrics.
      await page.getByRole("link", { name: "Metrics", exact: true }).click();
      await check(t, page, javaScriptEnabled, `lanosef-${tag}-9-metrics`);
      await page.getByRole("link", { name: "Pupils with an EHC plan (% of all pupils)" }).click();
      const chart = page.getByRole("img").first();
      t.ok(await chart.isVisible(), `${tag}: the chart is drawn`);
      t.match(
        await page.locator("svg desc").textContent(),
        /^Line chart from 2016\/17 to 2024\/25\. .*England: 5\.3% in 2024\/25/,
        `${tag}: the chart's description`,
      );
      t.equal(await page.locator("svg polyline").count(), 3, `${tag}: area, England and London as lines`);
      t.match(await page.locator("table").first().innerText(), /Period/);
      await check(t, page, javaScriptEnabled, `lanosef-${tag}-10-metric-chart`);

      // Imports: a bad row first (nothing written), then a good file.
      await page.getByRole("link", { name: "Imports", exact: true }).click();
      await check(t, page, javaScriptEnabled, `lanosef-${tag}-11-imports`);
      const before = (await store.head()).position;
      await page.getByLabel("Metrics file").check();
      await page.setInputFiles("#file", { name: "bad.csv", mimeType: "text/csv", buffer: BAD });
      await page.getByRole("button", { name: "Check the file" }).click();
      t.match(
        await page.locator("#refused").innerText(),
        /3\s+period/,
        `${tag}: the bad row by line and column`,
      );
      t.equal((await store.head()).position, before, `${tag}: nothing written`);
      await check(t, page, javaScriptEnabled, `lanosef-${tag}-12-import-refused`);
      await page.getByLabel("Metrics file").check();
      await page.setInputFiles("#file", {
        name: "good.csv",
        mimeType: "text/csv",
        buffer: goodFile(javaScriptEnabled ? 69 : 70),
      });
      await page.getByRole("button", { name: "Check the file" }).click();
      t.equal((await store.head()).position, before, `${tag}: the check writes nothing`);
      await check(t, page, javaScriptEnabled, `lanosef-${tag}-13-import-checked`);
      await page.getByRole("button", { name: "Import 2 rows" }).click();
      t.match(await page.locator(".govuk-panel").innerText(), /Import complete/);
      t.ok((await store.head()).position > before, `${tag}: written`);
      await check(t, page, javaScriptEnabled, `lanosef-${tag}-14-imported`);

      await page.getByRole("button", { name: "Sign out" }).click();
      await context.close();
    }
  });

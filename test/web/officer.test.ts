/**
 * An officer's journey in Chromium, through the pages only: open a child's record, update the school
 * record (first with a mistake) and the social care status, record an action's progress, and import a
 * case extract with a bad row (the refusal, nothing written) then a good one. Axe on every page in every
 * state; again with JavaScript disabled.
 */
import type { Page } from "playwright-core";
import t, { type Test } from "tap";
import { csvOf, sampleRows } from "../imports/helpers.js";
import { check as checked, launch, noBrowser } from "./browser.js";
import { CODES, webHarness } from "./harness.js";

const check = (t: Test, page: Page, axe: boolean, name: string) => checked(t, page, name, axe);
const why = noBrowser();
t.setTimeout(300_000);

if (why) t.comment(`browser tests not run: ${why}`);
else
  t.test("an officer updates a child's record, an action and imports a case extract", async (t) => {
    const { url, store, runner } = await webHarness(t, { listen: true });
    const browser = await launch(t);
    const child = [...runner.current().state.cases.byId.values()].find((c) => c.plans.length > 0)!;
    for (const javaScriptEnabled of [true, false]) {
      const tag = javaScriptEnabled ? "js" : "nojs";
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${url}/sign-in`);
      await page.getByLabel("Access code").fill(CODES.officer);
      await page.getByRole("button", { name: "Sign in" }).click();

      // A child's record.
      await page.getByRole("link", { name: "Case updates", exact: true }).click();
      await check(t, page, javaScriptEnabled, `officer-${tag}-1-find`);
      await page.getByRole("button", { name: "Open the record" }).click();
      t.equal(
        await page.locator(".govuk-error-summary a").first().getAttribute("href"),
        "#caseId",
        `${tag}: no case id`,
      );
      await check(t, page, javaScriptEnabled, `officer-${tag}-2-find-error`);
      await page.getByLabel("Case id").fill(child.caseId);
      await page.getByRole("button", { name: "Open the record" }).click();
      t.match(
        await page.locator("h1").innerText(),
        new RegExp(`Child ${child.caseId}`),
        `${tag}: the record`,
      );
      t.match(await page.locator("main").innerText(), /Statutory clocks/);
      await check(t, page, javaScriptEnabled, `officer-${tag}-3-case`);

      await page.getByLabel("Academic year").fill("2025/26");
      await page.getByLabel("Suspensions").fill("1");
      await page.getByLabel("Permanent exclusions").fill("0");
      await page.getByLabel("Overall absence").fill("140");
      await page.getByRole("group", { name: "Pupil premium" }).getByLabel("Yes").check();
      await page.getByRole("button", { name: "Save the school record" }).click();
      t.equal(
        await page.locator(".govuk-error-summary a").first().getAttribute("href"),
        "#absencePercent",
        `${tag}: absence over 100% is linked to its field`,
      );
      await check(t, page, javaScriptEnabled, `officer-${tag}-4-school-error`);
      await page.getByLabel("Overall absence").fill(javaScriptEnabled ? "8.5" : "9");
      await page.getByRole("button", { name: "Save the school record" }).click();
      t.match(
        await page.locator("#school-record + p").innerText(),
        new RegExp(
          `2025/26: 1 suspension, 0 permanent exclusions, ${javaScriptEnabled ? "8.5" : "9"}% absence`,
        ),
        `${tag}: school record saved`,
      );
      await page.getByRole("group", { name: "Known to children's social care" }).getByLabel("Yes").check();
      await page.getByLabel("Team").selectOption("children in need");
      await page.getByRole("button", { name: "Save the social care status" }).click();
      t.match(
        await page.locator("main").innerText(),
        /Known to children's social care: Yes \(children in need\)/,
      );
      await check(t, page, javaScriptEnabled, `officer-${tag}-5-case-updated`);

      // An action's progress.
      await page.getByRole("link", { name: "Action plan", exact: true }).click();
      await page
        .locator("tbody tr")
        .filter({ hasNot: page.locator(".govuk-tag--grey") })
        .first()
        .locator("a")
        .click();
      await page.getByLabel("Green: on track").check();
      await page.getByLabel("Progress").fill(`Officer's update (${tag}).`);
      await page.getByRole("button", { name: "Record the update" }).click();
      t.match(await page.locator("main").innerText(), new RegExp(`Officer's update \\(${tag}\\)`));
      await check(t, page, javaScriptEnabled, `officer-${tag}-6-action-updated`);

      // A case extract: a bad row first, then the good file.
      await page.getByRole("link", { name: "Imports", exact: true }).click();
      const before = (await store.head()).position;
      const bad = sampleRows.map((r, i) => (i === 2 ? { ...r, dateOfBirth: "31/02/2015" } : r));
      await page.getByLabel("Case extract").check();
      await page.setInputFiles("#file", { name: "extract.csv", mimeType: "text/csv", buffer: csvOf(bad) });
      await page.getByRole("button", { name: "Check the file" }).click();
      t.match(await page.locator("#refused").innerText(), /4\s+dateOfBirth/, `${tag}: line 4, dateOfBirth`);
      t.equal((await store.head()).position, before, `${tag}: nothing written`);
      await check(t, page, javaScriptEnabled, `officer-${tag}-7-import-refused`);
      await page.getByLabel("Case extract").check();
      await page.setInputFiles("#file", {
        name: "extract.csv",
        mimeType: "text/csv",
        buffer: csvOf(sampleRows),
      });
      await page.getByRole("button", { name: "Check the file" }).click();
      await check(t, page, javaScriptEnabled, `officer-${tag}-8-import-checked`);
      await page.getByRole("button", { name: /^Import \d+ rows?$/ }).click();
      t.match(await page.locator(".govuk-panel").innerText(), /Import complete/);
      if (javaScriptEnabled) t.ok((await store.head()).position > before, "the first import writes");
      else t.equal((await store.head()).position, before, "the same file again writes nothing");
      await check(t, page, javaScriptEnabled, `officer-${tag}-9-imported`);
      await context.close();
    }
  });

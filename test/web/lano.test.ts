/**
 * The LANO's journey in Chromium, through the pages only: sign in with an access code, record the
 * notification call (first with a mistake: the error summary), see the countdowns, download Annex A,
 * filter the failing rows; again with JavaScript disabled. Axe on every page reached.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import t, { type Test } from "tap";
import { check as checked, launch, noBrowser } from "./browser.js";
import { CODES, webHarness } from "./harness.js";

const check = (t: Test, page: Page, axe: boolean, name: string) => checked(t, page, name, axe);
const why = noBrowser();
t.setTimeout(300_000);
if (why) t.comment(`browser tests not run: ${why}`);
else
  t.test("the LANO records the notification call and downloads Annex A", async (t) => {
    const { url } = await webHarness(t, { listen: true });
    const browser = await launch(t);
    for (const javaScriptEnabled of [true, false]) {
      const tag = javaScriptEnabled ? "js" : "nojs";
      const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true });
      const page = await context.newPage();
      const refused: string[] = [];
      page.on("console", (m) => {
        // (A form answered 400 with its error summary is logged as a failed load: that is the page working.)
        if (m.type() === "error" && !m.text().includes("status of 400")) refused.push(m.text());
      });
      await page.goto(`${url}/`);
      t.match(page.url(), /\/sign-in$/, `${tag}: / leads to sign-in`);
      await check(t, page, javaScriptEnabled, `lano-${tag}-1-sign-in`);

      await page.getByLabel("Access code").fill("not-a-code");
      await page.getByRole("button", { name: "Sign in" }).click();
      t.match(await page.locator(".govuk-error-summary").innerText(), /not recognised/, `${tag}: bad code`);
      await check(t, page, javaScriptEnabled, `lano-${tag}-2-sign-in-error`);

      await page.getByLabel("Access code").fill(CODES.lano);
      await page.getByRole("button", { name: "Sign in" }).click();
      t.match(page.url(), /\/readiness$/, `${tag}: the LANO's home is readiness`);
      if (javaScriptEnabled)
        t.match(
          String(await page.evaluate("document.body.className")),
          /js-enabled govuk-frontend-supported/,
          "the CSP lets GOV.UK Frontend's inline script run (by its hash)",
        );
      await check(t, page, javaScriptEnabled, `lano-${tag}-3-readiness`);

      if (javaScriptEnabled) {
        // A mistake first: the error summary links to the field.
        await page.getByLabel("Inspection reference").fill("INS-WEB");
        await page.getByLabel("Date and time of the call (UTC)").fill("yesterday");
        await page.getByRole("button", { name: "Record the notification call" }).click();
        const summary = page.locator(".govuk-error-summary");
        t.match(await summary.innerText(), /Date and time of the call/, "the error summary names the field");
        t.equal(await summary.locator("a").first().getAttribute("href"), "#notifiedAt");
        await check(t, page, javaScriptEnabled, `lano-${tag}-4-notify-error`);

        await page.getByLabel("Date and time of the call (UTC)").fill("2026-11-23 09:30");
        await page.getByRole("button", { name: "Record the notification call" }).click();
      }
      t.match(await page.locator("h1 + p").innerText(), /INS-WEB.*notified/, `${tag}: notified`);
      t.match(
        await page.locator("[data-countdown]").first().innerText(),
        /^(due in|overdue by) /,
        `${tag}: countdown as text`,
      );
      await check(t, page, javaScriptEnabled, `lano-${tag}-5-notified`);

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: /Download the Annex A workbook/ }).click(),
      ]);
      const file = await download.path();
      t.equal(readFileSync(file).subarray(0, 2).toString(), "PK", `${tag}: Annex A is a workbook`);
      t.match(download.suggestedFilename(), /^annex-a-2026-11-23\.xlsx$/);

      const options = await page.locator("#check option").count();
      if (options > 1) {
        await page.locator("#check").selectOption({ index: 1 });
        await page.getByRole("button", { name: "Filter" }).click();
        t.match(page.url(), /check=\d+/, `${tag}: filtered by check`);
        await check(t, page, javaScriptEnabled, `lano-${tag}-6-filtered`);
      }

      await page.getByRole("button", { name: "Sign out" }).click();
      t.match(page.url(), /\/sign-in$/, `${tag}: signed out`);
      await page.goto(`${url}/readiness`);
      t.match(page.url(), /\/sign-in$/, `${tag}: after signing out, readiness asks to sign in`);
      t.same(refused, [], `${tag}: no errors in the console (nothing refused by the CSP)`);
      await context.close();
    }
  });

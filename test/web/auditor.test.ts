/**
 * The QA auditor's journey in Chromium, through the pages only: sign in with an access code, draw a
 * sample (a mistake first: the error summary), rate sections A–K (one not applicable, its missing reason
 * refused first), come back to one later, try to submit with it missing (the error summary names it and
 * links to it), complete and submit, see the derived grade; be refused moderating one's own audit (403);
 * a second auditor moderates; the QA dashboard, now and as at a moment. Axe on every page in every state.
 * Then the same journey with the keyboard alone (Tab, Space, Enter), and once with JavaScript disabled.
 */
import type { Page } from "playwright-core";
import t, { type Test } from "tap";
import { sendCode2015 } from "../../schemas/qaChecklist.js";
import { check, launch, noBrowser } from "./browser.js";
import { CODES, SECOND_AUDITOR, webHarness } from "./harness.js";

const SECTIONS = sendCode2015.sections.map((s) => s.section);
const why = noBrowser();
t.setTimeout(600_000);

/** Console errors, less the failed loads of pages answered 4xx on purpose (an error summary, a 403). */
function consoleErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

async function signIn(page: Page, url: string, code: string) {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel("Access code").fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Press Tab until `selector` has the focus (at most 120 times), as a keyboard user would. */
async function tabTo(t: Test, page: Page, selector: string) {
  const focused = page.locator(`${selector}:focus`);
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press("Tab");
    if ((await focused.count()) > 0) return;
  }
  t.fail(`Tab never reached ${selector}`);
  throw new Error(`Tab never reached ${selector}`);
}

if (why) t.comment(`browser tests not run: ${why}`);
else
  t.test("an auditor audits a plan and a second auditor moderates it", async (t) => {
    const { url, runner } = await webHarness(t, { listen: true });
    const plans = [...runner.current().state.cases.byId.values()]
      .filter((c) => c.plans.length > 0 && !c.ceased)
      .map((c) => c.caseId)
      .sort();
    const browser = await launch(t);

    await t.test("with the mouse, JavaScript on", async (t) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = consoleErrors(page);
      await signIn(page, url, CODES.auditor);
      t.match(page.url(), /\/audits$/, "an auditor's home is My audits");
      await check(t, page, "auditor-1-my-audits");

      await page.getByRole("link", { name: "Draw a sample" }).first().click();
      t.match(page.url(), /\/audits\/draw$/);
      await check(t, page, "auditor-2-draw");
      await page.getByRole("button", { name: "Draw the sample" }).click();
      const summary = page.locator(".govuk-error-summary");
      t.match(await summary.innerText(), /Select how to choose the plans/);
      t.equal(await summary.locator("a").first().getAttribute("href"), "#how", "linked to the field");
      await check(t, page, "auditor-3-draw-errors");

      await page.getByLabel("Plans I name").check();
      await page.getByLabel("Case references").fill(plans[0]!);
      await page.getByLabel("Random", { exact: true }).check();
      await page.getByLabel("Education").check();
      await page.getByRole("button", { name: "Draw the sample" }).click();
      t.match(page.url(), /\/audits\/QA\d{5}$/, "to the new audit");
      const home = new URL(page.url()).pathname;
      t.match(await page.locator("main").innerText(), /You have completed 0 of 12 sections/);
      await check(t, page, "auditor-4-task-list");

      await page.getByRole("link", { name: "A. Views, interests and aspirations" }).click();
      await check(t, page, "auditor-5-section-A");
      for (const section of SECTIONS) {
        t.match(page.url(), new RegExp(`/sections/${section}$`), `on section ${section}`);
        if (section === "J") {
          await page.getByLabel("No, it is not applicable").check();
          await page.getByRole("button", { name: "Save and continue" }).click();
          t.match(await summary.innerText(), /Enter why section J is not applicable/, "a reason is needed");
          await check(t, page, "auditor-6-not-applicable-error");
          await page
            .getByLabel("Why is section J not applicable to this plan?")
            .fill("No personal budget was asked for");
          await page.getByRole("button", { name: "Save and continue" }).click();
          continue;
        }
        const boxes = page.locator('input[name="criteria"]');
        const count = await boxes.count();
        // Section B: one criterion of four met (inadequate); every other section: all met.
        for (let i = 0; i < (section === "B" ? 1 : count); i++) await boxes.nth(i).check();
        if (section === "K") {
          await page.getByLabel("Comment (optional)").fill("Advice lists are complete");
          await page.getByRole("button", { name: "Save and come back later" }).click();
          break;
        }
        await page.getByRole("button", { name: "Save and continue" }).click();
      }
      t.equal(new URL(page.url()).pathname, home, "come back later: the task list");
      t.match(await page.locator("#sections-12-status").innerText(), /In progress/, "K is in progress");
      t.match(await page.locator("#sections-11-status").innerText(), /Not applicable/);
      await check(t, page, "auditor-7-task-list-in-progress");

      await page.getByRole("button", { name: "Check your answers and submit" }).click();
      await check(t, page, "auditor-8-check-answers");
      await page.getByRole("button", { name: "Submit the audit" }).click();
      t.match(
        await summary.innerText(),
        /Section K\. Advice and information is not rated or marked not applicable/,
      );
      await check(t, page, "auditor-9-submit-missing-section");
      await summary.getByRole("link", { name: /Section K/ }).click();
      t.match(page.url(), /\/sections\/K$/, "the error links to the section");
      t.ok(await page.locator('input[value="K.1"]').isChecked(), "the draft is kept");
      await page.getByRole("button", { name: "Save and continue" }).click();
      t.match(page.url(), /\/check$/, "after the last section: check your answers");
      await page.getByLabel("Summary (optional)").fill("A clear plan; section B needs work");
      await page.getByRole("button", { name: "Submit the audit" }).click();
      const banner = await page.locator(".govuk-notification-banner").innerText();
      t.match(banner, /submitted: graded requires improvement/, "the derived grade: B inadequate caps it");
      await check(t, page, "auditor-10-submitted");

      await page.goto(`${url}${home}/moderate`);
      t.match(await page.locator("h1").innerText(), /You cannot moderate this audit/);
      t.match(await page.locator("main").innerText(), /rated or submitted this audit/);
      await check(t, page, "auditor-11-own-moderation-refused");
      await page.getByRole("button", { name: "Sign out" }).click();

      await signIn(page, url, SECOND_AUDITOR.code);
      await page.getByRole("link", { name: `Moderate audit ${home.slice(8)}` }).click();
      await check(t, page, "auditor-12-moderate");
      await page.getByLabel("No, change the grade").check();
      await page.getByLabel("Good", { exact: true }).check();
      await page.getByRole("button", { name: "Save the moderation" }).click();
      t.match(await summary.innerText(), /Enter why you are changing the grade/);
      await check(t, page, "auditor-13-moderate-error");
      await page
        .getByLabel("Your reasons")
        .fill("Sections A and F are strong; B is close to requires improvement");
      await page.getByRole("button", { name: "Save the moderation" }).click();
      t.match(await page.locator(".govuk-notification-banner").innerText(), /moderated: good/);
      await check(t, page, "auditor-14-moderated");

      await page.getByRole("link", { name: "QA dashboard" }).click();
      t.match(await page.locator("main").innerText(), /Grades by plan section/);
      await check(t, page, "auditor-15-dashboard");
      await page.goto(`${url}/qa-dashboard?asAt=2026-06-30`);
      t.match(await page.locator(".govuk-notification-banner").innerText(), /as at/);
      await check(t, page, "auditor-16-dashboard-as-at");
      t.same(errors, [], "no errors in the console (nothing refused by the CSP)");
      await context.close();
    });

    await t.test("with the keyboard alone", async (t) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${url}/sign-in`);
      await tabTo(t, page, "#code");
      await page.keyboard.type(CODES.auditor);
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/audits$/);
      await tabTo(t, page, 'a[href="/audits/draw"]');
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/audits\/draw$/);
      await tabTo(t, page, "#how");
      await page.keyboard.press("Space");
      await tabTo(t, page, "#caseIds");
      await page.keyboard.type(plans[1]!);
      await tabTo(t, page, "#reason");
      await page.keyboard.press("Space");
      await tabTo(t, page, "#agency");
      await page.keyboard.press("Space");
      await tabTo(t, page, 'button:has-text("Draw the sample")');
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/audits\/QA\d{5}$/);
      await check(t, page, "auditor-keyboard-1-task-list");
      await tabTo(t, page, 'a[href$="/sections/A"]');
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/sections\/A$/);
      for (const [i, section] of SECTIONS.entries()) {
        t.match(page.url(), new RegExp(`/sections/${section}$`), `keyboard: section ${section}`);
        await tabTo(t, page, "#criteria");
        await page.keyboard.press("Space");
        if (section === "A") await check(t, page, "auditor-keyboard-2-section-A");
        await tabTo(t, page, 'button[value="continue"]');
        await page.keyboard.press("Enter");
        const next = SECTIONS[i + 1];
        await page.waitForURL(next ? new RegExp(`/sections/${next}$`) : /\/check$/);
      }
      await check(t, page, "auditor-keyboard-3-check-answers");
      await tabTo(t, page, "#submit");
      await page.keyboard.press("Enter");
      await page.waitForURL(/submitted=1$/);
      t.match(
        await page.locator(".govuk-notification-banner").innerText(),
        /submitted: graded requires improvement/,
        "one criterion each: the 3-criterion sections RI, the rest inadequate, so RI (B, E, F inadequate cap it)",
      );
      await check(t, page, "auditor-keyboard-4-submitted");
      await context.close();
    });

    await t.test("with JavaScript disabled", async (t) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await signIn(page, url, CODES.auditor);
      await page.goto(`${url}/audits/draw`);
      t.ok(
        await page.getByLabel("Case references").isVisible(),
        "conditional fields show without JavaScript",
      );
      await page.getByLabel("Plans I name").check();
      await page.getByLabel("Case references").fill(plans[2]!);
      await page.getByLabel("Annual review").check();
      await page.getByLabel("Independent").check();
      await page.getByRole("button", { name: "Draw the sample" }).click();
      t.match(page.url(), /\/audits\/QA\d{5}$/);
      await check(t, page, "auditor-nojs-1-task-list", false);
      await page.getByRole("link", { name: /^C\. / }).click();
      t.ok(
        await page.getByLabel("Why is section C not applicable to this plan?").isVisible(),
        "the reason shows",
      );
      await page.getByLabel("No, it is not applicable").check();
      await page.getByRole("button", { name: "Save and continue" }).click();
      t.match(
        await page.locator(".govuk-error-summary").innerText(),
        /Enter why section C is not applicable/,
        "validated by the server",
      );
      await check(t, page, "auditor-nojs-2-reason-error", false);
      await page.getByLabel("Why is section C not applicable to this plan?").fill("No health needs");
      await page.getByRole("button", { name: "Save and continue" }).click();
      t.match(page.url(), /\/sections\/D$/);
      await page.goto(`${url}${new URL(page.url()).pathname.replace(/\/sections\/D$/, "/check")}`);
      await page.getByRole("button", { name: "Submit the audit" }).click();
      t.match(
        await page.locator(".govuk-error-summary").innerText(),
        /Section A\. Views, interests and aspirations is not rated/,
      );
      await check(t, page, "auditor-nojs-3-submit-missing", false);
      for (const section of SECTIONS.filter((s) => s !== "C")) {
        await page.goto(page.url().replace(/\/(check|submit|sections\/\w+)$/, `/sections/${section}`));
        if (section === "G") {
          await page.getByLabel("No, it is not applicable").check();
          await page.getByLabel("Why is section G not applicable to this plan?").fill("No health needs");
        } else await page.locator('input[name="criteria"]').first().check();
        await page.getByRole("button", { name: "Save and continue" }).click();
      }
      t.match(page.url(), /\/check$/);
      await page.getByRole("button", { name: "Submit the audit" }).click();
      t.match(await page.locator(".govuk-notification-banner").innerText(), /submitted: graded/);
      await check(t, page, "auditor-nojs-4-submitted", false);
      await context.close();
    });
  });

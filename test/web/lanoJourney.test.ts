/**
 * The LANO's whole journey in Chromium, through the pages only: sign in, record the notification call, see
 * the countdown, download Annex A, find and select six children for tracking (two on SEN support, one in
 * alternative provision when the area has one), record consent, issue a case-sampling pack, and verify the
 * downloaded PDF (matches) and a changed copy (does not match). Axe on every page in every state reached;
 * then the same again with JavaScript disabled, on a fresh area. Screenshots: test-output/web/lano-journey-*.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import t, { type Test } from "tap";
import { check as checked, launch, noBrowser, SHOTS } from "./browser.js";
import { CODES, INSPECTION, webHarness } from "./harness.js";

const why = noBrowser();
t.setTimeout(600_000);

/** Tick the first `n` selectable children on the results page; their case ids. */
async function tick(page: Page, n: number): Promise<string[]> {
  const boxes = page.locator('input[name="caseIds"]');
  const ids: string[] = [];
  for (let i = 0; i < Math.min(n, await boxes.count()); i++) {
    const id = (await boxes.nth(i).getAttribute("value"))!;
    await page.getByLabel(`Select ${id}`, { exact: true }).check();
    ids.push(id);
  }
  return ids;
}

async function search(page: Page, fill: (page: Page) => Promise<void>) {
  await page.getByRole("link", { name: "Case tracking" }).click();
  await fill(page);
  await page.getByRole("button", { name: "Search" }).click();
}

if (why) t.comment(`browser tests not run: ${why}`);
else
  t.test("the LANO's journey: notification to a verified pack", async (t) => {
    const browser = await launch(t);
    for (const javaScriptEnabled of [true, false]) {
      const tag = javaScriptEnabled ? "js" : "nojs";
      const { url } = await webHarness(t, { listen: true, plans: 30, senSupport: 20 });
      const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true });
      const page = await context.newPage();
      let step = 0;
      const check = (t: Test, name: string) =>
        checked(t, page, `lano-journey-${tag}-${String(++step).padStart(2, "0")}-${name}`, javaScriptEnabled);
      const refused: string[] = [];
      page.on("console", (m) => {
        // A form answered 400/409 with its page is logged as a failed load: that is the page working.
        if (m.type() === "error" && !/status of 40[09]/.test(m.text())) refused.push(m.text());
      });

      await page.goto(`${url}/sign-in`);
      await page.getByLabel("Access code").fill(CODES.lano);
      await page.getByRole("button", { name: "Sign in" }).click();
      t.match(page.url(), /\/readiness$/, `${tag}: signed in`);

      // Before the notification call, case tracking says what to do first.
      await page.getByRole("link", { name: "Case tracking" }).click();
      t.match(await page.locator("main").innerText(), /No inspection has been notified/);
      await check(t, "case-tracking-not-notified");

      await page.getByRole("link", { name: "Inspection readiness" }).first().click();
      await page.getByLabel("Inspection reference").fill(INSPECTION);
      await page.getByLabel("Date and time of the call (UTC)").fill("2026-11-23 09:30");
      await page.getByRole("button", { name: "Record the notification call" }).click();
      t.match(
        await page.locator("[data-countdown]").first().innerText(),
        /^(due in|overdue by) /,
        `${tag}: countdown`,
      );
      await check(t, "readiness-notified");
      const [annex] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: /Download the Annex A workbook/ }).click(),
      ]);
      t.equal(
        readFileSync(await annex.path())
          .subarray(0, 2)
          .toString(),
        "PK",
        `${tag}: Annex A downloaded`,
      );

      // Find and select: first a mistake (nothing ticked), then two on SEN support.
      await search(page, (p) => p.getByLabel("SEN support", { exact: true }).check());
      t.match(await page.locator("caption").last().innerText(), /children found/);
      await check(t, "case-tracking-sen-support");
      await page.getByRole("button", { name: "Select for tracking" }).click();
      const summary = page.locator(".govuk-error-summary");
      t.match(await summary.innerText(), /Select at least one child/, `${tag}: the error summary`);
      t.equal(await summary.locator("a").first().getAttribute("href"), "#caseIds");
      await check(t, "case-tracking-nothing-ticked");
      const chosen = await tick(page, 2);
      t.equal(chosen.length, 2, `${tag}: two children on SEN support`);
      await page.getByRole("button", { name: "Select for tracking" }).click();
      t.match(await page.locator("main").innerText(), /2 of the usual 6 children selected/);

      // One in alternative provision, when the area has one.
      await search(page, (p) => p.getByLabel("Only children in alternative provision").check());
      chosen.push(...(await tick(page, 1)));
      t.equal(chosen.length, 3, `${tag}: one in alternative provision (the seeded area has one)`);
      await check(t, "case-tracking-alternative-provision");
      await page.getByRole("button", { name: "Select for tracking" }).click();

      // The rest from children with plans, by need and phase as well.
      await search(page, async (p) => {
        await p.getByLabel("EHC plan", { exact: true }).check();
        await p.getByLabel("Primary need").selectOption({ index: 0 });
        await p.getByLabel("School phase").selectOption({ index: 0 });
      });
      chosen.push(...(await tick(page, 6 - chosen.length)));
      await page.getByRole("button", { name: "Select for tracking" }).click();
      const tracked = await page.locator("main").innerText();
      t.match(tracked, /6 of the usual 6 children selected/, `${tag}: six children selected`);
      t.match(tracked, /the sample is complete/, `${tag}: no more boxes to tick`);
      t.equal(await page.locator('input[name="caseIds"]').count(), 0);
      for (const id of chosen) t.match(tracked, id);
      await check(t, "case-tracking-six-selected");

      // Consent for one of them.
      await page.getByLabel("Child", { exact: true }).selectOption(chosen[0]!);
      await page.getByLabel("Given").check();
      await page.getByRole("button", { name: "Record consent" }).click();
      t.match(await page.locator("tbody").first().innerText(), /given/, `${tag}: consent recorded`);
      await check(t, "case-tracking-consent");

      // Issue the case-sampling pack, download it, and verify it and a changed copy.
      await page.getByRole("link", { name: "Packs" }).click();
      await check(t, "packs");
      await page.getByRole("button", { name: "Issue the pack" }).click();
      t.match(await page.locator(".govuk-error-summary").innerText(), /Enter who the pack is for/);
      await check(t, "packs-issue-error");
      await page.getByLabel("Case-sampling pack").check();
      await page.getByLabel("Who it is for").fill("Lead inspector (Ofsted)");
      await page.getByRole("button", { name: "Issue the pack" }).click();
      const banner = await page.locator(".govuk-notification-banner--success").innerText();
      t.match(banner, /Pack PACK-\d{8}-[0-9A-F]{6} issued to Lead inspector \(Ofsted\)/, `${tag}: issued`);
      t.match(banner, /SHA-256: [0-9a-f]{64}/, `${tag}: the hash shown`);
      await check(t, "packs-issued");
      const [pdf] = await Promise.all([
        page.waitForEvent("download"),
        page.locator(".govuk-notification-banner--success a").click(),
      ]);
      const issuedFile = join(SHOTS, `lano-journey-${tag}-issued.pdf`);
      await pdf.saveAs(issuedFile);
      t.equal(readFileSync(issuedFile).subarray(0, 5).toString(), "%PDF-");

      await page.getByLabel(/Upload a pack PDF/).setInputFiles(issuedFile);
      await page.getByRole("button", { name: "Check the PDF" }).click();
      t.match(await page.locator("h1").innerText(), /Matches/, `${tag}: the downloaded pack matches`);
      await check(t, "verify-matches");

      const changed = readFileSync(issuedFile);
      const middle = changed.length >> 1;
      changed.writeUInt8(changed.readUInt8(middle) ^ 0x20, middle);
      const changedFile = join(SHOTS, `lano-journey-${tag}-changed.pdf`);
      writeFileSync(changedFile, changed);
      await page.getByRole("link", { name: "Check another PDF" }).click();
      await page.getByLabel(/Upload a pack PDF/).setInputFiles(changedFile);
      await page.getByRole("button", { name: "Check the PDF" }).click();
      t.match(
        await page.locator("h1").innerText(),
        /Does not match/,
        `${tag}: a changed copy does not match`,
      );
      t.match(await page.locator("main").innerText(), /it has been changed/);
      await check(t, "verify-does-not-match");

      await page.getByRole("link", { name: "Check another PDF" }).click();
      await page.getByRole("button", { name: "Check the PDF" }).click();
      t.match(
        await page.locator(".govuk-error-summary").innerText(),
        /Choose a PDF file/,
        `${tag}: no file chosen`,
      );
      await check(t, "verify-no-file");

      t.same(refused, [], `${tag}: no errors in the console`);
      await context.close();
    }
  });

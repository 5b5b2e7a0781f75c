/**
 * The inspector's journey in Chromium: sign in with an access code, see the inspection and when access
 * ends, download a tracked child's case pack, be refused an untracked child (a 403 page saying why) and,
 * after the window, everything. The LANO's notification and tracking are recorded through the same
 * command handler the pages and API use. Axe on every page reached.
 */
import { readFileSync } from "node:fs";
import t from "tap";
import { commandByName } from "../../src/commands/index.js";
import { handleCommand } from "../../src/commands/handle.js";
import { check, launch, noBrowser } from "./browser.js";
import { CODES, INSPECTION, TODAY, webHarness } from "./harness.js";

t.setTimeout(300_000);
const why = noBrowser();
if (why) t.comment(`browser tests not run: ${why}`);
else
  t.test("an inspector reads their inspection only, inside its window", async (t) => {
    let now = new Date(`${TODAY}T12:00:00Z`);
    // Sessions long enough that the window, not the session, is what ends access here.
    const { url, store, runner } = await webHarness(t, {
      listen: true,
      now: () => now,
      limits: { idleMs: 1e11, absoluteMs: 1e11 },
    });
    const lead = async (name: string, input: object) => {
      const out = await handleCommand(store, commandByName.get(name)!, {
        id: INSPECTION,
        input,
        caller: { actor: "web.lano", role: "lano", source: "test" },
        today: TODAY,
      });
      if (out.kind !== "appended") throw new Error(`${name}: ${JSON.stringify(out)}`);
      await runner.waitFor(out.position);
    };
    const children = [...runner.current().state.cases.byId.keys()].sort();
    const [tracked, untracked] = [children[0]!, children[1]!];
    await lead("notifyInspection", { notifiedAt: `${TODAY}T09:30:00Z`, kind: "full" });
    await lead("selectCasesForTracking", { selectedAt: `${TODAY}T10:00:00Z`, caseIds: [tracked] });

    const browser = await launch(t);
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${url}/sign-in`);
    await page.getByLabel("Access code").fill(CODES.inspector);
    await page.getByRole("button", { name: "Sign in" }).click();
    t.match(page.url(), /\/inspection$/, "an inspector's home is their inspection");
    const body = await page.locator("main").innerText();
    t.match(body, /Inspection INS-WEB/);
    t.match(body, /Your access ends at 13 January 2027 at 9:30am/, "the window's end is shown");
    await check(t, page, "inspector-1-inspection");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: `Case pack of tracked child ${tracked}` }).click(),
    ]);
    t.equal(
      readFileSync(await download.path())
        .subarray(0, 5)
        .toString(),
      "%PDF-",
      "the tracked child's pack",
    );

    const refused = await page.goto(`${url}/inspection/cases/${untracked}.pdf`);
    t.equal(refused?.status(), 403, "an untracked child is refused");
    t.match(await page.locator("main").innerText(), new RegExp(`${untracked} is not selected for tracking`));
    await check(t, page, "inspector-2-untracked-refused");

    const readiness = await page.goto(`${url}/readiness`);
    t.equal(readiness?.status(), 403, "the LANO's readiness page is not an inspector's");
    t.match(await page.locator("main").innerText(), /role inspector may not use GET \/readiness/);

    now = new Date("2027-02-01T00:00:00Z");
    for (const path of ["/inspection", `/inspection/cases/${tracked}.pdf`, "/annex-a.xlsx"]) {
      const after = await page.goto(`${url}${path}`);
      t.equal(after?.status(), 403, `after the window: ${path} refused`);
      t.match(await page.locator("main").innerText(), /access to inspection INS-WEB runs from/);
    }
    await check(t, page, "inspector-3-after-window");
  });

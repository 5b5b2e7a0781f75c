/**
 * Chromium for the browser tests: Debian's, at /usr/bin/chromium, headless, never downloaded. Absent and
 * not under CI, the tests say why they do not run; under CI its absence fails them.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, chromium, type Page } from "playwright-core";
import type { Test } from "tap";

export const CHROMIUM = "/usr/bin/chromium";
export const SHOTS = join(process.cwd(), "test-output", "web");

/** Why the browser tests cannot run here, or undefined when they can (or must: CI). */
export const noBrowser = () =>
  existsSync(CHROMIUM) || process.env.CI ? undefined : `${CHROMIUM} is absent (apt-get install -y chromium)`;

export async function launch(t: Test): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  t.teardown(() => browser.close());
  mkdirSync(SHOTS, { recursive: true });
  return browser;
}

/**
 * A screenshot named for the step, and axe on the page as it is now (WCAG 2.2 AA). Axe runs as script,
 * so with JavaScript disabled only the screenshot is taken (the same markup is checked with it enabled).
 */
export async function check(t: Test, page: Page, name: string, axe = true) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  if (!axe) return;
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"])
    .analyze();
  t.same(
    result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    [],
    `${name}: no accessibility violations`,
  );
}

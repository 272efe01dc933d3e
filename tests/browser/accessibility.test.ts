import AxeBuilder from "@axe-core/playwright";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { LaunchedChromium } from "../../src/diagrams/launch-chromium.ts";
import { launchChromium } from "../../src/diagrams/launch-chromium.ts";
import { buildSite, buildTimeout } from "../site/build-site.ts";
import { shouldSkipBrowserTests } from "./chromium-gate.ts";
import { type StaticServer, serveStatic } from "./serve-static.ts";
import { listPagePaths, type Theme, themeInitScript } from "./site-pages.ts";

const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

describe.skipIf(shouldSkipBrowserTests())("accessibility (axe-core, WCAG 2.2 AA)", () => {
  let chromium: LaunchedChromium;
  let server: StaticServer;
  let paths: string[] = [];

  beforeAll(async () => {
    const dist = await buildSite("/");
    paths = listPagePaths(dist);
    server = await serveStatic(dist);
    chromium = await launchChromium();
  }, buildTimeout);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  // The theme switch changes colours only, so the dark run checks the colour rules; the light run
  // checks every WCAG 2.2 AA rule. Halves a suite that costs seconds per page.
  const colourRules = ["color-contrast", "link-in-text-block"];

  const auditEveryPage = async (theme: Theme) => {
    const page = await chromium.context.newPage();
    await page.addInitScript(themeInitScript(theme));
    const violations: string[] = [];
    try {
      for (const path of paths) {
        await page.goto(`${server.url}${path}`, { waitUntil: "domcontentloaded" });
        expect(await page.evaluate(() => document.documentElement.dataset["theme"])).toBe(theme);
        const builder = new AxeBuilder({ page });
        const result = await (theme === "light"
          ? builder.withTags(wcagTags)
          : builder.withRules(colourRules)
        ).analyze();
        for (const violation of result.violations) {
          const targets = violation.nodes.map((node) => node.target.join(" ")).slice(0, 3);
          violations.push(`/${path} [${theme}] ${violation.id}: ${violation.help} (${targets.join(", ")})`);
        }
      }
    } finally {
      await page.close();
    }
    expect(violations).toEqual([]);
  };

  // A guard, not a speed goal: about 2 s per page quiet, several times that on a loaded machine, and
  // the guide keeps gaining pages.
  test("every page has zero violations in the light theme", () => auditEveryPage("light"), 900_000);
  test("every page has zero colour violations in the dark theme", () => auditEveryPage("dark"), 900_000);
});

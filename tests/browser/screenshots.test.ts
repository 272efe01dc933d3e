import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LaunchedChromium, launchChromium } from "../../src/diagrams/launch-chromium.ts";
import { buildSite, buildTimeout, projectRoot } from "../site/build-site.ts";
import { shouldSkipBrowserTests } from "./chromium-gate.ts";
import { type StaticServer, serveStatic } from "./serve-static.ts";
import { listPagePaths } from "./site-pages.ts";

const screenshotDirectory = join(projectRoot, "test-results/screenshots");
const keyPages = ["", "concepts/networking-modes/", "fix/nat-gateway/"];
const viewports = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

describe.skipIf(shouldSkipBrowserTests())("screenshots of the key pages", () => {
  let chromium: LaunchedChromium;
  let server: StaticServer;
  let available = new Set<string>();

  beforeAll(async () => {
    const dist = await buildSite("/");
    available = new Set(listPagePaths(dist));
    server = await serveStatic(dist);
    chromium = await launchChromium();
    mkdirSync(screenshotDirectory, { recursive: true });
  }, buildTimeout);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  test("are written for home, a concepts page and fix/nat-gateway, in en and ja, at desktop and phone width", async () => {
    const targets = keyPages.flatMap((path) => [path, `ja/${path}`]).filter((path) => available.has(path));
    expect(targets).toContain("");
    const page = await chromium.context.newPage();
    try {
      for (const [device, viewport] of Object.entries(viewports)) {
        await page.setViewportSize(viewport);
        for (const path of targets) {
          await page.goto(`${server.url}${path}`);
          const file = join(
            screenshotDirectory,
            `${(path || "home").replace(/\/$/, "").replace(/\//g, "_") || "home"}-${device}.png`,
          );
          await page.screenshot({ path: file, fullPage: true });
          expect(existsSync(file) && statSync(file).size > 1000, file).toBe(true);
        }
      }
    } finally {
      await page.close();
    }
  }, 120_000);
});

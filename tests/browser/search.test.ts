import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LaunchedChromium, launchChromium } from "../../src/diagrams/launch-chromium.ts";
import { buildSite, buildTimeout } from "../site/build-site.ts";
import { shouldSkipBrowserTests } from "./chromium-gate.ts";
import { searchUrls } from "./search-pagefind.ts";
import { type StaticServer, serveStatic } from "./serve-static.ts";

describe.skipIf(shouldSkipBrowserTests())("search (Pagefind)", () => {
  let chromium: LaunchedChromium;
  let server: StaticServer;
  let dist = "";

  beforeAll(async () => {
    dist = await buildSite("/");
    server = await serveStatic(dist);
    chromium = await launchChromium();
  }, buildTimeout);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  test("finds English pages for 'NAT gateway'", async () => {
    const page = await chromium.context.newPage();
    await page.goto(server.url);
    const urls = await searchUrls(page, `${server.url}pagefind/pagefind.js`, "NAT gateway");
    await page.close();
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.some((url) => url.includes("/fix/nat-gateway/"))).toBe(true);
  });

  test("finds Japanese pages for 'NATゲートウェイ' when a Japanese page contains it", async () => {
    // Pagefind keeps one index per language (<html lang>); a query from a ja page searches the ja index.
    // The glossary names the spelling without a space as a variant of NAT ゲートウェイ.
    const glossary = readFileSync(join(dist, "ja/reference/glossary/index.html"), "utf8");
    expect(glossary, "the Japanese glossary should mention NATゲートウェイ").toContain("NATゲートウェイ");
    const page = await chromium.context.newPage();
    await page.goto(`${server.url}ja/`);
    const urls = await searchUrls(page, `${server.url}pagefind/pagefind.js`, "NATゲートウェイ");
    await page.close();
    expect(urls.some((url) => url.includes("/ja/"))).toBe(true);
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LaunchedChromium, launchChromium } from "../../src/diagrams/launch-chromium.ts";
import { buildSite, buildTimeout } from "../site/build-site.ts";
import { readBuiltPages } from "../site/read-built-site.ts";
import { shouldSkipBrowserTests } from "./chromium-gate.ts";
import { searchUrls } from "./search-pagefind.ts";
import { type StaticServer, serveStatic } from "./serve-static.ts";

const base = "/apprunner-egress-lab/";

describe.skipIf(shouldSkipBrowserTests())(`the site built with BASE=${base}`, () => {
  let dist = "";
  let server: StaticServer;
  let chromium: LaunchedChromium;

  beforeAll(async () => {
    dist = await buildSite(base);
    server = await serveStatic(dist, base);
    chromium = await launchChromium();
  }, buildTimeout);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  test("every internal link, stylesheet, script and icon resolves under the base", async () => {
    const origin = new URL(server.url).origin;
    const urls = new Set<string>();
    for (const page of readBuiltPages(dist)) {
      for (const match of page.html.matchAll(/\s(?:href|src)="([^"#]*)(?:#[^"]*)?"/g)) {
        const url = match[1] ?? "";
        if (url === "" || /^[a-z]+:/i.test(url) || url.startsWith("//")) continue;
        urls.add(new URL(url, `${origin}${base}${page.path}`).href);
      }
    }
    const broken: string[] = [];
    for (const url of urls) {
      if (!new URL(url).pathname.startsWith(base)) broken.push(`${url} (outside base)`);
      else if ((await fetch(url)).status !== 200) broken.push(url);
    }
    expect(urls.size).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  });

  test("pages load their CSS and the search index from under the base in a browser", async () => {
    const page = await chromium.context.newPage();
    const failed: string[] = [];
    page.on("response", (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${server.url}fix/nat-gateway/`);
    const hasStyles = await page.evaluate(() =>
      getComputedStyle(document.body).getPropertyValue("--sl-color-bg").trim(),
    );
    const results = (await searchUrls(page, `${server.url}pagefind/pagefind.js`, "NAT gateway")).length;
    await page.close();
    expect(hasStyles).not.toBe("");
    expect(results).toBeGreaterThan(0);
    expect(failed).toEqual([]);
  });

  test("the sitemap and canonical links carry the base", () => {
    expect(readFileSync(join(dist, "sitemap-0.xml"), "utf8")).toContain(`${base}fix/nat-gateway/</loc>`);
    expect(readFileSync(join(dist, "index.html"), "utf8")).toMatch(
      new RegExp(`rel="canonical" href="[^"]*${base}"`),
    );
  });
});

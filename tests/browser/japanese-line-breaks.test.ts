// Japanese headings break between phrases on a phone, not inside a word: at 390 px the title
// 「1 つのリクエストを追う」 once broke as 「…を追/う」 (issue 14). Measured in Chromium: the line each
// character of the heading sits on, from the text's own layout rectangles.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LaunchedChromium, launchChromium } from "../../src/diagrams/launch-chromium.ts";
import { buildSite, buildTimeout } from "../site/build-site.ts";
import { shouldSkipBrowserTests } from "./chromium-gate.ts";
import { type StaticServer, serveStatic } from "./serve-static.ts";

/** Runs in the page: the heading's text split into the lines the browser laid it out on. */
function headingLines(selector: string): string[] {
  const heading = document.querySelector(selector);
  if (heading === null) return [];
  const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
  const lines = new Map<number, string>();
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const text = node.textContent ?? "";
    for (let index = 0; index < text.length; index++) {
      const range = document.createRange();
      range.setStart(node, index);
      range.setEnd(node, index + 1);
      const rect = range.getBoundingClientRect();
      if (rect.width === 0) continue;
      const top = Math.round(rect.top);
      lines.set(top, (lines.get(top) ?? "") + text[index]);
    }
  }
  return [...lines.entries()].sort(([a], [b]) => a - b).map(([, line]) => line.trim());
}

describe.skipIf(shouldSkipBrowserTests())("Japanese line breaks on a phone (390 px)", () => {
  let chromium: LaunchedChromium;
  let server: StaticServer;

  beforeAll(async () => {
    server = await serveStatic(await buildSite("/"));
    chromium = await launchChromium();
  }, buildTimeout);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  test("「1 つのリクエストを追う」 never splits 「追う」, and Japanese text uses phrase breaking", async () => {
    const page = await chromium.context.newPage();
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${server.url}ja/concepts/one-request/`);
      const lines = await page.evaluate(headingLines, "h1#_top");
      expect(lines.join("").replace(/\s/g, "")).toBe("1つのリクエストを追う");
      expect(
        lines.some((line) => line.endsWith("追") || line.startsWith("う")),
        lines.join(" / "),
      ).toBe(false);
      const wordBreak = await page.evaluate(() => {
        const heading = document.querySelector("h1#_top");
        return heading === null ? null : getComputedStyle(heading).wordBreak;
      });
      expect(wordBreak).toBe("auto-phrase");
    } finally {
      await page.close();
    }
  });
});

// The key pages at desktop and phone width, in English and Japanese: a screenshot of each for people
// (test-results/screenshots/), and the layout facts a regression would break, measured in the page:
// nothing wider than the viewport (a 390 px phone must not scroll sideways), each diagram shown in
// one variant, its frame inside the viewport (a wide drawing scrolls inside the frame) and its labels
// at a readable size (12 px at least: a phone once got 4 px labels; every diagram page, light and dark,
// is measured in diagram-legibility.test.ts), and body text no smaller
// than 16 px (the size browsers and phone makers treat as legible body text; Lighthouse flags less
// than 12 px).

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LaunchedChromium, launchChromium } from "../../src/diagrams/launch-chromium.ts";
import { buildSite, buildTimeout, projectRoot } from "../site/build-site.ts";
import { shouldSkipBrowserTests } from "./chromium-gate.ts";
import { type StaticServer, serveStatic } from "./serve-static.ts";
import { listPagePaths } from "./site-pages.ts";

const screenshotDirectory = join(projectRoot, "test-results/screenshots");
const keyPages = ["", "concepts/networking-modes/", "fix/nat-gateway/", "playground/"];
const viewports = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

interface Layout {
  viewportWidth: number;
  documentWidth: number;
  /** Elements whose right edge passes the viewport, outside a container that scrolls. */
  overflowing: string[];
  diagrams: {
    width: number;
    left: number;
    right: number;
    scrollsInside: boolean;
    shownVariants: number;
    smallestLabelPx: number;
  }[];
  bodyTextPx: number;
}

/** Runs in the page: what a reader would see, in CSS pixels. */
function measureLayout(): Layout {
  const viewportWidth = document.documentElement.clientWidth;
  const scrollsSideways = (element: Element | null): boolean => {
    for (let node = element; node !== null && node !== document.body; node = node.parentElement) {
      const overflowX = getComputedStyle(node).overflowX;
      if (overflowX === "auto" || overflowX === "scroll" || overflowX === "hidden") return true;
    }
    return false;
  };
  const overflowing: string[] = [];
  for (const element of document.querySelectorAll("main *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= viewportWidth + 1 || scrollsSideways(element.parentElement)) continue;
    overflowing.push(
      `${element.tagName.toLowerCase()}.${[...element.classList].join(".")} right=${Math.round(box.right)}`,
    );
  }
  const diagrams = [...document.querySelectorAll("figure.diagram-figure")].map((figure) => {
    const shown = [...figure.querySelectorAll(".diagram-figure__variant")].filter(
      (variant) => getComputedStyle(variant).display !== "none",
    );
    const svg = shown[0]?.querySelector("svg");
    const box = (svg ?? figure).getBoundingClientRect();
    // The frame is what the reader sees; a drawing wider than it scrolls inside it.
    const frameElement = figure.querySelector(".diagram-figure__frame") ?? figure;
    const frame = frameElement.getBoundingClientRect();
    const scrollsInside =
      frameElement.scrollWidth <= frameElement.clientWidth ||
      getComputedStyle(frameElement).overflowX === "auto";
    const labels = [...(svg?.querySelectorAll("text, foreignObject div, foreignObject span") ?? [])]
      .map((label) => {
        const rect = label.getBoundingClientRect();
        // The rendered height of one line of the label: its font size after the SVG is scaled.
        const scale =
          svg === null || svg === undefined
            ? 1
            : svg.getBoundingClientRect().width /
              (svg.viewBox.baseVal?.width || svg.getBoundingClientRect().width);
        const fontPx = Number.parseFloat(getComputedStyle(label).fontSize) * scale;
        return rect.height > 0 ? fontPx : Number.POSITIVE_INFINITY;
      })
      .filter((size) => Number.isFinite(size));
    return {
      width: box.width,
      left: frame.left,
      right: frame.right,
      scrollsInside,
      shownVariants: shown.length,
      smallestLabelPx: labels.length === 0 ? 0 : Math.min(...labels),
    };
  });
  const paragraph = document.querySelector("main .sl-markdown-content p");
  return {
    viewportWidth,
    documentWidth: document.documentElement.scrollWidth,
    overflowing,
    diagrams,
    bodyTextPx: paragraph === null ? 0 : Number.parseFloat(getComputedStyle(paragraph).fontSize),
  };
}

describe.skipIf(shouldSkipBrowserTests())("the key pages as readers see them", () => {
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

  for (const [device, viewport] of Object.entries(viewports)) {
    test(`home, a concepts page, fix/nat-gateway and the playground, en and ja, at ${device} width (${viewport.width} px): no sideways scroll, diagrams shown and readable, body text at least 16 px`, async () => {
      const targets = keyPages.flatMap((path) => [path, `ja/${path}`]).filter((path) => available.has(path));
      expect(targets).toHaveLength(keyPages.length * 2);
      const page = await chromium.context.newPage();
      const problems: string[] = [];
      try {
        await page.setViewportSize(viewport);
        for (const path of targets) {
          await page.goto(`${server.url}${path}`);
          const layout = await page.evaluate(measureLayout);
          const where = `/${path} at ${viewport.width} px`;
          if (layout.documentWidth > layout.viewportWidth)
            problems.push(
              `${where}: the page is ${layout.documentWidth} px wide (${layout.overflowing.slice(0, 3).join("; ")})`,
            );
          if (layout.bodyTextPx < 16) problems.push(`${where}: body text is ${layout.bodyTextPx} px`);
          for (const [index, diagram] of layout.diagrams.entries()) {
            const name = `${where}, diagram ${index + 1}`;
            if (diagram.shownVariants !== 1)
              problems.push(`${name}: ${diagram.shownVariants} variants shown`);
            if (diagram.width < Math.min(300, viewport.width - 40))
              problems.push(`${name}: only ${Math.round(diagram.width)} px wide`);
            if (diagram.left < 0 || diagram.right > layout.viewportWidth + 1)
              problems.push(
                `${name}: its frame spans ${Math.round(diagram.left)}-${Math.round(diagram.right)} px`,
              );
            if (!diagram.scrollsInside) problems.push(`${name}: wider than its frame, which does not scroll`);
            if (diagram.smallestLabelPx < 12)
              problems.push(`${name}: labels shrunk to ${diagram.smallestLabelPx.toFixed(1)} px`);
          }
          const file = join(
            screenshotDirectory,
            `${path.replace(/\/$/, "").replace(/\//g, "_") || "home"}-${device}.png`,
          );
          await page.screenshot({ path: file, fullPage: true });
        }
      } finally {
        await page.close();
      }
      expect(problems).toEqual([]);
    }, 180_000);
  }

  test("the diagram pages have diagrams to measure", async () => {
    const page = await chromium.context.newPage();
    try {
      for (const path of ["concepts/networking-modes/", "fix/nat-gateway/"]) {
        await page.goto(`${server.url}${path}`);
        expect((await page.evaluate(measureLayout)).diagrams.length, path).toBeGreaterThan(0);
      }
    } finally {
      await page.close();
    }
  });
});

// Every diagram of the built guide, as a reader sees it: on a 390 px phone and a 1280 px desktop, in
// English and Japanese, light and dark. Measured in Chromium: each label's font size times the scale
// the SVG is drawn at (12 px at least, the size Lighthouse treats as legible), the page never scrolls
// sideways (a wide drawing scrolls inside its focusable frame, and on a phone a line under it says
// so), the drawing keeps its title and description, and its full-size view (the figure's own link)
// covers the window at the width Mermaid drew it and its close link leads back.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LaunchedChromium, launchChromium } from "../../src/diagrams/launch-chromium.ts";
import { buildSite, buildTimeout } from "../site/build-site.ts";
import { shouldSkipBrowserTests } from "./chromium-gate.ts";
import { type StaticServer, serveStatic } from "./serve-static.ts";
import { listPagePaths, type Theme, themeInitScript } from "./site-pages.ts";

const MIN_LABEL_PX = 12;
const viewports = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };
const themes: Theme[] = ["light", "dark"];

interface FigureFacts {
  shownVariants: number;
  smallestLabelPx: number;
  labels: number;
  overflows: boolean;
  frameScrolls: boolean;
  frameFocusable: boolean;
  hintShown: boolean;
  titled: boolean;
  described: boolean;
}

/** Runs in the page. */
function measureFigures(): { documentWidth: number; viewportWidth: number; figures: FigureFacts[] } {
  const figures = [...document.querySelectorAll("figure.diagram-figure")].map((figure): FigureFacts => {
    const shown = [...figure.querySelectorAll(".diagram-figure__variant")].filter(
      (variant) => getComputedStyle(variant).display !== "none",
    );
    const svg = shown[0]?.querySelector("svg") ?? null;
    const frame = figure.querySelector(".diagram-figure__frame");
    const scale = svg === null ? 1 : svg.getBoundingClientRect().width / (svg.viewBox.baseVal?.width || 1);
    const sizes = [...(svg?.querySelectorAll("text, foreignObject div, foreignObject span") ?? [])]
      .filter((label) => label.getBoundingClientRect().height > 0 && (label.textContent ?? "").trim() !== "")
      .map((label) => Number.parseFloat(getComputedStyle(label).fontSize) * scale);
    const hint = figure.querySelector(".diagram-figure__hint");
    const reference = (attribute: string) =>
      (svg?.getAttribute(attribute) ?? "")
        .split(/\s+/)
        .some((id) => id !== "" && (document.getElementById(id)?.textContent ?? "").trim() !== "");
    return {
      shownVariants: shown.length,
      smallestLabelPx: sizes.length === 0 ? 0 : Math.min(...sizes),
      labels: sizes.length,
      overflows: frame !== null && frame.scrollWidth > frame.clientWidth + 1,
      frameScrolls: frame !== null && getComputedStyle(frame).overflowX === "auto",
      frameFocusable: frame?.getAttribute("tabindex") === "0",
      hintShown: hint !== null && getComputedStyle(hint).display !== "none",
      titled: reference("aria-labelledby"),
      described: reference("aria-describedby"),
    };
  });
  return {
    documentWidth: document.documentElement.scrollWidth,
    viewportWidth: document.documentElement.clientWidth,
    figures,
  };
}

describe.skipIf(shouldSkipBrowserTests())("every diagram is legible", () => {
  let chromium: LaunchedChromium;
  let server: StaticServer;
  const diagramPages: string[] = [];

  beforeAll(async () => {
    const dist = await buildSite("/");
    server = await serveStatic(dist);
    chromium = await launchChromium();
    const page = await chromium.context.newPage();
    for (const path of listPagePaths(dist)) {
      await page.goto(`${server.url}${path}`);
      if ((await page.locator("figure.diagram-figure").count()) > 0) diagramPages.push(path);
    }
    await page.close();
  }, buildTimeout);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  test("the guide has diagrams in both languages", () => {
    expect(diagramPages.filter((path) => !path.startsWith("ja/")).length).toBeGreaterThanOrEqual(5);
    expect(diagramPages.filter((path) => path.startsWith("ja/")).length).toBeGreaterThanOrEqual(5);
  });

  for (const [device, viewport] of Object.entries(viewports)) {
    for (const theme of themes) {
      test(`at ${device} width (${viewport.width} px), ${theme}: labels >= ${MIN_LABEL_PX} px, no sideways page scroll, wide drawings scroll in a focusable frame`, async () => {
        const page = await chromium.context.newPage();
        await page.addInitScript(themeInitScript(theme));
        await page.setViewportSize(viewport);
        const problems: string[] = [];
        const smallest: number[] = [];
        try {
          for (const path of diagramPages) {
            await page.goto(`${server.url}${path}`);
            const facts = await page.evaluate(measureFigures);
            const where = `/${path}`;
            if (facts.documentWidth > facts.viewportWidth)
              problems.push(
                `${where}: the page is ${facts.documentWidth} px wide in a ${facts.viewportWidth} px window`,
              );
            for (const [index, figure] of facts.figures.entries()) {
              const name = `${where} diagram ${index + 1}`;
              smallest.push(figure.smallestLabelPx);
              if (figure.shownVariants !== 1)
                problems.push(`${name}: ${figure.shownVariants} variants shown`);
              if (figure.labels === 0) problems.push(`${name}: no visible label`);
              if (figure.smallestLabelPx < MIN_LABEL_PX)
                problems.push(`${name}: a label renders at ${figure.smallestLabelPx.toFixed(1)} px`);
              if (!figure.titled || !figure.described)
                problems.push(`${name}: lost its title or description`);
              if (figure.overflows && !(figure.frameScrolls && figure.frameFocusable))
                problems.push(`${name}: wider than its frame, which a keyboard cannot scroll`);
              if (figure.overflows !== figure.hintShown && viewport.width < 800)
                problems.push(
                  `${name}: overflows=${figure.overflows} but the scroll hint shown=${figure.hintShown}`,
                );
            }
          }
        } finally {
          await page.close();
        }
        console.log(
          `diagram legibility, ${device} ${theme}: ${smallest.length} diagrams, smallest label ${Math.min(...smallest).toFixed(1)} px`,
        );
        expect(problems).toEqual([]);
      }, 240_000);
    }
  }

  test("a diagram's full-size view covers the window below the header at its drawn width, and its close link leads back", async () => {
    const page = await chromium.context.newPage();
    await page.setViewportSize(viewports.phone);
    try {
      const path = diagramPages.find((candidate) => candidate.startsWith("ja/")) ?? "";
      await page.goto(`${server.url}${path}`);
      const open = page.locator("a.diagram-figure__open").first();
      expect(await open.textContent()).toBe("図を全画面で開く");
      await open.click();
      const full = await page.evaluate(() => {
        const figure = document.querySelector("figure.diagram-figure:target");
        const svg = [...(figure?.querySelectorAll(".diagram-figure__variant") ?? [])]
          .find((variant) => getComputedStyle(variant).display !== "none")
          ?.querySelector("svg");
        const box = figure?.getBoundingClientRect();
        return {
          position: figure === null ? "" : getComputedStyle(figure as Element).position,
          // Below the site's header and the phone's "On this page" bar, to the window's edges.
          covers:
            box !== undefined &&
            box.width >= window.innerWidth - 1 &&
            box.bottom >= window.innerHeight - 1 &&
            box.top <= 120,
          drawnWidth: svg?.getBoundingClientRect().width ?? 0,
          naturalWidth: svg?.viewBox.baseVal.width ?? 0,
        };
      });
      expect(full.position).toBe("fixed");
      expect(full.covers).toBe(true);
      expect(full.drawnWidth).toBeGreaterThanOrEqual(Math.floor(full.naturalWidth));
      await page.locator("figure.diagram-figure:target a.diagram-figure__close").click();
      expect(await page.evaluate(() => document.querySelector("figure.diagram-figure:target"))).toBeNull();
      expect(new URL(page.url()).hash).toMatch(/^#diagram-\d+-place$/);
    } finally {
      await page.close();
    }
  });
});

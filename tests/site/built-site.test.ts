import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import {
  assetFile,
  gzipSize,
  listPageScripts,
  measurePageWeights,
  withStaticImports,
} from "../../src/integrations/page-weights.ts";
import { buildSite, buildTimeout } from "./build-site.ts";
import { collectScripts, readBuiltPages } from "./read-built-site.ts";

let dist = "";

beforeAll(async () => {
  dist = await buildSite("/");
}, buildTimeout);

/**
 * Starlight's own JavaScript. Astro names a component script chunk after its component
 * (`Search.astro_astro_type_script_index_0_lang.*.js`); shared chunks: `page` (Astro's page entry),
 * `ui-core` (Pagefind UI), `starlight-toc`, `ec` (Expressive Code's copy button).
 */
const starlightChunk =
  /^\/?(?:.*\/)?_astro\/(?:(?:Search|TableOfContents|MobileTableOfContents|Tabs|LanguageSelect|ThemeSelect|SidebarPersister|SidebarRestorePoint)\.astro_astro_type_script_index_\d+_lang|page|ui-core|starlight-toc|ec)\.[\w-]+\.js$/;
/** Markers of Starlight's small inline scripts (theme, search shortcut, sidebar, tabs, language select, TOC). */
const starlightInlineMarkers = [
  "StarlightThemeProvider",
  "starlight-theme",
  "data-open-modal",
  "starlight__sidebar",
  "sl-sidebar",
  "starlight-synced-tabs",
  "starlight-lang-select",
  "min-width: 50em",
];

/** The playground's component scripts (src/components/Playground*.astro): entries that import its chunk. */
const playgroundEntry =
  /^\/?(?:.*\/)?_astro\/Playground(?:Export)?\.astro_astro_type_script_index_\d+_lang\.[\w-]+\.js$/;
const playgroundPages = ["playground/index.html", "ja/playground/index.html"];

/** The playground's scripts on a page: its component entries and every module they import. */
function playgroundScripts(page: string): string[] {
  const html = readFileSync(join(dist, page), "utf8");
  const entries = collectScripts(html).external.filter((src) => playgroundEntry.test(src));
  return withStaticImports(dist, "/", entries);
}

const gzipOf = (urls: string[]) =>
  urls.reduce((total, url) => total + gzipSize(assetFile(dist, "/", url) ?? ""), 0);

describe("the built site", () => {
  test("no page but the playground ships JavaScript other than Starlight's own", () => {
    const foreign: string[] = [];
    for (const page of readBuiltPages(dist)) {
      const { external, inline } = collectScripts(page.html);
      const allowed = (src: string) =>
        starlightChunk.test(src) || (playgroundPages.includes(page.path) && playgroundEntry.test(src));
      for (const src of external) if (!allowed(src)) foreign.push(`${page.path}: ${src}`);
      for (const body of inline) {
        if (!starlightInlineMarkers.some((marker) => body.includes(marker))) {
          foreign.push(`${page.path}: inline <script> ${body.trim().slice(0, 80)}`);
        }
      }
    }
    expect(foreign).toEqual([]);
  });

  test("no Mermaid code or script reference exists anywhere in dist", () => {
    const files = readdirSync(dist, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(js|mjs)$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name));
    const withMermaid = files.filter((file) => /mermaid/i.test(readFileSync(file, "utf8")));
    const pagesLoadingMermaid = readBuiltPages(dist).filter((page) =>
      collectScripts(page.html).external.some((src) => /mermaid/i.test(src)),
    );
    expect(withMermaid).toEqual([]);
    expect(pagesLoadingMermaid.map((page) => page.path)).toEqual([]);
  });

  test("no ```mermaid block survives as a code block", () => {
    const leftovers = readBuiltPages(dist).filter((page) =>
      /data-language="mermaid"|language-mermaid/.test(page.html),
    );
    expect(leftovers.map((page) => page.path)).toEqual([]);
  });

  test("every diagram figure has an accessible title and description and page-unique ids", () => {
    let figures = 0;
    for (const page of readBuiltPages(dist)) {
      figures += page.html.match(/<figure class="diagram-figure"[ >]/g)?.length ?? 0;
      const svgs = [...page.html.matchAll(/<svg id="(diagram-[^"]+)"[^>]*>/g)];
      for (const svg of svgs) {
        expect(svg[0], page.path).toMatch(/aria-labelledby="[^"]+"/);
        expect(svg[0], page.path).toMatch(/aria-describedby="[^"]+"/);
      }
      const ids = [...page.html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
      const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
      expect(duplicates, page.path).toEqual([]);
    }
    expect(figures).toBeGreaterThan(0);
  });

  test("the playground's JavaScript loads on its pages only, at most 40 KiB gzip with everything it imports", () => {
    for (const page of playgroundPages) {
      const scripts = playgroundScripts(page);
      expect(
        scripts.some((url) => playgroundEntry.test(url)),
        page,
      ).toBe(true);
      const size = gzipOf(scripts);
      expect(size, `${page}: ${scripts.join(", ")}`).toBeGreaterThan(1024);
      expect(size, `${page}: ${scripts.join(", ")}`).toBeLessThanOrEqual(40 * 1024);
    }
    const elsewhere = readBuiltPages(dist)
      .filter((page) => !playgroundPages.includes(page.path))
      .flatMap((page) =>
        listPageScripts(dist, page.path)
          .filter((url) => playgroundScripts(playgroundPages[0] ?? "").includes(url))
          .map((url) => `${page.path}: ${url}`),
      );
    expect(elsewhere).toEqual([]);
  });

  test("every page stays within its size budget: Starlight's own page weight plus 25 KiB (the playground: plus its 40 KiB of script)", () => {
    const weights = measurePageWeights(dist);
    // Starlight's 404 page carries no content of ours: the weight of Starlight itself.
    const starlight = weights.find((weight) => weight.page === "404.html");
    expect(starlight).toBeDefined();
    // Starlight's own scripts that a content page loads and the 404 page does not (the table of
    // contents) are Starlight's weight too.
    const onStarlight404 = new Set(listPageScripts(dist, "404.html"));
    const starlightExtra = (page: string) =>
      gzipOf(
        listPageScripts(dist, page).filter((url) => starlightChunk.test(url) && !onStarlight404.has(url)),
      );
    const budgetOf = (page: string) =>
      (starlight?.total ?? 0) +
      starlightExtra(page) +
      25 * 1024 +
      (playgroundPages.includes(page) ? 40 * 1024 : 0);
    const over = weights
      .filter((weight) => weight.total > budgetOf(weight.page))
      .map((w) => `${w.page}: ${w.total} > ${budgetOf(w.page)}`);
    expect(over).toEqual([]);
  });

  test("the sitemap lists the English and Japanese home pages", () => {
    const sitemap = readFileSync(join(dist, "sitemap-0.xml"), "utf8");
    expect(sitemap).toMatch(/<loc>https?:\/\/[^<]+\/<\/loc>/);
    expect(sitemap).toMatch(/<loc>https?:\/\/[^<]+\/ja\/<\/loc>/);
  });

  test("every page has social meta tags and the favicon", () => {
    for (const page of readBuiltPages(dist)) {
      for (const tag of ['property="og:title"', 'property="og:description"', 'name="twitter:card"']) {
        expect(page.html, `${page.path} ${tag}`).toContain(tag);
      }
      expect(page.html, page.path).toMatch(
        /<link rel="shortcut icon" href="\/favicon\.svg"|<link[^>]+href="\/favicon\.svg"/,
      );
    }
    expect(readFileSync(join(dist, "favicon.svg"), "utf8")).toContain("<svg");
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { measurePageWeights } from "../../src/integrations/page-weights.ts";
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

describe("the built site", () => {
  test("no page ships JavaScript other than Starlight's own", () => {
    const foreign: string[] = [];
    for (const page of readBuiltPages(dist)) {
      const { external, inline } = collectScripts(page.html);
      for (const src of external) if (!starlightChunk.test(src)) foreign.push(`${page.path}: ${src}`);
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

  test("every page stays within its size budget: Starlight's own page weight plus 25 KiB", () => {
    const weights = measurePageWeights(dist);
    // Starlight's 404 page carries no content of ours: the weight of Starlight itself.
    const starlight = weights.find((weight) => weight.page === "404.html");
    expect(starlight).toBeDefined();
    const budget = (starlight?.total ?? 0) + 25 * 1024;
    const over = weights
      .filter((weight) => weight.total > budget)
      .map((w) => `${w.page}: ${w.total} > ${budget}`);
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

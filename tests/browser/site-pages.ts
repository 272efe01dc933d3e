import { listHtmlPages } from "../../src/integrations/page-weights.ts";

/** URL paths (relative to the base) of every built page, "" for the home page. */
export function listPagePaths(distDir: string): string[] {
  return listHtmlPages(distDir)
    .filter((page) => page !== "404.html")
    .map((page) => page.replace(/index\.html$/, ""));
}

export type Theme = "light" | "dark";

/** Starlight reads the theme from localStorage 'starlight-theme' before first paint (ThemeProvider). */
export function themeInitScript(theme: Theme): string {
  return `try { localStorage.setItem("starlight-theme", ${JSON.stringify(theme)}); } catch {}`;
}

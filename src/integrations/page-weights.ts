/**
 * Page weights of a built site: for each HTML page, the gzip size of the HTML plus every
 * stylesheet and script it loads (what a first visit downloads, fonts and images aside). Scripts
 * count with the modules they import statically (a component's script is a small entry that imports
 * a shared chunk); dynamic import() loads later, on demand, and is not counted.
 *
 * Printed after every `astro build` (./page-weights-integration.ts) and by `npm run weights`
 * (scripts/page-weights.ts).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { gzipSync } from "node:zlib";

export interface PageWeight {
  /** The page's path inside dist, with forward slashes (e.g. "fix/nat-gateway/index.html"). */
  readonly page: string;
  readonly html: number;
  readonly css: number;
  readonly js: number;
  readonly total: number;
}

const gzipCache = new Map<string, number>();

export function gzipSize(file: string): number {
  let size = gzipCache.get(file);
  if (size === undefined) {
    size = gzipSync(readFileSync(file), { level: 9 }).length;
    gzipCache.set(file, size);
  }
  return size;
}

function attribute(tag: string, name: string): string[] {
  const value = new RegExp(`\\b${name}="([^"]+)"`).exec(tag)?.[1];
  return value === undefined ? [] : [value];
}

/** Stylesheets and external scripts referenced by one HTML document, as URLs. */
export function findPageAssets(html: string): { css: string[]; js: string[] } {
  const css = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*>/g)].flatMap((m) =>
    attribute(m[0], "href"),
  );
  const js = [
    ...[...html.matchAll(/<script\b[^>]*>/g)].flatMap((m) => attribute(m[0], "src")),
    ...[...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*>/g)].flatMap((m) => attribute(m[0], "href")),
  ];
  return { css: [...new Set(css)], js: [...new Set(js)] };
}

/** The specifiers of a bundled module's static imports (`import{a as b}from"./x.js"`, `import"./y.js"`). */
export function findStaticImports(js: string): string[] {
  return [...js.matchAll(/\bimport\s*(?:[^"'`()]*?\bfrom\s*)?["']([^"']+)["']/g)].map((m) => m[1] ?? "");
}

/** `urls` and every module they import statically, transitively, as URLs. */
export function withStaticImports(distDir: string, base: string, urls: string[]): string[] {
  const seen = new Set<string>();
  const visit = (url: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    const file = assetFile(distDir, base, url);
    if (file === undefined || !existsSync(file)) return;
    for (const specifier of findStaticImports(readFileSync(file, "utf8"))) {
      if (specifier.startsWith(".") || specifier.startsWith("/"))
        visit(new URL(specifier, new URL(url, "http://site.invalid")).pathname);
    }
  };
  for (const url of urls) visit(url);
  return [...seen];
}

export function assetFile(distDir: string, base: string, url: string): string | undefined {
  if (/^[a-z]+:|^\/\//i.test(url)) return undefined;
  const path = url.split(/[?#]/)[0] ?? "";
  const withinBase = path.startsWith(base) ? path.slice(base.length) : path.replace(/^\//, "");
  return join(distDir, withinBase);
}

export function listHtmlPages(distDir: string): string[] {
  return readdirSync(distDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".html"))
    .map((entry) => relative(distDir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

/** Every script one page loads at first visit, its static imports included, as URLs. */
export function listPageScripts(distDir: string, page: string, base = "/"): string[] {
  const assets = findPageAssets(readFileSync(join(distDir, page), "utf8"));
  return withStaticImports(distDir, normalizeBase(base), assets.js);
}

function normalizeBase(base: string): string {
  return base.endsWith("/") ? base : `${base}/`;
}

export function measurePageWeights(distDir: string, base = "/"): PageWeight[] {
  const normalizedBase = normalizeBase(base);
  return listHtmlPages(distDir).map((page) => {
    const file = join(distDir, page);
    const assets = findPageAssets(readFileSync(file, "utf8"));
    const sum = (urls: string[]) =>
      urls.reduce((total, url) => {
        const asset = assetFile(distDir, normalizedBase, url);
        return asset === undefined ? total : total + gzipSize(asset);
      }, 0);
    const html = gzipSize(file);
    const css = sum(assets.css);
    const js = sum(withStaticImports(distDir, normalizedBase, assets.js));
    return { page, html, css, js, total: html + css + js };
  });
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(10);

export function formatPageWeights(weights: readonly PageWeight[]): string {
  const width = Math.max(4, ...weights.map((w) => w.page.length));
  const header = `${"page".padEnd(width)}${["html", "css", "js", "total"].map((h) => h.padStart(10)).join("")}`;
  const rows = weights.map(
    (w) => `${w.page.padEnd(width)}${kib(w.html)}${kib(w.css)}${kib(w.js)}${kib(w.total)}`,
  );
  return ["Page weights (gzip, HTML + CSS + JS):", header, ...rows].join("\n");
}

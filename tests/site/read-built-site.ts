import { readFileSync } from "node:fs";
import { join } from "node:path";
import { listHtmlPages } from "../../src/integrations/page-weights.ts";

export interface BuiltPage {
  readonly path: string;
  readonly html: string;
}

export function readBuiltPages(distDir: string): BuiltPage[] {
  return listHtmlPages(distDir).map((path) => ({ path, html: readFileSync(join(distDir, path), "utf8") }));
}

export interface PageScripts {
  readonly external: string[];
  readonly inline: string[];
}

/** External script URLs and inline script bodies (JSON-LD and other data blocks excluded). */
export function collectScripts(html: string): PageScripts {
  const external: string[] = [];
  const inline: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attributes = match[1] ?? "";
    const src = /\bsrc="([^"]+)"/.exec(attributes)?.[1];
    const type = /\btype="([^"]+)"/.exec(attributes)?.[1];
    if (src !== undefined) external.push(src);
    else if (type === undefined || type === "module" || type === "text/javascript")
      inline.push(match[2] ?? "");
  }
  return { external, inline };
}

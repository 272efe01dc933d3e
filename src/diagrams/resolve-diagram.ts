import type { RenderedVariants } from "./build-diagram-figure.ts";
import { readCachedSvg, writeCachedSvg } from "./diagram-cache.ts";
import { diagramVariants } from "./diagram-themes.ts";
import { isChromiumAvailable } from "./find-chromium.ts";
import { hashDiagram, normalizeDiagramSource } from "./hash-diagram.ts";
import { readMermaidVersion } from "./mermaid-version.ts";
import { createMermaidRenderer, type MermaidRenderer } from "./render-mermaid.ts";

let renderer: Promise<MermaidRenderer> | undefined;
let mermaidVersion: string | undefined;

/** Closes the Chromium that a build may have started for cache misses. */
export async function closeBuildRenderer(): Promise<void> {
  const pending = renderer;
  renderer = undefined;
  if (pending) await (await pending).close();
}

function describeMissing(file: string | undefined): string {
  return [
    `A Mermaid diagram${file ? ` in ${file}` : ""} has no entry in the render cache (src/diagrams/cache/),`,
    "and Chromium (/usr/bin/chromium, or CHROMIUM_PATH) is not available to render it during the build.",
    "Run `npm run diagrams` on a machine with Chromium and commit src/diagrams/cache/.",
  ].join("\n");
}

/**
 * Both rendered variants of one diagram: from the committed cache, or, on a miss, rendered now in
 * Chromium and written to the cache (so the next build and a fresh clone need no browser).
 */
export async function resolveDiagram(source: string, file?: string): Promise<RenderedVariants> {
  mermaidVersion ??= readMermaidVersion();
  const version = mermaidVersion;
  const normalized = normalizeDiagramSource(source);
  const entries = await Promise.all(
    diagramVariants.map(async (variant) => {
      const key = hashDiagram(normalized, variant, version);
      const cached = readCachedSvg(key);
      if (cached !== undefined) return [variant, cached.trimEnd()] as const;
      if (!isChromiumAvailable()) throw new Error(describeMissing(file));
      renderer ??= createMermaidRenderer();
      const svg = await (await renderer).render({ source: normalized, variant, key });
      writeCachedSvg(key, svg);
      return [variant, svg] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<(typeof entries)[number][0], string>;
}

import { diagramVariants } from "./diagram-themes.ts";
import type { PageDiagrams } from "./extract-diagrams.ts";
import { hashDiagram, normalizeDiagramSource } from "./hash-diagram.ts";
import type { DiagramRenderRequest } from "./render-mermaid.ts";

export interface CachePlan {
  /** Variants that pages use but the cache lacks. */
  readonly missing: readonly (DiagramRenderRequest & { readonly file: string })[];
  /** Cache entries no page uses any more. */
  readonly stale: readonly string[];
}

/** Compares what the pages need with what the cache holds. Pure, so tests need no browser. */
export function planCache(
  pages: readonly PageDiagrams[],
  cachedKeys: readonly string[],
  mermaidVersion: string,
): CachePlan {
  const cached = new Set(cachedKeys);
  const needed = new Set<string>();
  const missing: (DiagramRenderRequest & { file: string })[] = [];
  for (const page of pages) {
    for (const source of page.sources) {
      for (const variant of diagramVariants) {
        const key = hashDiagram(source, variant, mermaidVersion);
        if (needed.has(key)) continue;
        needed.add(key);
        if (!cached.has(key))
          missing.push({ file: page.file, source: normalizeDiagramSource(source), variant, key });
      }
    }
  }
  return { missing, stale: cachedKeys.filter((key) => !needed.has(key)) };
}

import { createHash } from "node:crypto";
import { type DiagramVariant, mermaidRenderConfigs } from "./diagram-themes.ts";

/** Line endings and surrounding blank lines must not change the key (Windows checkouts, editors). */
export function normalizeDiagramSource(source: string): string {
  return source.replace(/\r\n?/g, "\n").trim();
}

/**
 * The cache key of one rendered variant: a content hash of the diagram source, the variant's
 * full Mermaid configuration and the Mermaid version, so any of those changing re-renders.
 */
export function hashDiagram(source: string, variant: DiagramVariant, mermaidVersion: string): string {
  const payload = JSON.stringify({
    source: normalizeDiagramSource(source),
    variant,
    config: mermaidRenderConfigs[variant],
    mermaidVersion,
  });
  return createHash("sha256").update(payload).digest("hex").slice(0, 20);
}

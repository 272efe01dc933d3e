import type { DiagramVariant } from "./diagram-themes.ts";
import { scopeSvgIds } from "./scope-svg-ids.ts";

export type RenderedVariants = Readonly<Record<DiagramVariant, string>>;

/** Mermaid stores each edge's points as base64 for its own re-layout; the static page never needs it. */
function stripRenderOnlyData(svg: string): string {
  return svg.replace(/ data-points="[^"]*"/g, "");
}

/**
 * The markup that replaces one ```mermaid block: a <figure> holding both variants. CSS in
 * src/styles/diagrams.css hides the one that does not match <html data-theme>; display:none
 * also removes it from the accessibility tree, so readers hear the title and description once.
 * Pagefind indexes only the light variant, so search results do not repeat diagram labels.
 *
 * `occurrence` numbers diagrams within one page so ids stay unique even for a repeated diagram.
 */
export function buildDiagramFigure(rendered: RenderedVariants, occurrence: number): string {
  const variant = (name: DiagramVariant, extra: string): string => {
    const svg = scopeSvgIds(stripRenderOnlyData(rendered[name]), `diagram-${occurrence}-${name}`);
    return `<div class="diagram-figure__variant" data-variant="${name}"${extra}>${svg}</div>`;
  };
  return `<figure class="diagram-figure">${variant("light", "")}${variant("dark", " data-pagefind-ignore")}</figure>`;
}

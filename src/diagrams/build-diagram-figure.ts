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
    const width = naturalWidth(svg);
    const style = width === undefined ? "" : ` style="--diagram-width: ${width}px"`;
    return `<div class="diagram-figure__variant" data-variant="${name}"${style}${extra}>${svg}</div>`;
  };
  // tabindex: on a narrow screen the figure scrolls sideways, and a keyboard must reach it too.
  return `<figure class="diagram-figure" tabindex="0">${variant("light", "")}${variant("dark", " data-pagefind-ignore")}</figure>`;
}

/**
 * The width Mermaid laid the diagram out at (its viewBox), in whole pixels. src/styles/diagrams.css
 * keeps the drawing from shrinking far below it, so labels stay readable on a phone: the figure
 * scrolls sideways instead.
 */
function naturalWidth(svg: string): number | undefined {
  const viewBox = /<svg[^>]*\sviewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"/.exec(svg)?.[1];
  return viewBox === undefined ? undefined : Math.ceil(Number(viewBox));
}

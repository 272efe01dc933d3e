import type { DiagramVariant } from "./diagram-themes.ts";
import { scopeSvgIds } from "./scope-svg-ids.ts";

export type RenderedVariants = Readonly<Record<DiagramVariant, string>>;

/** Mermaid stores each edge's points as base64 for its own re-layout; the static page never needs it. */
function stripRenderOnlyData(svg: string): string {
  return svg.replace(/ data-points="[^"]*"/g, "");
}

export type DiagramLanguage = "en" | "ja";

const FIGURE_TEXT: Record<DiagramLanguage, { open: string; close: string; scroll: string }> = {
  en: {
    open: "Open the diagram full size",
    close: "Close the full-size diagram",
    scroll: "Wider than the screen: scroll sideways inside the frame, or open it full size.",
  },
  ja: {
    open: "図を全画面で開く",
    close: "全画面表示を閉じる",
    scroll: "画面より幅の広い図です。枠の中で横にスクロールするか、全画面で開いてください。",
  },
};

/**
 * The markup that replaces one ```mermaid block: a <figure> holding both variants. CSS in
 * src/styles/diagrams.css hides the one that does not match <html data-theme>; display:none
 * also removes it from the accessibility tree, so readers hear the title and description once.
 * Pagefind indexes only the light variant, so search results do not repeat diagram labels.
 *
 * The drawing never shrinks far below the size Mermaid drew it at (labels stay 12 px or more), so a
 * wide one scrolls sideways inside its frame (focusable, so a keyboard reaches it), a line under it
 * says so on a narrow screen, and a link opens the figure over the whole window (CSS :target, no
 * script); its close link returns to the figure's place in the text.
 *
 * `occurrence` numbers diagrams within one page so ids stay unique even for a repeated diagram.
 */
export function buildDiagramFigure(
  rendered: RenderedVariants,
  occurrence: number,
  language: DiagramLanguage = "en",
): string {
  const variant = (name: DiagramVariant, extra: string): string => {
    const svg = scopeSvgIds(stripRenderOnlyData(rendered[name]), `diagram-${occurrence}-${name}`);
    const width = naturalWidth(svg);
    const style = width === undefined ? "" : ` style="--diagram-width: ${width}px"`;
    return `<div class="diagram-figure__variant" data-variant="${name}"${style}${extra}>${svg}</div>`;
  };
  const text = FIGURE_TEXT[language];
  const id = `diagram-${occurrence}`;
  // A drawing narrow enough for a phone's column (a top-to-bottom flowchart) never scrolls, so its
  // figure carries no scroll hint there (src/styles/diagrams.css).
  const widths = (["light", "dark"] as const).map((name) => naturalWidth(rendered[name]) ?? Infinity);
  const fitsPhone = Math.max(...widths) * MIN_SCALE <= PHONE_COLUMN_PX;
  return (
    `<span id="${id}-place" class="diagram-figure__place"></span>` +
    `<figure class="diagram-figure" id="${id}"${fitsPhone ? " data-fits-phone" : ""}>` +
    `<a class="diagram-figure__close" href="#${id}-place">${text.close}</a>` +
    `<div class="diagram-figure__frame" tabindex="0">${variant("light", "")}${variant("dark", " data-pagefind-ignore")}</div>` +
    `<figcaption class="diagram-figure__tools" data-pagefind-ignore>` +
    `<span class="diagram-figure__hint">${text.scroll}</span> ` +
    `<a class="diagram-figure__open" href="#${id}">${text.open}</a>` +
    `</figcaption></figure>`
  );
}

/** The smallest scale src/styles/diagrams.css draws a diagram at (its min-width: 85%). */
const MIN_SCALE = 0.85;
/** The text column of a 390 px phone: the viewport less Starlight's 1rem gutters on each side. */
const PHONE_COLUMN_PX = 390 - 2 * 16;

/**
 * The width Mermaid laid the diagram out at (its viewBox), in whole pixels. src/styles/diagrams.css
 * keeps the drawing from shrinking far below it, so labels stay readable on a phone: the figure
 * scrolls sideways instead.
 */
function naturalWidth(svg: string): number | undefined {
  const viewBox = /<svg[^>]*\sviewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"/.exec(svg)?.[1];
  return viewBox === undefined ? undefined : Math.ceil(Number(viewBox));
}

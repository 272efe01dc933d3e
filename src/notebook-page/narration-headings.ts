// The section headings of a notebook's narration, for its page: each gets an id, and the page's
// "On this page" lists them (src/notebook-page/notebook-toc.ts). Narration headings sit one level
// below the page's own "## The notebook" heading, so `## Probe` in a notebook is an <h3> on the page.
// Computed from the notebook source alone, so the table of contents needs no notebook run.

import { dropTitleHeading } from "./render-narration.ts";
import { splitNotebook } from "./split-notebook.ts";

export interface NarrationHeading {
  /** The heading's level on the page (the notebook's level plus one). */
  depth: number;
  text: string;
  slug: string;
}

/** Lower case, letters, digits and hyphens: "Why: the traced path" -> "why-the-traced-path". */
export function slugifyHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}\s-]/gu, "")
    .trim()
    .replace(/\s+/g, "-");
}

/** Plain text of a Markdown heading's inline content (code spans, emphasis and links unwrapped). */
function plainText(markdown: string): string {
  return markdown
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_]{1,2}([^*_]+)[*_]{1,2}/g, "$1")
    .trim();
}

/** The ATX headings of one narration cell, in order, outside fenced code. */
function cellHeadings(markdown: string): { level: number; text: string }[] {
  const headings: { level: number; text: string }[] = [];
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const match = fenced ? null : /^(#{1,5})\s+(.+?)\s*#*\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined)
      headings.push({ level: match[1].length, text: plainText(match[2]) });
  }
  return headings;
}

/** Every narration heading of the notebook, in page order, each with a page-unique slug. */
export function narrationHeadings(source: string): NarrationHeading[][] {
  const used = new Map<string, number>();
  const unique = (slug: string): string => {
    const seen = used.get(slug) ?? 0;
    used.set(slug, seen + 1);
    return seen === 0 ? slug : `${slug}-${seen}`;
  };
  return splitNotebook(source).map((cell, position) => {
    if (cell.kind !== "markdown") return [];
    const markdown = position === 0 ? dropTitleHeading(cell.markdown) : cell.markdown;
    return cellHeadings(markdown).map(({ level, text }) => ({
      depth: level + 1,
      text,
      slug: unique(slugifyHeading(text)),
    }));
  });
}

/**
 * Gives the rendered headings of one narration cell their page level and ids, in order:
 * `<h2>Probe</h2>` becomes `<h3 id="probe">Probe</h3>`.
 */
export function applyNarrationHeadings(html: string, headings: readonly NarrationHeading[]): string {
  let next = 0;
  return html.replace(/<h([1-6])>([\s\S]*?)<\/h\1>/g, (whole, _level: string, inner: string) => {
    const heading = headings[next++];
    if (heading === undefined) return whole;
    const tag = `h${Math.min(heading.depth, 6)}`;
    return `<${tag} id="${heading.slug}">${inner}</${tag}>`;
  });
}

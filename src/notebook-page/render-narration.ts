// Narration cells to HTML at build time, with Sätteri (the Markdown processor Astro 7 uses; a
// dependency of the project already), so pages need no Markdown at run time.

import { markdownToHtml } from "satteri";

export function renderNarration(markdown: string): string {
  return markdownToHtml(markdown).html;
}

/** The notebook's own `# Title` line: the page has its own title, so the first cell drops it. */
export function dropTitleHeading(markdown: string): string {
  return markdown.replace(/^# [^\n]*\n*/, "");
}

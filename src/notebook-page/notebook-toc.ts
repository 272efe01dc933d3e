/// <reference types="@astrojs/starlight" />
// Starlight route middleware: a notebook page's "On this page" lists the notebook's own sections.
// Starlight builds the table of contents from the headings of the MDX file, and the notebook's
// headings come from <NotebookView> (src/components/NotebookView.astro), which Markdown never sees;
// this adds them under the page heading that introduces the notebook, with the ids
// src/notebook-page/narration-headings.ts gives the rendered headings.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineRouteMiddleware } from "@astrojs/starlight/route-data";
import { narrationHeadings } from "./narration-headings.ts";

interface TocItem {
  depth: number;
  slug: string;
  text: string;
  children: TocItem[];
}

/** The notebook a page shows, and the text of the `##` heading just above <NotebookView>. */
export function findNotebookView(body: string): { notebook: string; sectionText: string | null } | null {
  const view = /<NotebookView\s[^>]*notebook="([^"]+)"/.exec(body);
  if (view?.[1] === undefined) return null;
  const before = body.slice(0, view.index);
  const sections = [...before.matchAll(/^## +(.+?)\s*$/gm)];
  return { notebook: view[1], sectionText: sections.at(-1)?.[1] ?? null };
}

/** The table of contents with the notebook's headings nested under its section (or appended). */
export function addNotebookHeadings(
  items: TocItem[],
  source: string,
  sectionText: string | null,
  maxDepth: number,
): TocItem[] {
  const added = narrationHeadings(source)
    .flat()
    .filter((heading) => heading.depth <= maxDepth)
    .map((heading) => ({ ...heading, children: [] }));
  const section = items.find((item) => item.depth === 2 && item.text === sectionText);
  if (section === undefined) return [...items, ...added];
  return items.map((item) => (item === section ? { ...item, children: [...item.children, ...added] } : item));
}

export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
  const found = findNotebookView(route.entry.body ?? "");
  if (found === null || route.toc === undefined) return;
  const source = readFileSync(join(process.cwd(), found.notebook), "utf8");
  route.toc.items = addNotebookHeadings(
    route.toc.items,
    source,
    found.sectionText,
    route.toc.maxHeadingLevel,
  );
});

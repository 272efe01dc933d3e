import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { markdownToMdast, mdxToMdast } from "satteri";

interface TreeNode {
  type: string;
  lang?: string | null;
  value?: string;
  children?: TreeNode[];
}

function collectMermaid(node: TreeNode, found: string[]): void {
  if (node.type === "code" && node.lang === "mermaid" && typeof node.value === "string")
    found.push(node.value);
  for (const child of node.children ?? []) collectMermaid(child, found);
}

/**
 * The ```mermaid code blocks of one page, parsed by the same Markdown engine (Sätteri) that Astro
 * uses at build time, so the script and the build agree on every block's exact text.
 * `directive: true` mirrors Starlight, which turns it on for its `:::note` asides.
 */
export function extractMermaidBlocks(source: string, format: "markdown" | "mdx"): string[] {
  const options = { features: { directive: true } };
  const tree = (
    format === "mdx" ? mdxToMdast(source, options) : markdownToMdast(source, options)
  ) as TreeNode;
  const found: string[] = [];
  collectMermaid(tree, found);
  return found;
}

export interface PageDiagrams {
  readonly file: string;
  readonly sources: readonly string[];
}

function listContentFiles(directory: string): string[] {
  const entries = readdirSync(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.mdx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Every .md/.mdx page under the docs collection (all locales) with the diagrams it contains. */
export function findDiagramsInContent(directory: string): PageDiagrams[] {
  return listContentFiles(directory)
    .map((file) => ({
      file,
      sources: extractMermaidBlocks(readFileSync(file, "utf8"), file.endsWith(".mdx") ? "mdx" : "markdown"),
    }))
    .filter((page) => page.sources.length > 0);
}

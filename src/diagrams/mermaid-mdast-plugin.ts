import { fileURLToPath } from "node:url";
import type { MdastPluginDefinition, PluginFactoryContext } from "satteri";
import { buildDiagramFigure } from "./build-diagram-figure.ts";
import { resolveDiagram } from "./resolve-diagram.ts";

/**
 * A Sätteri mdast plugin (Astro 7's default Markdown engine) that swaps each ```mermaid block for
 * the pre-rendered <figure>. mdast plugins run before every hast plugin, and Expressive Code is a
 * hast plugin, so it never sees these blocks. Registered as a factory: Sätteri calls it once per
 * document, which gives each page its own diagram counter for unique ids.
 *
 * Raw HTML is spliced the way Starlight splices its aside icons (integrations/satteri.js): an
 * `html` node in Markdown, a `<Fragment set:html>` in MDX (where raw HTML would be parsed as JSX).
 */
export function createMermaidMdastPlugin(context: PluginFactoryContext): MdastPluginDefinition {
  let occurrence = 0;
  const file = context.fileURL ? fileURLToPath(context.fileURL) : undefined;
  // The figure's own words (full-size link, scroll hint) follow the page: Japanese pages live under ja/.
  const language = file !== undefined && /[\\/]content[\\/]docs[\\/]ja[\\/]/.test(file) ? "ja" : "en";
  return {
    name: "egress-lab-mermaid",
    async code(node) {
      if (node.lang !== "mermaid") return undefined;
      // Taken before the await: documents' visitors run concurrently with one another.
      occurrence += 1;
      const number = occurrence;
      const html = buildDiagramFigure(await resolveDiagram(node.value, file), number, language);
      if (context.sourceFormat === "mdx") {
        return {
          type: "mdxJsxFlowElement",
          name: "Fragment",
          attributes: [{ type: "mdxJsxAttribute", name: "set:html", value: html }],
          children: [],
        } as never;
      }
      return { type: "html", value: html };
    },
  };
}

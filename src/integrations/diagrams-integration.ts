import type { AstroIntegration } from "astro";
import { createMermaidMdastPlugin } from "../diagrams/mermaid-mdast-plugin.ts";
import { closeBuildRenderer } from "../diagrams/resolve-diagram.ts";

function hasMdastPlugins(options: unknown): options is { mdastPlugins: unknown[] } {
  return (
    typeof options === "object" &&
    options !== null &&
    "mdastPlugins" in options &&
    Array.isArray(options.mdastPlugins)
  );
}

/**
 * Renders ```mermaid blocks to inline SVG at build time (no Mermaid JavaScript reaches the site).
 * The plugin joins the shared Markdown processor, which .md and (through @astrojs/mdx's
 * extendMarkdownConfig) .mdx both use.
 */
export function diagramsIntegration(): AstroIntegration {
  return {
    name: "egress-lab-diagrams",
    hooks: {
      "astro:config:setup": ({ config }) => {
        const processor = config.markdown.processor;
        // Same duck-typing as astro-expressive-code, to avoid importing a transitive package.
        const options: unknown = processor.options;
        if (processor.name !== "satteri" || !hasMdastPlugins(options)) {
          throw new Error(
            `egress-lab-diagrams supports the Sätteri Markdown processor only (got "${processor.name}"). ` +
              "Remove `markdown.processor` from astro.config.mjs or port src/diagrams/mermaid-mdast-plugin.ts.",
          );
        }
        options.mdastPlugins.push(createMermaidMdastPlugin);
      },
      "astro:build:done": () => closeBuildRenderer(),
      "astro:server:done": () => closeBuildRenderer(),
    },
  };
}

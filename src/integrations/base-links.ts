import type { AstroIntegration } from "astro";
import type { MdastPluginDefinition } from "satteri";

/**
 * Pages link to other pages with root-absolute paths (`/fix/nat-gateway/`), but Starlight does not
 * prefix Markdown links with Astro's `base`. This Sätteri mdast plugin does, for Markdown links and
 * for `href` attributes of MDX components (LinkCard), so one build serves from a domain root or from
 * a project-pages path such as /apprunner-egress-lab/.
 */
export function prefixBase(url: string, base: string): string {
  const prefix = base.endsWith("/") ? base.slice(0, -1) : base;
  if (prefix === "" || !url.startsWith("/") || url.startsWith("//") || url.startsWith(`${prefix}/`))
    return url;
  return `${prefix}${url}`;
}

type JsxAttribute = { type: string; name?: string; value?: unknown };

function createBaseLinksPlugin(base: string): MdastPluginDefinition {
  const rewriteAttributes = (node: { attributes: readonly JsxAttribute[] }) => {
    let changed = false;
    const attributes = node.attributes.map((attribute) => {
      if (
        attribute.type === "mdxJsxAttribute" &&
        attribute.name === "href" &&
        typeof attribute.value === "string"
      ) {
        const value = prefixBase(attribute.value, base);
        if (value !== attribute.value) {
          changed = true;
          return { ...attribute, value };
        }
      }
      return attribute;
    });
    return changed ? attributes : null;
  };
  return {
    name: "egress-lab-base-links",
    link(node, context) {
      const url = prefixBase(node.url, base);
      if (url !== node.url) context.setProperty(node, "url", url);
    },
    mdxJsxFlowElement(node) {
      const attributes = rewriteAttributes(node as never);
      // Attributes cannot be set in place; the element is replaced by a copy with its children.
      if (attributes)
        return { type: node.type, name: node.name, attributes, children: node.children } as never;
      return undefined;
    },
    mdxJsxTextElement(node) {
      const attributes = rewriteAttributes(node as never);
      // Attributes cannot be set in place; the element is replaced by a copy with its children.
      if (attributes)
        return { type: node.type, name: node.name, attributes, children: node.children } as never;
      return undefined;
    },
  };
}

export function baseLinksIntegration(base: string): AstroIntegration {
  return {
    name: "egress-lab-base-links",
    hooks: {
      "astro:config:setup": ({ config }) => {
        if (base === "/" || base === "") return;
        const options = config.markdown.processor.options as { mdastPlugins?: unknown[] };
        if (!Array.isArray(options.mdastPlugins)) {
          throw new Error("egress-lab-base-links needs the Sätteri Markdown processor (Astro 7's default).");
        }
        options.mdastPlugins.push(createBaseLinksPlugin(base));
      },
    },
  };
}

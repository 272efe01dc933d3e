import type { AstroIntegration } from "astro";
import type { HastPluginDefinition } from "satteri";

/**
 * Reason and warning codes (`NO_PUBLIC_IP`, `TGW_NO_RETURN_ROUTE`) in table cells wrap only after an
 * underscore, never inside a word: table cells let code wrap anywhere (src/styles/site.css), which
 * on a phone split `NO_PUBLIC_ IP` and `NO_RO UTE`. This Sätteri hast plugin puts a <wbr> after each
 * underscore of such a code and marks it `data-wrap="underscores"`; site.css turns off the
 * wrap-anywhere rule for marked codes, so the <wbr>s are their only break opportunities.
 */

/** An upper-case constant with at least one underscore, as the doctor's codes are. */
const CONSTANT = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** The pieces of `text` between break opportunities, or null when it is not a constant. */
export function splitConstantAtUnderscores(text: string): string[] | null {
  if (!CONSTANT.test(text)) return null;
  return text.split(/(?<=_)/);
}

type HastChild =
  | { type: "text"; value: string }
  | { type: "element"; tagName: "wbr"; properties: object; children: [] };

function withBreaks(pieces: string[]): HastChild[] {
  return pieces.flatMap((piece, index): HastChild[] =>
    index === 0
      ? [{ type: "text", value: piece }]
      : [
          { type: "element", tagName: "wbr", properties: {}, children: [] },
          { type: "text", value: piece },
        ],
  );
}

export function constantCodeBreaksPlugin(): HastPluginDefinition {
  return {
    name: "egress-lab-constant-code-breaks",
    element: {
      filter: ["code"],
      visit(node, ctx) {
        const cell = ctx.parent(node);
        if (cell === undefined || cell.type !== "element" || (cell.tagName !== "td" && cell.tagName !== "th"))
          return undefined;
        const pieces = splitConstantAtUnderscores(ctx.textContent(node));
        if (pieces === null) return undefined;
        return {
          ...node,
          properties: { ...node.properties, dataWrap: "underscores" },
          children: withBreaks(pieces),
        } as never;
      },
    },
  };
}

export function constantCodeBreaksIntegration(): AstroIntegration {
  return {
    name: "egress-lab-constant-code-breaks",
    hooks: {
      "astro:config:setup": ({ config }) => {
        const options = config.markdown.processor.options as { hastPlugins?: unknown[] };
        if (!Array.isArray(options.hastPlugins)) {
          throw new Error(
            "egress-lab-constant-code-breaks needs the Sätteri Markdown processor (Astro 7's default).",
          );
        }
        options.hastPlugins.push(constantCodeBreaksPlugin());
      },
    },
  };
}

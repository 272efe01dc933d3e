/**
 * Gives every id inside one rendered SVG a page-unique name and rewrites every reference to it
 * (`#id` in CSS, url(#id), href="#id", aria-labelledby/aria-describedby). Mermaid prefixes most
 * ids with the diagram id, but not all, and the light and dark variants of one diagram would
 * otherwise share ids (https://www.w3.org/TR/html/dom.html#the-id-attribute: ids are unique).
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const renamed = new Map<string, string>();
  for (const match of svg.matchAll(/(?<![\w-])id="([^"]+)"/g)) {
    const id = match[1];
    if (id !== undefined && !renamed.has(id)) renamed.set(id, `${prefix}-${renamed.size}`);
  }
  const rename = (token: string): string => renamed.get(token) ?? token;
  return svg
    .replace(
      /(?<![\w-])(id|aria-labelledby|aria-describedby)="([^"]*)"/g,
      (_match, attribute: string, value: string) =>
        `${attribute}="${value.split(/\s+/).map(rename).join(" ")}"`,
    )
    .replace(/#([A-Za-z_][\w-]*)/g, (match, token: string) => {
      const next = renamed.get(token);
      return next === undefined ? match : `#${next}`;
    });
}

/**
 * The two Mermaid configurations every diagram is rendered with. Starlight switches
 * `data-theme` on <html>; the site shows the matching variant with CSS only.
 *
 * Mermaid themes: https://mermaid.js.org/config/theming.html ('default' for light, 'dark' for dark).
 * `htmlLabels: false` makes labels plain SVG <text> (no <foreignObject> HTML), so the markup
 * stands alone and does not depend on the reader's fonts matching the render browser's.
 */
export type DiagramVariant = "light" | "dark";

export const diagramVariants: readonly DiagramVariant[] = ["light", "dark"];

export interface MermaidRenderConfig {
  readonly theme: "default" | "neutral" | "dark";
  readonly themeVariables: Readonly<Record<string, string>>;
}

// A font stack close to Starlight's (--sl-font-system) so measured label widths match the page.
const fontFamily =
  'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const mermaidRenderConfigs: Readonly<Record<DiagramVariant, MermaidRenderConfig>> = {
  light: {
    theme: "default",
    themeVariables: { fontFamily, textColor: "#1f2328", lineColor: "#57606a" },
  },
  dark: {
    theme: "dark",
    themeVariables: { fontFamily, textColor: "#e6edf3", lineColor: "#9198a1" },
  },
};

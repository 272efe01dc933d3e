import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashDiagram } from "../../src/diagrams/hash-diagram.ts";
import { readMermaidVersion } from "../../src/diagrams/mermaid-version.ts";
import { createMermaidRenderer, type MermaidRenderer } from "../../src/diagrams/render-mermaid.ts";
import { shouldSkipBrowserTests } from "./chromium-gate.ts";

const source = [
  "flowchart LR",
  "  accTitle: Test route",
  "  accDescr: A private interface sends traffic to a NAT gateway.",
  '  eni["ENI"] --> nat["NAT gateway"]',
].join("\n");

describe.skipIf(shouldSkipBrowserTests())("rendering a diagram in Chromium", () => {
  let renderer: MermaidRenderer;
  beforeAll(async () => {
    renderer = await createMermaidRenderer();
  }, 60_000);
  afterAll(() => renderer?.close());

  test("gives an SVG with the accessible title and description, labels as text, and no script", async () => {
    const key = hashDiagram(source, "light", readMermaidVersion());
    const svg = await renderer.render({ source, variant: "light", key });
    expect(svg).toMatch(new RegExp(`^<svg id="mmd-${key}"`));
    expect(svg).toContain(`aria-labelledby="chart-title-mmd-${key}"`);
    expect(svg).toContain(`<title id="chart-title-mmd-${key}">Test route</title>`);
    expect(svg).toContain("<desc");
    expect(svg).toContain("A private interface sends traffic to a NAT gateway.");
    expect(svg).toMatch(/<text[^>]*>.*NAT.*gateway.*<\/text>/);
    expect(svg).not.toMatch(/<script|<foreignObject/i);
  });

  test("renders the same input to the same SVG twice", async () => {
    const key = hashDiagram(source, "dark", readMermaidVersion());
    const first = await renderer.render({ source, variant: "dark", key });
    expect(await renderer.render({ source, variant: "dark", key })).toBe(first);
  });

  test("rejects invalid diagram syntax with the source in the message", async () => {
    await expect(
      renderer.render({ source: "flowchart LR\n  a -->", variant: "light", key: "bad" }),
    ).rejects.toThrow(/Mermaid could not render this diagram/);
  });
});

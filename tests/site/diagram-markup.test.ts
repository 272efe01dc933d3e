import { describe, expect, test } from "vitest";
import { buildDiagramFigure } from "../../src/diagrams/build-diagram-figure.ts";
import { extractMermaidBlocks } from "../../src/diagrams/extract-diagrams.ts";
import { hashDiagram } from "../../src/diagrams/hash-diagram.ts";
import { planCache } from "../../src/diagrams/plan-cache.ts";
import { scopeSvgIds } from "../../src/diagrams/scope-svg-ids.ts";

const svg = (id: string) =>
  `<svg id="${id}" aria-labelledby="chart-title-${id}" aria-describedby="chart-desc-${id}">` +
  `<title id="chart-title-${id}">T</title><desc id="chart-desc-${id}">D</desc>` +
  `<style>#${id} .node{fill:#ECECFF;}</style><marker id="${id}_arrow"></marker>` +
  `<g id="flowchart-a-0" data-id="a"><path marker-end="url(#${id}_arrow)" data-points="QUJD"></path></g></svg>`;

describe("diagram markup", () => {
  test("scoping renames every id and every reference to it, leaving colours and data attributes alone", () => {
    const scoped = scopeSvgIds(svg("mmd-k"), "p");
    expect(scoped).toContain('<svg id="p-0" aria-labelledby="p-1" aria-describedby="p-2">');
    expect(scoped).toContain("#p-0 .node{fill:#ECECFF;}");
    expect(scoped).toContain('marker-end="url(#p-3)"');
    expect(scoped).toContain('<g id="p-4" data-id="a">');
    expect(scoped).not.toContain("mmd-k");
  });

  test("a figure holds a light and a dark variant with no id in common and no render-only data", () => {
    const html = buildDiagramFigure({ light: svg("mmd-l"), dark: svg("mmd-d") }, 1);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(html).toMatch(
      /<div class="diagram-figure__frame" tabindex="0"><div class="diagram-figure__variant" data-variant="light">/,
    );
    expect(html).toContain('data-variant="dark" data-pagefind-ignore>');
    expect(html).not.toContain("data-points");
  });

  test("a figure links to its own full-size view and back to its place, in the page's language", () => {
    const en = buildDiagramFigure({ light: svg("mmd-l"), dark: svg("mmd-d") }, 3);
    expect(en).toContain(
      '<span id="diagram-3-place" class="diagram-figure__place"></span><figure class="diagram-figure" id="diagram-3">',
    );
    expect(en).toContain('<a class="diagram-figure__open" href="#diagram-3">Open the diagram full size</a>');
    expect(en).toContain('<a class="diagram-figure__close" href="#diagram-3-place">');
    const ja = buildDiagramFigure({ light: svg("mmd-l"), dark: svg("mmd-d") }, 3, "ja");
    expect(ja).toContain(">図を全画面で開く</a>");
    expect(ja).not.toContain("Open the diagram");
  });

  test("a drawing that fits a phone's column is marked, so its figure shows no scroll hint there", () => {
    const sized = (id: string, width: number) => svg(id).replace("<svg ", `<svg viewBox="0 0 ${width} 800" `);
    expect(buildDiagramFigure({ light: sized("mmd-l", 400), dark: sized("mmd-d", 400) }, 1)).toContain(
      '<figure class="diagram-figure" id="diagram-1" data-fits-phone>',
    );
    expect(buildDiagramFigure({ light: sized("mmd-l", 675), dark: sized("mmd-d", 675) }, 1)).toContain(
      '<figure class="diagram-figure" id="diagram-1">',
    );
  });

  test("the cache key changes with source, variant and Mermaid version, not with line endings", () => {
    const key = hashDiagram("flowchart LR\n  a --> b", "light", "12.3.0");
    expect(hashDiagram("flowchart LR\r\n  a --> b\r\n", "light", "12.3.0")).toBe(key);
    expect(hashDiagram("flowchart LR\n  a --> c", "light", "12.3.0")).not.toBe(key);
    expect(hashDiagram("flowchart LR\n  a --> b", "dark", "12.3.0")).not.toBe(key);
    expect(hashDiagram("flowchart LR\n  a --> b", "light", "12.4.0")).not.toBe(key);
  });

  test("extraction finds mermaid blocks in MDX, also inside components and asides, and nothing else", () => {
    const mdx = [
      "import { Tabs, TabItem } from '@astrojs/starlight/components';",
      "",
      "```mermaid\nflowchart LR\n  a --> b\n```",
      "",
      "<Tabs>\n<TabItem label='x'>\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n\n</TabItem>\n</Tabs>",
      "",
      ':::note\n```mermaid\npie\n  "a": 1\n```\n:::',
      "",
      "```ts\nconst mermaid = 1;\n```",
    ].join("\n");
    expect(extractMermaidBlocks(mdx, "mdx")).toEqual([
      "flowchart LR\n  a --> b",
      "sequenceDiagram\n  A->>B: hi",
      'pie\n  "a": 1',
    ]);
  });

  test("the plan lists missing variants and stale entries", () => {
    const pages = [{ file: "a.mdx", sources: ["flowchart LR\n  a --> b"] }];
    const light = hashDiagram("flowchart LR\n  a --> b", "light", "1");
    const plan = planCache(pages, [light, "old"], "1");
    expect(plan.missing.map((entry) => entry.variant)).toEqual(["dark"]);
    expect(plan.stale).toEqual(["old"]);
  });
});

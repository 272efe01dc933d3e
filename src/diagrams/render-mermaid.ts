import type { Page } from "playwright-core";
import { type DiagramVariant, mermaidRenderConfigs } from "./diagram-themes.ts";
import { launchChromium } from "./launch-chromium.ts";
import { findMermaidBundle } from "./mermaid-version.ts";

export interface DiagramRenderRequest {
  readonly source: string;
  readonly variant: DiagramVariant;
  /** The cache key; also seeds Mermaid's ids so the same input always gives the same SVG. */
  readonly key: string;
}

export interface MermaidRenderer {
  render(request: DiagramRenderRequest): Promise<string>;
  close(): Promise<void>;
}

/** The id Mermaid gives the <svg>; every other id is rewritten per page by scopeSvgIds. */
export function svgIdForKey(key: string): string {
  return `mmd-${key}`;
}

async function renderOnPage(page: Page, request: DiagramRenderRequest): Promise<string> {
  const config = mermaidRenderConfigs[request.variant];
  return page.evaluate(
    async ({ source, id, theme, themeVariables, seed }) => {
      const mermaid = (globalThis as unknown as { mermaid: MermaidGlobal }).mermaid;
      mermaid.initialize({
        startOnLoad: false,
        securityLevel: "strict",
        theme,
        themeVariables,
        // Stable ids (https://mermaid.js.org/config/schema-docs/config.html#deterministicids).
        deterministicIds: true,
        deterministicIDSeed: seed,
        htmlLabels: false,
        flowchart: { htmlLabels: false },
      });
      const { svg } = await mermaid.render(id, source);
      return svg;
    },
    {
      source: request.source,
      id: svgIdForKey(request.key),
      theme: config.theme,
      themeVariables: { ...config.themeVariables },
      seed: request.key,
    },
  );
}

interface MermaidGlobal {
  initialize(config: Record<string, unknown>): void;
  render(id: string, text: string): Promise<{ svg: string }>;
}

/**
 * Renders diagrams with the real mermaid package in headless Chromium: mermaid's browser bundle
 * is injected from node_modules into a blank page, so nothing is fetched from the network.
 * The bundle is loaded once; renders are queued because Mermaid keeps global state per render
 * (mermaid.initialize resets the whole configuration before each one).
 */
export async function createMermaidRenderer(): Promise<MermaidRenderer> {
  const chromium = await launchChromium();
  const page = await chromium.context.newPage();
  try {
    await page.setContent("<!doctype html><html><head><meta charset=utf-8></head><body></body></html>");
    await page.addScriptTag({ path: findMermaidBundle() });
  } catch (error) {
    await chromium.close();
    throw error;
  }
  let queue: Promise<unknown> = Promise.resolve();
  return {
    render(request) {
      const next = queue.then(async () => {
        try {
          return await renderOnPage(page, request);
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          throw new Error(
            `Mermaid could not render this diagram (${request.variant}):\n${request.source}\n${detail}`,
          );
        }
      });
      queue = next.catch(() => undefined);
      return next;
    },
    close: () => chromium.close(),
  };
}

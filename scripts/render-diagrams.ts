/**
 * Keeps the committed Mermaid render cache (src/diagrams/cache/) in step with the pages.
 *
 *   npx tsx scripts/render-diagrams.ts          render missing entries, delete unused ones
 *   npx tsx scripts/render-diagrams.ts --check  change nothing; exit 1 listing missing/stale entries
 *
 * Scans every .md/.mdx page under src/content/docs (all locales). Rendering needs Chromium.
 * Exit codes: 0 in step (or brought in step), 1 check failed, 2 usage or render error.
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  defaultCacheDirectory,
  deleteCachedSvg,
  listCachedKeys,
  writeCachedSvg,
} from "../src/diagrams/diagram-cache.ts";
import { findDiagramsInContent } from "../src/diagrams/extract-diagrams.ts";
import { isChromiumAvailable } from "../src/diagrams/find-chromium.ts";
import { readMermaidVersion } from "../src/diagrams/mermaid-version.ts";
import { type CachePlan, planCache } from "../src/diagrams/plan-cache.ts";
import { createMermaidRenderer } from "../src/diagrams/render-mermaid.ts";

export const contentDirectory = fileURLToPath(new URL("../src/content/docs/", import.meta.url));

/** What the cache should gain and lose for the pages as they are now. */
export function planDiagramCache(): CachePlan {
  return planCache(findDiagramsInContent(contentDirectory), listCachedKeys(), readMermaidVersion());
}

async function renderMissing(plan: CachePlan, log: (line: string) => void): Promise<void> {
  if (plan.missing.length === 0) return;
  if (!isChromiumAvailable())
    throw new Error("Chromium is needed to render diagrams (/usr/bin/chromium or CHROMIUM_PATH).");
  const renderer = await createMermaidRenderer();
  try {
    for (const request of plan.missing) {
      writeCachedSvg(request.key, await renderer.render(request));
      log(`rendered ${request.key}.svg (${request.variant}) from ${request.file}`);
    }
  } finally {
    await renderer.close();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
  const plan = planDiagramCache();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (values.check) {
    for (const entry of plan.missing) log(`missing ${entry.key}.svg (${entry.variant}) for ${entry.file}`);
    for (const key of plan.stale) log(`stale   ${key}.svg (no page uses it)`);
    if (plan.missing.length + plan.stale.length === 0) {
      log(`Diagram cache is up to date (${defaultCacheDirectory}).`);
      return 0;
    }
    log("Run `npm run diagrams` and commit src/diagrams/cache/.");
    return 1;
  }
  await renderMissing(plan, log);
  for (const key of plan.stale) {
    deleteCachedSvg(key);
    log(`deleted ${key}.svg (no page uses it)`);
  }
  log(`Diagram cache is up to date: ${plan.missing.length} rendered, ${plan.stale.length} deleted.`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}

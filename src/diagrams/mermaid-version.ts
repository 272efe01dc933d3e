import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The installed mermaid package directory (its `./*` export lets us resolve package.json). */
function findMermaidDirectory(): string {
  return dirname(require.resolve("mermaid/package.json"));
}

export function readMermaidVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(join(findMermaidDirectory(), "package.json"), "utf8"));
  if (typeof manifest === "object" && manifest !== null && "version" in manifest) {
    return String(manifest.version);
  }
  throw new Error("Cannot read the mermaid version from node_modules/mermaid/package.json.");
}

/** The self-contained browser bundle (an IIFE that sets globalThis.mermaid); no network needed. */
export function findMermaidBundle(): string {
  return join(findMermaidDirectory(), "dist", "mermaid.min.js");
}

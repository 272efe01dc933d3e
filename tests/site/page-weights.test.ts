import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  findStaticImports,
  listPageScripts,
  measurePageWeights,
} from "../../src/integrations/page-weights.ts";

const dist = mkdtempSync(join(tmpdir(), "page-weights-"));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe("page weights", () => {
  test("a bundled module's static imports are found, dynamic import() is not", () => {
    const js = `import{n as e}from"./chunk.A1.js";import"./side.B2.js";const t=()=>import("./later.C3.js");import { x } from './spaced.D4.js'`;
    expect(findStaticImports(js)).toEqual(["./chunk.A1.js", "./side.B2.js", "./spaced.D4.js"]);
  });

  test("a page's scripts count with the modules they import, transitively, each once", () => {
    mkdirSync(join(dist, "_astro"), { recursive: true });
    writeFileSync(join(dist, "index.html"), '<script type="module" src="/_astro/entry.js"></script>');
    writeFileSync(join(dist, "_astro/entry.js"), 'import{a}from"./shared.js";import("./lazy.js")');
    writeFileSync(join(dist, "_astro/shared.js"), `import"./entry.js";${"x".repeat(5000)}`);
    writeFileSync(join(dist, "_astro/lazy.js"), "y".repeat(5000));
    expect(listPageScripts(dist, "index.html")).toEqual(["/_astro/entry.js", "/_astro/shared.js"]);
    const [weight] = measurePageWeights(dist);
    expect(weight?.js).toBeGreaterThan(0);
  });
});

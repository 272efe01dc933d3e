// ARCHITECTURE.md's "Who may import whom" table, held against every relative import in the repository.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const skipped = new Set(["node_modules", "dist", ".astro", ".git", "test-results"]);

/** The layer a repository path belongs to: `src/<folder>`, or the top-level folder or file. */
function layerOf(path: string): string {
  const parts = path.split("/");
  if (parts[0] === "src" && parts.length > 2) return `src/${parts[1]}`;
  return parts.length === 1 || parts[0] === "src" ? path : (parts[0] ?? path);
}

function readAllowedImports(): Map<string, Set<string> | "anything"> {
  const text = readFileSync(join(root, "ARCHITECTURE.md"), "utf8");
  const section = text.split("## Who may import whom")[1]?.split("\n## ")[0] ?? "";
  const rules = new Map<string, Set<string> | "anything">();
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    const from = /^`([^`]+)`$/.exec(cells[1] ?? "")?.[1];
    if (from === undefined) continue;
    const targets = cells[2] ?? "";
    rules.set(
      from,
      targets === "(anything)"
        ? "anything"
        : new Set([...targets.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? "")),
    );
  }
  return rules;
}

function listSourceFiles(dir = ""): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) return skipped.has(entry.name) ? [] : listSourceFiles(path);
    return /\.(ts|mts|mjs|astro|mdx)$/.test(entry.name) ? [path] : [];
  });
}

function relativeImports(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const specifiers = [
    ...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm),
  ];
  return specifiers.map((m) =>
    relative(root, normalize(join(root, dirname(file), m[1] ?? "")))
      .split(sep)
      .join("/"),
  );
}

const rules = readAllowedImports();
const files = listSourceFiles();

describe("imports follow ARCHITECTURE.md", () => {
  test("the table names the layers that exist", () => {
    expect(rules.size).toBeGreaterThan(10);
    for (const layer of new Set(files.map(layerOf))) {
      expect(rules.has(layer), `${layer} is missing from ARCHITECTURE.md's import table`).toBe(true);
    }
  });

  test("no relative import crosses into a layer the table does not allow", () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      const allowed = rules.get(from);
      for (const target of relativeImports(file)) {
        const to = layerOf(target);
        if (to === from || allowed === "anything" || allowed?.has(to)) continue;
        violations.push(`${file} imports ${target} (${from} -> ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  test("src/egress and src/playground use no Node built-in, SDK or other package: they run in a browser too", () => {
    const impure = files
      .filter((file) => file.startsWith("src/egress/") || file.startsWith("src/playground/"))
      .flatMap((file) =>
        [
          ...readFileSync(join(root, file), "utf8").matchAll(
            /^(?:(?:import|export)\s[^\n]*?\bfrom\s*|import\s*|\}\s*from\s*)["']([^."'][^"']*)["']/gm,
          ),
        ].map((m) => `${file}: ${m[1]}`),
      );
    expect(impure).toEqual([]);
  });
});

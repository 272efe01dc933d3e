// Runs the real page generator: notebook 01 against the embedded emulator, in a child process.

import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { buildNotebookPage } from "../../src/notebook-page/build-notebook-page.ts";
import { splitNotebook } from "../../src/notebook-page/split-notebook.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("buildNotebookPage", () => {
  test("gives every code cell of notebook 01 the output of a real run, ending with the summary", async () => {
    const page = await buildNotebookPage({ notebook: "notebooks/01-without-nat.ts", workload: "none", root });
    const source = readFileSync(`${root}notebooks/01-without-nat.ts`, "utf8");
    const codeCells = splitNotebook(source).filter((cell) => cell.kind === "code");
    const shown = page.cells.filter((cell) => cell.kind === "code");
    expect(shown).toHaveLength(codeCells.length);
    for (const cell of shown) expect(cell.output, `cell ${cell.index}`).not.toBe("");
    expect(shown[0]?.output).toMatch(/^Target: the embedded emulator/m);
    expect(shown.at(-1)?.output).toMatch(/^Summary$/m);
    expect(shown.at(-1)?.output).toMatch(/Result: ok$/);
    expect(page.cells.map((cell) => cell.kind)).toContain("narration");
    expect(JSON.stringify(page)).not.toContain("\\u001b");
    expect(JSON.stringify(page)).not.toContain("\\u001eCELL");
    // The temporary marked copy is gone.
    expect(readdirSync(`${root}notebooks`).filter((name) => name.includes("page-run"))).toEqual([]);
  }, 120_000);

  test("renders narration to HTML without the notebook's own title", async () => {
    const page = await buildNotebookPage({ notebook: "notebooks/01-without-nat.ts", workload: "none", root });
    const narration = page.cells.filter((cell) => cell.kind === "narration").map((cell) => cell.html);
    expect(narration[0]).not.toMatch(/<h1/);
    expect(narration.join("")).toMatch(/<h3 id="build-the-stack">Build the stack<\/h3>/);
    expect(narration.join("")).toMatch(/<code>npx tsx notebooks\/01-without-nat.ts<\/code>/);
  }, 120_000);
});

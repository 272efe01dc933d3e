import { describe, expect, test } from "vitest";
import { insertCellMarkers } from "../../src/notebook-page/insert-cell-markers.ts";
import { splitNotebook } from "../../src/notebook-page/split-notebook.ts";
import { splitRunOutput, stripAnsi } from "../../src/notebook-page/split-run-output.ts";

const notebook = [
  "// %% [markdown]",
  "// # Title",
  "//",
  "// Some `prose`.",
  "",
  "// %%",
  'import { x } from "./x.ts";',
  "",
  "const y = await x();",
  "",
  "// %% [markdown]",
  "// ## Next",
  "",
  "// %%",
  "await y.go();",
  "",
].join("\n");

describe("splitNotebook", () => {
  test("splits narration and code cells in order, with comment markers removed from narration", () => {
    const cells = splitNotebook(notebook);
    expect(cells.map((cell) => cell.kind)).toEqual(["markdown", "code", "markdown", "code"]);
    expect(cells[0]).toMatchObject({ kind: "markdown", markdown: "# Title\n\nSome `prose`." });
    expect(cells[1]).toMatchObject({
      kind: "code",
      code: 'import { x } from "./x.ts";\n\nconst y = await x();',
    });
    expect(cells[3]).toMatchObject({ kind: "code", code: "await y.go();", markerLine: 13 });
  });

  test("treats non-empty lines before the first marker as a code cell and ignores blank ones", () => {
    expect(splitNotebook("\n\n// %%\na();")).toHaveLength(1);
    const cells = splitNotebook("#!/usr/bin/env node\n// %%\na();");
    expect(cells.map((cell) => [cell.kind, cell.markerLine])).toEqual([
      ["code", -1],
      ["code", 1],
    ]);
  });

  test("does not take a comment that merely mentions %% for a cell marker", () => {
    expect(splitNotebook("// %% [markdown]\n// 100 %% sure\n// %% not a marker")).toHaveLength(1);
  });
});

describe("insertCellMarkers", () => {
  test("puts a marker on each code cell's own marker line, keeping line numbers", () => {
    const marked = insertCellMarkers(notebook).split("\n");
    expect(marked).toHaveLength(notebook.split("\n").length);
    expect(marked[5]).toBe('console.log("\\u001eCELL 1"); // %%');
    expect(marked[13]).toBe('console.log("\\u001eCELL 3"); // %%');
    expect(marked[0]).toBe("// %% [markdown]");
    expect(marked.filter((line) => line.includes("CELL"))).toHaveLength(2);
  });

  test("changes nothing but the code cells' marker lines", () => {
    const original = notebook.split("\n");
    const changed = insertCellMarkers(notebook)
      .split("\n")
      .flatMap((line, index) => (line === original[index] ? [] : [index]));
    expect(changed).toEqual([5, 13]);
  });

  test("marks a preamble cell without a marker line on its first line", () => {
    expect(insertCellMarkers("a();\n// %%\nb();").split("\n")).toEqual([
      'console.log("\\u001eCELL 0"); a();',
      'console.log("\\u001eCELL 1"); // %%',
      "b();",
    ]);
  });
});

describe("splitRunOutput", () => {
  test("gives each cell the lines printed after its marker, and earlier lines to the first cell", () => {
    const output = "warning\n\u001eCELL 1\nTarget: x\n\n\u001eCELL 3\n  1. step ok  \n\u001eCELL 5\n";
    const cells = splitRunOutput(output);
    expect(cells.get(1)).toBe("warning\nTarget: x");
    expect(cells.get(3)).toBe("  1. step ok");
    expect(cells.get(5)).toBe("");
    expect(cells.has(0)).toBe(false);
  });

  test("removes colour and hyperlink escapes", () => {
    expect(stripAnsi("\u001b[32mok\u001b[39m \u001b]8;;https://x\u0007link\u001b]8;;\u0007")).toBe("ok link");
  });
});

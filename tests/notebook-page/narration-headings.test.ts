import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import {
  applyNarrationHeadings,
  narrationHeadings,
  slugifyHeading,
} from "../../src/notebook-page/narration-headings.ts";
import { addNotebookHeadings, findNotebookView } from "../../src/notebook-page/notebook-toc.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const notebook = `// %% [markdown]
// # Title, dropped: the page has its own
//
// ## First \`step\`
// %%
console.log(1);
// %% [markdown]
// \`\`\`
// ## not a heading (fenced)
// \`\`\`
// ## First step
// ### Detail
`;

describe("narration headings", () => {
  test("slugs are lower-case words joined by hyphens", () => {
    expect(slugifyHeading("Why: the traced path")).toBe("why-the-traced-path");
    expect(slugifyHeading("The fix: one route")).toBe("the-fix-one-route");
  });

  test("sit one level below the page's notebook section, unique on the page, fenced code ignored", () => {
    const headings = narrationHeadings(notebook);
    expect(headings.flat()).toEqual([
      { depth: 3, text: "First step", slug: "first-step" },
      { depth: 3, text: "First step", slug: "first-step-1" },
      { depth: 4, text: "Detail", slug: "detail" },
    ]);
  });

  test("the rendered headings get the page level and the ids, in order", () => {
    const [, , third] = narrationHeadings(notebook);
    expect(applyNarrationHeadings("<h2>First step</h2><p>x</p><h3>Detail</h3>", third ?? [])).toBe(
      '<h3 id="first-step-1">First step</h3><p>x</p><h4 id="detail">Detail</h4>',
    );
  });

  test("notebook 02's sections are all found", () => {
    const source = readFileSync(`${root}notebooks/02-with-nat.ts`, "utf8");
    expect(
      narrationHeadings(source)
        .flat()
        .map((heading) => heading.slug),
    ).toEqual([
      "build-the-stack",
      "probe-before-the-fix",
      "the-fix-one-route",
      "probe-after-the-fix",
      "the-traced-path",
      "teardown",
    ]);
  });
});

describe("the notebook page's table of contents", () => {
  const body =
    'Intro\n\n## Run it\n\ntext\n\n## The notebook\n\n<NotebookView notebook="notebooks/x.ts" />\n';

  test("finds the notebook and the section that introduces it", () => {
    expect(findNotebookView(body)).toEqual({ notebook: "notebooks/x.ts", sectionText: "The notebook" });
    expect(findNotebookView("no notebook here")).toBeNull();
  });

  test("nests the notebook's headings under that section, up to the deepest level shown", () => {
    const items = [
      { depth: 2, slug: "run-it", text: "Run it", children: [] },
      { depth: 2, slug: "the-notebook", text: "The notebook", children: [] },
    ];
    const toc = addNotebookHeadings(items, notebook, "The notebook", 3);
    expect(toc[0]?.children).toEqual([]);
    expect(toc[1]?.children.map((item) => item.slug)).toEqual(["first-step", "first-step-1"]);
  });
});

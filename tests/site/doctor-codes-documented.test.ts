// Reason and warning codes are a public contract (src/egress/types.ts): each one the model can give
// has a row in the doctor page's tables, in English and Japanese, so a new code cannot ship
// undocumented. The codes are read from the type declarations' source text, the rows from the pages.

import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

/** The string literals of `export type <name> = "A" | "B" ...;` in a source file. */
function unionMembers(source: string, name: string): string[] {
  const match = new RegExp(`export type ${name} =([^;]*);`).exec(source);
  if (match?.[1] === undefined) throw new Error(`no type ${name}`);
  // Doc comments between members may quote other words; only the `| "CODE"` members count.
  return [...match[1].matchAll(/(?:^|\|)\s*"([A-Z0-9_]+)"/gm)].map((member) => member[1] ?? "");
}

/** The first-column codes of the table under a heading, up to the next heading. */
function tableCodes(page: string, heading: string): string[] {
  const start = page.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`no heading ${heading}`);
  const rest = page.slice(start + heading.length + 2);
  const end = rest.search(/\n#{2,3} /);
  const section = end === -1 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((row) => row[1] ?? "");
}

const reasonCodes = unionMembers(read("src/egress/types.ts"), "ReasonCode");
const warningCodes = unionMembers(read("src/egress/warnings.ts"), "WarningCode");

const pages = [
  { page: "src/content/docs/labs/doctor.mdx", reasons: "### Reason codes", warnings: "### Warning codes" },
  { page: "src/content/docs/ja/labs/doctor.mdx", reasons: "### 理由コード", warnings: "### 警告コード" },
];

describe("every code the doctor can give is documented", () => {
  test("the code lists were read", () => {
    expect(reasonCodes).toContain("NO_ROUTE");
    expect(reasonCodes).toContain("TOPOLOGY_INCOMPLETE");
    expect(warningCodes).toContain("SINGLE_AZ_NAT");
  });

  test.each(pages)(
    "$page lists every ReasonCode and every model WarningCode",
    ({ page, reasons, warnings }) => {
      const text = read(page);
      expect(reasonCodes.filter((code) => !tableCodes(text, reasons).includes(code))).toEqual([]);
      expect(warningCodes.filter((code) => !tableCodes(text, warnings).includes(code))).toEqual([]);
    },
  );
});

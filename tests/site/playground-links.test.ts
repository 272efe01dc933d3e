// The guide opens the playground at the situation it talks about: troubleshooting rows, concept pages
// and onboarding's quiz questions link to presets that exist (src/playground/presets.ts), the same
// ones in English and Japanese.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { findPreset, PRESETS } from "../../src/playground/presets.ts";
import { projectRoot } from "./build-site.ts";

const docs = join(projectRoot, "src/content/docs");
const read = (path: string) => readFileSync(join(docs, path), "utf8");

/** The presets a piece of text links to, in order, with the page prefix each link uses. */
function playgroundLinks(text: string): { prefix: string; preset: string }[] {
  return [...text.matchAll(/\]\((\/(?:ja\/)?)playground\/\?preset=([\w-]+)\)/g)].map((m) => ({
    prefix: m[1] ?? "",
    preset: m[2] ?? "",
  }));
}

function tableRows(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| ---"))
    .slice(1);
}

describe("links into the playground", () => {
  test("every playground link in the guide names an existing preset, from the page's own language", () => {
    const problems: string[] = [];
    const files = readdirSync(docs, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".mdx"))
      .map((entry) => relative(docs, join(entry.parentPath, entry.name)));
    let links = 0;
    for (const file of files) {
      const expected = file.startsWith("ja/") ? "/ja/" : "/";
      for (const link of playgroundLinks(read(file))) {
        links++;
        if (findPreset(link.preset) === undefined) problems.push(`${file}: no preset ${link.preset}`);
        if (link.prefix !== expected)
          problems.push(`${file}: ${link.prefix}playground/ from a ${expected} page`);
      }
    }
    expect(problems).toEqual([]);
    expect(links).toBeGreaterThan(40);
  });

  test("the troubleshooting table links each row to the same presets in both languages, and covers every problem preset", () => {
    const en = tableRows(read("troubleshooting.mdx")).map((row) =>
      playgroundLinks(row).map((link) => link.preset),
    );
    const ja = tableRows(read("ja/troubleshooting.mdx")).map((row) =>
      playgroundLinks(row).map((link) => link.preset),
    );
    expect(ja).toEqual(en);
    const linked = new Set(en.flat());
    // "fixed" is the way out, "one-nat" works (a warning only): not symptoms of the table.
    const problems = PRESETS.map((preset) => preset.id).filter((id) => id !== "fixed" && id !== "one-nat");
    expect(problems.filter((id) => !linked.has(id))).toEqual([]);
  });

  test("every onboarding quiz question and every concept page opens its situation in the playground", () => {
    for (const prefix of ["", "ja/"]) {
      const quiz = read(`${prefix}onboarding.mdx`)
        .split(/^\*\*\d+\. /m)
        .slice(1);
      expect(quiz.length, `${prefix}onboarding`).toBeGreaterThan(5);
      quiz.forEach((question, index) => {
        const beforeAnswer = question.split("<details>")[0] ?? "";
        expect(playgroundLinks(beforeAnswer), `${prefix}onboarding question ${index + 1}`).toHaveLength(1);
      });
      for (const page of readdirSync(join(docs, `${prefix}concepts`))) {
        expect(
          playgroundLinks(read(`${prefix}concepts/${page}`)).length,
          `${prefix}concepts/${page}`,
        ).toBeGreaterThan(0);
      }
    }
  });
});

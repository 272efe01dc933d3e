// Markup facts of the built guide that a reader depends on (issue 14, item 6).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { buildSite, buildTimeout } from "./build-site.ts";

let dist = "";
const page = (path: string) => readFileSync(join(dist, path), "utf8");

beforeAll(async () => {
  dist = await buildSite("/");
}, buildTimeout);

describe("the built guide", () => {
  test.each(["labs/doctor/index.html", "ja/labs/doctor/index.html"])(
    "%s: reason codes in tables may wrap only after an underscore",
    (path) => {
      const html = page(path);
      expect(html).toMatch(/<code [^>]*data-wrap="underscores"[^>]*>NO_<wbr>PUBLIC_<wbr>IP<\/code>/);
      // Every constant-looking code in a table cell is marked.
      const cells = [...html.matchAll(/<td>(?:(?!<\/td>)[\s\S])*<\/td>/g)].map((match) => match[0]);
      const unmarked = cells.flatMap((cell) =>
        [...cell.matchAll(/<code(?![^>]*data-wrap)[^>]*>([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)<\/code>/g)].map(
          (match) => match[1],
        ),
      );
      expect(unmarked).toEqual([]);
    },
  );

  test.each([
    ["labs/01-without-nat/index.html", ["build-the-stack", "probe", "why-the-traced-path", "teardown"]],
    ["ja/labs/02-with-nat/index.html", ["build-the-stack", "the-fix-one-route", "teardown"]],
  ])("%s: the notebook's sections have ids and are listed in On this page", (path, slugs) => {
    const html = page(path);
    for (const slug of slugs) {
      expect(html, slug).toMatch(new RegExp(`<h3 id="${slug}">`));
      expect(html, slug).toContain(`href="#${slug}"`);
    }
  });

  test("the 404 page is the guide's own, in both languages", () => {
    const html = page("404.html");
    expect(html).toContain("This page does not exist. Start from the overview, or search the guide.");
    expect(html).toContain(
      '<p lang="ja">このページはありません。概要から始めるか、ガイドを検索してください。',
    );
  });
});

// A healthy build says so by saying nothing alarming: no warning and no error line in what
// `astro build` prints, so a maintainer can tell a broken build from a good one at a glance
// (before: 48 warnings in about 600 lines, issue 14).

import { readFileSync } from "node:fs";
import { stripVTControlCharacters } from "node:util";
import { beforeAll, describe, expect, test } from "vitest";
import { buildLogPath, buildSite, buildTimeout } from "./build-site.ts";

let log = "";

beforeAll(async () => {
  log = readFileSync(buildLogPath(await buildSite("/")), "utf8");
}, buildTimeout);

// Astro's logger prefixes "[WARN]" and "[ERROR]"; Vite's own warnings come through it too.
const alarming = /\[(?:WARN|ERROR)\]|\bwarning\b/i;

describe("the build output", () => {
  test("has no warning or error lines", () => {
    const lines = stripVTControlCharacters(log).split("\n");
    expect(lines.filter((line) => alarming.test(line))).toEqual([]);
  });

  test("is a real build log (it lists the pages it built)", () => {
    expect(log).toMatch(/page\(s\) built in/);
  });
});

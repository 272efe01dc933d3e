// package.json's engines.node is true to the lockfile (every version it accepts, every locked package
// accepts too: undici needs 22.19, vitest refuses Node 23 and 25), and the entry points check it
// first: run by a Node the range refuses, each stops at once with what to do.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import {
  describeUnsupportedNode,
  readEnginesRange,
  satisfiesRange,
} from "../../src/node-version/check-node-version.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("satisfiesRange", () => {
  test("reads the range forms the lockfile uses", () => {
    expect(satisfiesRange("22.19.0", ">=22.19.0")).toBe(true);
    expect(satisfiesRange("22.18.9", ">=22.19.0")).toBe(false);
    expect(satisfiesRange("20.19.3", "^20.19.0 || >=22.12.0")).toBe(true);
    expect(satisfiesRange("21.0.0", "^20.19.0 || >=22.12.0")).toBe(false);
    expect(satisfiesRange("23.1.0", "^22.12.0 || ^24.0.0 || >=26.0.0")).toBe(false);
    expect(satisfiesRange("20.1.0", "18 || 20 || >=22")).toBe(true);
    expect(satisfiesRange("19.9.0", "18 || 20 || >=22")).toBe(false);
    expect(satisfiesRange("20.11.0", ">=20.11")).toBe(true);
    expect(satisfiesRange("18.20.8", "18.20.8 || ^20.3.0")).toBe(true);
    expect(satisfiesRange("18.20.7", "18.20.8 || ^20.3.0")).toBe(false);
    expect(satisfiesRange("20.0.0", ">= 20")).toBe(true);
  });
});

describe("engines.node", () => {
  // Every release line from 18 to 30, at its first release and at a late one.
  const candidates = Array.from({ length: 13 }, (_, index) => 18 + index).flatMap((major) =>
    ["0.0", "12.0", "13.0", "18.9", "19.0", "99.0"].map((rest) => `${major}.${rest}`),
  );

  test("accepts no Node version that a locked package refuses", () => {
    const range = readEnginesRange();
    const lock = JSON.parse(readFileSync(`${root}package-lock.json`, "utf8")) as {
      packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
    };
    const conflicts: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const theirs = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      // Optional packages (platform binaries such as sharp's win32-ia32 build) are skipped by npm
      // when their engines do not match: they constrain nothing.
      if (path === "" || theirs === undefined || entry.optional === true) continue;
      for (const version of candidates)
        if (satisfiesRange(version, range) && !satisfiesRange(version, theirs))
          conflicts.push(`${path} (${theirs}) refuses ${version}`);
    }
    expect(conflicts).toEqual([]);
  });

  test("is the same in package.json and in the lockfile's root entry", () => {
    const lock = JSON.parse(readFileSync(`${root}package-lock.json`, "utf8")) as {
      packages: Record<string, { engines?: { node?: string } }>;
    };
    expect(lock.packages[""]?.engines?.node).toBe(readEnginesRange());
  });

  test("accepts the Node the project pins (devDependency node, .nvmrc)", () => {
    const pinned = (
      JSON.parse(readFileSync(`${root}package.json`, "utf8")) as {
        devDependencies: Record<string, string>;
      }
    ).devDependencies["node"];
    expect(pinned).toBeDefined();
    expect(satisfiesRange(pinned ?? "", readEnginesRange())).toBe(true);
    expect(satisfiesRange(process.versions.node, readEnginesRange())).toBe(true);
  });

  test("an unsupported version gets a message that says how to run it instead", () => {
    const message = describeUnsupportedNode("v20.20.2", readEnginesRange());
    expect(message).toContain("Node.js v20.20.2 cannot run this project");
    expect(message).toContain("through npm or npx");
    expect(message).toContain("node_modules/.bin");
    expect(message).toContain("install Node.js 22.19.0 or newer");
    expect(describeUnsupportedNode(process.versions.node, readEnginesRange())).toBeUndefined();
  });
});

// An older Node on the machine (Debian's 20 here), to run the entry points as a user might.
const oldNode = process.env["FRESH_MACHINE_NODE"] ?? "/usr/bin/node";
const oldVersion = spawnSync(oldNode, ["--version"], { encoding: "utf8" }).stdout?.trim() ?? "";
const haveOldNode = /^v\d/.test(oldVersion) && !satisfiesRange(oldVersion.slice(1), readEnginesRange());
if (!haveOldNode && process.env["CI"] === "true")
  throw new Error(`the entry-point test needs a Node the engines range refuses at ${oldNode}`);
if (!haveOldNode) console.warn(`SKIPPED entry points under an old Node: none at ${oldNode} (${oldVersion})`);

describe.skipIf(!haveOldNode)(`entry points run by ${oldNode} (${oldVersion})`, () => {
  for (const entry of [
    "notebooks/01-without-nat.ts",
    "notebooks/02-with-nat.ts",
    "scripts/doctor.ts",
    "scripts/cleanup.ts",
    "scripts/emulator.ts",
  ]) {
    test(`${entry} stops first with what to do`, () => {
      const run = spawnSync(oldNode, ["--import", "tsx", entry, "--dry-run"], {
        cwd: root,
        encoding: "utf8",
        timeout: 60_000,
        env: { PATH: process.env["PATH"], HOME: process.env["HOME"], NO_COLOR: "1" },
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`Node.js ${oldVersion} cannot run this project`);
      expect(run.stderr).toContain("through npm or npx");
      expect(run.stdout).toBe("");
    });
  }
});

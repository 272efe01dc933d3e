// The README's commands as a reader copies them: every `npm run <script>` it names exists, and the
// emulator block ("in another terminal") runs as pasted, with AWS CLI v1 and v2, in an environment
// that has no AWS configuration of its own (no profile, no credentials file, no region). The guide's
// labs page has the same kind of block (en and ja): it runs too.

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/server.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const labsPage = readFileSync(join(root, "src/content/docs/labs/index.mdx"), "utf8");
const labsPageJa = readFileSync(join(root, "src/content/docs/ja/labs/index.mdx"), "utf8");
const run = promisify(execFile);
const inCi = process.env["CI"] === "true";

/** The fenced sh blocks of the README, in order. */
function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
}

/** Every AWS CLI on PATH (and Debian's), by major version: the README's block must work with each. */
async function findAwsClis(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const dirs = [...(process.env["PATH"] ?? "").split(delimiter), "/usr/bin"];
  for (const dir of dirs) {
    const path = join(dir, "aws");
    try {
      const { stdout, stderr } = await run(path, ["--version"], { timeout: 30_000 });
      const major = /aws-cli\/(\d+)\./.exec(stdout + stderr)?.[1];
      if (major !== undefined && !found.has(major)) found.set(major, path);
    } catch {
      // not there, or not runnable
    }
  }
  return found;
}

describe("README commands", () => {
  test("every `npm run <script>` the README names is a script in package.json", () => {
    const scripts = Object.keys(
      (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> })
        .scripts,
    );
    const named = [...readme.matchAll(/npm run ([a-z][\w:-]*)/g)].map((match) => match[1] ?? "");
    expect(named).toContain("bench:notebooks");
    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
  });
});

const clis = await findAwsClis();
const missing = ["1", "2"].filter((major) => !clis.has(major));
if (missing.length > 0 && !inCi)
  console.warn(`README emulator block: skipping AWS CLI v${missing.join(", v")} (not installed).`);

describe("the README's emulator block, pasted into bash", () => {
  let emulator: RunningEmulator;
  const block = shellBlocks(readme).find((text) => text.includes("aws --endpoint-url")) ?? "";

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  test("the block exists and targets the emulator's documented address", () => {
    expect(block).toContain("http://127.0.0.1:4599");
  });

  for (const major of ["1", "2"]) {
    test.skipIf(!clis.has(major) && !inCi)(
      `works as pasted with AWS CLI v${major}`,
      async () => {
        const cli = clis.get(major);
        if (cli === undefined) throw new Error(`AWS CLI v${major} is required when CI=true`);
        // A bin directory whose `aws` is this CLI, first on PATH; a HOME with no AWS configuration.
        const home = mkdtempSync(join(tmpdir(), "readme-block-"));
        symlinkSync(cli, join(home, "aws"));
        // The emulator here listens on a free port instead of 4599 (which another run may hold).
        const pasted = block.replaceAll("http://127.0.0.1:4599", emulator.url);
        const { stdout } = await run("bash", ["-e", "-c", pasted], {
          cwd: root,
          timeout: 120_000,
          env: { PATH: `${home}${delimiter}${process.env["PATH"] ?? ""}`, HOME: home, NO_COLOR: "1" },
        });
        expect(stdout).toMatch(/Result: ok/);
        // The CLI's table shows the fresh account's default VPC.
        expect(stdout).toMatch(/DescribeVpcs/);
        expect(stdout).toContain("172.31.0.0/16");
      },
      180_000,
    );
  }
});

/** The block's commands without comments, to compare translations. */
function commandsOf(block: string): string[] {
  return block
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

describe("the guide's emulator block (labs page), pasted into bash", () => {
  let emulator: RunningEmulator;
  const block = shellBlocks(labsPage).find((text) => text.includes("aws --endpoint-url")) ?? "";

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  test("the Japanese page runs the same commands", () => {
    const ja = shellBlocks(labsPageJa).find((text) => text.includes("aws --endpoint-url")) ?? "";
    expect(commandsOf(block).length).toBeGreaterThan(2);
    expect(commandsOf(ja)).toEqual(commandsOf(block));
  });

  test.skipIf(!clis.has("1") && !inCi)(
    "works as pasted with AWS CLI v1 (the one that needs AWS_DEFAULT_REGION)",
    async () => {
      const cli = clis.get("1");
      if (cli === undefined) throw new Error("AWS CLI v1 is required when CI=true");
      const home = mkdtempSync(join(tmpdir(), "guide-block-"));
      symlinkSync(cli, join(home, "aws"));
      const { stdout } = await run(
        "bash",
        ["-e", "-c", block.replaceAll("http://127.0.0.1:4599", emulator.url)],
        {
          cwd: root,
          timeout: 120_000,
          env: { PATH: `${home}${delimiter}${process.env["PATH"] ?? ""}`, HOME: home, NO_COLOR: "1" },
        },
      );
      expect(stdout).toMatch(/Result: ok/);
      expect(JSON.parse(stdout.slice(stdout.lastIndexOf("\n{"))).NatGateways).toBeDefined();
    },
    180_000,
  );
});

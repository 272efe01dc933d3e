/**
 * The README's two commands on a fresh machine of the kind this project is built on, whose only Node
 * is Debian's 20: a clean clone of the committed tree, a PATH with that old Node first and none of the
 * project's node_modules/.bin (as a newcomer's shell has), then `npm install`, `npm start` (both
 * notebooks, the guide's build, the preview server answering) and `npx tsx notebooks/02-with-nat.ts`.
 * `npm test` itself is the other command: `.ci/run` runs it under the same old system Node.
 *
 * It needs a Node older than 22.12 on the machine (`FRESH_MACHINE_NODE`, else /usr/bin/node) and the
 * npm registry (or a warm npm cache). Without the old Node it skips and says so, except under CI=true.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
const oldNode = process.env.FRESH_MACHINE_NODE ?? "/usr/bin/node";

function versionOf(node: string): string | undefined {
  const result = spawnSync(node, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const oldNodeVersion = versionOf(oldNode);
const oldNodeMajor = Number(oldNodeVersion?.replace(/^v/, "").split(".")[0] ?? "NaN");
const haveOldNode = oldNodeVersion !== undefined && oldNodeMajor < 22;
const missing = haveOldNode
  ? undefined
  : `no Node older than 22 at ${oldNode} (found ${oldNodeVersion ?? "nothing"}); set FRESH_MACHINE_NODE`;
if (missing && process.env.CI === "true") {
  throw new Error(`fresh-machine test cannot run: ${missing}`);
}
if (missing) console.warn(`SKIPPED fresh-machine test: ${missing}`);

/** A newcomer's PATH: the old Node's folder first, and no node_modules/.bin that npm or Vitest added. */
function freshPath(): string {
  const rest = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((entry) => entry !== "" && !entry.includes("node_modules"));
  return [dirname(oldNode), ...rest].join(delimiter);
}

/** The environment of a user's shell: no Vitest or npm variables, no AWS settings, no CI flag. */
function freshEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|AWS_|NODE_OPTIONS$|BASE_URL$|MODE$|DEV$|PROD$|SSR$|CI$|TEST$)/.test(key)) continue;
    env[key] = value;
  }
  env.PATH = freshPath();
  env.NO_COLOR = "1";
  return env;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

interface Finished {
  code: number | null;
  output: string;
}

function run(
  command: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
  env: NodeJS.ProcessEnv = freshEnvironment(),
): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, detached: true });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => killGroup(child), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // Already gone.
  }
}

describe.skipIf(!haveOldNode)(`a fresh clone with ${oldNodeVersion ?? "an old Node"} first on PATH`, () => {
  let clone = "";

  beforeAll(() => {
    clone = join(mkdtempSync(join(tmpdir(), "egress-lab-fresh-")), "apprunner-egress-lab");
    execFileSync("git", ["clone", "--quiet", "--no-hardlinks", projectRoot, clone]);
  });

  // The clone holds a full node_modules (about 1 GB): removing it takes a while on a loaded machine.
  afterAll(() => {
    if (clone) rmSync(dirname(clone), { recursive: true, force: true });
  }, 300_000);

  test("the shell's own node is the old one, so nothing below borrows the project's Node", () => {
    const result = spawnSync("node", ["--version"], { env: freshEnvironment(), encoding: "utf8" });
    expect(result.stdout.trim()).toBe(oldNodeVersion);
  });

  test("npm install finishes without a warning a newcomer has to decode", async () => {
    const { code, output } = await run("npm", ["install", "--no-audit", "--no-fund"], clone, 600_000);
    expect(output, output).not.toMatch(/\bwarn\b|EBADENGINE|ERR!/i);
    expect(code, output).toBe(0);
  }, 660_000);

  test("npm scripts and npx run on the project's Node, not the system's", async () => {
    const viaNpx = await run("npx", ["node", "--version"], clone, 60_000);
    expect(viaNpx.code, viaNpx.output).toBe(0);
    const major = Number(viaNpx.output.trim().replace(/^v/, "").split(".")[0]);
    expect(major).toBeGreaterThanOrEqual(22);
  }, 90_000);

  test("npm start runs both notebooks, builds the guide and serves it", async () => {
    const port = await freePort();
    const child = spawn("npm", ["start", "--", "--port", String(port)], {
      cwd: clone,
      env: freshEnvironment(),
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    try {
      const deadline = Date.now() + 840_000;
      let page = "";
      while (Date.now() < deadline && child.exitCode === null && page === "") {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        page = await fetch(`http://127.0.0.1:${port}/`)
          .then((response) => (response.ok ? response.text() : ""))
          .catch(() => "");
      }
      expect(page, output).toContain("App Runner");
      // Both notebooks showed their expected outcome, in order, before the build.
      expect(output).toMatch(/Observed: no egress, as expected[\s\S]*Observed: egress through the NAT/);
      expect(output, output).not.toMatch(/not supported by Astro|EBADENGINE/);
    } finally {
      killGroup(child);
      await exited;
    }
  }, 900_000);

  test("npx tsx notebooks/02-with-nat.ts works there too, as the README writes it", async () => {
    // No credentials anywhere, as on a machine without an AWS account: the embedded emulator is used.
    const env = {
      ...freshEnvironment(),
      AWS_CONFIG_FILE: join(clone, "no-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(clone, "no-aws-credentials"),
    };
    const { code, output } = await run("npx", ["tsx", "notebooks/02-with-nat.ts"], clone, 300_000, env);
    expect(output).toMatch(/Observed: egress through the NAT/);
    expect(code, output).toBe(0);
  }, 330_000);
});

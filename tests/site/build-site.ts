/**
 * One build of the site per distinct input, shared by every test file (Vitest runs files in
 * parallel workers). Builds go to node_modules/.cache/egress-lab-site/<content hash>-<base>/,
 * one at a time under a directory lock (parallel `astro build`s would share .astro/), and are
 * reused while src/, public/, notebooks/, astro.config.mjs and the lockfile are unchanged.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
const cacheRoot = join(projectRoot, "node_modules/.cache/egress-lab-site");
const lockDirectory = join(cacheRoot, "build.lock");
const inputs = ["src", "public", "notebooks", "astro.config.mjs", "package-lock.json"];

function hashInputs(): string {
  const hash = createHash("sha256");
  for (const input of inputs) {
    const path = join(projectRoot, input);
    if (!existsSync(path)) continue;
    const files = statSync(path).isDirectory()
      ? readdirSync(path, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => join(entry.parentPath, entry.name))
          .sort()
      : [path];
    for (const file of files) hash.update(relative(projectRoot, file)).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function acquireLock(): Promise<void> {
  mkdirSync(cacheRoot, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDirectory);
      return;
    } catch {
      // A lock older than 10 minutes belongs to a crashed run.
      const lockedAt = statSync(lockDirectory, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - lockedAt > 600_000) {
        rmSync(lockDirectory, { recursive: true, force: true });
      }
      await sleep(500);
    }
  }
}

/**
 * Vitest exposes Vite's import.meta.env values (BASE_URL "/", MODE, DEV, PROD, SSR) in process.env;
 * inherited by the build, BASE_URL overrides Astro's base in Starlight's links. The build gets the
 * environment a user's shell would give it.
 */
function buildEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ["BASE_URL", "MODE", "DEV", "PROD", "SSR"]) delete env[key];
  return env;
}

function runAstroBuild(outDir: string, base: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(projectRoot, "node_modules/astro/bin/astro.mjs"), "build", "--outDir", outDir],
      {
        cwd: projectRoot,
        env: { ...buildEnvironment(), BASE: base, ASTRO_TELEMETRY_DISABLED: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(output);
      else
        reject(
          new Error(`astro build (BASE=${base}) failed with exit code ${code}:\n${output.slice(-6000)}`),
        );
    });
  });
}

/** Where the console output of the build in `outDir` is kept (beside it: dist/ is what gets published). */
export function buildLogPath(outDir: string): string {
  return `${outDir}.log`;
}

/** Builds the site for `base` (or reuses an identical earlier build) and returns its output directory. */
export async function buildSite(base = "/"): Promise<string> {
  const label = base.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "root";
  const outDir = join(cacheRoot, `${hashInputs()}-${label}`);
  const marker = join(outDir, ".build-complete");
  const done = () => existsSync(marker) && existsSync(buildLogPath(outDir));
  if (done()) return outDir;
  await acquireLock();
  try {
    if (done()) return outDir;
    rmSync(outDir, { recursive: true, force: true });
    writeFileSync(buildLogPath(outDir), await runAstroBuild(outDir, base));
    writeFileSync(marker, new Date().toISOString());
    return outDir;
  } finally {
    rmSync(lockDirectory, { recursive: true, force: true });
  }
}

/** Generous: a cold build renders nothing (the diagram cache is committed) but is still ~30 s on 2 cores. */
export const buildTimeout = 300_000;

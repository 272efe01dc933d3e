// scripts/emulator.ts as users run it: bad flags are usage errors (exit 2) that say what the flag
// takes, never a raw TypeError; a port in use is named.

import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { parseEmulatorArgs } from "../../scripts/emulator.ts";
import { UsageError } from "../../src/aws/command-line.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

async function runEmulator(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", "scripts/emulator.ts", ...args],
      {
        cwd: root,
        timeout: 30_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("parseEmulatorArgs", () => {
  test("an unknown flag is a usage error naming the flag", () => {
    expect(() => parseEmulatorArgs(["--bogus"])).toThrow(UsageError);
    expect(() => parseEmulatorArgs(["--bogus"])).toThrow(/--bogus/);
  });

  test("--seed must be a whole number", () => {
    for (const seed of ["xyz", "1.5", "-3", ""]) {
      expect(() => parseEmulatorArgs([`--seed=${seed}`])).toThrow(/--seed must be a whole number/);
    }
    expect(parseEmulatorArgs(["--seed", "42"]).seed).toBe(42);
  });

  test("--port and --factor refuse what is not a number in range", () => {
    expect(() => parseEmulatorArgs(["--port", "70000"])).toThrow(/--port/);
    expect(() => parseEmulatorArgs(["--port", "12ab"])).toThrow(/--port/);
    expect(() => parseEmulatorArgs(["--factor", "fast"])).toThrow(/--factor/);
    expect(parseEmulatorArgs(["--delays", "realistic", "--factor", "0.05"])).toMatchObject({
      delays: "realistic",
      factor: 0.05,
    });
    expect(parseEmulatorArgs([]).delays).toBe("fast");
  });

  test("--delays takes fast or realistic", () => {
    expect(() => parseEmulatorArgs(["--delays", "slow"])).toThrow(
      /--delays must be fast or realistic, not slow/,
    );
  });
});

describe("the emulator process", () => {
  test("an unknown flag exits 2 with a usage message, not a TypeError", async () => {
    const result = await runEmulator(["--bogus"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--bogus");
    expect(result.stderr).toContain("--help");
    expect(result.stderr).not.toMatch(/TypeError|ERR_PARSE_ARGS|\n\s+at /);
  });

  test("--profile (the old name of --delays, an AWS credentials flag elsewhere) exits 2 pointing to --delays", async () => {
    for (const args of [["--profile", "realistic"], ["--profile=fast"], ["--profile"]]) {
      const result = await runEmulator(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("--delays fast|realistic");
      expect(result.stdout).toBe("");
    }
  });

  test("--help names --delays, not --profile", async () => {
    const result = await runEmulator(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--delays fast|realistic");
    expect(result.stdout).not.toContain("--profile");
  });

  test("a port in use exits 2 naming the port", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runEmulator(["--port", String(port)]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`port ${port}`);
      expect(result.stderr).toContain("--port 0");
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

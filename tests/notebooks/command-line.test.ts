// The notebooks' command-line contract: dry run, refusal without confirmation, bad input, the auto
// workload falling back when the account cannot use App Runner, --keep then cleanup.

import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  endpointEnv,
  findLeftovers,
  type LabFixture,
  runScript,
  snapshotNonLab,
  startLabFixture,
} from "./lab-fixture.ts";

let fixture: LabFixture;
beforeAll(async () => {
  fixture = await startLabFixture();
});
afterAll(async () => {
  await fixture.close();
});

describe("notebook command line", () => {
  test("--dry-run prints the plan and creates nothing", async () => {
    const before = await snapshotNonLab(fixture.clients);
    fixture.running.emulator.calls.length = 0;
    const run = await runScript("notebooks/02-with-nat.ts", ["--dry-run"], endpointEnv(fixture));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/nat-gateway: NAT gateway in the public subnet/);
    expect(run.stdout).toMatch(/Dry run: nothing was created/);
    expect(fixture.running.emulator.calls).toEqual([]);
    expect(await snapshotNonLab(fixture.clients)).toBe(before);
  });

  test("--dry-run lists each price once, with the digits AWS prices have", async () => {
    const run = await runScript(
      "notebooks/02-with-nat.ts",
      ["--dry-run", "--workload", "instance"],
      endpointEnv(fixture),
    );
    expect(run.code).toBe(0);
    expect(run.stdout.match(/0\.0042/g)).toHaveLength(1);
    expect(run.stdout).toMatch(/NAT gateway: \$0\.045\/h/);
  });

  test("a real AWS target without --yes in a non-interactive run is refused before any call", async () => {
    // Credentials in the environment and no endpoint: the target is "real AWS". The SDK is pointed
    // at a closed port through a proxy variable-free setup, so any call would fail loudly; the
    // refusal must come first.
    const run = await runScript("notebooks/01-without-nat.ts", [], {
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      AWS_REGION: "us-east-1",
      HTTPS_PROXY: "http://127.0.0.1:9",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Refusing to create resources in your AWS account .* without confirmation/);
    expect(run.stdout).not.toMatch(/Target: AWS account/);
  });

  test("an unknown region is refused with the regions it may have meant", async () => {
    const run = await runScript("notebooks/01-without-nat.ts", ["--local", "--region", "us-east-9"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown region "us-east-9".*did you mean us-east-1/);
  });

  test("no region with AWS credentials is refused", async () => {
    const run = await runScript("notebooks/01-without-nat.ts", ["--yes"], {
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No region: pass --region/);
  });

  test("a profile without credentials is refused", async () => {
    const run = await runScript(
      "notebooks/01-without-nat.ts",
      ["--profile", "nobody", "--region", "us-east-1"],
      {},
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No profile "nobody" \(from --profile nobody\)/);
  });

  test("AWS_PROFILE naming a missing profile is refused like --profile, never an emulator run", async () => {
    const run = await runScript("notebooks/01-without-nat.ts", [], { AWS_PROFILE: "nosuch" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No profile "nosuch" \(from AWS_PROFILE=nosuch\)/);
    expect(run.stdout).not.toMatch(/emulator/);
  });

  test("cleanup without credentials never falls back to the emulator", async () => {
    for (const env of [{}, { AWS_PROFILE: "nosuch" }]) {
      const run = await runScript("scripts/cleanup.ts", ["--yes"], env);
      expect(run.code).toBe(2);
      expect(run.stdout).not.toMatch(/Nothing tagged/);
      expect(run.stderr).toMatch(/No AWS credentials found|No profile "nosuch"/);
    }
    const local = await runScript("scripts/cleanup.ts", ["--local", "--yes"], {});
    expect(local.code).toBe(0);
    expect(local.stdout).toMatch(/--local: The embedded emulator ends with the notebook's process/);
    expect(local.stdout).not.toMatch(/Nothing tagged/);
  });

  test("an unknown workload is refused", async () => {
    const run = await runScript("notebooks/01-without-nat.ts", ["--local", "--workload", "lambda"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--workload must be one of auto, apprunner, instance, none/);
  });

  test("auto uses an instance when the account cannot use App Runner, and says why", async () => {
    fixture.running.emulator.appRunnerCustomer = false;
    try {
      const run = await runScript("notebooks/01-without-nat.ts", [], endpointEnv(fixture));
      expect(run.stdout).toMatch(
        /(cannot use App Runner|App Runner refused this account).*(using|switching to) an EC2 instance/,
      );
      expect(run.stdout).toMatch(/no egress, as expected/);
      expect(run.code).toBe(0);
    } finally {
      fixture.running.emulator.appRunnerCustomer = true;
    }
  });

  test("--keep leaves the stack, cleanup --dry-run lists it, cleanup removes it", async () => {
    const before = await snapshotNonLab(fixture.clients);
    const kept = await runScript(
      "notebooks/01-without-nat.ts",
      ["--workload", "instance", "--keep"],
      endpointEnv(fixture),
    );
    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(/npm run cleanup/);
    expect((await findLeftovers(fixture.clients)).length).toBe(6);
    const listed = await runScript("scripts/cleanup.ts", ["--dry-run"], endpointEnv(fixture));
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/6 lab resources/);
    expect((await findLeftovers(fixture.clients)).length).toBe(6);
    const cleaned = await runScript("scripts/cleanup.ts", ["--yes"], endpointEnv(fixture));
    expect(cleaned.code).toBe(0);
    expect(await findLeftovers(fixture.clients)).toEqual([]);
    expect(await snapshotNonLab(fixture.clients)).toBe(before);
  });

  test("the cleanup command printed after --keep, run as printed, reaches the same endpoint, region and stack", async () => {
    const before = await snapshotNonLab(fixture.clients);
    // Two kept stacks: the printed command must remove its own and only its own.
    const first = await runScript(
      "notebooks/01-without-nat.ts",
      ["--workload", "none", "--keep"],
      endpointEnv(fixture),
    );
    const second = await runScript(
      "notebooks/01-without-nat.ts",
      ["--workload", "none", "--keep"],
      endpointEnv(fixture),
    );
    expect([first.code, second.code]).toEqual([0, 0]);
    const command = /Remove it later with: (.+)/.exec(first.stdout)?.[1] ?? "";
    const stack = /Building stack (\S+)/.exec(first.stdout)?.[1] ?? "";
    expect(command).toBe(
      `AWS_ENDPOINT_URL=${fixture.running.url} npm run cleanup -- --region us-east-1 --stack ${stack}`,
    );
    const leftBefore = await findLeftovers(fixture.clients);
    // Run through a shell exactly as printed, with no AWS_* variable of ours.
    const run = await runShell(command);
    expect(run.stdout).toMatch(new RegExp(`\\d+ lab resources \\(stack ${stack}\\) in us-east-1`));
    expect(run.stdout).toMatch(/All \d+ resources deleted/);
    expect(run.code).toBe(0);
    const leftAfter = await findLeftovers(fixture.clients);
    expect(leftAfter.length).toBeGreaterThan(0);
    expect(leftAfter.length).toBeLessThan(leftBefore.length);
    const secondStack = /Building stack (\S+)/.exec(second.stdout)?.[1] ?? "";
    const secondCommand = /Remove it later with: (.+)/.exec(second.stdout)?.[1] ?? "";
    expect(secondCommand).toContain(`--stack ${secondStack}`);
    expect((await runShell(secondCommand)).code).toBe(0);
    expect(await findLeftovers(fixture.clients)).toEqual([]);
    expect(await snapshotNonLab(fixture.clients)).toBe(before);
  });

  test("--local --keep says the embedded emulator is gone with the process", async () => {
    const run = await runScript(
      "notebooks/01-without-nat.ts",
      ["--local", "--workload", "none", "--keep"],
      {},
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /The embedded emulator ends with the notebook's process: nothing is left behind and nothing is billed/,
    );
    expect(run.stdout).not.toMatch(/npm run cleanup/);
  });
});

/** A command line run by /bin/sh from the repository root, without this process's AWS_* variables. */
function runShell(command: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith("AWS_")) env[key] = value;
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", command], {
      cwd: new URL("../../", import.meta.url).pathname,
      env: { ...env, NO_COLOR: "1", HOME: "/nonexistent-home", AWS_EC2_METADATA_DISABLED: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

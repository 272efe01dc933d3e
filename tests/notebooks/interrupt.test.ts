// One Ctrl-C under `npx tsx`, as the README runs the notebooks: the terminal sends SIGINT to the
// whole foreground process group (npx, tsx, the notebook), and npx and tsx forward it to their
// child again within milliseconds (tsx relays it when the child does not acknowledge within 30 ms).
// Those copies must not count as the "second Ctrl-C" that stops teardown: every run must exit 130
// with nothing left in the emulator. The emulator runs in this process, the notebook as a child in
// its own process group, and the signal goes to the group, as a terminal sends it.

import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FAST_PROFILE, scaleProfile } from "../../src/emulator/clock.ts";
import { SECOND_INTERRUPT_GRACE_MS } from "../../src/lab/interrupt-presses.ts";
import { endpointEnv, findLeftovers, type LabFixture, runScript, startLabFixture } from "./lab-fixture.ts";

// LAB_INTERRUPT_RUNS raises the count for a longer measurement.
const RUNS = Number(process.env["LAB_INTERRUPT_RUNS"] ?? 5);
const ROOT = new URL("../../", import.meta.url).pathname;

let fixture: LabFixture;
beforeAll(async () => {
  // Slow enough that a NAT gateway and an App Runner service are still being created when the
  // signal comes (the NAT gateway takes 3 s, the service 5 s).
  fixture = await startLabFixture({ delays: scaleProfile(FAST_PROFILE, 10) });
});
afterAll(async () => {
  await fixture.close();
});

interface InterruptedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment a notebook gets here: the user's, minus AWS settings, pointed at the fixture. */
function notebookEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith("AWS_")) env[key] = value;
  return {
    ...env,
    NO_COLOR: "1",
    HOME: "/nonexistent-home",
    AWS_EC2_METADATA_DISABLED: "true",
    ...endpointEnv(fixture),
  };
}

/**
 * Whether the notebook is waiting on the NAT gateway and the service, knowing their IDs: after each
 * Create it has sent the Describe that polls it (the waiters ask at once, with the ID the Create
 * returned). A fixed pause after the Create instead guessed how long the reply takes to reach the
 * notebook, which a loaded machine can exceed: the summary then does not name what was created.
 */
function waitingOnNatAndService(calls: readonly { action: string }[]): boolean {
  return [
    ["CreateNatGateway", "DescribeNatGateways"],
    ["CreateService", "DescribeService"],
  ].every(([create, describe]) => {
    const created = calls.findIndex((call) => call.action === create);
    return created >= 0 && calls.slice(created + 1).some((call) => call.action === describe);
  });
}

/**
 * Starts the notebook under `npx tsx`, sends SIGINT to its group once `ready()` holds, and, with
 * `secondAfterMs`, a second one that long after the first (a deliberate second press).
 */
function runAndInterrupt(
  args: string[],
  ready: () => boolean,
  secondAfterMs?: number,
): Promise<InterruptedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "notebooks/02-with-nat.ts", ...args], {
      cwd: ROOT,
      detached: true,
      env: notebookEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const poll = setInterval(() => {
      if (!ready()) return;
      clearInterval(poll);
      process.kill(-(child.pid as number), "SIGINT");
      if (secondAfterMs !== undefined)
        setTimeout(() => process.kill(-(child.pid as number), "SIGINT"), secondAfterMs);
    }, 20);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe("Ctrl-C under npx tsx", () => {
  test(
    `${RUNS} runs interrupted while the NAT gateway and the service are being created`,
    async () => {
      const outcomes: string[] = [];
      const results: (InterruptedRun & { left: string[] })[] = [];
      for (let run = 1; run <= RUNS; run++) {
        // The NAT gateway and the service are still being created for seconds: the signal comes
        // while the notebook waits on them.
        const calls = fixture.running.emulator.calls;
        calls.length = 0;
        const result = await runAndInterrupt(["--workload", "apprunner"], () =>
          waitingOnNatAndService(calls),
        );
        const left = await findLeftovers(fixture.clients);
        const stopped = /Stopped\. These lab resources may be left/.test(result.stderr);
        const exit = result.code ?? `by ${result.signal}`;
        const notebookExit = /Result: interrupted/.test(result.stdout) ? "" : " (no summary: killed?)";
        outcomes.push(
          `exit ${exit}${stopped ? " (teardown stopped)" : ""}${notebookExit}, ${left.length} left`,
        );
        if (left.length > 0) console.log(result.stdout, result.stderr);
        results.push({ ...result, left });
      }
      console.log(`Ctrl-C under npx tsx, ${RUNS} runs: ${outcomes.join("; ")}`);
      for (const result of results) {
        expect(result.stderr).toMatch(
          /Interrupted: tearing down .*press Ctrl-C again to stop the teardown \(resources may be left\)/,
        );
        expect(result.stderr).not.toMatch(/Stopped\. These lab resources may be left/);
        // No raw error objects for an interrupt.
        expect(result.stdout + result.stderr).not.toMatch(/InterruptedError|AbortError|"state":"ABORTED"/);
        expect(result.stdout).toMatch(/Teardown: all deleted/);
        expect(result.stdout).toMatch(/Result: interrupted, teardown complete/);
        // What was being created when the signal came is named in the summary.
        expect(result.stdout).toMatch(/Created: .*nat-gateway nat-[0-9a-f]+/);
        expect(result.stdout).toMatch(/Created: .*service arn:aws:apprunner:/);
        expect(result.left).toEqual([]);
        // npx waits for the notebook, then ends itself by the same signal: the shell's 130.
        expect(result.code === 130 || result.signal === "SIGINT").toBe(true);
      }
    },
    RUNS * 60_000,
  );

  test("a deliberate second Ctrl-C, after the grace period, stops the teardown and says what may be left", async () => {
    const calls = fixture.running.emulator.calls;
    calls.length = 0;
    // The teardown waits seconds for the service and the NAT gateway: the second press lands in it.
    const result = await runAndInterrupt(
      ["--workload", "apprunner"],
      () => waitingOnNatAndService(calls),
      SECOND_INTERRUPT_GRACE_MS + 500,
    );
    expect(result.stderr).toMatch(/Stopped\. These lab resources may be left:/);
    const command = /Remove them with: (.+)/.exec(result.stderr)?.[1] ?? "";
    expect(command).toMatch(
      /^AWS_ENDPOINT_URL=\S+ npm run cleanup -- --region us-east-1 --stack egress-lab-02-/,
    );
    expect(result.code === 130 || result.signal === "SIGINT").toBe(true);
    expect((await findLeftovers(fixture.clients)).length).toBeGreaterThan(0);
    // What it printed removes the rest.
    const stack = /--stack (\S+)/.exec(command)?.[1] as string;
    const cleaned = await runScript("scripts/cleanup.ts", ["--yes", "--stack", stack], endpointEnv(fixture));
    expect(cleaned.code).toBe(0);
    expect(await findLeftovers(fixture.clients)).toEqual([]);
  }, 60_000);

  // tsx kills its child with SIGKILL when the child has not acknowledged a relayed SIGINT within
  // 2 x 30 ms (a busy event loop, a starved CPU). The notebook runs shielded in a session of its own
  // (src/lab/shield-from-launcher.ts): only the relay dies, and the teardown goes on.
  test.each([
    ["right after a Ctrl-C", true],
    ["without any Ctrl-C (the launcher died)", false],
  ])(
    "the process the launcher knows is killed %s: the notebook still tears everything down",
    async (_, sigint) => {
      const calls = fixture.running.emulator.calls;
      calls.length = 0;
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "notebooks/02-with-nat.ts", "--workload", "apprunner"],
        {
          cwd: ROOT,
          detached: true,
          env: notebookEnv(),
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      // The pipes close when the last process holding them, the shielded notebook, has exited.
      const closed = new Promise<void>((resolve) => child.stdout.on("close", () => resolve()));
      while (!waitingOnNatAndService(calls)) await new Promise((resolve) => setTimeout(resolve, 20));
      if (sigint) process.kill(-(child.pid as number), "SIGINT");
      await new Promise((resolve) => setTimeout(resolve, sigint ? 60 : 0));
      process.kill(-(child.pid as number), "SIGKILL");
      await closed;
      expect(output).toMatch(/Teardown: all deleted/);
      expect(output).not.toMatch(/Stopped\. These lab resources may be left/);
      expect(await findLeftovers(fixture.clients)).toEqual([]);
    },
    60_000,
  );
});

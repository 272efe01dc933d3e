// DeleteVpcConnector right after the service's deletion: App Runner can answer "Provided VPC
// connector arn is being used by other services" for a while (aws/apprunner-roadmap#161). The
// emulator answers that way for its clock's connectorInUseAfterService; teardown must ask again
// within a bounded wait, say what it waits for, and still leave nothing.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { EMULATOR_TIMING, type LabContext } from "../../src/lab/lab-context.ts";
import { createNarrator } from "../../src/lab/narrator.ts";
import { teardownStack } from "../../src/lab/teardown-stack.ts";
import { endpointEnv, findLeftovers, type LabFixture, runScript, startLabFixture } from "./lab-fixture.ts";

let fixture: LabFixture;
beforeAll(async () => {
  fixture = await startLabFixture();
});
afterAll(async () => {
  await fixture.close();
});

describe("a VPC connector App Runner still calls used after its service's deletion", () => {
  test("the notebook asks again, says so, and tears everything down", async () => {
    const delays = fixture.running.emulator.clock.delays;
    fixture.running.emulator.clock.delays = { ...delays, connectorInUseAfterService: 1_500 };
    try {
      const run = await runScript(
        "notebooks/01-without-nat.ts",
        ["--workload", "apprunner"],
        endpointEnv(fixture),
      );
      expect(run.stdout).toMatch(
        /App Runner still calls the VPC connector used just after its service's deletion/,
      );
      expect(run.stdout).toMatch(/VPC connector released after/);
      expect(run.stdout).toMatch(/Teardown: all deleted/);
      expect(run.code).toBe(0);
      const refusals = fixture.running.emulator.calls.filter((call) => call.action === "DeleteVpcConnector");
      expect(refusals.length).toBeGreaterThanOrEqual(2);
      expect(await findLeftovers(fixture.clients)).toEqual([]);
    } finally {
      fixture.running.emulator.clock.delays = delays;
    }
  });

  test("the wait is bounded: past it the connector is reported left with what to do", async () => {
    const kept = await runScript(
      "notebooks/01-without-nat.ts",
      ["--workload", "apprunner", "--keep"],
      endpointEnv(fixture),
    );
    expect(kept.code).toBe(0);
    const delays = fixture.running.emulator.clock.delays;
    fixture.running.emulator.clock.delays = { ...delays, connectorInUseAfterService: 3_600_000 };
    let out = "";
    const sink = {
      write: (text: string) => {
        out += text;
        return true;
      },
    };
    const ctx: LabContext = {
      clients: fixture.clients,
      narrator: createNarrator({ stdout: sink, stderr: sink, env: {} }),
      stackName: "",
      signal: new AbortController().signal,
      timing: { ...EMULATOR_TIMING, connectorReleaseMaxWaitMs: 400 },
    };
    try {
      const report = await teardownStack(ctx, { stackName: undefined });
      const connector = report.left.find((entry) => entry.resource.kind === "vpc-connector");
      expect(connector?.reason).toMatch(
        /still calls VPC connector .* used by other services after 0\.4 s.*Run the cleanup again later/,
      );
      // What does not depend on the connector is gone; its subnets and security group wait for it.
      expect(report.deleted.map((r) => r.kind)).toContain("service");
      expect(report.left.map((entry) => entry.resource.kind).sort()).toEqual(
        ["security-group", "subnet", "subnet", "vpc", "vpc-connector"].sort(),
      );
      expect(out).toMatch(/asking again every 0\.1 s for up to 0\.4 s/);
    } finally {
      fixture.running.emulator.clock.delays = delays;
    }
    const cleaned = await runScript("scripts/cleanup.ts", ["--yes"], endpointEnv(fixture));
    expect(cleaned.code).toBe(0);
    expect(await findLeftovers(fixture.clients)).toEqual([]);
  });
});

// The instance workload checks that its zone offers the instance type (DescribeInstanceTypeOfferings)
// and takes the AMI from Amazon's public SSM parameter (resolve:ssm: in RunInstances).

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { endpointEnv, findLeftovers, type LabFixture, runScript, startLabFixture } from "./lab-fixture.ts";

let fixture: LabFixture;
let clockPump: NodeJS.Timeout;
beforeAll(async () => {
  fixture = await startLabFixture();
  clockPump = setInterval(() => fixture.running.emulator.clock.advance(5_000), 200);
});
afterAll(async () => {
  clearInterval(clockPump);
  await fixture.close();
});

describe("instance workload zones and image", () => {
  test("a first zone without the instance type is replaced by one that offers it", async () => {
    fixture.running.emulator.unofferedInstanceTypeZones = ["us-east-1a"];
    try {
      fixture.running.emulator.calls.length = 0;
      const run = await runScript(
        "notebooks/01-without-nat.ts",
        ["--workload", "instance"],
        endpointEnv(fixture),
      );
      expect(run.stdout).toMatch(
        /us-east-1a does not offer t4g.nano; the instance's subnet goes to us-east-1b instead/,
      );
      expect(run.stdout).toMatch(/Availability zones: us-east-1b, /);
      expect(run.stdout).toMatch(/no egress, as expected/);
      expect(run.code).toBe(0);
      const actions = fixture.running.emulator.calls.map((call) => call.action);
      expect(actions).toContain("DescribeInstanceTypeOfferings");
      // The AMI comes from the SSM parameter, not from a DescribeImages search.
      expect(actions).not.toContain("DescribeImages");
    } finally {
      fixture.running.emulator.unofferedInstanceTypeZones = [];
    }
    expect(await findLeftovers(fixture.clients)).toEqual([]);
  });

  test("a region where no zone offers the instance type stops before creating anything, saying what to do", async () => {
    fixture.running.emulator.unofferedInstanceTypeZones = [
      "us-east-1a",
      "us-east-1b",
      "us-east-1c",
      "us-east-1d",
      "us-east-1e",
      "us-east-1f",
    ];
    try {
      fixture.running.emulator.calls.length = 0;
      const run = await runScript(
        "notebooks/01-without-nat.ts",
        ["--workload", "instance"],
        endpointEnv(fixture),
      );
      expect(run.stderr).toMatch(/No zone of us-east-1 offers t4g.nano .*--region.*--workload none/);
      expect(run.code).toBe(2);
      expect(fixture.running.emulator.calls.some((call) => call.action.startsWith("Create"))).toBe(false);
    } finally {
      fixture.running.emulator.unofferedInstanceTypeZones = [];
    }
  });
});

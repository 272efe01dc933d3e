// Each notebook with each workload, as a child process against an emulator: the expected outcome,
// exit 0, then no lab resource left and nothing else changed.

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
let clockPump: NodeJS.Timeout;

beforeAll(async () => {
  fixture = await startLabFixture();
  fixture.running.emulator.calls.length = 0; // the fixture's own setup is not the lab's
  // The emulated instance prints a probe line every 30 s of emulator time: a fast clock keeps the
  // 02 instance run (which waits for the line after the fix) short.
  clockPump = setInterval(() => fixture.running.emulator.clock.advance(5_000), 200);
});

afterAll(async () => {
  clearInterval(clockPump);
  await fixture.close();
});

const cases = [
  {
    notebook: "01-without-nat",
    workload: "none",
    expect: /the model says unreachable \(NO_ROUTE\), as expected/,
  },
  {
    notebook: "01-without-nat",
    workload: "instance",
    expect: /no egress, as expected \(the name resolved, TCP ETIMEDOUT\)/,
  },
  {
    notebook: "01-without-nat",
    workload: "apprunner",
    expect: /no egress, as expected \(the name resolved, TCP ETIMEDOUT\)/,
  },
  {
    notebook: "02-with-nat",
    workload: "none",
    expect: /the model says reachable through [\d.]+, as expected/,
  },
  {
    notebook: "02-with-nat",
    workload: "instance",
    expect: /egress through the NAT gateway's Elastic IP [\d.]+, as expected/,
  },
  {
    notebook: "02-with-nat",
    workload: "apprunner",
    expect: /egress through the NAT gateway's Elastic IP [\d.]+, as expected/,
  },
] as const;

describe("notebooks against the emulator", () => {
  for (const c of cases) {
    test(`${c.notebook} with workload ${c.workload} shows its outcome, exits 0 and leaves nothing`, async () => {
      const before = await snapshotNonLab(fixture.clients);
      const run = await runScript(
        `notebooks/${c.notebook}.ts`,
        ["--workload", c.workload],
        endpointEnv(fixture),
      );
      expect(run.stderr).toBe("");
      expect(run.stdout).toMatch(c.expect);
      expect(run.stdout).toMatch(/Teardown: all deleted/);
      expect(run.code).toBe(0);
      expect(await findLeftovers(fixture.clients)).toEqual([]);
      expect(await snapshotNonLab(fixture.clients)).toBe(before);
      console.log(`${c.notebook} --workload ${c.workload}: ${run.ms} ms`);
    });
  }

  test("02 shows the failure before the fix and the NAT's address after it", async () => {
    const run = await runScript(
      "notebooks/02-with-nat.ts",
      ["--workload", "apprunner"],
      endpointEnv(fixture),
    );
    const [before, after] = run.stdout.split("The fix: send the private subnets'");
    expect(before).toMatch(/NO EGRESS: the name resolved but the TCP connection failed/);
    expect(after).toMatch(/EGRESS: the internet saw ([\d.]+) = the NAT gateway's Elastic IP/);
    expect(run.code).toBe(0);
  });
});

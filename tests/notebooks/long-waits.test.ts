// Long waits a person can follow: notebook 02 against the emulator's realistic profile (AWS's
// durations, scaled down 50x) in a non-interactive run, with the heartbeat every 300 ms instead of
// 30 s. While the NAT gateway and the App Runner service are being created, "still waiting" lines
// name each, with its elapsed time and AWS's usual duration.

import { afterAll, beforeAll, expect, test } from "vitest";
import { REALISTIC_PROFILE, scaleProfile } from "../../src/emulator/clock.ts";
import { openLab } from "../../src/lab/lab-session.ts";
import { endpointEnv, type LabFixture, startLabFixture } from "./lab-fixture.ts";

let fixture: LabFixture;
beforeAll(async () => {
  fixture = await startLabFixture({ delays: scaleProfile(REALISTIC_PROFILE, 0.02) });
});
afterAll(async () => {
  await fixture.close();
});

class LabExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

test("a non-interactive run prints heartbeats naming each long wait, its elapsed time and usual duration", async () => {
  let stdout = "";
  const capture = {
    write: (text: string) => {
      stdout += text;
      return true;
    },
  };
  const lab = await openLab({
    notebook: "02-with-nat",
    argv: ["--workload", "apprunner"],
    env: { ...endpointEnv(fixture), NO_COLOR: "1", CI: "true" },
    stdout: capture,
    stderr: capture,
    handleSignals: false,
    heartbeatMs: 300,
    exit: (code) => {
      throw new LabExit(code);
    },
  });
  await lab.build();
  await lab.probe();
  await lab.fix();
  await lab.probe();
  await lab.trace();
  const exit = await lab.finish("egress-through-nat").catch((error: unknown) => error);
  expect(exit).toEqual(new LabExit(0));

  const heartbeats = stdout.split("\n").filter((line) => line.includes("still waiting"));
  // The NAT gateway waits 1.8 s and the service 4.8 s here: several heartbeats each.
  expect(heartbeats.some((line) => /NAT gateway: 0:0\d, usually 1-2 min/.test(line))).toBe(true);
  expect(heartbeats.some((line) => /App Runner service: 0:0\d, usually 2-5 min/.test(line))).toBe(true);
  for (const line of heartbeats)
    expect(line).toMatch(/^ {5}\.\.\. still waiting \(at \d+:\d\d\): .+: \d+:\d\d/);
  // Each heartbeat comes while something runs: none after the summary.
  expect(stdout.slice(stdout.indexOf("Summary"))).not.toContain("still waiting");
}, 120_000);

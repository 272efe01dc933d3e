// Runs that cannot succeed because of the account or the region, not the code: a used-up VPC or
// Elastic IP quota, zones where App Runner refuses a VPC connector. Each run must say the cause and
// what to do, exit non-zero when it cannot show its outcome, and leave nothing behind: no lab-tagged
// resource, and everything else (default VPC, an untagged VPC) as it was.

import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_QUOTAS } from "../../src/emulator/emulator.ts";
import {
  endpointEnv,
  findLeftovers,
  type LabFixture,
  type ProcessResult,
  runScript,
  snapshotNonLab,
  startLabFixture,
} from "./lab-fixture.ts";

let fixture: LabFixture;
let before: string;
beforeAll(async () => {
  fixture = await startLabFixture();
  before = await snapshotNonLab(fixture.clients);
});
afterEach(() => {
  const { emulator } = fixture.running;
  emulator.quotas = { ...DEFAULT_QUOTAS };
  emulator.unsupportedConnectorZones = [];
});
afterAll(async () => {
  await fixture.close();
});

async function runNotebook(notebook: string, args: string[]): Promise<ProcessResult & { output: string }> {
  const run = await runScript(`notebooks/${notebook}.ts`, args, endpointEnv(fixture));
  return { ...run, output: `${run.stdout}\n${run.stderr}` };
}

async function expectNothingLeft(): Promise<void> {
  expect(await findLeftovers(fixture.clients)).toEqual([]);
  expect(await snapshotNonLab(fixture.clients)).toBe(before);
}

describe("notebooks against an account or region that cannot run them", () => {
  test("a used-up VPC quota stops the run, names the quota and what to do, and leaves nothing", async () => {
    // The default VPC and the fixture's untagged VPC fill a quota of 2.
    fixture.running.emulator.quotas.vpcsPerRegion = 2;
    const run = await runNotebook("01-without-nat", ["--workload", "instance"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/VpcLimitExceeded/);
    expect(run.stderr).toMatch(/VPC quota .* used up.*Delete an unused VPC.*Service Quotas/);
    expect(run.stdout).toMatch(/Result: FAILED/);
    await expectNothingLeft();
  });

  test("a used-up Elastic IP quota stops 02 after part of the network exists, and everything is torn down", async () => {
    fixture.running.emulator.quotas.elasticIpsPerRegion = 0;
    const run = await runNotebook("02-with-nat", ["--workload", "none"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/AddressLimitExceeded/);
    expect(run.stderr).toMatch(/Elastic IP quota .* used up.*Release an unused address/);
    expect(run.stdout).toMatch(/stopped: another step failed/);
    expect(run.stdout).toMatch(/All [1-9]\d* resources deleted/);
    await expectNothingLeft();
  });

  test("a zone without connector support is left out, the run says which, and still shows its outcome", async () => {
    fixture.running.emulator.unsupportedConnectorZones = ["use1-az2"];
    const run = await runNotebook("01-without-nat", ["--workload", "apprunner"]);
    expect(run.output).toMatch(
      /App Runner does not support a VPC connector in us-east-1b \(use1-az2\); creating it with us-east-1a \(use1-az1\) only/,
    );
    expect(run.stdout).toMatch(/no egress, as expected/);
    expect(run.code).toBe(0);
    await expectNothingLeft();
  });

  test("when no picked zone supports connectors, --workload apprunner stops naming the zones and what to do", async () => {
    fixture.running.emulator.unsupportedConnectorZones = ["us-east-1a", "us-east-1b"];
    const run = await runNotebook("01-without-nat", ["--workload", "apprunner"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /UnsupportedConnectorZone: App Runner does not support a VPC connector in the zones the lab picked in us-east-1: us-east-1a \(use1-az1\), us-east-1b \(use1-az2\)/,
    );
    expect(run.stderr).toMatch(/another region \(--region\), or with --workload instance/);
    await expectNothingLeft();
  });

  test("when no picked zone supports connectors, auto switches to an EC2 instance and says why", async () => {
    fixture.running.emulator.unsupportedConnectorZones = ["use1-az1", "use1-az2"];
    const run = await runNotebook("01-without-nat", []);
    expect(run.output).toMatch(/does not support a VPC connector .*Switching to an EC2 instance/);
    expect(run.stdout).toMatch(/no egress, as expected/);
    expect(run.code).toBe(0);
    await expectNothingLeft();
  });
});

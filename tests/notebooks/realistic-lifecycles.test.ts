// The notebooks and cleanup against the emulator's realistic profile (AWS's timing, scaled down):
// App Runner's ENIs outlive their connector, the connector is "being used" just after its service's
// deletion, a service with an operation in progress cannot be deleted. Each run must still finish
// with nothing left and say what it waited for.

import { CreateServiceCommand, CreateVpcConnectorCommand } from "@aws-sdk/client-apprunner";
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from "vitest";
import { labTags, tagSpecification } from "../../src/aws/tags.ts";
import { REALISTIC_PROFILE, scaleProfile } from "../../src/emulator/clock.ts";
import { runCleanup } from "../../src/lab/run-cleanup.ts";
import { buildProbeAppEnvironment } from "../../src/probe/index.ts";
import {
  endpointEnv,
  findLeftovers,
  type LabFixture,
  runScript,
  snapshotNonLab,
  startLabFixture,
} from "./lab-fixture.ts";

// 0.005: a service takes 1.2 s to run, App Runner's ENIs stay 4.5 s after their connector (the
// connector's 0.15 s "being used" window is too short to assert here; tests/emulator covers it).
const FACTOR = 0.005;
let fixture: LabFixture;

beforeAll(async () => {
  fixture = await startLabFixture({ delays: scaleProfile(REALISTIC_PROFILE, FACTOR) });
});

afterAll(async () => {
  await fixture?.close();
});

describe(`notebooks and cleanup under the realistic profile x ${FACTOR}`, () => {
  for (const notebook of ["01-without-nat", "02-with-nat"]) {
    test(`${notebook} with App Runner finishes, leaves nothing and says what teardown waited for`, async () => {
      const before = await snapshotNonLab(fixture.clients);
      const run = await runScript(
        `notebooks/${notebook}.ts`,
        ["--workload", "apprunner"],
        endpointEnv(fixture),
      );
      expect(run.stderr).toBe("");
      expect(run.stdout).toMatch(/Teardown: all deleted/);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /Waiting for subnet subnet-[0-9a-f]+: DependencyViolation: AWS has not yet released/,
      );
      expect(run.stdout).toMatch(/Waiting for security-group sg-[0-9a-f]+: DependencyViolation/);
      expect(await findLeftovers(fixture.clients)).toEqual([]);
      expect(await snapshotNonLab(fixture.clients)).toBe(before);
      console.log(`${notebook} --workload apprunner, realistic x ${FACTOR}: ${run.ms} ms`);
    });
  }

  test("cleanup of a stack whose service is still being created waits for the operation, then deletes everything", async () => {
    const { ec2, appRunner } = fixture.clients;
    const stack = "lab-interrupted";
    // A creation that stays in progress until cleanup says it waits for it; then the clock jumps.
    const { clock } = fixture.running.emulator;
    const delays = clock.delays;
    clock.delays = { ...delays, serviceRunning: 3_600_000 };
    onTestFinished(() => {
      clock.delays = delays;
    });
    const vpc = await ec2.send(
      new CreateVpcCommand({
        CidrBlock: "10.42.0.0/16",
        TagSpecifications: tagSpecification("vpc", stack, "vpc"),
      }),
    );
    const vpcId = vpc.Vpc?.VpcId as string;
    const subnet = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: "10.42.1.0/24",
        TagSpecifications: tagSpecification("subnet", stack, "private"),
      }),
    );
    const group = await ec2.send(
      new CreateSecurityGroupCommand({
        VpcId: vpcId,
        GroupName: `${stack}-connector`,
        Description: "connector",
        TagSpecifications: tagSpecification("security-group", stack, "connector"),
      }),
    );
    const connector = await appRunner.send(
      new CreateVpcConnectorCommand({
        VpcConnectorName: `${stack}-connector`,
        Subnets: [subnet.Subnet?.SubnetId as string],
        SecurityGroups: [group.GroupId as string],
        Tags: labTags(stack, `${stack}-connector`),
      }),
    );
    await appRunner.send(
      new CreateServiceCommand({
        ServiceName: `${stack}-service`,
        SourceConfiguration: {
          AutoDeploymentsEnabled: false,
          ImageRepository: {
            ImageIdentifier: "public.ecr.aws/docker/library/node:24-alpine",
            ImageRepositoryType: "ECR_PUBLIC",
            ImageConfiguration: { Port: "8080", RuntimeEnvironmentVariables: buildProbeAppEnvironment() },
          },
        },
        NetworkConfiguration: {
          EgressConfiguration: {
            EgressType: "VPC",
            VpcConnectorArn: connector.VpcConnector?.VpcConnectorArn as string,
          },
        },
        Tags: labTags(stack, `${stack}-service`),
      }),
    );
    let out = "";
    const capture = {
      write: (text: string) => {
        out += text;
        if (/Waiting for service/.test(text)) clock.advance(3_600_000);
        return true;
      },
    };
    const code = await runCleanup({
      argv: ["--yes", "--stack", stack],
      env: endpointEnv(fixture),
      stdout: capture,
      stderr: capture,
    });
    expect(code, out).toBe(0);
    expect(out).toMatch(
      /Waiting for service arn:aws:apprunner:\S+: it is OPERATION_IN_PROGRESS \(an operation is in progress; DeleteService would be refused with InvalidStateException\)/,
    );
    expect(out).toMatch(/Waiting for subnet subnet-[0-9a-f]+: DependencyViolation/);
    expect(out).toMatch(/All \d+ resources deleted/);
    expect(await findLeftovers(fixture.clients)).toEqual([]);
  });
});

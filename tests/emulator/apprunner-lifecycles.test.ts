import {
  CreateServiceCommand,
  CreateVpcConnectorCommand,
  DeleteServiceCommand,
  DeleteVpcConnectorCommand,
} from "@aws-sdk/client-apprunner";
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { REALISTIC_PROFILE } from "../../src/emulator/clock.ts";
import { expectRejectName, probeServiceInput, startWithClients } from "./apprunner-helpers.ts";

// App Runner lifecycles with AWS's timing (the realistic profile, unscaled: the clock is advanced),
// each refusal seen by the real SDK client.

let env: Awaited<ReturnType<typeof startWithClients>>;
beforeEach(async () => {
  env = await startWithClients({ delays: REALISTIC_PROFILE });
});
afterEach(async () => {
  await env.running.close();
});
const advance = (ms: number) => env.running.emulator.clock.advance(ms);

async function buildConnector() {
  const vpc = await env.ec2.send(new CreateVpcCommand({ CidrBlock: "10.7.0.0/16" }));
  const vpcId = vpc.Vpc?.VpcId as string;
  const subnet = await env.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.7.1.0/24" }));
  const group = await env.ec2.send(
    new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: "connector", Description: "connector" }),
  );
  const { VpcConnector } = await env.apprunner.send(
    new CreateVpcConnectorCommand({
      VpcConnectorName: "lifecycle",
      Subnets: [subnet.Subnet?.SubnetId as string],
      SecurityGroups: [group.GroupId as string],
    }),
  );
  return {
    subnetId: subnet.Subnet?.SubnetId as string,
    groupId: group.GroupId as string,
    connectorArn: VpcConnector?.VpcConnectorArn as string,
  };
}

describe("App Runner lifecycles (realistic profile)", () => {
  test("DeleteService during the create operation is InvalidStateException", async () => {
    const { Service } = await env.apprunner.send(new CreateServiceCommand(probeServiceInput("busy")));
    await expectRejectName(
      env.apprunner.send(new DeleteServiceCommand({ ServiceArn: Service?.ServiceArn })),
      "InvalidStateException",
    );
    advance(REALISTIC_PROFILE.serviceRunning);
    const deleted = await env.apprunner.send(new DeleteServiceCommand({ ServiceArn: Service?.ServiceArn }));
    expect(deleted.Service?.Status).toBe("OPERATION_IN_PROGRESS");
    await expectRejectName(
      env.apprunner.send(new DeleteServiceCommand({ ServiceArn: Service?.ServiceArn })),
      "InvalidStateException",
    );
  });

  test("the connector's subnet and security group give DependencyViolation until App Runner releases its ENIs", async () => {
    const net = await buildConnector();
    const { Service } = await env.apprunner.send(
      new CreateServiceCommand(
        probeServiceInput("eni-user", {
          NetworkConfiguration: {
            EgressConfiguration: { EgressType: "VPC", VpcConnectorArn: net.connectorArn },
          },
        }),
      ),
    );
    advance(REALISTIC_PROFILE.serviceRunning);
    await env.apprunner.send(new DeleteServiceCommand({ ServiceArn: Service?.ServiceArn }));
    advance(REALISTIC_PROFILE.serviceDeleted);
    const inUse = await expectRejectName(
      env.apprunner.send(new DeleteVpcConnectorCommand({ VpcConnectorArn: net.connectorArn })),
      "InvalidRequestException",
    );
    expect(inUse.message).toMatch(/^Provided VPC connector arn is being used by other services\. ARN: /);
    advance(REALISTIC_PROFILE.connectorInUseAfterService);
    await env.apprunner.send(new DeleteVpcConnectorCommand({ VpcConnectorArn: net.connectorArn }));
    // Minutes later, the ENIs are still there.
    advance(REALISTIC_PROFILE.connectorEniReleased - 60_000);
    await expectRejectName(
      env.ec2.send(new DeleteSubnetCommand({ SubnetId: net.subnetId })),
      "DependencyViolation",
    );
    await expectRejectName(
      env.ec2.send(new DeleteSecurityGroupCommand({ GroupId: net.groupId })),
      "DependencyViolation",
    );
    advance(60_000);
    await env.ec2.send(new DeleteSecurityGroupCommand({ GroupId: net.groupId }));
    await env.ec2.send(new DeleteSubnetCommand({ SubnetId: net.subnetId }));
  });

  test("a new connector on the same subnet and group takes back the ENI that was being released", async () => {
    const net = await buildConnector();
    await env.apprunner.send(new DeleteVpcConnectorCommand({ VpcConnectorArn: net.connectorArn }));
    advance(REALISTIC_PROFILE.connectorEniReleased / 2);
    await env.apprunner.send(
      new CreateVpcConnectorCommand({
        VpcConnectorName: "lifecycle-2",
        Subnets: [net.subnetId],
        SecurityGroups: [net.groupId],
      }),
    );
    advance(REALISTIC_PROFILE.connectorEniReleased);
    await expectRejectName(
      env.ec2.send(new DeleteSubnetCommand({ SubnetId: net.subnetId })),
      "DependencyViolation",
    );
  });
});

// CreateVpcConnector refuses subnets in zones App Runner does not support, naming the zone; the set
// of such zones is an emulator setting (no public list exists), off by default.

import { CreateVpcConnectorCommand, ListVpcConnectorsCommand } from "@aws-sdk/client-apprunner";
import { CreateSubnetCommand, CreateVpcCommand, DescribeNetworkInterfacesCommand } from "@aws-sdk/client-ec2";
import { afterEach, describe, expect, test } from "vitest";
import type { StartOptions } from "../../src/emulator/server.ts";
import { expectRejectName, startWithClients } from "./apprunner-helpers.ts";

let env: Awaited<ReturnType<typeof startWithClients>> | undefined;
afterEach(async () => {
  await env?.running.close();
  env = undefined;
});

/** A VPC with one subnet in us-east-1a (use1-az1) and one in us-east-1b (use1-az2). */
async function startWithTwoSubnets(options: StartOptions = {}) {
  env = await startWithClients(options);
  const vpc = await env.ec2.send(new CreateVpcCommand({ CidrBlock: "10.7.0.0/16" }));
  const vpcId = vpc.Vpc?.VpcId as string;
  const subnetIn = async (zone: string, cidr: string) =>
    (await env?.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone })))
      ?.Subnet?.SubnetId as string;
  const a = await subnetIn("us-east-1a", "10.7.1.0/24");
  const b = await subnetIn("us-east-1b", "10.7.2.0/24");
  return { env, a, b };
}

const connector = (subnets: string[]) =>
  new CreateVpcConnectorCommand({ VpcConnectorName: "zone-test", Subnets: subnets });

describe("CreateVpcConnector and unsupported zones", () => {
  test("every zone is supported by default", async () => {
    const { env, a, b } = await startWithTwoSubnets();
    const reply = await env.apprunner.send(connector([a, b]));
    expect(reply.VpcConnector?.Status).toBe("ACTIVE");
  });

  test("a subnet in an unsupported zone ID is refused with an error naming the subnet and the zone", async () => {
    const { env, a, b } = await startWithTwoSubnets({ unsupportedConnectorZones: ["use1-az2"] });
    const error = await expectRejectName(env.apprunner.send(connector([a, b])), "InvalidRequestException");
    expect(error.message).toContain(b);
    expect(error.message).toContain("use1-az2 (us-east-1b)");
    expect(error.message).not.toContain(a);
    expect(error.message).toMatch(/Availability Zone.*not support/);
    // Nothing was created: no connector, no Hyperplane ENI.
    const listed = await env.apprunner.send(new ListVpcConnectorsCommand({}));
    expect(listed.VpcConnectors ?? []).toEqual([]);
    const enis = await env.ec2.send(new DescribeNetworkInterfacesCommand({}));
    expect(enis.NetworkInterfaces ?? []).toEqual([]);
  });

  test("a zone name works as well as a zone ID, and the supported subnet alone is accepted", async () => {
    const { env, a, b } = await startWithTwoSubnets({ unsupportedConnectorZones: ["us-east-1b"] });
    await expectRejectName(env.apprunner.send(connector([b])), "InvalidRequestException");
    const reply = await env.apprunner.send(connector([a]));
    expect(reply.VpcConnector?.Subnets).toEqual([a]);
  });

  test("the control route sets the zones, shows them and rejects a malformed list", async () => {
    const { env, a, b } = await startWithTwoSubnets();
    const post = (body: unknown) =>
      fetch(`${env.running.url}/_emulator/account`, { method: "POST", body: JSON.stringify(body) });
    const bad = await post({ unsupportedConnectorZones: "use1-az1" });
    expect(bad.status).toBe(400);
    const ok = await post({ unsupportedConnectorZones: ["use1-az1"] });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { unsupportedConnectorZones: string[] }).unsupportedConnectorZones).toEqual([
      "use1-az1",
    ]);
    const error = await expectRejectName(env.apprunner.send(connector([a, b])), "InvalidRequestException");
    expect(error.message).toContain("use1-az1 (us-east-1a)");
    await post({ unsupportedConnectorZones: [] });
    expect((await env.apprunner.send(connector([a, b]))).VpcConnector?.Status).toBe("ACTIVE");
  });
});

// A full lab lifecycle through Debian's AWS CLI (/usr/bin/aws, v2.9) with --endpoint-url: build
// the VPC with public and private subnets, internet gateway, Elastic IP, NAT gateway and routes;
// check AWS's refusals; tear down; and end with the state of a fresh account. The CLI's NAT waiter
// polls every 15 s, so the test polls describe-nat-gateways itself.

import { existsSync } from "node:fs";
import { DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cliJson, runAwsCli } from "./aws-cli.ts";
import { type Ec2TestContext, startEc2Emulator } from "./helpers.ts";

const AWS = "/usr/bin/aws";
const haveCli = existsSync(AWS);
if (!haveCli && process.env["CI"] === "true") throw new Error(`${AWS} is required when CI=true`);
if (!haveCli) console.warn(`skipping the AWS CLI lifecycle test: ${AWS} is missing`);

let t: Ec2TestContext;

beforeAll(async () => {
  t = await startEc2Emulator();
});
afterAll(async () => {
  await t?.close();
});

const aws = (...args: string[]) => runAwsCli(AWS, t.running.url, ["ec2", ...args]);
// biome-ignore lint/suspicious/noExplicitAny: CLI JSON output
const json = async (...args: string[]): Promise<any> => cliJson(await aws(...args), ["ec2", ...args]);

async function expectRefusal(code: string, ...args: string[]): Promise<void> {
  const result = await aws(...args);
  expect(result.ok, `aws ec2 ${args.join(" ")} should fail`).toBe(false);
  expect(result.stderr).toContain(`(${code})`);
}

async function pollNat(natId: string, state: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const { NatGateways } = await json("describe-nat-gateways", "--nat-gateway-ids", natId);
    if (NatGateways[0]?.State === state) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`NAT gateway ${natId} never reached ${state}`);
}

async function ec2StateOf(url: string): Promise<unknown> {
  const response = await fetch(`${url}/_emulator/state`);
  const body = (await response.json()) as { regions: Record<string, { ec2: unknown }> };
  return body.regions["us-east-1"]?.ec2;
}

describe.skipIf(!haveCli)("the lab lifecycle through the AWS CLI", () => {
  test("builds the NAT lab, meets AWS's refusals, tears down, and leaves a fresh account", async () => {
    const tag = "ResourceType=vpc,Tags=[{Key=apprunner-egress-lab:stack,Value=cli}]";
    const { Vpc } = await json("create-vpc", "--cidr-block", "10.0.0.0/16", "--tag-specifications", tag);
    const vpcId: string = Vpc.VpcId;
    const pub = (
      await json(
        "create-subnet",
        "--vpc-id",
        vpcId,
        "--cidr-block",
        "10.0.0.0/24",
        "--availability-zone",
        "us-east-1a",
      )
    ).Subnet.SubnetId;
    const priv = (
      await json(
        "create-subnet",
        "--vpc-id",
        vpcId,
        "--cidr-block",
        "10.0.1.0/24",
        "--availability-zone",
        "us-east-1b",
      )
    ).Subnet.SubnetId;
    await expectRefusal(
      "InvalidSubnet.Conflict",
      "create-subnet",
      "--vpc-id",
      vpcId,
      "--cidr-block",
      "10.0.1.0/25",
    );
    const igw = (await json("create-internet-gateway")).InternetGateway.InternetGatewayId;
    await json("attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpcId);
    const publicTable = (await json("create-route-table", "--vpc-id", vpcId)).RouteTable.RouteTableId;
    await json(
      "create-route",
      "--route-table-id",
      publicTable,
      "--destination-cidr-block",
      "0.0.0.0/0",
      "--gateway-id",
      igw,
    );
    await expectRefusal(
      "RouteAlreadyExists",
      "create-route",
      "--route-table-id",
      publicTable,
      "--destination-cidr-block",
      "0.0.0.0/0",
      "--gateway-id",
      igw,
    );
    const publicAssoc = (
      await json("associate-route-table", "--route-table-id", publicTable, "--subnet-id", pub)
    ).AssociationId;
    const { AllocationId, PublicIp } = await json("allocate-address", "--domain", "vpc");
    expect(PublicIp).toMatch(/^198\.51\.100\./);
    const natId = (await json("create-nat-gateway", "--subnet-id", pub, "--allocation-id", AllocationId))
      .NatGateway.NatGatewayId;
    await pollNat(natId, "available");
    const privateTable = (await json("create-route-table", "--vpc-id", vpcId)).RouteTable.RouteTableId;
    await json(
      "create-route",
      "--route-table-id",
      privateTable,
      "--destination-cidr-block",
      "0.0.0.0/0",
      "--nat-gateway-id",
      natId,
    );
    const privateAssoc = (
      await json("associate-route-table", "--route-table-id", privateTable, "--subnet-id", priv)
    ).AssociationId;
    const { RouteTables } = await json(
      "describe-route-tables",
      "--filters",
      `Name=route.nat-gateway-id,Values=${natId}`,
    );
    expect(RouteTables.map((r: { RouteTableId: string }) => r.RouteTableId)).toEqual([privateTable]);

    // Independent calls run side by side: each CLI start costs about a second.
    await Promise.all([
      expectRefusal("DependencyViolation", "delete-vpc", "--vpc-id", vpcId),
      expectRefusal("AuthFailure", "release-address", "--allocation-id", AllocationId),
      expectRefusal(
        "DependencyViolation",
        "detach-internet-gateway",
        "--internet-gateway-id",
        igw,
        "--vpc-id",
        vpcId,
      ),
      expectRefusal("DependencyViolation", "delete-internet-gateway", "--internet-gateway-id", igw),
      expectRefusal("DependencyViolation", "delete-subnet", "--subnet-id", pub),
      expectRefusal("DependencyViolation", "delete-route-table", "--route-table-id", privateTable),
    ]);

    await json("delete-nat-gateway", "--nat-gateway-id", natId);
    await pollNat(natId, "deleted");
    const blackhole = await json("describe-route-tables", "--route-table-ids", privateTable);
    expect(blackhole.RouteTables[0].Routes[1].State).toBe("blackhole");
    await Promise.all([
      json("release-address", "--allocation-id", AllocationId),
      json("disassociate-route-table", "--association-id", privateAssoc),
      json("disassociate-route-table", "--association-id", publicAssoc),
    ]);
    await Promise.all([
      json("delete-route-table", "--route-table-id", privateTable),
      json("delete-route-table", "--route-table-id", publicTable),
      json("detach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpcId),
    ]);
    await Promise.all([
      json("delete-internet-gateway", "--internet-gateway-id", igw),
      json("delete-subnet", "--subnet-id", pub),
      json("delete-subnet", "--subnet-id", priv),
    ]);
    await json("delete-vpc", "--vpc-id", vpcId);
    await expectRefusal("InvalidVpcID.NotFound", "describe-vpcs", "--vpc-ids", vpcId);

    // Deleted NAT gateways stay listed for about an hour; move past that, then compare.
    await t.control("POST", "/_emulator/clock", { advanceMs: 2 * 60 * 60 * 1000 });
    await json("describe-nat-gateways");
    const fresh = await startEc2Emulator();
    try {
      await fresh.ec2.send(new DescribeVpcsCommand({}));
      expect(await ec2StateOf(t.running.url)).toEqual(await ec2StateOf(fresh.running.url));
    } finally {
      await fresh.close();
    }
  }, 240_000);
});

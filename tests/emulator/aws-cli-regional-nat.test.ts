// A regional NAT gateway built with the AWS CLI v1 (current models: `--availability-mode regional`,
// `--availability-zone-addresses`), as a user would paste it from the VPC User Guide: a VPC with an
// internet gateway and private subnets only, the gateway in automatic and in manual mode, a route to
// it, its own route table, and the CLI's own error output for a refusal.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cliJson, findCliV1, runAwsCli } from "./aws-cli.ts";
import { type Ec2TestContext, startEc2Emulator } from "./helpers.ts";

const cli = findCliV1();
if (cli === null && process.env["CI"] === "true")
  throw new Error("the AWS CLI v1 (`aws` on PATH) is required when CI=true");
if (cli === null) console.warn("skipping the AWS CLI regional NAT test: no AWS CLI v1 on PATH");

let t: Ec2TestContext;
beforeAll(async () => {
  t = await startEc2Emulator();
});
afterAll(async () => {
  await t?.close();
});

const aws = (...args: string[]) => runAwsCli(cli ?? "aws", t.running.url, ["ec2", ...args]);
// biome-ignore lint/suspicious/noExplicitAny: CLI JSON output
const json = async (...args: string[]): Promise<any> => cliJson(await aws(...args), ["ec2", ...args]);
const advance = (ms: number) => t.control("POST", "/_emulator/clock", { advanceMs: ms });

describe.skipIf(cli === null)("AWS CLI v1: regional NAT gateways", () => {
  test("create-nat-gateway --availability-mode regional, automatic then manual, with a route and its own route table", async () => {
    const vpcId = (await json("create-vpc", "--cidr-block", "10.20.0.0/16")).Vpc.VpcId as string;
    const subnetA = (
      await json(
        "create-subnet",
        "--vpc-id",
        vpcId,
        "--cidr-block",
        "10.20.1.0/24",
        "--availability-zone",
        "us-east-1a",
      )
    ).Subnet.SubnetId as string;
    const igwId = (await json("create-internet-gateway")).InternetGateway.InternetGatewayId as string;

    // Before the internet gateway is attached: refused, and the CLI prints AWS's code.
    const refused = await aws("create-nat-gateway", "--availability-mode", "regional", "--vpc-id", vpcId);
    expect(refused.ok).toBe(false);
    expect(refused.stderr).toContain("(Gateway.NotAttached)");

    await json("attach-internet-gateway", "--internet-gateway-id", igwId, "--vpc-id", vpcId);
    await json("create-network-interface", "--subnet-id", subnetA);
    const created = (await json("create-nat-gateway", "--availability-mode", "regional", "--vpc-id", vpcId))
      .NatGateway;
    expect(created).toMatchObject({
      AvailabilityMode: "regional",
      VpcId: vpcId,
      State: "pending",
      AutoProvisionZones: "enabled",
      AutoScalingIps: "enabled",
    });
    const natId = created.NatGatewayId as string;
    const natTable = created.RouteTableId as string;
    expect(natTable).toMatch(/^rtb-/);

    const tableId = (await json("create-route-table", "--vpc-id", vpcId)).RouteTable.RouteTableId as string;
    await json("associate-route-table", "--route-table-id", tableId, "--subnet-id", subnetA);
    await json(
      "create-route",
      "--route-table-id",
      tableId,
      "--destination-cidr-block",
      "0.0.0.0/0",
      "--nat-gateway-id",
      natId,
    );
    await advance(1_000);
    const described = (await json("describe-nat-gateways", "--nat-gateway-ids", natId)).NatGateways[0];
    expect(described.State).toBe("available");
    expect(described.NatGatewayAddresses).toMatchObject([
      {
        AvailabilityZone: "us-east-1a",
        AvailabilityZoneId: "use1-az1",
        Status: "succeeded",
        IsPrimary: true,
      },
    ]);
    const ownTable = (await json("describe-route-tables", "--route-table-ids", natTable)).RouteTables[0];
    expect(ownTable.Routes).toEqual([
      expect.objectContaining({ DestinationCidrBlock: "10.20.0.0/16", GatewayId: "local" }),
      expect.objectContaining({ DestinationCidrBlock: "0.0.0.0/0", GatewayId: igwId, State: "active" }),
    ]);

    // Manual mode: the CLI's shorthand for the list of zones and their Elastic IPs.
    const allocationId = (await json("allocate-address", "--domain", "vpc")).AllocationId as string;
    const manual = (
      await json(
        "create-nat-gateway",
        "--availability-mode",
        "regional",
        "--vpc-id",
        vpcId,
        "--availability-zone-addresses",
        `AvailabilityZone=us-east-1b,AllocationIds=${allocationId}`,
        "--tag-specifications",
        "ResourceType=natgateway,Tags=[{Key=Name,Value=manual}]",
      )
    ).NatGateway;
    expect(manual).toMatchObject({
      AutoProvisionZones: "disabled",
      Tags: [{ Key: "Name", Value: "manual" }],
    });
    expect(manual.NatGatewayAddresses).toMatchObject([
      { AvailabilityZone: "us-east-1b", AllocationId: allocationId, Status: "associating" },
    ]);

    // The doctor's fix for a zone without an address (REGIONAL_NAT_NO_ADDRESS_IN_ZONE), as it prints it.
    const second = (await json("allocate-address", "--domain", "vpc")).AllocationId as string;
    const added = await json(
      "associate-nat-gateway-address",
      "--nat-gateway-id",
      manual.NatGatewayId,
      "--allocation-ids",
      second,
      "--availability-zone",
      "us-east-1a",
    );
    expect(added.NatGatewayAddresses).toMatchObject([
      { AllocationId: second, AvailabilityZone: "us-east-1a", Status: "associating" },
    ]);
    await json(
      "disassociate-nat-gateway-address",
      "--nat-gateway-id",
      manual.NatGatewayId,
      "--association-ids",
      added.NatGatewayAddresses[0].AssociationId,
    );
    await json("release-address", "--allocation-id", second);

    await json("delete-nat-gateway", "--nat-gateway-id", manual.NatGatewayId);
    await json("delete-nat-gateway", "--nat-gateway-id", natId);
    await advance(1_000);
    const gone = await json("describe-nat-gateways", "--filter", `Name=vpc-id,Values=${vpcId}`);
    expect(gone.NatGateways.map((n: { State: string }) => n.State)).toEqual(["deleted", "deleted"]);
    await json("release-address", "--allocation-id", allocationId);
    // About 25 CLI runs of 1-2 s each (Python start-up) on a shared 2-core machine.
  }, 240_000);
});

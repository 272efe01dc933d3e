import { describe, expect, test } from "vitest";
import { loadTopology } from "../../src/aws/load-topology.ts";
import { createFakeEc2, type FakeReplies } from "./fake-ec2.ts";

function subnet(id: string, az: string, cidr: string) {
  return { SubnetId: id, VpcId: "vpc-1", CidrBlock: cidr, AvailabilityZone: az };
}

function replies(subnetCount: number, extra: Partial<FakeReplies> = {}): FakeReplies {
  const subnets = Array.from({ length: subnetCount }, (_, index) =>
    subnet(`subnet-${index}`, `us-east-1${"abcdef"[index % 6]}`, `10.0.${index}.0/24`),
  );
  return {
    DescribeSubnets: (input) => {
      const ids = input["SubnetIds"] as string[] | undefined;
      return { Subnets: ids === undefined ? subnets : subnets.filter((s) => ids.includes(s.SubnetId)) };
    },
    DescribeVpcs: () => ({ Vpcs: [{ VpcId: "vpc-1", CidrBlock: "10.0.0.0/16" }] }),
    DescribeVpcAttribute: (input) =>
      input["Attribute"] === "enableDnsHostnames"
        ? { VpcId: "vpc-1", EnableDnsHostnames: { Value: true } }
        : { VpcId: "vpc-1", EnableDnsSupport: { Value: true } },
    DescribeRouteTables: () => ({
      RouteTables: [
        {
          RouteTableId: "rtb-main",
          VpcId: "vpc-1",
          Associations: [{ Main: true }],
          Routes: [
            { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" },
            { DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-detached", State: "active" },
          ],
        },
      ],
    }),
    DescribeNatGateways: () => ({ NatGateways: [] }),
    DescribeInternetGateways: (input) =>
      input["InternetGatewayIds"] === undefined
        ? { InternetGateways: [] }
        : { InternetGateways: [{ InternetGatewayId: "igw-detached", Attachments: [] }] },
    DescribeAddresses: () => ({ Addresses: [] }),
    DescribeNetworkAcls: () => ({ NetworkAcls: [] }),
    DescribeSecurityGroups: () => ({
      SecurityGroups: [
        { GroupId: "sg-default", GroupName: "default", VpcId: "vpc-1", IpPermissionsEgress: [] },
      ],
    }),
    DescribeVpcEndpoints: () => ({ VpcEndpoints: [] }),
    DescribeNetworkInterfaces: () => ({ NetworkInterfaces: [] }),
    DescribePrefixLists: () => ({ PrefixLists: [] }),
    // No vpc-id filter exists for these: the loader keeps the ones attached to the VPCs.
    DescribeEgressOnlyInternetGateways: () => ({
      EgressOnlyInternetGateways: [
        { EgressOnlyInternetGatewayId: "eigw-1", Attachments: [{ VpcId: "vpc-1", State: "attached" }] },
        { EgressOnlyInternetGatewayId: "eigw-other", Attachments: [{ VpcId: "vpc-2", State: "attached" }] },
      ],
    }),
    ...extra,
  } as FakeReplies;
}

describe("loadTopology", () => {
  test("the number of calls does not grow with the number of subnets", async () => {
    const counts: number[] = [];
    for (const size of [1, 3, 16]) {
      const fake = createFakeEc2(replies(16));
      const ids = Array.from({ length: size }, (_, index) => `subnet-${index}`);
      const loaded = await loadTopology(fake.client, { subnetIds: ids });
      expect(loaded.subnets.map((s) => s.id)).toEqual(ids);
      counts.push(fake.calls.length);
    }
    expect(new Set(counts).size).toBe(1);
    // 15 for one VPC (the comment in load-topology.ts lists them: 2 of them for interface
    // endpoints, 1 for egress-only internet gateways) + DescribeInternetGateways by ID for the
    // detached gateway the main table names.
    expect(counts[0]).toBe(16);
  });

  test("every call is a read-only Describe call, filtered by the subnets' VPC", async () => {
    const fake = createFakeEc2(replies(2));
    await loadTopology(fake.client, { subnetIds: ["subnet-0", "subnet-1"] });
    expect(fake.calls.every((call) => call.command.startsWith("Describe"))).toBe(true);
    const routeTables = fake.calls.find((call) => call.command === "DescribeRouteTables");
    expect(routeTables?.input["Filters"]).toEqual([{ Name: "vpc-id", Values: ["vpc-1"] }]);
  });

  test("an internet gateway that a route names but that is detached is loaded by ID", async () => {
    const fake = createFakeEc2(replies(1));
    const { topology } = await loadTopology(fake.client, { subnetIds: ["subnet-0"] });
    expect(topology.internetGateways).toEqual([{ id: "igw-detached", attachedVpcIds: [] }]);
    const byId = fake.calls.filter((call) => call.command === "DescribeInternetGateways");
    expect(byId.map((call) => call.input["InternetGatewayIds"])).toEqual([undefined, ["igw-detached"]]);
  });

  test("the whole VPC is loaded, with the DNS attribute on the VPC", async () => {
    const fake = createFakeEc2(
      replies(3, {
        DescribeVpcAttribute: (input) =>
          input["Attribute"] === "enableDnsHostnames"
            ? { VpcId: "vpc-1", EnableDnsHostnames: { Value: false } }
            : { VpcId: "vpc-1", EnableDnsSupport: { Value: false } },
      }),
    );
    const { topology } = await loadTopology(fake.client, { subnetIds: ["subnet-0"] });
    expect(topology.subnets).toHaveLength(3);
    expect(topology.vpcs).toEqual([
      { id: "vpc-1", cidrBlocks: ["10.0.0.0/16"], dnsSupport: false, dnsHostnames: false },
    ]);
    expect(topology.securityGroups[0]?.name).toBe("default");
    expect(topology.egressOnlyInternetGateways).toEqual([{ id: "eigw-1", attachedVpcIds: ["vpc-1"] }]);
  });

  test("a failing call is tagged with its IAM action", async () => {
    const denied = Object.assign(new Error("You are not authorized to perform this operation."), {
      name: "UnauthorizedOperation",
    });
    const fake = createFakeEc2(
      replies(1, {
        DescribeRouteTables: () => {
          throw denied;
        },
      }),
    );
    const { describeAwsError } = await import("../../src/aws/errors.ts");
    const error = await loadTopology(fake.client, { subnetIds: ["subnet-0"] }).catch(
      (caught: unknown) => caught,
    );
    expect(describeAwsError(error).message).toContain("ec2:DescribeRouteTables");
  });
});

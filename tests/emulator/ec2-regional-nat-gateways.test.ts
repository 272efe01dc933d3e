// Regional NAT gateways (CreateNatGateway AvailabilityMode=regional) through the AWS SDK v3:
// automatic and manual mode, the gateway's own route table, the zones it serves, routes to it from
// any route table of its VPC, deletion, and each refusal. The rules: src/emulator/ec2/nat-gateway-model.ts;
// sources: docs/FACTS.md, "Regional NAT gateways".

import {
  AllocateAddressCommand,
  AssociateNatGatewayAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  type CreateNatGatewayCommandInput,
  CreateNetworkInterfaceCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteNatGatewayCommand,
  DeleteNetworkInterfaceCommand,
  DeleteRouteTableCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DetachInternetGatewayCommand,
  DisassociateAddressCommand,
  DisassociateNatGatewayAddressCommand,
  ReleaseAddressCommand,
  ReplaceRouteCommand,
  waitUntilNatGatewayAvailable,
  waitUntilNatGatewayDeleted,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { traceEgress } from "../../src/egress/index.ts";
import { ec2StateToTopology } from "../../src/emulator/ec2/to-topology.ts";
import { NetworkBuilder } from "../../test-support/build-network.ts";
import { type Ec2TestContext, errorOf, filter, startEc2Emulator } from "./helpers.ts";

let t: Ec2TestContext;
let vpcId: string;
let subnetA: string;
let subnetB: string;
let igwId: string;

beforeEach(async () => {
  t = await startEc2Emulator();
  const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
  vpcId = Vpc?.VpcId as string;
  subnetA = await subnetIn(vpcId, "10.0.1.0/24", "us-east-1a");
  subnetB = await subnetIn(vpcId, "10.0.2.0/24", "us-east-1b");
  const { InternetGateway } = await t.ec2.send(new CreateInternetGatewayCommand({}));
  igwId = InternetGateway?.InternetGatewayId as string;
  await t.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
});
afterEach(async () => {
  await t.close();
});

async function subnetIn(vpc: string, cidr: string, zone: string): Promise<string> {
  const { Subnet } = await t.ec2.send(
    new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: zone }),
  );
  return Subnet?.SubnetId as string;
}

async function interfaceIn(subnetId: string): Promise<string> {
  const { NetworkInterface } = await t.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }));
  return NetworkInterface?.NetworkInterfaceId as string;
}

async function allocate(): Promise<{ allocationId: string; publicIp: string }> {
  const { AllocationId, PublicIp } = await t.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
  return { allocationId: AllocationId as string, publicIp: PublicIp as string };
}

const advance = (ms: number) => t.control("POST", "/_emulator/clock", { advanceMs: ms });

async function describeNat(natId: string) {
  const { NatGateways } = await t.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [natId] }));
  return NatGateways?.[0];
}

async function routeTable(routeTableId: string) {
  const { RouteTables } = await t.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [routeTableId] }));
  return RouteTables?.[0];
}

async function createRegional(input: Partial<CreateNatGatewayCommandInput> = {}) {
  const { NatGateway } = await t.ec2.send(
    new CreateNatGatewayCommand({ AvailabilityMode: "regional", VpcId: vpcId, ...input }),
  );
  return { natId: NatGateway?.NatGatewayId as string, NatGateway };
}

const zonesOf = (nat: Awaited<ReturnType<typeof describeNat>>) =>
  (nat?.NatGatewayAddresses ?? []).map((a) => `${a.AvailabilityZone} ${a.Status}`);

describe("automatic mode", () => {
  test("created for the VPC, with its own route table to the internet gateway, serving the zones with interfaces", async () => {
    await interfaceIn(subnetA);
    const { natId, NatGateway } = await createRegional({
      TagSpecifications: [{ ResourceType: "natgateway", Tags: [{ Key: "Name", Value: "egress" }] }],
    });
    expect(natId).toMatch(/^nat-[0-9a-f]{17}$/);
    expect(NatGateway).toMatchObject({
      State: "pending",
      AvailabilityMode: "regional",
      ConnectivityType: "public",
      VpcId: vpcId,
      AutoProvisionZones: "enabled",
      AutoScalingIps: "enabled",
      Tags: [{ Key: "Name", Value: "egress" }],
    });
    expect(NatGateway?.SubnetId).toBeUndefined();
    expect(zonesOf(NatGateway)).toEqual(["us-east-1a associating"]);
    const address = NatGateway?.NatGatewayAddresses?.[0];
    expect(address).toMatchObject({ AvailabilityZoneId: "use1-az1", IsPrimary: true });
    expect(address?.PublicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    // Amazon-provided in automatic mode: not one of the caller's Elastic IPs.
    expect(address?.AllocationId).toBeUndefined();

    const table = await routeTable(NatGateway?.RouteTableId as string);
    expect(table?.VpcId).toBe(vpcId);
    expect(table?.Associations).toEqual([]);
    expect(table?.Routes?.map((r) => [r.DestinationCidrBlock, r.GatewayId, r.State])).toEqual([
      ["10.0.0.0/16", "local", "active"],
      ["0.0.0.0/0", igwId, "active"],
    ]);

    const available = await waitUntilNatGatewayAvailable(
      { client: t.ec2, maxWaitTime: 20, minDelay: 1, maxDelay: 1 },
      { NatGatewayIds: [natId] },
    );
    expect(available.state).toBe("SUCCESS");
    expect(zonesOf(await describeNat(natId))).toEqual(["us-east-1a succeeded"]);
  });

  test("a zone whose first interface appears later is served after the expansion delay, and dropped when its interfaces go", async () => {
    await interfaceIn(subnetA);
    const { natId } = await createRegional();
    await advance(1_000);
    const eniB = await interfaceIn(subnetB);
    // Detected at the next request, not yet served.
    expect(zonesOf(await describeNat(natId))).toEqual(["us-east-1a succeeded", "us-east-1b associating"]);
    await advance(1_000);
    expect(zonesOf(await describeNat(natId))).toEqual(["us-east-1a succeeded", "us-east-1b succeeded"]);
    await t.ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eniB }));
    expect(zonesOf(await describeNat(natId))).toEqual(["us-east-1a succeeded"]);
  });

  test("a VPC without interfaces gets a gateway that serves no zone yet", async () => {
    const { natId } = await createRegional();
    await advance(1_000);
    const nat = await describeNat(natId);
    expect(nat?.State).toBe("available");
    expect(nat?.NatGatewayAddresses).toEqual([]);
  });

  test("routes from any route table of the VPC, whatever the subnet's zone; ReplaceRoute too; not from another VPC", async () => {
    const { natId } = await createRegional();
    const tables: string[] = [];
    for (const subnet of [subnetA, subnetB]) {
      const { RouteTable } = await t.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
      tables.push(RouteTable?.RouteTableId as string);
      await t.ec2.send(
        new CreateRouteCommand({
          RouteTableId: RouteTable?.RouteTableId,
          DestinationCidrBlock: "0.0.0.0/0",
          NatGatewayId: natId,
        }),
      );
      void subnet;
    }
    await t.ec2.send(
      new CreateRouteCommand({
        RouteTableId: tables[1],
        DestinationCidrBlock: "192.0.2.0/24",
        GatewayId: igwId,
      }),
    );
    await t.ec2.send(
      new ReplaceRouteCommand({
        RouteTableId: tables[1],
        DestinationCidrBlock: "192.0.2.0/24",
        NatGatewayId: natId,
      }),
    );
    await advance(1_000);
    for (const id of tables) {
      const routes = (await routeTable(id))?.Routes ?? [];
      expect(routes.filter((r) => r.NatGatewayId === natId).every((r) => r.State === "active")).toBe(true);
    }
    const { RouteTables } = await t.ec2.send(
      new DescribeRouteTablesCommand({ Filters: [filter("route.nat-gateway-id", natId)] }),
    );
    expect(RouteTables?.map((r) => r.RouteTableId).sort()).toEqual([...tables].sort());

    const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }));
    const { RouteTable: other } = await t.ec2.send(new CreateRouteTableCommand({ VpcId: Vpc?.VpcId }));
    const error = await errorOf(
      t.ec2.send(
        new CreateRouteCommand({
          RouteTableId: other?.RouteTableId,
          DestinationCidrBlock: "0.0.0.0/0",
          NatGatewayId: natId,
        }),
      ),
    );
    expect(error.name).toBe("InvalidParameterValue");
    expect(error.message).toContain("different networks");
  });

  test("DescribeNatGateways filters by VPC; a regional gateway has no subnet to filter by", async () => {
    const { natId } = await createRegional();
    const byVpc = await t.ec2.send(new DescribeNatGatewaysCommand({ Filter: [filter("vpc-id", vpcId)] }));
    expect(byVpc.NatGateways?.map((n) => n.NatGatewayId)).toEqual([natId]);
    const bySubnet = await t.ec2.send(
      new DescribeNatGatewaysCommand({ Filter: [filter("subnet-id", subnetA)] }),
    );
    expect(bySubnet.NatGateways).toEqual([]);
  });

  test("a retried request with the same ClientToken gets the same gateway", async () => {
    const first = await createRegional({ ClientToken: "regional-1" });
    const again = await createRegional({ ClientToken: "regional-1" });
    expect(again.natId).toBe(first.natId);
    const { NatGateways } = await t.ec2.send(new DescribeNatGatewaysCommand({}));
    expect(NatGateways).toHaveLength(1);
  });

  test("deleting: routes to it blackhole, its route table goes, the internet gateway can be detached", async () => {
    await interfaceIn(subnetA);
    const { natId, NatGateway } = await createRegional();
    const natTable = NatGateway?.RouteTableId as string;
    const { RouteTable } = await t.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    const RouteTableId = RouteTable?.RouteTableId as string;
    await t.ec2.send(
      new CreateRouteCommand({ RouteTableId, DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: natId }),
    );
    await advance(1_000);
    // While it exists: its table cannot be deleted, the internet gateway cannot be detached.
    expect((await errorOf(t.ec2.send(new DeleteRouteTableCommand({ RouteTableId: natTable })))).name).toBe(
      "DependencyViolation",
    );
    const detach = await errorOf(
      t.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId })),
    );
    expect(detach.name).toBe("DependencyViolation");

    // Deleting lasts 300 ms in the fast profile, which a loaded machine can exceed between two
    // requests; 3 s keeps the read inside the window and the waiter still polling.
    t.running.emulator.clock.delays = { ...t.running.emulator.clock.delays, natGatewayDeleted: 3_000 };
    await t.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: natId }));
    expect((await describeNat(natId))?.State).toBe("deleting");
    const deleted = await waitUntilNatGatewayDeleted(
      { client: t.ec2, maxWaitTime: 20, minDelay: 1, maxDelay: 1 },
      { NatGatewayIds: [natId] },
    );
    expect(deleted.state).toBe("SUCCESS");
    const nat = await describeNat(natId);
    expect(nat?.DeleteTime).toBeInstanceOf(Date);
    expect(nat?.NatGatewayAddresses).toEqual([]);
    expect((await routeTable(RouteTableId))?.Routes?.find((r) => r.NatGatewayId === natId)?.State).toBe(
      "blackhole",
    );
    expect((await errorOf(routeTable(natTable))).name).toBe("InvalidRouteTableID.NotFound");
    await t.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  });

  test("the emulator's state holds the gateway and its route table; a reset removes them", async () => {
    const { natId, NatGateway } = await createRegional();
    const state = (await t.control("GET", "/_emulator/state")) as {
      regions: Record<
        string,
        {
          ec2: {
            natGateways: Record<string, { regional: { routeTableId: string } }>;
            routeTables: Record<string, unknown>;
          };
        }
      >;
    };
    const ec2 = state.regions["us-east-1"]?.ec2;
    expect(ec2?.natGateways[natId]?.regional.routeTableId).toBe(NatGateway?.RouteTableId);
    expect(Object.keys(ec2?.routeTables ?? {})).toContain(NatGateway?.RouteTableId);
    await t.control("POST", "/_emulator/reset");
    expect((await errorOf(describeNat(natId))).name).toBe("NatGatewayNotFound");
  });
});

describe("manual mode", () => {
  test("exactly the listed zones, each with the caller's Elastic IPs, held until the gateway is deleted", async () => {
    const a = await allocate();
    const b = await allocate();
    const { natId, NatGateway } = await createRegional({
      AvailabilityZoneAddresses: [
        { AvailabilityZone: "us-east-1a", AllocationIds: [a.allocationId] },
        { AvailabilityZoneId: "use1-az2", AllocationIds: [b.allocationId] },
      ],
    });
    expect(NatGateway).toMatchObject({ AutoProvisionZones: "disabled", AutoScalingIps: "disabled" });
    await advance(1_000);
    const nat = await describeNat(natId);
    expect(nat?.NatGatewayAddresses).toMatchObject([
      {
        AllocationId: a.allocationId,
        PublicIp: a.publicIp,
        AvailabilityZone: "us-east-1a",
        AvailabilityZoneId: "use1-az1",
        Status: "succeeded",
      },
      {
        AllocationId: b.allocationId,
        PublicIp: b.publicIp,
        AvailabilityZone: "us-east-1b",
        AvailabilityZoneId: "use1-az2",
        Status: "succeeded",
      },
    ]);
    const associationId = nat?.NatGatewayAddresses?.[0]?.AssociationId as string;
    expect(associationId).toMatch(/^eipassoc-/);
    const { Addresses } = await t.ec2.send(new DescribeAddressesCommand({ AllocationIds: [a.allocationId] }));
    expect(Addresses?.[0]?.AssociationId).toBe(associationId);

    // An interface in a zone it does not list changes nothing (no automatic expansion).
    await interfaceIn(await subnetIn(vpcId, "10.0.3.0/24", "us-east-1c"));
    expect(zonesOf(await describeNat(natId))).toEqual(["us-east-1a succeeded", "us-east-1b succeeded"]);

    // Held like a zonal gateway's address (AuthFailure, docs/FACTS.md).
    expect(
      (await errorOf(t.ec2.send(new ReleaseAddressCommand({ AllocationId: a.allocationId })))).name,
    ).toBe("AuthFailure");
    expect(
      (await errorOf(t.ec2.send(new DisassociateAddressCommand({ AssociationId: associationId })))).name,
    ).toBe("AuthFailure");
    const reuse = await errorOf(
      t.ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetA, AllocationId: b.allocationId })),
    );
    expect(reuse.name).toBe("Resource.AlreadyAssociated");

    await t.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: natId }));
    await advance(1_000);
    expect((await describeNat(natId))?.State).toBe("deleted");
    const after = await t.ec2.send(
      new DescribeAddressesCommand({ AllocationIds: [a.allocationId, b.allocationId] }),
    );
    expect(after.Addresses?.map((x) => x.AssociationId)).toEqual([undefined, undefined]);
    await t.ec2.send(new ReleaseAddressCommand({ AllocationId: a.allocationId }));
    await t.ec2.send(new ReleaseAddressCommand({ AllocationId: b.allocationId }));
  });
});

describe("refusals leave nothing behind", () => {
  async function expectRefused(input: CreateNatGatewayCommandInput, name: string, message?: string) {
    const tablesBefore = (await t.ec2.send(new DescribeRouteTablesCommand({}))).RouteTables?.length;
    const error = await errorOf(t.ec2.send(new CreateNatGatewayCommand(input)));
    expect(error.name).toBe(name);
    if (message !== undefined) expect(error.message).toContain(message);
    expect((await t.ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways).toEqual([]);
    expect((await t.ec2.send(new DescribeRouteTablesCommand({}))).RouteTables?.length).toBe(tablesBefore);
    const { Addresses = [] } = await t.ec2.send(new DescribeAddressesCommand({}));
    expect(Addresses.filter((x) => x.AssociationId !== undefined && !x.NetworkInterfaceId)).toEqual([]);
  }

  test("mixing the modes' members", async () => {
    const { allocationId } = await allocate();
    const regional = { AvailabilityMode: "regional" as const, VpcId: vpcId };
    await expectRefused({ ...regional, SubnetId: subnetA }, "InvalidParameterCombination", "SubnetId");
    await expectRefused(
      { ...regional, AllocationId: allocationId },
      "InvalidParameterCombination",
      "AllocationId",
    );
    await expectRefused(
      { ...regional, ConnectivityType: "private" },
      "InvalidParameterCombination",
      "private",
    );
    await expectRefused({ AvailabilityMode: "regional" }, "MissingParameter", "VpcId");
    await expectRefused(
      { SubnetId: subnetA, AllocationId: allocationId, VpcId: vpcId },
      "InvalidParameterCombination",
      "VpcId",
    );
    await expectRefused(
      {
        AvailabilityMode: "zonal",
        SubnetId: subnetA,
        AllocationId: allocationId,
        AvailabilityZoneAddresses: [{ AvailabilityZone: "us-east-1a", AllocationIds: [allocationId] }],
      },
      "InvalidParameterCombination",
      "AvailabilityZoneAddress",
    );
    await expectRefused({ AllocationId: allocationId }, "MissingParameter", "SubnetId");
  });

  test("a VPC without an attached internet gateway", async () => {
    await t.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
    await expectRefused(
      { AvailabilityMode: "regional", VpcId: vpcId },
      "Gateway.NotAttached",
      "AttachInternetGateway",
    );
    await expectRefused(
      { AvailabilityMode: "regional", VpcId: "vpc-0123456789abcdef0" },
      "InvalidVpcID.NotFound",
    );
  });

  test("manual mode's zones and addresses", async () => {
    const { allocationId } = await allocate();
    const other = await allocate();
    const manual = (
      AvailabilityZoneAddresses: CreateNatGatewayCommandInput["AvailabilityZoneAddresses"],
    ) => ({
      AvailabilityMode: "regional" as const,
      VpcId: vpcId,
      AvailabilityZoneAddresses,
    });
    await expectRefused(
      manual([{ AvailabilityZone: "us-east-1a", AllocationIds: ["eipalloc-0123456789abcdef0"] }]),
      "InvalidAllocationID.NotFound",
    );
    await expectRefused(
      manual([{ AvailabilityZone: "us-west-2a", AllocationIds: [allocationId] }]),
      "InvalidParameterValue",
      "us-west-2a",
    );
    await expectRefused(
      manual([
        { AvailabilityZone: "us-east-1a", AvailabilityZoneId: "use1-az1", AllocationIds: [allocationId] },
      ]),
      "InvalidParameterCombination",
    );
    await expectRefused(manual([{ AllocationIds: [allocationId] }]), "InvalidParameterCombination");
    await expectRefused(
      manual([
        { AvailabilityZone: "us-east-1a", AllocationIds: [allocationId] },
        { AvailabilityZoneId: "use1-az1", AllocationIds: [other.allocationId] },
      ]),
      "InvalidParameterValue",
      "more than once",
    );
    await expectRefused(
      manual([
        { AvailabilityZone: "us-east-1a", AllocationIds: [allocationId] },
        { AvailabilityZone: "us-east-1b", AllocationIds: [allocationId] },
      ]),
      "InvalidParameterValue",
      "more than once",
    );
    await expectRefused(manual([{ AvailabilityZone: "us-east-1a", AllocationIds: [] }]), "MissingParameter");
    // A valid first zone and a bad second one: the first address stays unassociated.
    await expectRefused(
      manual([
        { AvailabilityZone: "us-east-1a", AllocationIds: [allocationId] },
        { AvailabilityZone: "us-east-1b", AllocationIds: ["eipalloc-0123456789abcdef0"] },
      ]),
      "InvalidAllocationID.NotFound",
    );
    const { Addresses } = await t.ec2.send(new DescribeAddressesCommand({ AllocationIds: [allocationId] }));
    expect(Addresses?.[0]?.AssociationId).toBeUndefined();
    // An address a zonal gateway holds.
    await t.ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetA, AllocationId: other.allocationId }));
    const held = await errorOf(
      t.ec2.send(
        new CreateNatGatewayCommand(
          manual([{ AvailabilityZone: "us-east-1a", AllocationIds: [other.allocationId] }]),
        ),
      ),
    );
    expect(held.name).toBe("Resource.AlreadyAssociated");
  });

  test("an AvailabilityMode outside the model's enum", async () => {
    const error = await errorOf(
      t.ec2.send(new CreateNatGatewayCommand({ AvailabilityMode: "global" as "regional", VpcId: vpcId })),
    );
    expect(error.name).toBe("InvalidParameterValue");
    expect(error.message).toContain("global");
  });
});

describe("zonal gateways", () => {
  test("say AvailabilityMode zonal, with their subnet and no regional members", async () => {
    const { allocationId } = await allocate();
    const { NatGateway } = await t.ec2.send(
      new CreateNatGatewayCommand({ SubnetId: subnetA, AllocationId: allocationId }),
    );
    expect(NatGateway).toMatchObject({ AvailabilityMode: "zonal", SubnetId: subnetA });
    expect(NatGateway?.RouteTableId).toBeUndefined();
    expect(NatGateway?.AutoProvisionZones).toBeUndefined();
  });
});

describe("the emulator's topology, traced by the model", () => {
  const destination = { address: "198.18.0.10", protocol: "tcp" as const, port: 443 };

  async function privateSubnetRoutedTo(natId: string, subnetId: string): Promise<void> {
    const { RouteTable } = await t.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    await t.ec2.send(
      new CreateRouteCommand({
        RouteTableId: RouteTable?.RouteTableId,
        DestinationCidrBlock: "0.0.0.0/0",
        NatGatewayId: natId,
      }),
    );
    await t.ec2.send(
      new AssociateRouteTableCommand({ RouteTableId: RouteTable?.RouteTableId, SubnetId: subnetId }),
    );
  }

  function trace(subnetId: string) {
    const emulator = t.running.emulator;
    const topology = ec2StateToTopology(emulator.region("us-east-1").ec2, emulator.clock.now());
    return traceEgress(
      topology,
      { mode: "vpc", subnetId, securityGroupIds: [], hasPublicIp: false },
      destination,
    );
  }

  test("automatic mode: reachable from a served zone, unknown while a new zone is being added", async () => {
    await interfaceIn(subnetA);
    const { natId } = await createRegional();
    await privateSubnetRoutedTo(natId, subnetA);
    await privateSubnetRoutedTo(natId, subnetB);
    await advance(1_000);
    await interfaceIn(subnetB);
    await t.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [natId] }));
    const topology = ec2StateToTopology(
      t.running.emulator.region("us-east-1").ec2,
      t.running.emulator.clock.now(),
    );
    expect(topology.natGateways.find((n) => n.id === natId)).toMatchObject({
      availabilityMode: "regional",
      subnetId: "",
      autoProvisionZones: true,
      routeTableId: expect.stringMatching(/^rtb-/),
    });
    expect(trace(subnetA).verdict).toBe("reachable");
    const expanding = trace(subnetB);
    expect(expanding.verdict).toBe("unknown");
    expect(expanding.reason?.code).toBe("REGIONAL_NAT_ZONE_EXPANDING");
    await advance(1_000);
    await t.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [natId] }));
    expect(trace(subnetB).verdict).toBe("reachable");
  });

  test("manual mode: a zone without an address is not served; its Elastic IPs are not free for a fix", async () => {
    const a = await allocate();
    const { natId } = await createRegional({
      AvailabilityZoneAddresses: [{ AvailabilityZone: "us-east-1a", AllocationIds: [a.allocationId] }],
    });
    await privateSubnetRoutedTo(natId, subnetA);
    await privateSubnetRoutedTo(natId, subnetB);
    await advance(1_000);
    await t.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [natId] }));
    expect(trace(subnetA).verdict).toBe("reachable");
    const missing = trace(subnetB);
    expect(missing.verdict).toBe("unreachable");
    expect(missing.reason?.code).toBe("REGIONAL_NAT_NO_ADDRESS_IN_ZONE");
    const topology = ec2StateToTopology(
      t.running.emulator.region("us-east-1").ec2,
      t.running.emulator.clock.now(),
    );
    expect(topology.elasticIps.find((e) => e.allocationId === a.allocationId)?.associationId).toMatch(
      /^eipassoc-/,
    );
  });
});

describe("test-support's NetworkBuilder", () => {
  test("regionalNatGateway builds automatic and manual gateways and waits until they are available", async () => {
    const build = new NetworkBuilder(t.ec2);
    const automatic = await build.regionalNatGateway(vpcId);
    expect(automatic).toMatchObject({ state: "available", allocationIds: [] });
    expect((await routeTable(automatic.routeTableId))?.Routes?.[1]?.GatewayId).toBe(igwId);
    const manual = await build.regionalNatGateway(vpcId, { zones: ["us-east-1a", "us-east-1b"] });
    expect(manual.state).toBe("available");
    expect(manual.allocationIds).toHaveLength(2);
    const nat = await describeNat(manual.natGatewayId);
    expect(nat?.NatGatewayAddresses?.map((a) => [a.AvailabilityZone, a.AllocationId])).toEqual([
      ["us-east-1a", manual.allocationIds[0]],
      ["us-east-1b", manual.allocationIds[1]],
    ]);
    expect(manual.publicIp).toBe(nat?.NatGatewayAddresses?.[0]?.PublicIp);
  });
});

describe("AssociateNatGatewayAddress and DisassociateNatGatewayAddress (manual mode)", () => {
  test("an Elastic IP for a new zone: associating, then served; disassociating the zone's last address stops serving it", async () => {
    // Frozen: us-east-1b is read while associating, a window of the fast profile that a loaded
    // machine can exceed between two requests; only advance() moves the clock.
    t.running.emulator.clock.freeze();
    const a = await allocate();
    const b = await allocate();
    const { natId } = await createRegional({
      AvailabilityZoneAddresses: [{ AvailabilityZone: "us-east-1a", AllocationIds: [a.allocationId] }],
    });
    await advance(1_000);
    // The doctor's fix for REGIONAL_NAT_NO_ADDRESS_IN_ZONE, as it prints it.
    const associated = await t.ec2.send(
      new AssociateNatGatewayAddressCommand({
        NatGatewayId: natId,
        AllocationIds: [b.allocationId],
        AvailabilityZone: "us-east-1b",
      }),
    );
    expect(associated.NatGatewayId).toBe(natId);
    expect(associated.NatGatewayAddresses).toMatchObject([
      {
        AllocationId: b.allocationId,
        PublicIp: b.publicIp,
        AvailabilityZone: "us-east-1b",
        Status: "associating",
      },
    ]);
    const associationId = associated.NatGatewayAddresses?.[0]?.AssociationId as string;
    expect(associationId).toMatch(/^eipassoc-/);
    expect(zonesOf(await describeNat(natId))).toEqual(["us-east-1a succeeded", "us-east-1b associating"]);
    await advance(1_000);
    expect(zonesOf(await describeNat(natId))).toEqual(["us-east-1a succeeded", "us-east-1b succeeded"]);
    expect(
      (await errorOf(t.ec2.send(new ReleaseAddressCommand({ AllocationId: b.allocationId })))).name,
    ).toBe("AuthFailure");

    const disassociated = await t.ec2.send(
      new DisassociateNatGatewayAddressCommand({ NatGatewayId: natId, AssociationIds: [associationId] }),
    );
    expect(disassociated.NatGatewayAddresses).toMatchObject([
      { AllocationId: b.allocationId, AvailabilityZone: "us-east-1b", Status: "disassociating" },
    ]);
    expect(zonesOf(await describeNat(natId))).toEqual(["us-east-1a succeeded"]);
    await t.ec2.send(new ReleaseAddressCommand({ AllocationId: b.allocationId }));
    const again = await errorOf(
      t.ec2.send(
        new DisassociateNatGatewayAddressCommand({ NatGatewayId: natId, AssociationIds: [associationId] }),
      ),
    );
    expect(again.name).toBe("InvalidAssociationID.NotFound");
  });

  test("refusals: automatic mode, zonal gateways, a zone outside the Region, a held address, a deleted gateway", async () => {
    // Frozen: us-east-1a is read while associating, several requests after the association, a
    // window of the fast profile that a loaded machine can exceed; only advance() moves the clock.
    t.running.emulator.clock.freeze();
    const a = await allocate();
    const b = await allocate();
    const auto = await createRegional();
    const associate = (
      NatGatewayId: string,
      extra: Partial<{ AvailabilityZone: string; AvailabilityZoneId: string }>,
    ) =>
      errorOf(
        t.ec2.send(
          new AssociateNatGatewayAddressCommand({ NatGatewayId, AllocationIds: [b.allocationId], ...extra }),
        ),
      );
    expect((await associate(auto.natId, { AvailabilityZone: "us-east-1a" })).name).toBe(
      "UnsupportedOperation",
    );
    const { NatGateway: zonal } = await t.ec2.send(
      new CreateNatGatewayCommand({ SubnetId: subnetA, AllocationId: a.allocationId }),
    );
    expect((await associate(zonal?.NatGatewayId as string, {})).name).toBe("UnsupportedOperation");

    const c = await allocate();
    const manual = await createRegional({
      AvailabilityZoneAddresses: [{ AvailabilityZone: "us-east-1a", AllocationIds: [c.allocationId] }],
    });
    expect((await associate(manual.natId, { AvailabilityZone: "us-west-2a" })).name).toBe(
      "InvalidParameterValue",
    );
    expect((await associate(manual.natId, {})).name).toBe("InvalidParameterCombination");
    const held = await errorOf(
      t.ec2.send(
        new AssociateNatGatewayAddressCommand({
          NatGatewayId: manual.natId,
          AllocationIds: [a.allocationId],
          AvailabilityZone: "us-east-1b",
        }),
      ),
    );
    expect(held.name).toBe("Resource.AlreadyAssociated");
    expect(zonesOf(await describeNat(manual.natId))).toEqual(["us-east-1a associating"]);

    await t.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: manual.natId }));
    expect((await associate(manual.natId, { AvailabilityZone: "us-east-1b" })).name).toBe("IncorrectState");
    expect((await associate("nat-0123456789abcdef0", { AvailabilityZone: "us-east-1b" })).name).toBe(
      "NatGatewayNotFound",
    );
  });
});

describe("a failed regional gateway", () => {
  test("the natFailureRate fault: failed with a code, its Elastic IPs free again, its route table gone, routes to it blackhole", async () => {
    await t.control("POST", "/_emulator/faults", { natFailureRate: 1 });
    const a = await allocate();
    const { natId, NatGateway } = await createRegional({
      AvailabilityZoneAddresses: [{ AvailabilityZone: "us-east-1a", AllocationIds: [a.allocationId] }],
    });
    const { RouteTable } = await t.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    const RouteTableId = RouteTable?.RouteTableId as string;
    await t.ec2.send(
      new CreateRouteCommand({ RouteTableId, DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: natId }),
    );
    await advance(1_000);
    const nat = await describeNat(natId);
    expect(nat).toMatchObject({ State: "failed", FailureCode: "InternalError" });
    expect(nat?.NatGatewayAddresses).toEqual([]);
    expect((await errorOf(routeTable(NatGateway?.RouteTableId as string))).name).toBe(
      "InvalidRouteTableID.NotFound",
    );
    expect((await routeTable(RouteTableId))?.Routes?.find((r) => r.NatGatewayId === natId)?.State).toBe(
      "blackhole",
    );
    const { Addresses } = await t.ec2.send(new DescribeAddressesCommand({ AllocationIds: [a.allocationId] }));
    expect(Addresses?.[0]?.AssociationId).toBeUndefined();
    await t.ec2.send(new ReleaseAddressCommand({ AllocationId: a.allocationId }));
  });
});

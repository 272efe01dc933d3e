import {
  AllocateAddressCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteNatGatewayCommand,
  DeleteSubnetCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DetachInternetGatewayCommand,
  DisassociateAddressCommand,
  paginateDescribeNatGateways,
  ReleaseAddressCommand,
  waitUntilNatGatewayAvailable,
  waitUntilNatGatewayDeleted,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Ec2TestContext, errorOf, filter, startEc2Emulator } from "./helpers.ts";

let t: Ec2TestContext;
let vpcId: string;
let subnetId: string;
let igwId: string;

beforeEach(async () => {
  t = await startEc2Emulator();
  const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
  vpcId = Vpc?.VpcId as string;
  const { Subnet } = await t.ec2.send(
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.0.0.0/24", AvailabilityZone: "us-east-1a" }),
  );
  subnetId = Subnet?.SubnetId as string;
  const { InternetGateway } = await t.ec2.send(new CreateInternetGatewayCommand({}));
  igwId = InternetGateway?.InternetGatewayId as string;
  await t.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
});
afterEach(async () => {
  await t.close();
});

async function createPublicNat() {
  const { AllocationId, PublicIp } = await t.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
  const { NatGateway } = await t.ec2.send(
    new CreateNatGatewayCommand({
      SubnetId: subnetId,
      AllocationId,
      TagSpecifications: [{ ResourceType: "natgateway", Tags: [{ Key: "Name", Value: "lab-nat" }] }],
    }),
  );
  return {
    natId: NatGateway?.NatGatewayId as string,
    allocationId: AllocationId as string,
    publicIp: PublicIp,
    NatGateway,
  };
}

const advance = (ms: number) => t.control("POST", "/_emulator/clock", { advanceMs: ms });

async function natState(natId: string) {
  const { NatGateways } = await t.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [natId] }));
  return NatGateways?.[0];
}

describe("public NAT gateways", () => {
  test("start pending with the Elastic IP and a private IP from the subnet, then become available", async () => {
    const { natId, NatGateway, publicIp } = await createPublicNat();
    expect(NatGateway).toMatchObject({
      State: "pending",
      ConnectivityType: "public",
      VpcId: vpcId,
      SubnetId: subnetId,
    });
    expect(NatGateway?.NatGatewayAddresses?.[0]).toMatchObject({ PublicIp: publicIp, PrivateIp: "10.0.0.4" });
    expect(NatGateway?.Tags).toEqual([{ Key: "Name", Value: "lab-nat" }]);
    await advance(1_000);
    expect((await natState(natId))?.State).toBe("available");
  });

  test("the waiter sees the gateway become available and then deleted", async () => {
    const { natId } = await createPublicNat();
    const available = await waitUntilNatGatewayAvailable(
      { client: t.ec2, maxWaitTime: 20, minDelay: 1, maxDelay: 1 },
      { NatGatewayIds: [natId] },
    );
    expect(available.state).toBe("SUCCESS");
    // Deleting lasts 300 ms in the fast profile: a loaded machine can take longer than that to
    // answer the next request. 3 s keeps the read inside the window and the waiter still polling.
    t.running.emulator.clock.delays = { ...t.running.emulator.clock.delays, natGatewayDeleted: 3_000 };
    await t.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: natId }));
    expect((await natState(natId))?.State).toBe("deleting");
    const deleted = await waitUntilNatGatewayDeleted(
      { client: t.ec2, maxWaitTime: 20, minDelay: 1, maxDelay: 1 },
      { NatGatewayIds: [natId] },
    );
    expect(deleted.state).toBe("SUCCESS");
    expect((await natState(natId))?.DeleteTime).toBeInstanceOf(Date);
  });

  test("creates a requester-managed nat_gateway interface holding the Elastic IP", async () => {
    const { natId, allocationId } = await createPublicNat();
    const { NetworkInterfaces = [] } = await t.ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [
          filter("interface-type", "nat_gateway"),
          filter("requester-managed", "true"),
          filter("subnet-id", subnetId),
        ],
      }),
    );
    expect(NetworkInterfaces).toHaveLength(1);
    expect(NetworkInterfaces[0]?.Description).toBe(`Interface for NAT Gateway ${natId}`);
    expect(NetworkInterfaces[0]?.Association?.AllocationId).toBe(allocationId);
    const { Addresses } = await t.ec2.send(new DescribeAddressesCommand({ AllocationIds: [allocationId] }));
    expect(Addresses?.[0]?.NetworkInterfaceId).toBe(NetworkInterfaces[0]?.NetworkInterfaceId);
  });

  test("while it exists AWS refuses to release its address, detach the gateway, or delete the subnet", async () => {
    const { allocationId } = await createPublicNat();
    await advance(1_000);
    // AWS answers AuthFailure for an address a NAT gateway holds (docs/FACTS.md).
    expect((await errorOf(t.ec2.send(new ReleaseAddressCommand({ AllocationId: allocationId })))).name).toBe(
      "AuthFailure",
    );
    const detach = await errorOf(
      t.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId })),
    );
    expect(detach.name).toBe("DependencyViolation");
    expect(detach.message).toContain("mapped public address");
    expect((await errorOf(t.ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId })))).name).toBe(
      "DependencyViolation",
    );
  });

  test("deleting releases the interface and the address, turns routes to blackhole, and keeps it listed as deleted", async () => {
    const { natId, allocationId } = await createPublicNat();
    const { RouteTable } = await t.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    const RouteTableId = RouteTable?.RouteTableId as string;
    await t.ec2.send(
      new CreateRouteCommand({ RouteTableId, DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: natId }),
    );
    await advance(1_000);
    await t.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: natId }));
    await advance(1_000);
    expect((await natState(natId))?.State).toBe("deleted");
    const { RouteTables } = await t.ec2.send(
      new DescribeRouteTablesCommand({ RouteTableIds: [RouteTableId] }),
    );
    expect(RouteTables?.[0]?.Routes?.find((r) => r.NatGatewayId === natId)?.State).toBe("blackhole");
    const enis = await t.ec2.send(
      new DescribeNetworkInterfacesCommand({ Filters: [filter("subnet-id", subnetId)] }),
    );
    expect(enis.NetworkInterfaces).toEqual([]);
    await t.ec2.send(new ReleaseAddressCommand({ AllocationId: allocationId }));
    await t.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  });

  test("DisassociateAddress: AuthFailure while the gateway holds the address, InvalidAssociationID.NotFound once it is gone", async () => {
    // Terraform's aws_eip sends the association ID it read earlier before releasing the address,
    // and takes InvalidAssociationID.NotFound as "already disassociated".
    const { natId, allocationId } = await createPublicNat();
    const { Addresses } = await t.ec2.send(new DescribeAddressesCommand({ AllocationIds: [allocationId] }));
    const AssociationId = Addresses?.[0]?.AssociationId as string;
    expect(AssociationId).toMatch(/^eipassoc-/);
    const held = await errorOf(t.ec2.send(new DisassociateAddressCommand({ AssociationId })));
    expect(held.name).toBe("AuthFailure");
    await t.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: natId }));
    await advance(1_000);
    const gone = await errorOf(t.ec2.send(new DisassociateAddressCommand({ AssociationId })));
    expect(gone.name).toBe("InvalidAssociationID.NotFound");
    expect(gone.message).toContain(AssociationId);
    expect((await errorOf(t.ec2.send(new DisassociateAddressCommand({})))).name).toBe("MissingParameter");
    await t.ec2.send(new ReleaseAddressCommand({ AllocationId: allocationId }));
  });

  test("deleted gateways drop out of the list after about an hour", async () => {
    const { natId } = await createPublicNat();
    await t.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: natId }));
    await advance(2 * 60 * 60 * 1000);
    const { NatGateways } = await t.ec2.send(new DescribeNatGatewaysCommand({}));
    expect(NatGateways).toEqual([]);
  });

  test("an Elastic IP already in use by another gateway is refused with Resource.AlreadyAssociated", async () => {
    const { allocationId } = await createPublicNat();
    const error = await errorOf(
      t.ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: allocationId })),
    );
    expect(error.name).toBe("Resource.AlreadyAssociated");
  });

  test("the natFailureRate fault makes the gateway fail with a failure code, and its routes blackhole", async () => {
    await t.control("POST", "/_emulator/faults", { natFailureRate: 1 });
    const { natId, allocationId } = await createPublicNat();
    const { RouteTable } = await t.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    const RouteTableId = RouteTable?.RouteTableId as string;
    await t.ec2.send(
      new CreateRouteCommand({ RouteTableId, DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: natId }),
    );
    const waited = await errorOf(
      waitUntilNatGatewayAvailable(
        { client: t.ec2, maxWaitTime: 20, minDelay: 1, maxDelay: 1 },
        { NatGatewayIds: [natId] },
      ),
    );
    expect(waited.message).toContain("FAILURE");
    const nat = await natState(natId);
    expect(nat).toMatchObject({ State: "failed", FailureCode: "InternalError" });
    const { RouteTables } = await t.ec2.send(
      new DescribeRouteTablesCommand({ RouteTableIds: [RouteTableId] }),
    );
    expect(RouteTables?.[0]?.Routes?.[1]?.State).toBe("blackhole");
    await t.ec2.send(new ReleaseAddressCommand({ AllocationId: allocationId }));
  });

  test("a public gateway in a VPC without an attached internet gateway fails with Gateway.NotAttached", async () => {
    const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }));
    const { Subnet } = await t.ec2.send(
      new CreateSubnetCommand({ VpcId: Vpc?.VpcId as string, CidrBlock: "10.9.0.0/24" }),
    );
    const { AllocationId } = await t.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
    const { NatGateway } = await t.ec2.send(
      new CreateNatGatewayCommand({ SubnetId: Subnet?.SubnetId as string, AllocationId }),
    );
    await advance(1_000);
    const nat = await natState(NatGateway?.NatGatewayId as string);
    expect(nat).toMatchObject({ State: "failed", FailureCode: "Gateway.NotAttached" });
    expect(nat?.FailureMessage).toBe(`Network ${Vpc?.VpcId} has no Internet gateway attached`);
  });
});

describe("private NAT gateways and describing", () => {
  test("a private gateway has no Elastic IP", async () => {
    const { NatGateway } = await t.ec2.send(
      new CreateNatGatewayCommand({ SubnetId: subnetId, ConnectivityType: "private" }),
    );
    expect(NatGateway?.ConnectivityType).toBe("private");
    expect(NatGateway?.NatGatewayAddresses?.[0]?.PublicIp).toBeUndefined();
    await advance(1_000);
    expect((await natState(NatGateway?.NatGatewayId as string))?.State).toBe("available");
  });

  test("a public gateway without AllocationId is refused", async () => {
    const error = await errorOf(t.ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId })));
    expect(error.name).toBe("MissingParameter");
  });

  test("an unknown gateway gives NatGatewayNotFound", async () => {
    const error = await errorOf(
      t.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: ["nat-0123456789abcdef0"] })),
    );
    expect(error.name).toBe("NatGatewayNotFound");
  });

  test("the paginator and the state and vpc-id filters", async () => {
    // All seven must still be pending when listed: only advance() moves a frozen clock, however long
    // the eight requests take.
    t.running.emulator.clock.freeze();
    for (let i = 0; i < 7; i++) {
      await t.ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, ConnectivityType: "private" }));
    }
    const sizes: number[] = [];
    for await (const page of paginateDescribeNatGateways(
      { client: t.ec2, pageSize: 5 },
      { Filter: [filter("vpc-id", vpcId), filter("state", "pending")] },
    )) {
      sizes.push(page.NatGateways?.length ?? 0);
    }
    expect(sizes).toEqual([5, 2]);
    const available = await t.ec2.send(
      new DescribeNatGatewaysCommand({ Filter: [filter("state", "available")] }),
    );
    expect(available.NatGateways).toEqual([]);
  });
});

describe("idempotency", () => {
  test("a repeated CreateNatGateway with the same ClientToken returns the same gateway", async () => {
    const input = { SubnetId: subnetId, ConnectivityType: "private" as const, ClientToken: "lab-nat-1" };
    const first = await t.ec2.send(new CreateNatGatewayCommand(input));
    const second = await t.ec2.send(new CreateNatGatewayCommand(input));
    expect(second.NatGateway?.NatGatewayId).toBe(first.NatGateway?.NatGatewayId);
    expect(second.ClientToken).toBe("lab-nat-1");
    const { NatGateways } = await t.ec2.send(new DescribeNatGatewaysCommand({}));
    expect(NatGateways).toHaveLength(1);
    // The same token with other parameters creates nothing (EC2 API, "Ensuring idempotency").
    const other = await errorOf(
      t.ec2.send(new CreateNatGatewayCommand({ ...input, PrivateIpAddress: "10.0.0.200" })),
    );
    expect(other.name).toBe("IdempotentParameterMismatch");
    expect((await t.ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways).toHaveLength(1);
  });
});

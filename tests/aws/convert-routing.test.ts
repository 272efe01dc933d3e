import type { RouteTable as SdkRouteTable } from "@aws-sdk/client-ec2";
import { describe, expect, test } from "vitest";
import {
  convertAddress,
  convertInternetGateway,
  convertNatGateway,
  convertRoute,
  convertRouteTable,
  convertSubnet,
  convertVpc,
} from "../../src/aws/convert-routing.ts";

describe("convertRoute", () => {
  test("a route with NatGatewayId targets the NAT gateway", () => {
    expect(
      convertRoute({
        DestinationCidrBlock: "0.0.0.0/0",
        NatGatewayId: "nat-0a",
        State: "active",
        Origin: "CreateRoute",
      }),
    ).toEqual({
      destination: { cidr: "0.0.0.0/0" },
      target: { kind: "nat-gateway", id: "nat-0a" },
      state: "active",
    });
  });

  test("GatewayId local, igw- and vpce- become local, internet-gateway and gateway-endpoint", () => {
    expect(
      convertRoute({ DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" })?.target,
    ).toEqual({
      kind: "local",
    });
    expect(
      convertRoute({ DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-1", State: "active" })?.target,
    ).toEqual({
      kind: "internet-gateway",
      id: "igw-1",
    });
    expect(
      convertRoute({ DestinationPrefixListId: "pl-63a5400a", GatewayId: "vpce-9", State: "active" }),
    ).toEqual({
      destination: { prefixListId: "pl-63a5400a" },
      target: { kind: "gateway-endpoint", id: "vpce-9" },
      state: "active",
    });
  });

  test("transit gateway and peering targets become their own kinds, which the model follows", () => {
    expect(
      convertRoute({ DestinationCidrBlock: "0.0.0.0/0", State: "active", TransitGatewayId: "tgw-1" })?.target,
    ).toEqual({ kind: "transit-gateway", id: "tgw-1" });
    expect(
      convertRoute({ DestinationCidrBlock: "10.2.0.0/16", State: "active", VpcPeeringConnectionId: "pcx-1" })
        ?.target,
    ).toEqual({ kind: "vpc-peering", id: "pcx-1" });
  });

  test("instance routes (described with the instance's interface) and interface routes are followed", () => {
    const route = (fields: object) =>
      convertRoute({ DestinationCidrBlock: "0.0.0.0/0", State: "active", ...fields })?.target;
    expect(route({ NetworkInterfaceId: "eni-1", InstanceId: "i-1" })).toEqual({
      kind: "instance",
      id: "i-1",
      networkInterfaceId: "eni-1",
    });
    expect(route({ InstanceId: "i-1" })).toEqual({ kind: "instance", id: "i-1" });
    expect(route({ NetworkInterfaceId: "eni-1" })).toEqual({ kind: "network-interface", id: "eni-1" });
  });

  test("virtual private gateway targets become other, naming the type", () => {
    const cases = [[{ GatewayId: "vgw-1" }, "vgw-1", "virtual private gateway"]] as const;
    for (const [fields, id, type] of cases) {
      expect(
        convertRoute({ DestinationCidrBlock: "192.168.0.0/16", State: "active", ...fields })?.target,
      ).toEqual({
        kind: "other",
        id,
        type,
      });
    }
  });

  test("a blackhole route keeps its state", () => {
    expect(
      convertRoute({ DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: "nat-0a", State: "blackhole" })?.state,
    ).toBe("blackhole");
  });

  test("IPv6 routes keep their destination; an egress-only internet gateway is a target of its own", () => {
    expect(convertRoute({ DestinationIpv6CidrBlock: "::/0", GatewayId: "igw-1", State: "active" })).toEqual({
      destination: { cidr: "::/0" },
      target: { kind: "internet-gateway", id: "igw-1" },
      state: "active",
    });
    expect(
      convertRoute({
        DestinationIpv6CidrBlock: "::/0",
        EgressOnlyInternetGatewayId: "eigw-1",
        State: "active",
      })?.target,
    ).toEqual({ kind: "egress-only-internet-gateway", id: "eigw-1" });
  });

  test("a route without any destination is dropped", () => {
    expect(convertRoute({ GatewayId: "igw-1", State: "active" })).toBeNull();
  });
});

describe("convertRouteTable", () => {
  const table: SdkRouteTable = {
    RouteTableId: "rtb-main",
    VpcId: "vpc-1",
    Associations: [
      { Main: true, RouteTableAssociationId: "rtbassoc-1", AssociationState: { State: "associated" } },
      { Main: false, SubnetId: "subnet-a", AssociationState: { State: "associated" } },
      { Main: false, SubnetId: "subnet-gone", AssociationState: { State: "disassociated" } },
    ],
    Routes: [
      { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" },
      { DestinationIpv6CidrBlock: "::/0", GatewayId: "igw-1", State: "active" },
    ],
  };

  test("the main flag and explicit subnet associations come from Associations", () => {
    const converted = convertRouteTable(table);
    expect(converted.main).toBe(true);
    expect(converted.subnetIds).toEqual(["subnet-a"]);
    expect(converted.routes).toHaveLength(2);
  });

  test("a table without a main association is not main", () => {
    expect(convertRouteTable({ ...table, Associations: [{ SubnetId: "subnet-a" }] }).main).toBe(false);
  });
});

describe("convertInternetGateway", () => {
  test("attachments in state available count as attached, detached ones do not", () => {
    expect(
      convertInternetGateway({
        InternetGatewayId: "igw-1",
        Attachments: [{ VpcId: "vpc-1", State: "available" as never }],
      }).attachedVpcIds,
    ).toEqual(["vpc-1"]);
    expect(
      convertInternetGateway({
        InternetGatewayId: "igw-1",
        Attachments: [{ VpcId: "vpc-1", State: "detached" }],
      }).attachedVpcIds,
    ).toEqual([]);
    expect(convertInternetGateway({ InternetGatewayId: "igw-2" }).attachedVpcIds).toEqual([]);
  });
});

describe("convertNatGateway", () => {
  test("a public NAT gateway carries its primary Elastic IP and private IP", () => {
    expect(
      convertNatGateway({
        NatGatewayId: "nat-1",
        VpcId: "vpc-1",
        SubnetId: "subnet-pub",
        State: "available",
        ConnectivityType: "public",
        NatGatewayAddresses: [
          { AllocationId: "eipalloc-2", PublicIp: "198.51.100.2", PrivateIp: "10.0.0.6", IsPrimary: false },
          { AllocationId: "eipalloc-1", PublicIp: "198.51.100.1", PrivateIp: "10.0.0.5", IsPrimary: true },
        ],
      }),
    ).toEqual({
      id: "nat-1",
      vpcId: "vpc-1",
      subnetId: "subnet-pub",
      state: "available",
      connectivityType: "public",
      allocationId: "eipalloc-1",
      publicIp: "198.51.100.1",
      privateIp: "10.0.0.5",
    });
  });

  test("a private NAT gateway has no Elastic IP, and a missing ConnectivityType means public", () => {
    const privateNat = convertNatGateway({
      NatGatewayId: "nat-2",
      VpcId: "vpc-1",
      SubnetId: "subnet-a",
      State: "failed",
      ConnectivityType: "private",
      NatGatewayAddresses: [{ PrivateIp: "10.0.1.9" }],
    });
    expect(privateNat).toMatchObject({ connectivityType: "private", state: "failed", privateIp: "10.0.1.9" });
    expect(privateNat.publicIp).toBeUndefined();
    expect(convertNatGateway({ NatGatewayId: "nat-3", VpcId: "vpc-1", SubnetId: "s" }).connectivityType).toBe(
      "public",
    );
  });

  test("a failed NAT gateway keeps the API's failure code and message", () => {
    const nat = convertNatGateway({
      NatGatewayId: "nat-4",
      VpcId: "vpc-1",
      SubnetId: "s",
      State: "failed",
      FailureCode: "InsufficientFreeAddressesInSubnet",
      FailureMessage: "Subnet s has insufficient free addresses to create this NAT gateway",
    });
    expect(nat.failure).toEqual({
      code: "InsufficientFreeAddressesInSubnet",
      message: "Subnet s has insufficient free addresses to create this NAT gateway",
    });
    expect(
      convertNatGateway({ NatGatewayId: "nat-5", VpcId: "vpc-1", SubnetId: "s" }).failure,
    ).toBeUndefined();
  });
});

describe("convertNatGateway: regional NAT gateways", () => {
  // The shape DescribeNatGateways gives a regional NAT gateway (EC2 API Reference, NatGateway:
  // AvailabilityMode, AutoProvisionZones, AutoScalingIps, RouteTableId; NatGatewayAddress:
  // AvailabilityZone, AvailabilityZoneId, Status).
  const regional = {
    NatGatewayId: "nat-r1",
    VpcId: "vpc-1",
    State: "available" as const,
    ConnectivityType: "public" as const,
    AvailabilityMode: "regional" as const,
    AutoProvisionZones: "enabled" as const,
    AutoScalingIps: "disabled" as const,
    RouteTableId: "rtb-nat",
    NatGatewayAddresses: [
      {
        AllocationId: "eipalloc-a",
        PublicIp: "198.51.100.10",
        PrivateIp: "10.0.0.10",
        IsPrimary: true,
        AvailabilityZone: "us-east-1a",
        AvailabilityZoneId: "use1-az1",
        Status: "succeeded" as const,
      },
      {
        AllocationId: "eipalloc-a2",
        PublicIp: "198.51.100.11",
        AvailabilityZone: "us-east-1a",
        AvailabilityZoneId: "use1-az1",
        Status: "succeeded" as const,
      },
      {
        AllocationId: "eipalloc-b",
        AvailabilityZone: "us-east-1b",
        AvailabilityZoneId: "use1-az2",
        Status: "associating" as const,
      },
    ],
  };

  test("the zones, with their addresses grouped by AvailabilityZone, the mode and the route table", () => {
    const nat = convertNatGateway(regional);
    expect(nat).toMatchObject({
      id: "nat-r1",
      subnetId: "",
      availabilityMode: "regional",
      autoProvisionZones: true,
      autoScalingIps: false,
      routeTableId: "rtb-nat",
    });
    expect(nat.zones).toEqual([
      {
        availabilityZone: "us-east-1a",
        availabilityZoneId: "use1-az1",
        addresses: [
          {
            allocationId: "eipalloc-a",
            publicIp: "198.51.100.10",
            privateIp: "10.0.0.10",
            status: "succeeded",
          },
          { allocationId: "eipalloc-a2", publicIp: "198.51.100.11", status: "succeeded" },
        ],
      },
      {
        availabilityZone: "us-east-1b",
        availabilityZoneId: "use1-az2",
        addresses: [{ allocationId: "eipalloc-b", status: "associating" }],
      },
    ]);
  });

  test("manual mode reads AutoProvisionZones disabled; a regional gateway without addresses has no zones", () => {
    const nat = convertNatGateway({ ...regional, AutoProvisionZones: "disabled", NatGatewayAddresses: [] });
    expect(nat.autoProvisionZones).toBe(false);
    expect(nat.zones).toEqual([]);
  });

  test("a zonal NAT gateway gets none of the regional fields", () => {
    const nat = convertNatGateway({
      NatGatewayId: "nat-z",
      VpcId: "vpc-1",
      SubnetId: "subnet-pub",
      State: "available",
      AvailabilityMode: "zonal",
      NatGatewayAddresses: [
        { AllocationId: "eipalloc-z", PublicIp: "198.51.100.9", AvailabilityZone: "us-east-1a" },
      ],
    });
    expect(nat.availabilityMode).toBeUndefined();
    expect(nat.zones).toBeUndefined();
    expect(nat.routeTableId).toBeUndefined();
  });
});

describe("convertVpc and convertSubnet", () => {
  test("a VPC lists its associated CIDR blocks and the DNS attribute given", () => {
    expect(
      convertVpc(
        {
          VpcId: "vpc-1",
          CidrBlock: "10.0.0.0/16",
          IsDefault: false,
          CidrBlockAssociationSet: [
            { CidrBlock: "10.0.0.0/16", CidrBlockState: { State: "associated" } },
            { CidrBlock: "100.64.0.0/16", CidrBlockState: { State: "associated" } },
            { CidrBlock: "10.9.0.0/16", CidrBlockState: { State: "disassociated" } },
          ],
        },
        { dnsSupport: false },
      ),
    ).toEqual({
      id: "vpc-1",
      cidrBlocks: ["10.0.0.0/16", "100.64.0.0/16"],
      isDefault: false,
      dnsSupport: false,
    });
  });

  test("associated IPv6 blocks of a VPC and a subnet are kept, others dropped", () => {
    const vpc = convertVpc({
      VpcId: "vpc-1",
      CidrBlock: "10.0.0.0/16",
      Ipv6CidrBlockAssociationSet: [
        { Ipv6CidrBlock: "2600:1f18:1234:5600::/56", Ipv6CidrBlockState: { State: "associated" } },
        { Ipv6CidrBlock: "2600:1f18:9999:9900::/56", Ipv6CidrBlockState: { State: "disassociated" } },
      ],
    });
    expect(vpc.ipv6CidrBlocks).toEqual(["2600:1f18:1234:5600::/56"]);
    const subnet = convertSubnet({
      SubnetId: "subnet-a",
      VpcId: "vpc-1",
      CidrBlock: "10.0.1.0/24",
      Ipv6CidrBlockAssociationSet: [
        { Ipv6CidrBlock: "2600:1f18:1234:5601::/64", Ipv6CidrBlockState: { State: "associated" } },
      ],
    });
    expect(subnet.ipv6CidrBlocks).toEqual(["2600:1f18:1234:5601::/64"]);
    expect(
      convertSubnet({ SubnetId: "subnet-b", VpcId: "vpc-1", CidrBlock: "10.0.2.0/24" }),
    ).not.toHaveProperty("ipv6CidrBlocks");
  });

  test("a subnet keeps its AZ, public-IP-on-launch flag and Name tag", () => {
    expect(
      convertSubnet({
        SubnetId: "subnet-a",
        VpcId: "vpc-1",
        CidrBlock: "10.0.1.0/24",
        AvailabilityZone: "us-east-1a",
        MapPublicIpOnLaunch: false,
        Tags: [{ Key: "Name", Value: "private-a" }],
      }),
    ).toEqual({
      id: "subnet-a",
      vpcId: "vpc-1",
      cidrBlock: "10.0.1.0/24",
      availabilityZone: "us-east-1a",
      mapPublicIpOnLaunch: false,
      name: "private-a",
    });
  });

  test("a subnet without a VpcId is refused with the field's name", () => {
    expect(() => convertSubnet({ SubnetId: "subnet-a", CidrBlock: "10.0.1.0/24" })).toThrow(/Subnet\.VpcId/);
  });
});

describe("convertAddress", () => {
  test("an Elastic IP keeps its allocation, address and association", () => {
    expect(
      convertAddress({
        AllocationId: "eipalloc-1",
        PublicIp: "198.51.100.1",
        AssociationId: "eipassoc-1",
        NetworkInterfaceId: "eni-1",
        Domain: "vpc",
      }),
    ).toEqual({
      allocationId: "eipalloc-1",
      publicIp: "198.51.100.1",
      associationId: "eipassoc-1",
      networkInterfaceId: "eni-1",
    });
    expect(convertAddress({ PublicIp: "198.51.100.1" })).toBeNull();
  });
});

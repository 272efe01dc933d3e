// A centralized-egress network for the transit gateway and peering tests: a workload VPC (spoke)
// whose default route goes to tgw-1, an egress VPC with a NAT gateway per AZ behind tgw-1, and a
// database VPC peered with the spoke. IDs are readable rather than realistic.

import type {
  NetworkAclEntry,
  Route,
  RouteTable,
  SourceInterface,
  Subnet,
  Topology,
} from "../../src/egress/types.ts";

export const EIP_A = "198.51.100.10";
export const EIP_B = "198.51.100.11";

function subnet(id: string, vpcId: string, cidrBlock: string, az: "a" | "b"): Subnet {
  return { id, vpcId, cidrBlock, availabilityZone: `us-east-1${az}` };
}

function table(id: string, vpcId: string, subnetIds: string[], routes: Route[], main = false): RouteTable {
  return { id, vpcId, main, subnetIds, routes };
}

function route(cidr: string, target: Route["target"]): Route {
  return { destination: { cidr }, target, state: "active" };
}

function allowAll(egress: boolean): NetworkAclEntry {
  return { ruleNumber: 100, egress, protocol: "-1", action: "allow", cidr: "0.0.0.0/0" };
}

/**
 * vpc-spoke 10.1.0.0/16: subnet-app-a/b (workload), subnet-tgw-spoke-a/b (attachment), main table
 * rtb-spoke 0.0.0.0/0 -> tgw-1 and 10.20.0.0/16 -> pcx-db.
 * vpc-egress 10.9.0.0/16: attachment subnets subnet-egress-tgw-a/b whose tables send 0.0.0.0/0 to the
 * same-AZ NAT gateway; public subnets with nat-egress-a/b, table rtb-egress-public 0.0.0.0/0 -> igw-egress
 * and 10.0.0.0/8 -> tgw-1 (the way back).
 * tgw-1: tgw-attach-spoke (associated with tgw-rtb-spoke: 0.0.0.0/0 -> tgw-attach-egress, static),
 * tgw-attach-egress (associated with tgw-rtb-egress: 10.1.0.0/16 -> tgw-attach-spoke, propagated).
 * vpc-db 10.20.0.0/16 peered through pcx-db (active), its table rtb-db 10.1.0.0/16 -> pcx-db.
 */
export function buildTransitTopology(): Topology {
  return {
    vpcs: [
      { id: "vpc-spoke", cidrBlocks: ["10.1.0.0/16"] },
      { id: "vpc-egress", cidrBlocks: ["10.9.0.0/16"] },
      { id: "vpc-db", cidrBlocks: ["10.20.0.0/16"] },
    ],
    subnets: [
      subnet("subnet-app-a", "vpc-spoke", "10.1.0.0/24", "a"),
      subnet("subnet-app-b", "vpc-spoke", "10.1.1.0/24", "b"),
      subnet("subnet-tgw-spoke-a", "vpc-spoke", "10.1.100.0/28", "a"),
      subnet("subnet-tgw-spoke-b", "vpc-spoke", "10.1.100.16/28", "b"),
      subnet("subnet-egress-tgw-a", "vpc-egress", "10.9.100.0/28", "a"),
      subnet("subnet-egress-tgw-b", "vpc-egress", "10.9.100.16/28", "b"),
      subnet("subnet-egress-public-a", "vpc-egress", "10.9.0.0/24", "a"),
      subnet("subnet-egress-public-b", "vpc-egress", "10.9.1.0/24", "b"),
      subnet("subnet-db-a", "vpc-db", "10.20.1.0/24", "a"),
    ],
    routeTables: [
      table(
        "rtb-spoke",
        "vpc-spoke",
        [],
        [
          route("0.0.0.0/0", { kind: "transit-gateway", id: "tgw-1" }),
          route("10.20.0.0/16", { kind: "vpc-peering", id: "pcx-db" }),
        ],
        true,
      ),
      table("rtb-egress-main", "vpc-egress", [], [], true),
      table(
        "rtb-egress-tgw-a",
        "vpc-egress",
        ["subnet-egress-tgw-a"],
        [route("0.0.0.0/0", { kind: "nat-gateway", id: "nat-egress-a" })],
      ),
      table(
        "rtb-egress-tgw-b",
        "vpc-egress",
        ["subnet-egress-tgw-b"],
        [route("0.0.0.0/0", { kind: "nat-gateway", id: "nat-egress-b" })],
      ),
      table(
        "rtb-egress-public",
        "vpc-egress",
        ["subnet-egress-public-a", "subnet-egress-public-b"],
        [
          route("0.0.0.0/0", { kind: "internet-gateway", id: "igw-egress" }),
          route("10.0.0.0/8", { kind: "transit-gateway", id: "tgw-1" }),
        ],
      ),
      table("rtb-db", "vpc-db", [], [route("10.1.0.0/16", { kind: "vpc-peering", id: "pcx-db" })], true),
    ],
    internetGateways: [{ id: "igw-egress", attachedVpcIds: ["vpc-egress"] }],
    natGateways: [
      {
        id: "nat-egress-a",
        vpcId: "vpc-egress",
        subnetId: "subnet-egress-public-a",
        state: "available",
        connectivityType: "public",
        publicIp: EIP_A,
        privateIp: "10.9.0.10",
      },
      {
        id: "nat-egress-b",
        vpcId: "vpc-egress",
        subnetId: "subnet-egress-public-b",
        state: "available",
        connectivityType: "public",
        publicIp: EIP_B,
        privateIp: "10.9.1.10",
      },
    ],
    elasticIps: [],
    securityGroups: [
      { id: "sg-app", vpcId: "vpc-spoke", name: "app", egress: [{ protocol: "-1", cidrs: ["0.0.0.0/0"] }] },
    ],
    networkAcls: ["vpc-spoke", "vpc-egress", "vpc-db"].map((vpcId) => ({
      id: `acl-${vpcId.slice(4)}`,
      vpcId,
      isDefault: true,
      subnetIds: [],
      entries: [allowAll(true), allowAll(false)],
    })),
    vpcEndpoints: [],
    prefixLists: [],
    transitGatewayAttachments: [
      {
        id: "tgw-attach-spoke",
        transitGatewayId: "tgw-1",
        resourceType: "vpc",
        resourceId: "vpc-spoke",
        state: "available",
        subnetIds: ["subnet-tgw-spoke-a", "subnet-tgw-spoke-b"],
        associatedRouteTableId: "tgw-rtb-spoke",
      },
      {
        id: "tgw-attach-egress",
        transitGatewayId: "tgw-1",
        resourceType: "vpc",
        resourceId: "vpc-egress",
        state: "available",
        subnetIds: ["subnet-egress-tgw-a", "subnet-egress-tgw-b"],
        associatedRouteTableId: "tgw-rtb-egress",
      },
    ],
    transitGatewayRouteTables: [
      {
        id: "tgw-rtb-spoke",
        transitGatewayId: "tgw-1",
        routes: [
          { destination: "0.0.0.0/0", attachmentIds: ["tgw-attach-egress"], type: "static", state: "active" },
        ],
      },
      {
        id: "tgw-rtb-egress",
        transitGatewayId: "tgw-1",
        routes: [
          {
            destination: "10.1.0.0/16",
            attachmentIds: ["tgw-attach-spoke"],
            type: "propagated",
            state: "active",
          },
        ],
      },
    ],
    vpcPeeringConnections: [
      {
        id: "pcx-db",
        state: "active",
        requester: { vpcId: "vpc-spoke", cidrBlocks: ["10.1.0.0/16"] },
        accepter: { vpcId: "vpc-db", cidrBlocks: ["10.20.0.0/16"] },
      },
    ],
  };
}

export function workload(az: "a" | "b" = "a"): SourceInterface {
  return {
    mode: "vpc",
    subnetId: `subnet-app-${az}`,
    securityGroupIds: ["sg-app"],
    hasPublicIp: false,
    privateIp: az === "a" ? "10.1.0.25" : "10.1.1.25",
    label: "App Runner VPC connector ENI",
    interfaceId: "eni-app",
  };
}

export function tgwTable(topology: Topology, id: string) {
  const found = topology.transitGatewayRouteTables?.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`fixture has no ${id}`);
  return found;
}

export function vpcTable(topology: Topology, id: string) {
  const found = topology.routeTables.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`fixture has no ${id}`);
  return found;
}

export function attachment(topology: Topology, id: string) {
  const found = topology.transitGatewayAttachments?.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`fixture has no ${id}`);
  return found;
}

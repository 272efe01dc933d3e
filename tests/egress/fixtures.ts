// Fixture builders for egress tests: a small VPC in the shape the guide teaches, which each
// scenario then bends. IDs are readable rather than realistic so that failures read easily.

import type { Destination, NetworkAclEntry, SourceInterface, Topology } from "../../src/egress/types.ts";

export const NAT_EIP = "203.0.113.10";
export const S3_PREFIX = "52.216.0.0/15";

/**
 * vpc-lab 10.0.0.0/16 with igw-lab attached; public subnets (route table rtb-public: 0.0.0.0/0 ->
 * igw-lab) in AZs a and b; private subnets in a and b using the main table rtb-main (local only);
 * nat-a (available, public, EIP 203.0.113.10) in subnet-public-a; sg-app allowing all outbound;
 * the default network ACL allowing everything; an S3 prefix list.
 */
export function buildLabTopology(): Topology {
  return {
    vpcs: [{ id: "vpc-lab", cidrBlocks: ["10.0.0.0/16"], dnsSupport: true, dnsHostnames: true }],
    subnets: [
      { id: "subnet-public-a", vpcId: "vpc-lab", cidrBlock: "10.0.0.0/24", availabilityZone: "us-east-1a" },
      { id: "subnet-public-b", vpcId: "vpc-lab", cidrBlock: "10.0.1.0/24", availabilityZone: "us-east-1b" },
      { id: "subnet-private-a", vpcId: "vpc-lab", cidrBlock: "10.0.10.0/24", availabilityZone: "us-east-1a" },
      { id: "subnet-private-b", vpcId: "vpc-lab", cidrBlock: "10.0.11.0/24", availabilityZone: "us-east-1b" },
    ],
    routeTables: [
      {
        id: "rtb-main",
        vpcId: "vpc-lab",
        main: true,
        subnetIds: [],
        routes: [{ destination: { cidr: "10.0.0.0/16" }, target: { kind: "local" }, state: "active" }],
      },
      {
        id: "rtb-public",
        vpcId: "vpc-lab",
        main: false,
        subnetIds: ["subnet-public-a", "subnet-public-b"],
        routes: [
          { destination: { cidr: "10.0.0.0/16" }, target: { kind: "local" }, state: "active" },
          {
            destination: { cidr: "0.0.0.0/0" },
            target: { kind: "internet-gateway", id: "igw-lab" },
            state: "active",
          },
        ],
      },
    ],
    internetGateways: [{ id: "igw-lab", attachedVpcIds: ["vpc-lab"] }],
    natGateways: [
      {
        id: "nat-a",
        vpcId: "vpc-lab",
        subnetId: "subnet-public-a",
        state: "available",
        connectivityType: "public",
        allocationId: "eipalloc-a",
        publicIp: NAT_EIP,
        privateIp: "10.0.0.50",
      },
    ],
    elasticIps: [{ allocationId: "eipalloc-a", publicIp: NAT_EIP }],
    securityGroups: [
      { id: "sg-app", vpcId: "vpc-lab", name: "app", egress: [{ protocol: "-1", cidrs: ["0.0.0.0/0"] }] },
      {
        id: "sg-default",
        vpcId: "vpc-lab",
        name: "default",
        egress: [{ protocol: "-1", cidrs: ["0.0.0.0/0"] }],
      },
    ],
    networkAcls: [
      {
        id: "acl-default",
        vpcId: "vpc-lab",
        isDefault: true,
        subnetIds: [],
        entries: [allowAll(true), allowAll(false)],
      },
    ],
    vpcEndpoints: [],
    prefixLists: [{ id: "pl-s3", name: "com.amazonaws.us-east-1.s3", cidrs: [S3_PREFIX, "3.5.0.0/19"] }],
  };
}

function allowAll(egress: boolean): NetworkAclEntry {
  return { ruleNumber: 100, egress, protocol: "-1", action: "allow", cidr: "0.0.0.0/0" };
}

/** The private subnets' main table sends 0.0.0.0/0 to nat-a: the working setup of notebook 02. */
export function routePrivateToNat(topology: Topology, natId = "nat-a"): Topology {
  const main = topology.routeTables.find((table) => table.id === "rtb-main");
  main?.routes.push({
    destination: { cidr: "0.0.0.0/0" },
    target: { kind: "nat-gateway", id: natId },
    state: "active",
  });
  return topology;
}

/** An App Runner connector ENI: private IP only. */
export function connectorEni(
  subnetId: string,
  privateIp = "10.0.10.25",
  securityGroupIds = ["sg-app"],
): SourceInterface {
  return {
    mode: "vpc",
    subnetId,
    securityGroupIds,
    hasPublicIp: false,
    privateIp,
    label: "App Runner VPC connector ENI",
    interfaceId: "eni-connector",
  };
}

/** tcp 443 to a public address (an example.com-like host). */
export function https(address = "93.184.215.14"): Destination {
  return { address, protocol: "tcp", port: 443 };
}

export function findTable(topology: Topology, id: string) {
  const table = topology.routeTables.find((candidate) => candidate.id === id);
  if (table === undefined) throw new Error(`fixture has no ${id}`);
  return table;
}

// Reads everything the egress model needs about the VPC(s) of some subnets, in a constant number of
// batched, read-only Describe calls however many subnets there are (pagination adds calls only for
// large accounts):
//   1. DescribeSubnets (the given IDs)                        -> the VPC IDs
//   2. in parallel, filtered by vpc-id: DescribeVpcs, DescribeVpcAttribute(enableDnsSupport) and
//      DescribeVpcAttribute(enableDnsHostnames) per VPC, DescribeSubnets, DescribeRouteTables,
//      DescribeNatGateways, DescribeInternetGateways (attachment.vpc-id), DescribeNetworkAcls,
//      DescribeSecurityGroups, DescribeVpcEndpoints, DescribeNetworkInterfaces, plus
//      DescribeAddresses and DescribePrefixLists (AWS-managed lists, e.g. S3's), and
//      DescribeEgressOnlyInternetGateways (IPv6: it has no vpc-id filter, only tag filters, so the
//      region's gateways are listed and those attached to the VPCs kept; one call, pages aside)
//   3. only when a route names an internet gateway not attached to the VPC (a detached one, so the
//      trace can say IGW_NOT_ATTACHED): DescribeInternetGateways by those IDs.
//   4. only when routes or security group rules name customer-managed prefix lists:
//      DescribeManagedPrefixLists, then GetManagedPrefixListEntries per list named
//      (load-managed-prefix-lists.ts): 1 + that number of lists.
//   5. only when a route names an instance or a network interface (a NAT instance): DescribeInstances
//      filtered by the IDs of those instances and of the instances of those interfaces, for their
//      state; the interfaces themselves (source/destination check, public IP) come from step 2.
// Per feature: interface endpoints (PrivateLink) cost 2 calls (DescribeNetworkInterfaces for the
// endpoints' interfaces and the groups on them, and enableDnsHostnames per VPC, which private DNS
// needs); security group rules that name groups use the same DescribeNetworkInterfaces. Regional NAT
// gateways cost 0 calls: DescribeNatGateways gives their mode, zones with addresses and RouteTableId,
// and their route table comes with DescribeRouteTables (tests/doctor/network-regional-nat.test.ts).
//   5. only when a route names a transit gateway or a VPC peering connection: load-transit-paths.ts
//      (centralized egress through one transit gateway with two route tables: 12 calls more).
// A VPC connector's subnets are all in one VPC, so loading makes 14 calls (15 with step 3, and
// 1 + L with step 4 for L named prefix lists).
// The loader accepts several VPCs anyway (two attribute calls more per VPC).

import {
  DescribeAddressesCommand,
  DescribeInternetGatewaysCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  type EC2Client,
  type Filter,
  paginateDescribeEgressOnlyInternetGateways,
  paginateDescribeInstances,
  paginateDescribeNetworkInterfaces,
  paginateDescribePrefixLists,
  paginateDescribeSecurityGroups,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
} from "@aws-sdk/client-ec2";
import type {
  ElasticIp,
  Instance,
  InternetGateway,
  NetworkInterface,
  Subnet,
  Topology,
} from "../egress/types.ts";
import {
  convertNetworkAcl,
  convertNetworkInterface,
  convertPrefixList,
  convertSecurityGroup,
  convertVpcEndpoint,
} from "./convert-filtering.ts";
import {
  convertAddress,
  convertEgressOnlyInternetGateway,
  convertInstance,
  convertInternetGateway,
  convertNatGateway,
  convertRouteTable,
  convertSubnet,
  convertVpc,
} from "./convert-routing.ts";
import { describeVpcRouting, listAll } from "./describe-vpc-routing.ts";
import { tagAwsAction } from "./errors.ts";
import { findNamedPrefixLists, loadManagedPrefixLists } from "./load-managed-prefix-lists.ts";
import { loadTransitPaths } from "./load-transit-paths.ts";

export interface LoadTopologyOptions {
  /** The subnets to diagnose; their VPCs are loaded whole. */
  subnetIds?: string[];
  /** VPCs to load whole, when no subnet is known yet (a lab that just built its stack). */
  vpcIds?: string[];
}

export interface LoadedTopology {
  topology: Topology;
  /** The requested subnets, in the order asked. */
  subnets: Subnet[];
  vpcIds: string[];
}

export async function loadTopology(ec2: EC2Client, options: LoadTopologyOptions): Promise<LoadedTopology> {
  const subnetIds = [...new Set(options.subnetIds ?? [])];
  const requested = subnetIds.length === 0 ? [] : await describeSubnetsById(ec2, subnetIds);
  const vpcIds = [...new Set([...(options.vpcIds ?? []), ...requested.map((subnet) => subnet.vpcId)])];
  if (vpcIds.length === 0) throw new Error("loadTopology needs at least one subnet ID or VPC ID.");

  const byVpc: Filter[] = [{ Name: "vpc-id", Values: vpcIds }];
  const client = { client: ec2 };
  const [
    vpcs,
    dnsSupport,
    dnsHostnames,
    routing,
    groups,
    endpoints,
    interfaces,
    addresses,
    lists,
    egressOnlyGateways,
  ] = await Promise.all([
    listAll("ec2:DescribeVpcs", paginateDescribeVpcs(client, { VpcIds: vpcIds }), (page) => page.Vpcs),
    Promise.all(vpcIds.map((vpcId) => loadVpcAttribute(ec2, vpcId, "enableDnsSupport"))),
    Promise.all(vpcIds.map((vpcId) => loadVpcAttribute(ec2, vpcId, "enableDnsHostnames"))),
    describeVpcRouting(ec2, vpcIds),
    listAll(
      "ec2:DescribeSecurityGroups",
      paginateDescribeSecurityGroups(client, { Filters: byVpc }),
      (page) => page.SecurityGroups,
    ),
    listAll(
      "ec2:DescribeVpcEndpoints",
      paginateDescribeVpcEndpoints(client, { Filters: byVpc }),
      (page) => page.VpcEndpoints,
    ),
    listAll(
      "ec2:DescribeNetworkInterfaces",
      paginateDescribeNetworkInterfaces(client, { Filters: byVpc }),
      (page) => page.NetworkInterfaces,
    ),
    // DescribeAddresses is not paginated; a region holds few Elastic IPs (default quota 5).
    tagAwsAction("ec2:DescribeAddresses", ec2.send(new DescribeAddressesCommand({}))).then(
      (output) => output.Addresses ?? [],
    ),
    // AWS-managed prefix lists (S3, DynamoDB): what gateway endpoint routes point at.
    listAll("ec2:DescribePrefixLists", paginateDescribePrefixLists(client, {}), (page) => page.PrefixLists),
    listAll(
      "ec2:DescribeEgressOnlyInternetGateways",
      paginateDescribeEgressOnlyInternetGateways(client, {}),
      (page) => page.EgressOnlyInternetGateways,
    ),
  ]);

  const dnsByVpc = new Map(
    vpcIds.map((vpcId, index) => [vpcId, { support: dnsSupport[index], hostnames: dnsHostnames[index] }]),
  );
  const allSubnets = routing.subnets.map(convertSubnet);
  const routeTableModels = routing.routeTables.map(convertRouteTable);
  const internetGateways = routing.internetGateways.map(convertInternetGateway);
  const networkInterfaces = interfaces
    .map(convertNetworkInterface)
    .filter((eni): eni is NetworkInterface => eni !== null);
  const [routedGateways, instances] = await Promise.all([
    loadRoutedGateways(ec2, routeTableModels, internetGateways),
    loadRoutedInstances(ec2, routeTableModels, networkInterfaces),
  ]);
  internetGateways.push(...routedGateways);
  const securityGroups = groups.map(convertSecurityGroup);
  const awsLists = lists.map(convertPrefixList);
  const managed = await loadManagedPrefixLists(
    ec2,
    findNamedPrefixLists(routeTableModels, securityGroups, awsLists),
  );

  const topology: Topology = {
    vpcs: vpcs.map((vpc) => {
      const dns = vpc.VpcId === undefined ? undefined : dnsByVpc.get(vpc.VpcId);
      return convertVpc(vpc, {
        ...(dns?.support === undefined ? {} : { dnsSupport: dns.support }),
        ...(dns?.hostnames === undefined ? {} : { dnsHostnames: dns.hostnames }),
      });
    }),
    subnets: mergeSubnets(allSubnets, requested),
    routeTables: routeTableModels,
    internetGateways,
    egressOnlyInternetGateways: egressOnlyGateways
      .map(convertEgressOnlyInternetGateway)
      .filter((eigw) => eigw.attachedVpcIds.some((vpcId) => vpcIds.includes(vpcId))),
    natGateways: routing.natGateways.map(convertNatGateway),
    elasticIps: addresses.map(convertAddress).filter((address): address is ElasticIp => address !== null),
    securityGroups,
    networkAcls: routing.networkAcls.map(convertNetworkAcl),
    vpcEndpoints: endpoints.map(convertVpcEndpoint),
    prefixLists: [...awsLists, ...managed.lists],
    ...(managed.unreadable.length === 0 ? {} : { unreadable: managed.unreadable }),
    networkInterfaces,
    ...(instances === null ? {} : { instances }),
  };
  await loadTransitPaths(ec2, topology);
  const ordered = subnetIds
    .map((id) => topology.subnets.find((subnet) => subnet.id === id))
    .filter((subnet): subnet is Subnet => subnet !== undefined);
  return { topology, subnets: ordered, vpcIds };
}

async function describeSubnetsById(ec2: EC2Client, subnetIds: string[]): Promise<Subnet[]> {
  const output = await tagAwsAction(
    "ec2:DescribeSubnets",
    ec2.send(new DescribeSubnetsCommand({ SubnetIds: subnetIds })),
  );
  return (output.Subnets ?? []).map(convertSubnet);
}

async function loadVpcAttribute(
  ec2: EC2Client,
  vpcId: string,
  attribute: "enableDnsSupport" | "enableDnsHostnames",
): Promise<boolean | undefined> {
  const output = await tagAwsAction(
    "ec2:DescribeVpcAttribute",
    ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute })),
  );
  return attribute === "enableDnsSupport" ? output.EnableDnsSupport?.Value : output.EnableDnsHostnames?.Value;
}

/**
 * Internet gateways that routes point at but the attachment filter did not return: detached ones.
 * A deleted gateway is not found; its routes are already blackholes, so it is simply left out.
 */
async function loadRoutedGateways(
  ec2: EC2Client,
  routeTables: Topology["routeTables"],
  known: InternetGateway[],
): Promise<InternetGateway[]> {
  const knownIds = new Set(known.map((igw) => igw.id));
  const missing = new Set<string>();
  for (const table of routeTables)
    for (const route of table.routes)
      if (route.target.kind === "internet-gateway" && !knownIds.has(route.target.id))
        missing.add(route.target.id);
  if (missing.size === 0) return [];
  try {
    const output = await tagAwsAction(
      "ec2:DescribeInternetGateways",
      ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [...missing] })),
    );
    return (output.InternetGateways ?? []).map(convertInternetGateway);
  } catch (error) {
    if (error instanceof Error && error.name === "InvalidInternetGatewayID.NotFound") return [];
    throw error;
  }
}

/** All subnets of the VPCs, plus any requested one the filtered listing missed (eventual consistency). */
function mergeSubnets(all: Subnet[], requested: Subnet[]): Subnet[] {
  const ids = new Set(all.map((subnet) => subnet.id));
  return [...all, ...requested.filter((subnet) => !ids.has(subnet.id))];
}

/**
 * The instances that routes send traffic to, directly or through their interfaces (NAT instances),
 * for their state: one DescribeInstances (paginated) filtered by instance ID. Null when no route
 * names an instance or an interface (nothing to read). Terminated instances stay listed for a while;
 * one that is gone is left out, and the trace says it no longer exists.
 */
async function loadRoutedInstances(
  ec2: EC2Client,
  routeTables: Topology["routeTables"],
  interfaces: NetworkInterface[],
): Promise<Instance[] | null> {
  const ids = new Set<string>();
  let routed = false;
  for (const table of routeTables)
    for (const { target } of table.routes) {
      if (target.kind === "instance") {
        routed = true;
        ids.add(target.id);
      }
      if (target.kind === "network-interface") {
        routed = true;
        const instanceId = interfaces.find((eni) => eni.id === target.id)?.instanceId;
        if (instanceId !== undefined) ids.add(instanceId);
      }
    }
  if (!routed) return null;
  if (ids.size === 0) return [];
  const reservations = await listAll(
    "ec2:DescribeInstances",
    paginateDescribeInstances({ client: ec2 }, { Filters: [{ Name: "instance-id", Values: [...ids] }] }),
    (page) => page.Reservations,
  );
  return reservations.flatMap((reservation) => (reservation.Instances ?? []).map(convertInstance));
}

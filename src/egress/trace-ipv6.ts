// IPv6 in the trace: who may send it, and the egress-only internet gateway.
// - App Runner documents its outgoing traffic as IPv4 only ("App Runner currently supports
//   dual-stack (IPv4 and IPv6) address type only for public incoming traffic. For outgoing traffic
//   ... only IPv4 is supported": App Runner Developer Guide, network.html), so a source marked
//   ipv4Only never reaches an IPv6 destination, whatever its subnets' IPv6 routes say.
// - An interface has an IPv6 address only in a subnet with an IPv6 block (a /64 of the VPC's
//   block: VPC User Guide, "Add IPv6 support for your VPC", vpc-migrate-ipv6.html).
// - An egress-only internet gateway carries IPv6 traffic out and the replies back, and nothing in
//   (VPC User Guide, egress-only-internet-gateway.html); IPv6 addresses are public, so unlike an
//   internet gateway for IPv4 no public address or NAT is involved.

import { describeAddress } from "./describe-destination.ts";
import { describeRouteTable } from "./find-resources.ts";
import type { Fix } from "./suggest-fix.ts";
import { reachable, unreachable } from "./trace-results.ts";
import type {
  Destination,
  EgressOnlyInternetGateway,
  Hop,
  Route,
  RouteTable,
  SourceInterface,
  Subnet,
  Topology,
  TraceResult,
  Vpc,
} from "./types.ts";

type VpcSource = Extract<SourceInterface, { mode: "vpc" }>;

/** Why this source cannot send to an IPv6 destination at all, or null when it can try. */
export function checkIpv6Source(
  hops: Hop[],
  source: VpcSource,
  subnet: Subnet,
  vpc: Vpc,
  destination: Destination,
): TraceResult | null {
  const target = describeAddress(destination);
  if (source.ipv4Only === true) return ipv4OnlySource(hops, source.label ?? "The workload", target);
  if ((subnet.ipv6CidrBlocks ?? []).length > 0) return null;
  const vpcBlock = vpc.ipv6CidrBlocks?.[0];
  const fix =
    vpcBlock === undefined
      ? `Associate an Amazon-provided IPv6 block with ${vpc.id} (AssociateVpcCidrBlock with AmazonProvidedIpv6CidrBlock), then a /64 of it with ${subnet.id} (AssociateSubnetCidrBlock), and give the interface an IPv6 address (AssignIpv6Addresses, or AssignIpv6AddressOnCreation for new interfaces); or reach ${destination.address} over IPv4.`
      : `Associate a /64 of ${vpcBlock} (the IPv6 block of ${vpc.id}) with ${subnet.id} (AssociateSubnetCidrBlock), and give the interface an IPv6 address (AssignIpv6Addresses, or AssignIpv6AddressOnCreation for new interfaces); or reach ${destination.address} over IPv4.`;
  return unreachable(
    hops,
    "SUBNET_NO_IPV6",
    `${target} is an IPv6 address, but ${subnet.id} has no IPv6 block, so ${source.label ?? "the interface"} has no IPv6 address to send from.`,
    fix,
  );
}

/** The answer for an IPv6 destination from a workload that sends IPv4 only (App Runner). */
export function ipv4OnlySource(hops: Hop[], label: string, target: string): TraceResult {
  return unreachable(
    hops,
    "SOURCE_IPV4_ONLY",
    `${target} is an IPv6 address, and ${label} sends outgoing traffic over IPv4 only: AWS documents App Runner's outgoing traffic as IPv4 only, dual-stack subnets or not.`,
    `Reach the destination over IPv4 (its A record or an IPv4 address), or through an IPv4 endpoint you run in front of it (a dual-stack load balancer or proxy in your VPC).`,
  );
}

/** Passes an egress-only internet gateway: reachable when it belongs to the VPC. */
export function enterEgressOnlyGateway(
  topology: Topology,
  hops: Hop[],
  eigw: EgressOnlyInternetGateway,
  vpc: Vpc,
  source: VpcSource,
  destination: Destination,
): TraceResult {
  const attached = eigw.attachedVpcIds.includes(vpc.id);
  hops.push({
    kind: "egress-only-internet-gateway",
    id: eigw.id,
    detail: `${eigw.id}: egress-only, ${attached ? `attached to ${vpc.id}` : "not attached to this VPC"}`,
  });
  if (!attached) {
    const own = findEgressOnlyGateway(topology, vpc.id);
    return unreachable(
      hops,
      "IGW_NOT_ATTACHED",
      `${eigw.id} is not attached to ${vpc.id}, so IPv6 traffic sent to it goes nowhere.`,
      own === null
        ? `Create an egress-only internet gateway for ${vpc.id} and route ::/0 to it.`
        : `Route ::/0 to ${own.id}, the egress-only internet gateway of ${vpc.id}.`,
    );
  }
  const sourceAddress = source.ipv6Address ?? null;
  hops.push({
    kind: "internet",
    detail: `${describeAddress(destination)} on the internet, seen from ${sourceAddress ?? "the interface's IPv6 address"}`,
  });
  return reachable(hops, sourceAddress);
}

export function findEgressOnlyGateway(topology: Topology, vpcId: string): EgressOnlyInternetGateway | null {
  return (
    (topology.egressOnlyInternetGateways ?? []).find((eigw) => eigw.attachedVpcIds.includes(vpcId)) ?? null
  );
}

/**
 * How to give `table` an IPv6 default route: ::/0 to the VPC's egress-only internet gateway, in
 * place of `matched` (a broken ::/0 route) when there is one. Adding or mending an IPv6 route makes
 * no subnet that shares the table worse: none of them had a working way for IPv6 through it. Without
 * an egress-only internet gateway the fix is advice only (the change has no edit that creates one).
 */
export function suggestIpv6Route(
  topology: Topology,
  subnet: Subnet,
  table: RouteTable,
  matched: Route | null = null,
): Fix {
  const eigw = findEgressOnlyGateway(topology, subnet.vpcId);
  if (eigw === null)
    return {
      text: `Create an egress-only internet gateway for ${subnet.vpcId} (CreateEgressOnlyInternetGateway) and add a route ::/0 -> it to ${describeRouteTable(table, subnet)}.`,
    };
  const route = {
    destination: { cidr: "::/0" },
    target: { kind: "egress-only-internet-gateway" as const, id: eigw.id },
  };
  const replace = matched !== null && "cidr" in matched.destination && matched.destination.cidr === "::/0";
  return {
    text: replace
      ? `Replace the route ::/0 in ${describeRouteTable(table, subnet)} with ::/0 -> ${eigw.id}.`
      : `Add a route ::/0 -> ${eigw.id} to ${describeRouteTable(table, subnet)}.`,
    change: {
      edits: [{ kind: replace ? "replace-route" : "create-route", routeTableId: table.id, route }],
    },
  };
}

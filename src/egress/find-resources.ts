// Lookups over a topology that follow AWS's defaults: a subnet without an explicit route table
// association uses the VPC's main table, one without an explicit network ACL association uses the
// VPC's default ACL, and an interface created without security groups gets the VPC's "default"
// group. Sources: VPC User Guide, route-tables.html ("Main route table"), vpc-network-acls.html
// ("Default network ACL"), default-security-group.html.

import { evaluateNetworkAcl } from "./evaluate-network-acl.ts";
import { selectRoute } from "./select-route.ts";
import type {
  InternetGateway,
  NatGateway,
  NatGatewayZone,
  NetworkAcl,
  NetworkInterface,
  RouteTable,
  Subnet,
  Topology,
} from "./types.ts";

export function findRouteTable(topology: Topology, subnet: Subnet): RouteTable | null {
  const explicit = topology.routeTables.find(
    (table) => table.vpcId === subnet.vpcId && table.subnetIds.includes(subnet.id),
  );
  return explicit ?? topology.routeTables.find((table) => table.vpcId === subnet.vpcId && table.main) ?? null;
}

export function findNetworkAcl(topology: Topology, subnet: Subnet): NetworkAcl | null {
  const explicit = topology.networkAcls.find(
    (acl) => acl.vpcId === subnet.vpcId && acl.subnetIds.includes(subnet.id),
  );
  return explicit ?? topology.networkAcls.find((acl) => acl.vpcId === subnet.vpcId && acl.isDefault) ?? null;
}

export function findAttachedInternetGateway(topology: Topology, vpcId: string): InternetGateway | null {
  return topology.internetGateways.find((igw) => igw.attachedVpcIds.includes(vpcId)) ?? null;
}

/** "rtb-0abc (the route table of subnet-0def)" or "rtb-0abc (the VPC's main route table, used by ...)". */
export function describeRouteTable(table: RouteTable, subnet: Subnet): string {
  return table.subnetIds.includes(subnet.id)
    ? `${table.id} (the route table of ${subnet.id})`
    : `${table.id} (the VPC's main route table, used by ${subnet.id})`;
}

/** The internet gateway a subnet's default route reaches, if that gateway is attached: a public subnet. */
export function findDefaultRouteGateway(topology: Topology, subnet: Subnet): InternetGateway | null {
  const vpc = topology.vpcs.find((candidate) => candidate.id === subnet.vpcId);
  const table = findRouteTable(topology, subnet);
  if (vpc === undefined || table === null) return null;
  const match = selectRoute(table, vpc, topology.prefixLists, "0.0.0.0/0");
  if (match === null || match.route.state !== "active" || match.route.target.kind !== "internet-gateway")
    return null;
  const { id } = match.route.target;
  const igw = topology.internetGateways.find((candidate) => candidate.id === id);
  return igw?.attachedVpcIds.includes(subnet.vpcId) ? igw : null;
}

/** Public subnets of a VPC (default route to an attached internet gateway), preferring an AZ. */
export function findPublicSubnets(topology: Topology, vpcId: string, preferredAz?: string): Subnet[] {
  // A subnet whose table also holds a blackhole route is no place to suggest for a NAT: traffic the
  // blackhole matches (a deleted endpoint's prefix list, say) would die there after the NAT.
  // Subnets whose network ACL passes everything come first (a NAT there is not stopped by it), then
  // those in the preferred AZ.
  const rank = (subnet: Subnet): number =>
    2 * Number(networkAclPassesAll(topology, subnet)) + Number(subnet.availabilityZone === preferredAz);
  return topology.subnets
    .filter(
      (subnet) =>
        subnet.vpcId === vpcId &&
        findDefaultRouteGateway(topology, subnet) !== null &&
        !(findRouteTable(topology, subnet)?.routes.some((route) => route.state === "blackhole") ?? false),
    )
    .sort((a, b) => rank(b) - rank(a));
}

/**
 * True when the subnet's network ACL lets every IPv4 TCP and UDP packet in and out, so a NAT gateway
 * placed there is not stopped by it whatever the destination. A fix that creates a NAT applies only
 * in such a subnet; elsewhere it stays advice (the ACL would need changing too).
 */
export function networkAclPassesAll(topology: Topology, subnet: Subnet): boolean {
  const acl = findNetworkAcl(topology, subnet);
  if (acl === null) return false;
  return [true, false].every((egress) =>
    (["tcp", "udp"] as const).every(
      (protocol) =>
        evaluateNetworkAcl(acl, { egress, protocol, peer: "0.0.0.0/0", ports: { from: 0, to: 65535 } })
          .allowed,
    ),
  );
}

/**
 * A NAT gateway that can carry traffic to the internet today: available, public, in a public
 * subnet; or a regional NAT gateway (no subnet) that serves the AZ, with an attached internet
 * gateway its route table (when loaded) sends 0.0.0.0/0 to. Prefers one in the given AZ (same-AZ NAT
 * avoids cross-AZ charges and AZ coupling); a regional one serving the AZ counts as in it.
 */
export function findWorkingNat(topology: Topology, vpcId: string, preferredAz?: string): NatGateway | null {
  const candidates = topology.natGateways.filter((nat) => {
    if (nat.vpcId !== vpcId || nat.state !== "available" || nat.connectivityType !== "public") return false;
    if (nat.availabilityMode === "regional") return regionalNatWorks(topology, nat, preferredAz);
    const subnet = topology.subnets.find((candidate) => candidate.id === nat.subnetId);
    return subnet !== undefined && findDefaultRouteGateway(topology, subnet) !== null;
  });
  const sameAz = candidates.find(
    (nat) =>
      nat.availabilityMode === "regional" ||
      topology.subnets.find((subnet) => subnet.id === nat.subnetId)?.availabilityZone === preferredAz,
  );
  return sameAz ?? candidates[0] ?? null;
}

/** A regional NAT gateway's zone that one of its addresses serves now (status "succeeded", or not reported). */
export function servedZone(nat: NatGateway, availabilityZone: string): NatGatewayZone | null {
  const zone = (nat.zones ?? []).find((candidate) => candidate.availabilityZone === availabilityZone);
  if (zone === undefined) return null;
  return zone.addresses.some((address) => address.status === undefined || address.status === "succeeded")
    ? zone
    : null;
}

function regionalNatWorks(
  topology: Topology,
  nat: NatGateway,
  availabilityZone: string | undefined,
): boolean {
  const serves =
    availabilityZone === undefined
      ? (nat.zones ?? []).some((zone) => servedZone(nat, zone.availabilityZone) !== null)
      : servedZone(nat, availabilityZone) !== null;
  const igw = findAttachedInternetGateway(topology, nat.vpcId);
  if (!serves || igw === null) return false;
  if (nat.routeTableId === undefined) return true;
  const table = topology.routeTables.find((candidate) => candidate.id === nat.routeTableId);
  const vpc = topology.vpcs.find((candidate) => candidate.id === nat.vpcId);
  if (table === undefined || vpc === undefined) return false;
  const match = selectRoute(table, vpc, topology.prefixLists, "0.0.0.0/0");
  return (
    match !== null &&
    match.route.state === "active" &&
    match.route.target.kind === "internet-gateway" &&
    match.route.target.id === igw.id
  );
}

/** The Elastic IP address of a public NAT gateway, from the gateway or its allocation. */
export function findNatPublicIp(topology: Topology, nat: NatGateway): string | null {
  if (nat.publicIp !== undefined) return nat.publicIp;
  const eip = topology.elasticIps.find((candidate) => candidate.allocationId === nat.allocationId);
  return nat.allocationId !== undefined && eip !== undefined ? eip.publicIp : null;
}

/** The subnets that use a route table: its explicit associations, and for the main table every subnet without one. */
export function findSubnetsUsingTable(topology: Topology, table: RouteTable): Subnet[] {
  return topology.subnets.filter((subnet) => findRouteTable(topology, subnet)?.id === table.id);
}

/**
 * The NATs that live in a subnet and count on its routes: NAT gateways (not failed or deleted), and
 * instances whose interface in the subnet a route sends traffic to (NAT instances).
 */
export function findNatsInSubnet(topology: Topology, subnetId: string): { id: string }[] {
  const gateways = topology.natGateways.filter(
    (nat) => nat.subnetId === subnetId && (nat.state === "available" || nat.state === "pending"),
  );
  const routed = new Set<string>();
  for (const table of topology.routeTables)
    for (const { target } of table.routes) {
      if (target.kind === "network-interface") routed.add(target.id);
      if (target.kind === "instance") routed.add(target.id).add(target.networkInterfaceId ?? target.id);
    }
  const instances = (topology.networkInterfaces ?? [])
    .filter((eni) => eni.subnetId === subnetId)
    .filter((eni) => routed.has(eni.id) || (eni.instanceId !== undefined && routed.has(eni.instanceId)))
    .map((eni) => ({ id: eni.instanceId ?? eni.id }));
  return [...gateways, ...instances];
}

/** The network interface of a VPC that holds an address (what group-naming rules match), if loaded. */
export function findInterfaceByAddress(
  topology: Topology,
  vpcId: string,
  address: string,
): NetworkInterface | null {
  return (
    (topology.networkInterfaces ?? []).find(
      (candidate) => candidate.vpcId === vpcId && candidate.privateIp === address,
    ) ?? null
  );
}

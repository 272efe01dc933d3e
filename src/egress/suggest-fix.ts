// Concrete fixes, naming the resources to change. The shape follows AWS's guidance for private
// subnets: 0.0.0.0/0 -> a NAT gateway that sits in a public subnet (whose own route table sends
// 0.0.0.0/0 to an attached internet gateway). Source: VPC User Guide, nat-gateway-scenarios.html;
// App Runner Developer Guide, network-vpc.html.

import {
  describeRouteTable,
  findAttachedInternetGateway,
  findPublicSubnets,
  findRouteTable,
  findWorkingNat,
} from "./find-resources.ts";
import type { RouteTable, Subnet, Topology } from "./types.ts";

/** How to give `subnet` (whose route table is `table`) a default route through a working NAT gateway. */
export function suggestNatRoute(topology: Topology, subnet: Subnet, table: RouteTable): string {
  const nat = findWorkingNat(topology, subnet.vpcId, subnet.availabilityZone);
  if (nat !== null) {
    const natSubnet = topology.subnets.find((candidate) => candidate.id === nat.subnetId);
    const natTable = natSubnet === undefined ? null : findRouteTable(topology, natSubnet);
    if (natTable?.id === table.id) {
      return (
        `Associate ${subnet.id} with its own route table that sends 0.0.0.0/0 -> ${nat.id}; ` +
        `${table.id} must keep its internet gateway route because ${nat.id}'s subnet ${nat.subnetId} uses it.`
      );
    }
    return `Add a route 0.0.0.0/0 -> ${nat.id} to ${describeRouteTable(table, subnet)}.`;
  }
  // The NAT must not sit in the subnet that is being routed to it, nor share its route table:
  // the NAT's own subnet has to keep 0.0.0.0/0 -> internet gateway.
  const publicSubnet = findPublicSubnets(topology, subnet.vpcId, subnet.availabilityZone).find(
    (candidate) => candidate.id !== subnet.id,
  );
  const creation = suggestNatCreation(topology, subnet.vpcId, subnet.availabilityZone, subnet.id);
  const publicTable = publicSubnet === undefined ? null : findRouteTable(topology, publicSubnet);
  if (publicSubnet === undefined || publicTable?.id === table.id) {
    const keep =
      publicSubnet === undefined
        ? ""
        : ` (${table.id} keeps its internet gateway route for ${publicSubnet.id})`;
    return `${creation}, then associate ${subnet.id} with its own route table that sends 0.0.0.0/0 -> that NAT gateway${keep}.`;
  }
  return `${creation}, then add 0.0.0.0/0 -> that NAT gateway to ${describeRouteTable(table, subnet)}.`;
}

/**
 * "Create a NAT gateway in a public subnet (...)", naming a public subnet when the VPC has one
 * (never `excludeSubnetId`, the subnet that needs the NAT).
 */
export function suggestNatCreation(
  topology: Topology,
  vpcId: string,
  preferredAz?: string,
  excludeSubnetId?: string,
): string {
  const publicSubnet = findPublicSubnets(topology, vpcId, preferredAz).find(
    (candidate) => candidate.id !== excludeSubnetId,
  );
  if (publicSubnet !== undefined) {
    return `Create a NAT gateway in a public subnet (one whose route table sends 0.0.0.0/0 to an attached internet gateway, such as ${publicSubnet.id})`;
  }
  const igw = findAttachedInternetGateway(topology, vpcId);
  const gateway = igw === null ? `an internet gateway attached to ${vpcId}` : `${igw.id}`;
  return `Create a public subnet in ${vpcId} (route table 0.0.0.0/0 -> ${gateway}) and a NAT gateway in it`;
}

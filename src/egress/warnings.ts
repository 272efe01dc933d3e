// Warnings about connector subnets that work today but are fragile or misleading. Stable codes.
// - SINGLE_AZ_NAT: subnets in several AZs whose internet routes go through NAT gateways in fewer AZs:
//   an outage of the NAT's AZ cuts egress for all of them, and cross-AZ traffic is charged. AWS
//   recommends a NAT gateway per AZ (VPC User Guide, nat-gateway-basics.html).
// - PUBLIC_SUBNET_CONNECTOR: App Runner's connector interfaces have no public IP, so a subnet whose
//   default route is an internet gateway gives them no way out (App Runner Developer Guide,
//   network-vpc.html). Not given for interfaces that have a public IP (a Fargate task with
//   assignPublicIp ENABLED): a public subnet is their way out.
// - DNS_SUPPORT_DISABLED: without enableDnsSupport the Amazon-provided resolver does not answer.
// - APPLIANCE_NOT_EVALUATED: raised by the trace itself (TraceResult.warnings), not here: the path
//   passes a Gateway Load Balancer endpoint (a firewall, e.g. AWS Network Firewall) whose rules the
//   doctor cannot see (follow-appliance-endpoint.ts).

import { findRouteTable } from "./find-resources.ts";
import { selectRoute } from "./select-route.ts";
import type { Subnet, Topology, TraceWarning } from "./types.ts";

export type WarningCode =
  | "SINGLE_AZ_NAT"
  | "PUBLIC_SUBNET_CONNECTOR"
  | "DNS_SUPPORT_DISABLED"
  | TraceWarning["code"];

export interface EgressWarning {
  code: WarningCode;
  message: string;
}

export interface FindWarningsOptions {
  /** How the subnets' users are named in messages. Default "the VPC connector". */
  subject?: string;
  /** The interfaces get a public IP (Fargate's assignPublicIp ENABLED): a public subnet is not a mistake. */
  interfacesHavePublicIp?: boolean;
  /** A sentence added to PUBLIC_SUBNET_CONNECTOR when the workload could take a public IP instead (Fargate). */
  publicIpAlternative?: string;
}

export function findWarnings(
  topology: Topology,
  subnetIds: string[],
  options: FindWarningsOptions = {},
): EgressWarning[] {
  const subject = options.subject ?? "the VPC connector";
  const subnets = subnetIds
    .map((id) => topology.subnets.find((subnet) => subnet.id === id))
    .filter((subnet): subnet is Subnet => subnet !== undefined);
  const warnings: EgressWarning[] = [];

  const natAzBySubnet = new Map<Subnet, string | null>();
  for (const subnet of subnets) {
    const target = defaultRouteTarget(topology, subnet);
    if (target?.kind === "internet-gateway" && options.interfacesHavePublicIp !== true) {
      warnings.push({
        code: "PUBLIC_SUBNET_CONNECTOR",
        message: `${subnet.id} is a public subnet (${target.tableId} sends 0.0.0.0/0 to ${target.id}); ${subject}'s interfaces have no public IP, so it gives them no way to the internet. Use private subnets that route 0.0.0.0/0 to a NAT gateway.${options.publicIpAlternative === undefined ? "" : ` ${options.publicIpAlternative}`}`,
      });
    }
    if (target?.kind === "nat-gateway") {
      const nat = topology.natGateways.find((candidate) => candidate.id === target.id);
      const natSubnet = topology.subnets.find((candidate) => candidate.id === nat?.subnetId);
      natAzBySubnet.set(subnet, natSubnet?.availabilityZone ?? null);
    }
  }

  const subnetAzs = new Set([...natAzBySubnet.keys()].map((subnet) => subnet.availabilityZone));
  const natAzs = new Set([...natAzBySubnet.values()].filter((az): az is string => az !== null));
  if (subnetAzs.size > 1 && natAzs.size > 0 && natAzs.size < subnetAzs.size) {
    const crossing = [...natAzBySubnet.entries()]
      .filter(([subnet, az]) => az !== null && az !== subnet.availabilityZone)
      .map(([subnet, az]) => `${subnet.id} (${subnet.availabilityZone}) -> NAT in ${az}`);
    warnings.push({
      code: "SINGLE_AZ_NAT",
      message: `${subject}'s subnets span ${subnetAzs.size} AZs (${[...subnetAzs].sort().join(", ")}) but reach the internet through NAT gateways in ${[...natAzs].sort().join(", ")} only: an outage there cuts egress for all of them, and cross-AZ traffic is charged (${crossing.join("; ")}). Add a NAT gateway in each AZ and route each subnet to the one in its AZ.`,
    });
  }

  const vpcIds = new Set(subnets.map((subnet) => subnet.vpcId));
  for (const vpc of topology.vpcs) {
    if (vpcIds.has(vpc.id) && vpc.dnsSupport === false) {
      warnings.push({
        code: "DNS_SUPPORT_DISABLED",
        message: `${vpc.id} has DNS resolution (enableDnsSupport) turned off: the Amazon-provided resolver does not answer, so host names may not resolve. Turn it on with ModifyVpcAttribute.`,
      });
    }
  }
  return warnings;
}

type DefaultTarget = { kind: "internet-gateway" | "nat-gateway"; id: string; tableId: string };

function defaultRouteTarget(topology: Topology, subnet: Subnet): DefaultTarget | null {
  const vpc = topology.vpcs.find((candidate) => candidate.id === subnet.vpcId);
  const table = findRouteTable(topology, subnet);
  if (vpc === undefined || table === null) return null;
  const match = selectRoute(table, vpc, topology.prefixLists, "0.0.0.0/0");
  const target = match?.route.target;
  if (target === undefined || (target.kind !== "internet-gateway" && target.kind !== "nat-gateway"))
    return null;
  return { kind: target.kind, id: target.id, tableId: table.id };
}

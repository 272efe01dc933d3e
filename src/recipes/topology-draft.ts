// A topology under construction, shared by the template readers: they add what the template
// declares, then finishTopology adds what AWS creates with every VPC and links the pieces.

import { createEmptyTopology } from "../egress/create-empty-topology.ts";
import type { IpProtocol, NatGateway, RouteTarget, SecurityGroupRule, Topology } from "../egress/index.ts";
import type { RecipeReading } from "./recipe-reading.ts";
import type { SyntheticIds } from "./synthetic-ids.ts";

export type TopologyDraft = RecipeReading;

export function createTopologyDraft(): TopologyDraft {
  return {
    topology: createEmptyTopology(),
    vpcConnectors: [],
    services: [],
    lambdaFunctions: [],
    ecsServices: [],
    ids: {},
  };
}

/**
 * What a route points at, told by the target ID's prefix as AWS does for a route's GatewayId
 * (igw- or vgw-). Targets the model does not follow are kept as "other".
 */
export function routeTargetFromId(id: string, type: string): RouteTarget {
  if (id.startsWith("igw-")) return { kind: "internet-gateway", id };
  if (id.startsWith("nat-")) return { kind: "nat-gateway", id };
  if (id.startsWith("vpce-")) return { kind: "gateway-endpoint", id };
  return { kind: "other", id, type };
}

/** "tcp", "6", "-1", "all" -> the model's protocol names. */
export function normalizeProtocol(value: unknown): IpProtocol {
  const text = String(value).toLowerCase();
  if (text === "-1" || text === "all") return "-1";
  if (text === "tcp" || text === "6") return "tcp";
  if (text === "udp" || text === "17") return "udp";
  if (text === "icmp" || text === "1") return "icmp";
  throw new Error(`Unsupported IP protocol ${JSON.stringify(value)} in a security group rule.`);
}

/** A security group rule; ports are dropped for "-1" (all traffic), as AWS does. */
export function buildRule(
  protocol: unknown,
  fromPort: unknown,
  toPort: unknown,
  peers: { cidrs?: string[]; groupIds?: string[]; prefixListIds?: string[] },
): SecurityGroupRule {
  const normalized = normalizeProtocol(protocol);
  const rule: SecurityGroupRule = { protocol: normalized, cidrs: peers.cidrs ?? [] };
  if (normalized !== "-1" && fromPort !== undefined) rule.fromPort = Number(fromPort);
  if (normalized !== "-1" && toPort !== undefined) rule.toPort = Number(toPort);
  if (peers.groupIds !== undefined && peers.groupIds.length > 0) rule.groupIds = peers.groupIds;
  if (peers.prefixListIds !== undefined && peers.prefixListIds.length > 0)
    rule.prefixListIds = peers.prefixListIds;
  return rule;
}

export const ALLOW_ALL_EGRESS: SecurityGroupRule = { protocol: "-1", cidrs: ["0.0.0.0/0"] };

export function findRouteTableOrThrow(topology: Topology, id: string, by: string) {
  const table = topology.routeTables.find((candidate) => candidate.id === id);
  if (table === undefined)
    throw new Error(`${by} refers to route table ${id}, which the recipe does not declare.`);
  return table;
}

export function findSecurityGroupOrThrow(topology: Topology, id: string, by: string) {
  const group = topology.securityGroups.find((candidate) => candidate.id === id);
  if (group === undefined)
    throw new Error(`${by} refers to security group ${id}, which the recipe does not declare.`);
  return group;
}

/** One zone of a regional NAT gateway in manual mode, as a template declares it (AvailabilityZoneAddresses). */
export interface TemplateNatZone {
  availabilityZone: string;
  allocationIds: string[];
}

/**
 * A regional NAT gateway (AvailabilityMode "regional": no subnet, the VPC's gateway for every zone it
 * serves). Manual mode (zones given with Elastic IPs) serves those zones only; automatic mode serves
 * the zones where the VPC has network interfaces, added by AWS after the first interface appears
 * (docs/FACTS.md, "Regional NAT gateway"). Before deployment the doctor judges the deployed steady
 * state, so finishTopology gives an automatic gateway every zone of the VPC's subnets. Its own route
 * table is created by AWS, not declared: left out, so the model assumes AWS's route to the internet
 * gateway. Zones named by AZ ID cannot be matched with the subnets' AZ names before deployment: refused.
 */
export function addRegionalNatGateway(
  topology: Topology,
  nat: { id: string; vpcId: string; zones: TemplateNatZone[] | undefined; by: string },
): void {
  if (!topology.vpcs.some((vpc) => vpc.id === nat.vpcId))
    throw new Error(`${nat.by} is a regional NAT gateway in ${nat.vpcId}, which is not declared.`);
  topology.natGateways.push({
    id: nat.id,
    vpcId: nat.vpcId,
    subnetId: "",
    state: "available",
    connectivityType: "public",
    availabilityMode: "regional",
    autoProvisionZones: nat.zones === undefined,
    zones: (nat.zones ?? []).map((zone) => ({
      availabilityZone: zone.availabilityZone,
      addresses: zone.allocationIds.map((allocationId) => ({ allocationId })),
    })),
  });
}

/** The zone of a regional NAT gateway's AvailabilityZoneAddresses entry; zone IDs are refused (see above). */
export function templateNatZoneName(
  zone: string | undefined,
  zoneId: string | undefined,
  by: string,
): string {
  if (zone !== undefined) return zone;
  throw new Error(
    zoneId === undefined
      ? `${by} gives neither an Availability Zone nor a zone ID.`
      : `${by} names zone ID ${zoneId}: before deployment the doctor cannot match zone IDs with the subnets' Availability Zones; name the zone (AvailabilityZone / availability_zone) instead, or run the doctor after deployment.`,
  );
}

/**
 * Adds what AWS creates with every VPC (a main route table with only the local route, a default
 * network ACL allowing all traffic, a "default" security group) and fills each NAT gateway's
 * Elastic IP address from its allocation. Source: VPC User Guide, route-tables.html,
 * default-network-acl.html, default-security-group.html.
 */
export function finishTopology(draft: TopologyDraft, ids: SyntheticIds): RecipeReading {
  const { topology } = draft;
  for (const vpc of topology.vpcs) {
    topology.routeTables.push({
      id: ids.nextId("rtb"),
      vpcId: vpc.id,
      main: true,
      subnetIds: [],
      routes: vpc.cidrBlocks.map((cidr) => ({
        destination: { cidr },
        target: { kind: "local" },
        state: "active",
      })),
    });
    topology.networkAcls.push({
      id: ids.nextId("acl"),
      vpcId: vpc.id,
      isDefault: true,
      subnetIds: [],
      entries: [
        { ruleNumber: 100, egress: true, protocol: "-1", action: "allow", cidr: "0.0.0.0/0" },
        { ruleNumber: 100, egress: false, protocol: "-1", action: "allow", cidr: "0.0.0.0/0" },
      ],
    });
    const defaultGroupId = ids.nextId("sg");
    topology.securityGroups.push({
      id: defaultGroupId,
      vpcId: vpc.id,
      name: "default",
      egress: [ALLOW_ALL_EGRESS],
      ingress: [{ protocol: "-1", cidrs: [], groupIds: [defaultGroupId] }],
    });
  }
  for (const nat of topology.natGateways) {
    if (nat.availabilityMode === "regional") {
      finishRegionalNat(topology, nat, ids);
      continue;
    }
    if (nat.connectivityType !== "public" || nat.allocationId === undefined) continue;
    const eip = topology.elasticIps.find((candidate) => candidate.allocationId === nat.allocationId);
    if (eip === undefined)
      throw new Error(`${nat.id} uses Elastic IP ${nat.allocationId}, which the recipe does not declare.`);
    nat.publicIp = eip.publicIp;
    eip.associationId = ids.nextId("eipassoc");
  }
  return draft;
}

function finishRegionalNat(topology: Topology, nat: NatGateway, ids: SyntheticIds): void {
  if (nat.autoProvisionZones === true) {
    const zones = [
      ...new Set(
        topology.subnets
          .filter((subnet) => subnet.vpcId === nat.vpcId)
          .map((subnet) => subnet.availabilityZone),
      ),
    ];
    // Amazon-provided addresses: their public IPs are not known before deployment.
    nat.zones = zones.map((availabilityZone) => ({ availabilityZone, addresses: [{ status: "succeeded" }] }));
    return;
  }
  for (const zone of nat.zones ?? []) {
    for (const address of zone.addresses) {
      const eip = topology.elasticIps.find((candidate) => candidate.allocationId === address.allocationId);
      if (eip === undefined)
        throw new Error(
          `${nat.id} uses Elastic IP ${address.allocationId} in ${zone.availabilityZone}, which the recipe does not declare.`,
        );
      address.publicIp = eip.publicIp;
      address.status = "succeeded";
      eip.associationId = ids.nextId("eipassoc");
    }
  }
}

// A topology under construction, shared by the template readers: they add what the template
// declares, then finishTopology adds what AWS creates with every VPC and links the pieces.

import { createEmptyTopology } from "../egress/create-empty-topology.ts";
import type { IpProtocol, RouteTarget, SecurityGroupRule, Topology } from "../egress/index.ts";
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
    if (nat.connectivityType !== "public" || nat.allocationId === undefined) continue;
    const eip = topology.elasticIps.find((candidate) => candidate.allocationId === nat.allocationId);
    if (eip === undefined)
      throw new Error(`${nat.id} uses Elastic IP ${nat.allocationId}, which the recipe does not declare.`);
    nat.publicIp = eip.publicIp;
    eip.associationId = ids.nextId("eipassoc");
  }
  return draft;
}

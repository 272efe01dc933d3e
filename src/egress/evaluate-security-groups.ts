// Security groups are stateful: if an outbound rule lets the connection out, the replies come back
// whatever the inbound rules say. An interface with several groups gets the union of their rules.
// A rule that names a security group (UserIdGroupPairs) matches the interfaces that carry that
// group, by their private addresses, and nothing on the internet.
// Source: VPC User Guide, "Security group rules" (security-group-rules.html).

import { cidrContains } from "./ip.ts";
import type { Cidr, Destination, PrefixList, SecurityGroup, SecurityGroupRule } from "./types.ts";

export interface AllowingRule {
  group: SecurityGroup;
  rule: SecurityGroupRule;
  /** The CIDR, prefix list ID or security group ID that matched the peer. */
  matched: string;
}

/** The other end of a connection, as security group rules see it. */
export interface Peer {
  /** The peer's address, or a block that holds it when the exact address is unknown (a subnet). */
  address: Cidr;
  /** The groups on the peer's interface, when it is an interface in the VPC. */
  groupIds: string[];
}

/**
 * The first outbound rule, over all the groups, that allows the connection; null when none does.
 * peerGroupIds: the groups of the interface that owns the destination address, if any.
 */
export function findAllowingEgressRule(
  groups: SecurityGroup[],
  prefixLists: PrefixList[],
  destination: Destination,
  peerGroupIds: string[] = [],
): AllowingRule | null {
  return findAllowingRule(groups, "egress", prefixLists, destination, {
    address: destination.address,
    groupIds: peerGroupIds,
  });
}

/** The first inbound rule, over all the groups, that lets the peer connect on the destination's port. */
export function findAllowingIngressRule(
  groups: SecurityGroup[],
  prefixLists: PrefixList[],
  destination: Pick<Destination, "protocol" | "port">,
  source: Peer,
): AllowingRule | null {
  return findAllowingRule(groups, "ingress", prefixLists, destination, source);
}

function findAllowingRule(
  groups: SecurityGroup[],
  direction: "egress" | "ingress",
  prefixLists: PrefixList[],
  destination: Pick<Destination, "protocol" | "port">,
  peer: Peer,
): AllowingRule | null {
  for (const group of groups) {
    for (const rule of group[direction] ?? []) {
      if (!ruleCoversPort(rule, destination)) continue;
      const matched = matchRuleTarget(rule, prefixLists, peer);
      if (matched !== null) return { group, rule, matched };
    }
  }
  return null;
}

/** "tcp 443-443", "all traffic": how a hop names a rule. */
export function describeRulePorts(rule: SecurityGroupRule): string {
  return rule.protocol === "-1"
    ? "all traffic"
    : `${rule.protocol} ${rule.fromPort ?? 0}-${rule.toPort ?? 65535}`;
}

function ruleCoversPort(
  rule: SecurityGroupRule,
  destination: Pick<Destination, "protocol" | "port">,
): boolean {
  if (rule.protocol === "-1") return true;
  if (rule.protocol !== destination.protocol) return false;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  return from <= destination.port && destination.port <= to;
}

function matchRuleTarget(rule: SecurityGroupRule, prefixLists: PrefixList[], peer: Peer): string | null {
  const cidr = rule.cidrs.find((block) => cidrContains(block, peer.address));
  if (cidr !== undefined) return cidr;
  for (const id of rule.prefixListIds ?? []) {
    const list = prefixLists.find((candidate) => candidate.id === id);
    if (list?.cidrs.some((block) => cidrContains(block, peer.address))) return id;
  }
  const group = (rule.groupIds ?? []).find((id) => peer.groupIds.includes(id));
  return group ?? null;
}

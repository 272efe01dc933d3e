// Security groups are stateful: if an outbound rule lets the connection out, the replies come back
// whatever the inbound rules say. An interface with several groups gets the union of their rules.
// Source: VPC User Guide, "Security group rules" (security-group-rules.html).

import { cidrContains } from "./ip.ts";
import type { Destination, PrefixList, SecurityGroup, SecurityGroupRule } from "./types.ts";

export interface AllowingRule {
  group: SecurityGroup;
  rule: SecurityGroupRule;
  /** The CIDR or prefix list ID that matched the destination. */
  matched: string;
}

/** The first outbound rule, over all the groups, that allows the connection; null when none does. */
export function findAllowingEgressRule(
  groups: SecurityGroup[],
  prefixLists: PrefixList[],
  destination: Destination,
): AllowingRule | null {
  for (const group of groups) {
    for (const rule of group.egress) {
      if (!ruleCoversPort(rule, destination)) continue;
      const matched = matchRuleTarget(rule, prefixLists, destination.address);
      if (matched !== null) return { group, rule, matched };
    }
  }
  return null;
}

function ruleCoversPort(rule: SecurityGroupRule, destination: Destination): boolean {
  if (rule.protocol === "-1") return true;
  if (rule.protocol !== destination.protocol) return false;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  return from <= destination.port && destination.port <= to;
}

// Rules that reference other groups match only interfaces in those groups, never an internet
// address; the model cannot see which interface owns a private destination, so they never match.
function matchRuleTarget(rule: SecurityGroupRule, prefixLists: PrefixList[], address: string): string | null {
  const cidr = rule.cidrs.find((block) => cidrContains(block, address));
  if (cidr !== undefined) return cidr;
  for (const id of rule.prefixListIds ?? []) {
    const list = prefixLists.find((candidate) => candidate.id === id);
    if (list?.cidrs.some((block) => cidrContains(block, address))) return id;
  }
  return null;
}

// One security group rule per source (CIDR, prefix list or group), as AWS stores them (each has an
// sgr- ID); DescribeSecurityGroups folds rules with the same protocol and ports into one
// IpPermission, as AWS does.

import type { Emulator } from "../emulator.ts";
import type { SecurityGroupRuleRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";

export function newSecurityGroupRule(
  emulator: Emulator,
  rule: Omit<SecurityGroupRuleRecord, "securityGroupRuleId" | "fromPort" | "toPort"> & {
    fromPort?: number;
    toPort?: number;
  },
): SecurityGroupRuleRecord {
  return {
    securityGroupRuleId: emulator.newId("securityGroupRule"),
    fromPort: rule.fromPort ?? -1,
    toPort: rule.toPort ?? -1,
    ...rule,
  } as SecurityGroupRuleRecord;
}

/** Two rules are the same permission when protocol, ports and source match (description aside). */
export function sameRule(a: SecurityGroupRuleRecord, b: SecurityGroupRuleRecord): boolean {
  return (
    a.isEgress === b.isEgress &&
    a.ipProtocol === b.ipProtocol &&
    (a.ipProtocol === "-1" || (a.fromPort === b.fromPort && a.toPort === b.toPort)) &&
    a.cidrIpv4 === b.cidrIpv4 &&
    a.cidrIpv6 === b.cidrIpv6 &&
    a.prefixListId === b.prefixListId &&
    a.referencedGroupId === b.referencedGroupId
  );
}

/** A rule as AuthorizeSecurityGroup* and DescribeSecurityGroupRules return it (SecurityGroupRule shape). */
export function securityGroupRuleXml(
  state: Ec2State,
  groupId: string,
  rule: SecurityGroupRuleRecord,
): Record<string, unknown> {
  return {
    securityGroupRuleId: rule.securityGroupRuleId,
    groupId,
    groupOwnerId: state.ownerId,
    isEgress: rule.isEgress,
    ipProtocol: rule.ipProtocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    cidrIpv4: rule.cidrIpv4,
    cidrIpv6: rule.cidrIpv6,
    prefixListId: rule.prefixListId,
    referencedGroupInfo:
      rule.referencedGroupId === undefined
        ? undefined
        : { groupId: rule.referencedGroupId, userId: state.ownerId },
    description: rule.description,
  };
}

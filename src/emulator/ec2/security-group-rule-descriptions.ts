// DescribeSecurityGroupRules: every rule of every group, one item per rule (sgr- ID), with the
// filters botocore's EC2 model documents (group-id, security-group-rule-id, tag:<key>) and
// MaxResults 5-1000. Rules are listed by SecurityGroupRuleId.N; an unknown one gives
// InvalidSecurityGroupRuleId.NotFound.

import { honours } from "../models/honours.ts";
import { describeRecords } from "./describe.ts";
import type { Ec2Handler } from "./handler.ts";
import { checkIdFormat } from "./lookups.ts";
import type { SecurityGroupRuleRecord } from "./records.ts";
import { securityGroupRuleXml } from "./security-group-rules.ts";
import { tagSetOf } from "./tagging.ts";

interface RuleOfGroup {
  groupId: string;
  rule: SecurityGroupRuleRecord;
}

const describeSecurityGroupRules: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  // AWS checks group-id filter values as IDs: a malformed one is InvalidGroupId.Malformed, not [].
  for (const filter of params.objects("Filter")) {
    if (filter.string("Name") === "group-id") {
      for (const value of filter.strings("Value")) checkIdFormat("securityGroup", value);
    }
  }
  const rules = new Map<string, RuleOfGroup>();
  for (const group of state.securityGroups.values()) {
    for (const rule of group.rules) rules.set(rule.securityGroupRuleId, { groupId: group.groupId, rule });
  }
  const page = describeRecords(ctx, params, {
    action: "DescribeSecurityGroupRules",
    kind: "securityGroupRule",
    idParam: "SecurityGroupRuleId",
    records: rules,
    limits: { min: 5, max: 1000 },
    filters: {
      "group-id": ({ groupId }) => groupId,
      "security-group-rule-id": ({ rule }) => rule.securityGroupRuleId,
    },
  });
  return {
    securityGroupRuleSet: page.items.map(({ groupId, rule }) => ({
      ...securityGroupRuleXml(state, groupId, rule),
      ...tagSetOf(state, rule.securityGroupRuleId),
    })),
    nextToken: page.nextToken,
  };
};

export const securityGroupRuleDescriptionActions: Record<string, Ec2Handler> = {
  DescribeSecurityGroupRules: honours(
    describeSecurityGroupRules,
    "SecurityGroupRuleId",
    "Filter",
    "MaxResults",
    "NextToken",
  ),
};

// AuthorizeSecurityGroupIngress/Egress and RevokeSecurityGroupIngress/Egress: IpPermissions.N
// with IpRanges, Ipv6Ranges, PrefixListIds and Groups (UserIdGroupPairs), or the flat legacy
// parameters (IpProtocol, FromPort, ToPort, CidrIp). Each source becomes one rule (sgr-...).
// ModifySecurityGroupRules rewrites rules in place by ID (Terraform's aws_vpc_security_group_*_rule
// updates a changed source or port this way).

import type { QueryParams } from "../codecs/query-params.ts";
import type { RequestContext } from "../context.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./actions.ts";
import { checkIdFormat, findOrThrow, getSecurityGroup } from "./lookups.ts";
import type { SecurityGroupRecord, SecurityGroupRuleRecord } from "./records.ts";
import { newSecurityGroupRule, sameRule, securityGroupRuleXml } from "./security-group-rules.ts";
import { findGroupByName } from "./security-groups.ts";
import { dropTags, readTagSpecifications, setTags, tagSetOf } from "./tagging.ts";

type RuleDraft = Omit<SecurityGroupRuleRecord, "securityGroupRuleId">;

const PROTOCOL_NAMES: Record<string, string> = { "6": "tcp", "17": "udp", "1": "icmp", all: "-1" };

function normaliseProtocol(value: string | undefined): string {
  if (value === undefined || value === "")
    throw new AwsError("MissingParameter", "The request must contain the parameter ipProtocol");
  const lower = value.toLowerCase();
  const name = PROTOCOL_NAMES[lower] ?? lower;
  if (!["tcp", "udp", "icmp", "icmpv6", "-1"].includes(name) && !/^\d{1,3}$/.test(name)) {
    throw new AwsError(
      "InvalidParameterValue",
      `Invalid value '${value}' for IP protocol. Unknown protocol.`,
    );
  }
  return name;
}

function readPorts(
  protocol: string,
  from: number | undefined,
  to: number | undefined,
): { fromPort: number; toPort: number } {
  if (protocol === "-1") return { fromPort: -1, toPort: -1 };
  if (protocol === "tcp" || protocol === "udp") {
    if (from === undefined || to === undefined) {
      throw new AwsError(
        "InvalidParameterValue",
        `Invalid value for portRange. Must specify both from and to ports with TCP/UDP.`,
      );
    }
    if (from < 0 || to > 65535 || from > to) {
      throw new AwsError(
        "InvalidParameterValue",
        `Invalid value for portRange. From port ${from} must be <= to port ${to} and both within 0-65535.`,
      );
    }
  }
  return { fromPort: from ?? -1, toPort: to ?? -1 };
}

function readDrafts(
  ctx: RequestContext,
  params: QueryParams,
  isEgress: boolean,
  group: SecurityGroupRecord,
): RuleDraft[] {
  const state = ctx.backend.ec2;
  const permissions = params.objects("IpPermissions");
  const drafts: RuleDraft[] = [];
  const flatProtocol = params.string("IpProtocol");
  if (flatProtocol !== undefined || params.string("CidrIp") !== undefined) {
    const ipProtocol = normaliseProtocol(flatProtocol);
    const cidr = params.string("CidrIp");
    const sourceName = params.string("SourceSecurityGroupName");
    const base = {
      isEgress,
      ipProtocol,
      ...readPorts(ipProtocol, params.int("FromPort"), params.int("ToPort")),
    };
    if (cidr !== undefined) drafts.push({ ...base, cidrIpv4: cidr });
    if (sourceName !== undefined) {
      drafts.push({ ...base, referencedGroupId: findGroupByName(state, sourceName, group.vpcId).groupId });
    }
  }
  for (const permission of permissions) {
    const ipProtocol = normaliseProtocol(permission.string("IpProtocol"));
    const base = {
      isEgress,
      ipProtocol,
      ...readPorts(ipProtocol, permission.int("FromPort"), permission.int("ToPort")),
    };
    const withDescription = (source: QueryParams) => {
      const description = source.string("Description");
      return description === undefined ? {} : { description };
    };
    for (const range of permission.objects("IpRanges")) {
      const cidr = range.string("CidrIp");
      if (cidr === undefined || !/^\d+\.\d+\.\d+\.\d+\/\d{1,2}$/.test(cidr)) {
        throw new AwsError("InvalidParameterValue", `CIDR block ${cidr ?? ""} is malformed`);
      }
      drafts.push({ ...base, cidrIpv4: cidr, ...withDescription(range) });
    }
    for (const range of permission.objects("Ipv6Ranges")) {
      const cidr = range.string("CidrIpv6");
      if (cidr === undefined) throw new AwsError("InvalidParameterValue", "CIDR block is malformed");
      drafts.push({ ...base, cidrIpv6: cidr, ...withDescription(range) });
    }
    for (const prefixList of permission.objects("PrefixListIds")) {
      const id = prefixList.string("PrefixListId") ?? "";
      checkIdFormat("prefixList", id);
      drafts.push({ ...base, prefixListId: id, ...withDescription(prefixList) });
    }
    for (const pair of permission.objects("Groups")) {
      const groupId = pair.string("GroupId");
      const referenced =
        groupId !== undefined
          ? getSecurityGroup(state, groupId)
          : findGroupByName(state, pair.requireString("GroupName"), group.vpcId);
      drafts.push({ ...base, referencedGroupId: referenced.groupId, ...withDescription(pair) });
    }
  }
  if (drafts.length === 0) {
    throw new AwsError("MissingParameter", "The request must contain the parameter ipPermissions");
  }
  return drafts;
}

function findGroup(ctx: RequestContext, params: QueryParams): SecurityGroupRecord {
  const state = ctx.backend.ec2;
  const groupId = params.string("GroupId");
  if (groupId !== undefined) return getSecurityGroup(state, groupId);
  return findGroupByName(state, params.requireString("GroupName"));
}

function describeRule(rule: RuleDraft): string {
  const peer = rule.cidrIpv4 ?? rule.cidrIpv6 ?? rule.prefixListId ?? rule.referencedGroupId ?? "";
  const protocol = rule.ipProtocol === "-1" ? "ALL" : rule.ipProtocol.toUpperCase();
  return `peer: ${peer}, ${protocol}, from port: ${rule.fromPort}, to port: ${rule.toPort}, ALLOW`;
}

/**
 * AWS's default quota is 60 inbound and 60 outbound rules per security group (VPC User Guide,
 * "Amazon VPC quotas"). Counted separately for IPv4 and IPv6, a rule that references a group or
 * prefix list counting once for each: as that page is remembered, unverified (docs/FACTS.md).
 */
function checkRuleQuota(
  ctx: RequestContext,
  group: SecurityGroupRecord,
  drafts: RuleDraft[],
  isEgress: boolean,
) {
  const limit = ctx.emulator.quotas.rulesPerSecurityGroup;
  const rules = [...group.rules.filter((r) => r.isEgress === isEgress), ...drafts];
  const ipv4 = rules.filter((r) => r.cidrIpv6 === undefined).length;
  const ipv6 = rules.filter((r) => r.cidrIpv4 === undefined).length;
  if (ipv4 > limit || ipv6 > limit) {
    throw new AwsError(
      "RulesPerSecurityGroupLimitExceeded",
      "The maximum number of rules per security group has been reached.",
    );
  }
}

function authorize(isEgress: boolean): Ec2Handler {
  return (ctx, params) => {
    const tags = readTagSpecifications(params, "security-group-rule");
    const group = findGroup(ctx, params);
    const drafts = readDrafts(ctx, params, isEgress, group);
    for (const draft of drafts) {
      // A rule may name a prefix list only if it exists (AWS-managed or the account's own).
      if (draft.prefixListId !== undefined)
        findOrThrow("prefixList", ctx.backend.ec2.prefixLists, draft.prefixListId);
      const probe = { ...draft, securityGroupRuleId: "" };
      if (group.rules.some((r) => sameRule(r, probe))) {
        throw new AwsError(
          "InvalidPermission.Duplicate",
          `the specified rule "${describeRule(draft)}" already exists`,
        );
      }
    }
    checkRuleQuota(ctx, group, drafts, isEgress);
    const state = ctx.backend.ec2;
    const added = drafts.map((draft) => newSecurityGroupRule(ctx.emulator, draft));
    group.rules.push(...added);
    for (const rule of added) setTags(state, rule.securityGroupRuleId, tags);
    return {
      return: true,
      securityGroupRuleSet: added.map((rule) => ({
        ...securityGroupRuleXml(state, group.groupId, rule),
        ...tagSetOf(state, rule.securityGroupRuleId),
      })),
    };
  };
}

function revoke(isEgress: boolean): Ec2Handler {
  return (ctx, params) => {
    const group = findGroup(ctx, params);
    const ruleIds = params.strings("SecurityGroupRuleId");
    let toRemove: SecurityGroupRuleRecord[];
    if (ruleIds.length > 0) {
      toRemove = ruleIds.map((id) => {
        const rule = group.rules.find((r) => r.securityGroupRuleId === id && r.isEgress === isEgress);
        if (!rule)
          throw new AwsError(
            "InvalidSecurityGroupRuleId.NotFound",
            `The security group rule ID '${id}' does not exist`,
          );
        return rule;
      });
    } else {
      toRemove = readDrafts(ctx, params, isEgress, group).map((draft) => {
        const probe = { ...draft, securityGroupRuleId: "" };
        const rule = group.rules.find((r) => sameRule(r, probe));
        if (!rule) {
          throw new AwsError(
            "InvalidPermission.NotFound",
            "The specified rule does not exist in this security group.",
          );
        }
        return rule;
      });
    }
    group.rules = group.rules.filter((r) => !toRemove.includes(r));
    for (const rule of toRemove) dropTags(ctx.backend.ec2, rule.securityGroupRuleId);
    return { return: true };
  };
}

/**
 * ModifySecurityGroupRules: GroupId and SecurityGroupRule.N (SecurityGroupRuleId plus the rule's
 * new definition, SecurityGroupRuleRequest: protocol, ports, one source, description). The rule
 * keeps its ID, direction and tags. A rule of another group is not found, as for Revoke by ID.
 * AWS's answer to a definition with no source or several sources is not documented: the emulator
 * refuses both (MissingParameter, InvalidParameterCombination) rather than guess a meaning.
 */
const modifySecurityGroupRules: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const group = getSecurityGroup(state, params.requireString("GroupId"));
  const updates = params.objects("SecurityGroupRule");
  if (updates.length === 0) {
    throw new AwsError("MissingParameter", "The request must contain the parameter SecurityGroupRules");
  }
  const changes = updates.map((update) => {
    const id = update.requireString("SecurityGroupRuleId");
    const rule = group.rules.find((r) => r.securityGroupRuleId === id);
    if (rule === undefined) {
      throw new AwsError(
        "InvalidSecurityGroupRuleId.NotFound",
        `The security group rule ID '${id}' does not exist`,
      );
    }
    const request = update.object("SecurityGroupRule");
    if (request === undefined) {
      throw new AwsError("MissingParameter", "The request must contain the parameter SecurityGroupRule");
    }
    const ipProtocol = normaliseProtocol(request.string("IpProtocol"));
    const sources = {
      cidrIpv4: request.string("CidrIpv4"),
      cidrIpv6: request.string("CidrIpv6"),
      prefixListId: request.string("PrefixListId"),
      referencedGroupId: request.string("ReferencedGroupId"),
    };
    const given = Object.entries(sources).filter(([, value]) => value !== undefined);
    if (given.length === 0) {
      throw new AwsError(
        "MissingParameter",
        "The rule must contain one of CidrIpv4, CidrIpv6, PrefixListId or ReferencedGroupId",
      );
    }
    if (given.length > 1) {
      throw new AwsError(
        "InvalidParameterCombination",
        "Specify only one of CidrIpv4, CidrIpv6, PrefixListId or ReferencedGroupId per rule",
      );
    }
    if (sources.cidrIpv4 !== undefined && !/^\d+\.\d+\.\d+\.\d+\/\d{1,2}$/.test(sources.cidrIpv4)) {
      throw new AwsError("InvalidParameterValue", `CIDR block ${sources.cidrIpv4} is malformed`);
    }
    if (sources.prefixListId !== undefined) checkIdFormat("prefixList", sources.prefixListId);
    if (sources.referencedGroupId !== undefined) getSecurityGroup(state, sources.referencedGroupId);
    const description = request.string("Description");
    const next: SecurityGroupRuleRecord = {
      securityGroupRuleId: rule.securityGroupRuleId,
      isEgress: rule.isEgress,
      ipProtocol,
      ...readPorts(ipProtocol, request.int("FromPort"), request.int("ToPort")),
      ...Object.fromEntries(given),
      ...(description === undefined ? {} : { description }),
    };
    if (group.rules.some((r) => r !== rule && sameRule(r, next))) {
      throw new AwsError(
        "InvalidPermission.Duplicate",
        `the specified rule "${describeRule(next)}" already exists`,
      );
    }
    return { rule, next };
  });
  // Every update is checked before any is applied: a refused request changes nothing.
  for (const { rule, next } of changes) {
    group.rules[group.rules.indexOf(rule)] = next;
  }
  return { return: true };
};

/** What readDrafts honours, on all four actions (Egress has no GroupName in the model). */
const PERMISSIONS = [
  "GroupId",
  "IpProtocol",
  "FromPort",
  "ToPort",
  "CidrIp",
  "SourceSecurityGroupName",
  "IpPermissions.IpProtocol",
  "IpPermissions.FromPort",
  "IpPermissions.ToPort",
  "IpPermissions.IpRanges",
  "IpPermissions.Ipv6Ranges",
  "IpPermissions.PrefixListIds",
  "IpPermissions.Groups.GroupId",
  "IpPermissions.Groups.GroupName",
  "IpPermissions.Groups.Description",
];

export const securityGroupPermissionActions: Record<string, Ec2Handler> = {
  ModifySecurityGroupRules: honours(
    modifySecurityGroupRules,
    "GroupId",
    "SecurityGroupRule.SecurityGroupRuleId",
    "SecurityGroupRule.SecurityGroupRule",
  ),
  AuthorizeSecurityGroupIngress: honours(authorize(false), "GroupName", "TagSpecification", ...PERMISSIONS),
  AuthorizeSecurityGroupEgress: honours(authorize(true), "TagSpecification", ...PERMISSIONS),
  RevokeSecurityGroupIngress: honours(revoke(false), "GroupName", "SecurityGroupRuleId", ...PERMISSIONS),
  RevokeSecurityGroupEgress: honours(revoke(true), "SecurityGroupRuleId", ...PERMISSIONS),
};

// AuthorizeSecurityGroupIngress/Egress and RevokeSecurityGroupIngress/Egress: IpPermissions.N
// with IpRanges, Ipv6Ranges, PrefixListIds and Groups (UserIdGroupPairs), or the flat legacy
// parameters (IpProtocol, FromPort, ToPort, CidrIp). Each source becomes one rule (sgr-...).
// ModifySecurityGroupRules rewrites rules in place by ID (Terraform's aws_vpc_security_group_*_rule
// updates a changed source or port this way). These handlers read the parameters, apply the rules
// (./security-group-model.ts) and shape the reply.

import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./handler.ts";
import { checkIdFormat } from "./lookups.ts";
import {
  authorizeRules,
  modifyRules,
  type RuleRequest,
  type RuleUpdate,
  revokeRules,
} from "./security-group-model.ts";
import { securityGroupRuleXml } from "./security-group-rules.ts";
import { readGroupRef } from "./security-groups.ts";
import { readTagSpecifications, tagSetOf } from "./tagging.ts";

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

/** The rules of IpPermissions.N and of the flat legacy parameters, one per source. */
function readRules(params: QueryParams, isEgress: boolean): RuleRequest[] {
  const permissions = params.objects("IpPermissions");
  const rules: RuleRequest[] = [];
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
    if (cidr !== undefined) rules.push({ ...base, cidrIpv4: cidr });
    if (sourceName !== undefined) rules.push({ ...base, referencedGroup: { groupName: sourceName } });
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
      if (cidr === undefined || !isIpv4Cidr(cidr)) throw malformedCidr(cidr ?? "");
      rules.push({ ...base, cidrIpv4: cidr, ...withDescription(range) });
    }
    for (const range of permission.objects("Ipv6Ranges")) {
      const cidr = range.string("CidrIpv6");
      if (cidr === undefined) throw new AwsError("InvalidParameterValue", "CIDR block is malformed");
      rules.push({ ...base, cidrIpv6: cidr, ...withDescription(range) });
    }
    for (const prefixList of permission.objects("PrefixListIds")) {
      const id = prefixList.string("PrefixListId") ?? "";
      checkIdFormat("prefixList", id);
      rules.push({ ...base, prefixListId: id, ...withDescription(prefixList) });
    }
    for (const pair of permission.objects("Groups")) {
      rules.push({ ...base, referencedGroup: readGroupRef(pair), ...withDescription(pair) });
    }
  }
  if (rules.length === 0) {
    throw new AwsError("MissingParameter", "The request must contain the parameter ipPermissions");
  }
  return rules;
}

function isIpv4Cidr(cidr: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+\/\d{1,2}$/.test(cidr);
}

function malformedCidr(cidr: string): AwsError {
  return new AwsError("InvalidParameterValue", `CIDR block ${cidr} is malformed`);
}

function authorize(isEgress: boolean): Ec2Handler {
  return (ctx, params) => {
    const state = ctx.backend.ec2;
    const tags = readTagSpecifications(params, "security-group-rule");
    const { group, added } = authorizeRules(state, ctx.emulator, {
      group: readGroupRef(params),
      isEgress,
      rules: readRules(params, isEgress),
      tags,
    });
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
    const group = readGroupRef(params);
    const ruleIds = params.strings("SecurityGroupRuleId");
    revokeRules(
      ctx.backend.ec2,
      ruleIds.length > 0
        ? { group, isEgress, ruleIds }
        : { group, isEgress, rules: readRules(params, isEgress) },
    );
    return { return: true };
  };
}

/** One SecurityGroupRule.N: SecurityGroupRuleId and the rule's new definition (SecurityGroupRuleRequest). */
function readRuleUpdate(update: QueryParams): RuleUpdate {
  const securityGroupRuleId = update.requireString("SecurityGroupRuleId");
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
  if (sources.cidrIpv4 !== undefined && !isIpv4Cidr(sources.cidrIpv4)) throw malformedCidr(sources.cidrIpv4);
  if (sources.prefixListId !== undefined) checkIdFormat("prefixList", sources.prefixListId);
  const description = request.string("Description");
  return {
    securityGroupRuleId,
    rule: {
      ipProtocol,
      ...readPorts(ipProtocol, request.int("FromPort"), request.int("ToPort")),
      ...Object.fromEntries(given),
      ...(description === undefined ? {} : { description }),
    },
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
  const groupId = params.requireString("GroupId");
  const updates = params.objects("SecurityGroupRule");
  if (updates.length === 0) {
    throw new AwsError("MissingParameter", "The request must contain the parameter SecurityGroupRules");
  }
  modifyRules(ctx.backend.ec2, { groupId, updates: updates.map(readRuleUpdate) });
  return { return: true };
};

/** What readRules honours, on all four actions (Egress has no GroupName in the model). */
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

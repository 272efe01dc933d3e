// CreateSecurityGroup, DeleteSecurityGroup, DescribeSecurityGroups: read the parameters, apply the
// rules (./security-group-model.ts), shape the reply. Rules: security-group-permissions.ts.

import type { QueryParams } from "../codecs/query-params.ts";
import { honours } from "../models/honours.ts";
import { describeRecords } from "./describe.ts";
import type { FilterTable } from "./filters.ts";
import type { Ec2Handler } from "./handler.ts";
import type { SecurityGroupRecord, SecurityGroupRuleRecord } from "./records.ts";
import {
  addSecurityGroup,
  findGroupByName,
  type GroupRef,
  removeSecurityGroup,
} from "./security-group-model.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, tagSetOf } from "./tagging.ts";

/** Rules folded into IpPermissions: one per protocol and port range, sources listed inside. */
export function ipPermissionsXml(
  state: Ec2State,
  rules: SecurityGroupRuleRecord[],
): Record<string, unknown>[] {
  const byKey = new Map<string, SecurityGroupRuleRecord[]>();
  for (const rule of rules) {
    const key = `${rule.ipProtocol}|${rule.fromPort}|${rule.toPort}`;
    byKey.set(key, [...(byKey.get(key) ?? []), rule]);
  }
  return [...byKey.values()].map((group) => {
    const first = group[0] as SecurityGroupRuleRecord;
    const ports = first.ipProtocol === "-1" ? {} : { fromPort: first.fromPort, toPort: first.toPort };
    return {
      ipProtocol: first.ipProtocol,
      ...ports,
      groups: group.flatMap((r) =>
        r.referencedGroupId === undefined
          ? []
          : [{ groupId: r.referencedGroupId, userId: state.ownerId, description: r.description }],
      ),
      ipRanges: group.flatMap((r) =>
        r.cidrIpv4 === undefined ? [] : [{ cidrIp: r.cidrIpv4, description: r.description }],
      ),
      ipv6Ranges: group.flatMap((r) =>
        r.cidrIpv6 === undefined ? [] : [{ cidrIpv6: r.cidrIpv6, description: r.description }],
      ),
      prefixListIds: group.flatMap((r) =>
        r.prefixListId === undefined ? [] : [{ prefixListId: r.prefixListId, description: r.description }],
      ),
    };
  });
}

export function securityGroupXml(state: Ec2State, group: SecurityGroupRecord): Record<string, unknown> {
  return {
    ownerId: state.ownerId,
    groupId: group.groupId,
    groupName: group.groupName,
    groupDescription: group.description,
    vpcId: group.vpcId,
    ipPermissions: ipPermissionsXml(
      state,
      group.rules.filter((r) => !r.isEgress),
    ),
    ipPermissionsEgress: ipPermissionsXml(
      state,
      group.rules.filter((r) => r.isEgress),
    ),
    ...tagSetOf(state, group.groupId),
  };
}

/** GroupId, else GroupName (a request that names a group either way). */
export function readGroupRef(params: QueryParams): GroupRef {
  const groupId = params.string("GroupId");
  return groupId !== undefined ? { groupId } : { groupName: params.requireString("GroupName") };
}

const createSecurityGroup: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const group = addSecurityGroup(state, ctx.emulator, {
    tags: readTagSpecifications(params, "security-group"),
    groupName: params.requireString("GroupName"),
    description: params.requireString("GroupDescription"),
    vpcId: params.string("VpcId"),
  });
  return {
    groupId: group.groupId,
    ...tagSetOf(state, group.groupId),
    securityGroupArn: `arn:aws:ec2:${state.region}:${state.ownerId}:security-group/${group.groupId}`,
  };
};

const deleteSecurityGroup: Ec2Handler = (ctx, params) => {
  const group = removeSecurityGroup(ctx.backend.ec2, readGroupRef(params));
  return { return: true, groupId: group.groupId };
};

/** ip-permission.* (ingress) or egress.ip-permission.* filters: any rule of the group may match. */
function ruleFilters(state: Ec2State, isEgress: boolean): FilterTable<SecurityGroupRecord> {
  const prefix = isEgress ? "egress.ip-permission." : "ip-permission.";
  const rules = (g: SecurityGroupRecord) => g.rules.filter((r) => r.isEgress === isEgress);
  const each = (field: (rule: SecurityGroupRuleRecord) => string | undefined) => (g: SecurityGroupRecord) =>
    rules(g).map(field);
  return {
    [`${prefix}cidr`]: each((r) => r.cidrIpv4),
    [`${prefix}ipv6-cidr`]: each((r) => r.cidrIpv6),
    [`${prefix}from-port`]: each((r) => String(r.fromPort)),
    [`${prefix}to-port`]: each((r) => String(r.toPort)),
    [`${prefix}protocol`]: each((r) => r.ipProtocol),
    [`${prefix}group-id`]: each((r) => r.referencedGroupId),
    [`${prefix}group-name`]: each((r) =>
      r.referencedGroupId === undefined
        ? undefined
        : state.securityGroups.get(r.referencedGroupId)?.groupName,
    ),
    [`${prefix}prefix-list-id`]: each((r) => r.prefixListId),
    [`${prefix}user-id`]: each((r) => (r.referencedGroupId ? state.ownerId : undefined)),
  };
}

const describeSecurityGroups: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const names = params.strings("GroupName");
  const named = names.map((name) => findGroupByName(state, name).groupId);
  const page = describeRecords(ctx, params, {
    action: "DescribeSecurityGroups",
    kind: "securityGroup",
    idParam: "GroupId",
    records: state.securityGroups,
    limits: { min: 5, max: 1000 },
    filters: {
      "group-id": (g) => g.groupId,
      "group-name": (g) => g.groupName,
      description: (g) => g.description,
      "vpc-id": (g) => g.vpcId,
      "owner-id": () => state.ownerId,
      ...ruleFilters(state, false),
      ...ruleFilters(state, true),
    },
  });
  const items = named.length > 0 ? page.items.filter((g) => named.includes(g.groupId)) : page.items;
  return { securityGroupInfo: items.map((g) => securityGroupXml(state, g)), nextToken: page.nextToken };
};

export const securityGroupActions: Record<string, Ec2Handler> = {
  CreateSecurityGroup: honours(
    createSecurityGroup,
    "GroupName",
    "GroupDescription",
    "VpcId",
    "TagSpecification",
  ),
  DeleteSecurityGroup: honours(deleteSecurityGroup, "GroupId", "GroupName"),
  DescribeSecurityGroups: honours(
    describeSecurityGroups,
    "GroupId",
    "GroupName",
    "Filter",
    "MaxResults",
    "NextToken",
  ),
};

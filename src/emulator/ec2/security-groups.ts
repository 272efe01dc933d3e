// CreateSecurityGroup, DeleteSecurityGroup, DescribeSecurityGroups. Rules: security-group-permissions.ts.

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./actions.ts";
import { describeRecords } from "./describe.ts";
import type { FilterTable } from "./filters.ts";
import { getSecurityGroup, getVpc } from "./lookups.ts";
import type { SecurityGroupRecord, SecurityGroupRuleRecord } from "./records.ts";
import { newSecurityGroupRule } from "./security-group-rules.ts";
import type { Ec2State } from "./state.ts";
import { dropTags, readTagSpecifications, setTags, tagSetOf } from "./tagging.ts";

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

export function defaultVpcId(state: Ec2State): string {
  for (const vpc of state.vpcs.values()) if (vpc.isDefault) return vpc.vpcId;
  throw new AwsError(
    "VPCIdNotSpecified",
    "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.",
  );
}

/** A group named in the default VPC (GroupName parameters). */
export function findGroupByName(
  state: Ec2State,
  name: string,
  vpcId = defaultVpcId(state),
): SecurityGroupRecord {
  for (const group of state.securityGroups.values()) {
    if (group.vpcId === vpcId && group.groupName === name) return group;
  }
  throw new AwsError(
    "InvalidGroup.NotFound",
    `The security group '${name}' does not exist in default VPC '${vpcId}'`,
  );
}

const createSecurityGroup: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const tags = readTagSpecifications(params, "security-group");
  const groupName = params.requireString("GroupName");
  const description = params.requireString("GroupDescription");
  const vpc = getVpc(state, params.string("VpcId") ?? defaultVpcId(state));
  if (groupName === "default") {
    throw new AwsError("InvalidParameterValue", "Cannot use reserved security group name: default");
  }
  if (groupName.startsWith("sg-") || groupName.length > 255 || description.length > 255) {
    throw new AwsError("InvalidParameterValue", `Invalid security group name or description: ${groupName}`);
  }
  for (const other of state.securityGroups.values()) {
    if (other.vpcId === vpc.vpcId && other.groupName === groupName) {
      throw new AwsError(
        "InvalidGroup.Duplicate",
        `The security group '${groupName}' already exists for VPC '${vpc.vpcId}'`,
      );
    }
  }
  const group: SecurityGroupRecord = {
    groupId: ctx.emulator.newId("securityGroup"),
    groupName,
    description,
    vpcId: vpc.vpcId,
    // New groups allow all outbound traffic and no inbound traffic (VPC User Guide, security groups).
    rules: [newSecurityGroupRule(ctx.emulator, { isEgress: true, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" })],
  };
  state.securityGroups.set(group.groupId, group);
  setTags(state, group.groupId, tags);
  ctx.emulator.faults.created(group.groupId);
  return {
    groupId: group.groupId,
    ...tagSetOf(state, group.groupId),
    securityGroupArn: `arn:aws:ec2:${state.region}:${state.ownerId}:security-group/${group.groupId}`,
  };
};

const deleteSecurityGroup: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const groupId = params.string("GroupId");
  const group =
    groupId !== undefined
      ? getSecurityGroup(state, groupId)
      : findGroupByName(state, params.requireString("GroupName"));
  if (group.groupName === "default") {
    throw new AwsError(
      "CannotDelete",
      `the specified group: "${group.groupId}" name: "default" cannot be deleted by a user`,
    );
  }
  const inUse =
    [...state.networkInterfaces.values()].some((eni) => eni.groupIds.includes(group.groupId)) ||
    [...state.securityGroups.values()].some(
      (other) =>
        other.groupId !== group.groupId && other.rules.some((r) => r.referencedGroupId === group.groupId),
    );
  if (inUse) throw new AwsError("DependencyViolation", `resource ${group.groupId} has a dependent object`);
  state.securityGroups.delete(group.groupId);
  dropTags(state, group.groupId);
  for (const rule of group.rules) dropTags(state, rule.securityGroupRuleId);
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

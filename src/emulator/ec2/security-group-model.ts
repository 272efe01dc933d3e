// The rules of security groups and their rules, apart from the wire (security-groups.ts and
// security-group-permissions.ts read parameters and shape replies). A group's name is unique in its
// VPC and "default" is reserved; a group in use (by an interface, or referenced by another group's
// rule) or named "default" cannot be deleted. Each source of a permission is one rule (sgr-...);
// a rule that exists already is InvalidPermission.Duplicate, one that does not is
// InvalidPermission.NotFound; a request that is refused changes nothing.

import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import { findOrThrow, getSecurityGroup, getVpc } from "./lookups.ts";
import type { SecurityGroupRecord, SecurityGroupRuleRecord } from "./records.ts";
import { newSecurityGroupRule, sameRule } from "./security-group-rules.ts";
import type { Ec2State } from "./state.ts";
import { removeWithTags, storeNew } from "./store.ts";
import { dropTags, setTags, type TagInput } from "./tagging.ts";

/** A group as requests name it: by ID, or by name (in the default VPC unless another VPC is meant). */
export type GroupRef = { groupId: string } | { groupName: string };

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

export function resolveGroup(state: Ec2State, ref: GroupRef, vpcId?: string): SecurityGroupRecord {
  return "groupId" in ref
    ? getSecurityGroup(state, ref.groupId)
    : findGroupByName(state, ref.groupName, vpcId);
}

export interface CreateSecurityGroupInput {
  groupName: string;
  description: string;
  /** The default VPC's when not given. */
  vpcId: string | undefined;
  tags: TagInput[];
}

export function addSecurityGroup(
  state: Ec2State,
  emulator: Emulator,
  input: CreateSecurityGroupInput,
): SecurityGroupRecord {
  const { groupName, description } = input;
  const vpc = getVpc(state, input.vpcId ?? defaultVpcId(state));
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
    groupId: emulator.newId("securityGroup"),
    groupName,
    description,
    vpcId: vpc.vpcId,
    // New groups allow all outbound traffic and no inbound traffic (VPC User Guide, security groups).
    rules: [newSecurityGroupRule(emulator, { isEgress: true, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" })],
  };
  return storeNew(state, emulator, state.securityGroups, group.groupId, group, input.tags);
}

export function removeSecurityGroup(state: Ec2State, ref: GroupRef): SecurityGroupRecord {
  const group = resolveGroup(state, ref);
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
  removeWithTags(state, state.securityGroups, group.groupId);
  for (const rule of group.rules) dropTags(state, rule.securityGroupRuleId);
  return group;
}

/** A rule as a request gives it: a referenced group may still be a name (of the group's VPC). */
export type RuleRequest = Omit<SecurityGroupRuleRecord, "securityGroupRuleId" | "referencedGroupId"> & {
  referencedGroup?: GroupRef;
};

type RuleDraft = Omit<SecurityGroupRuleRecord, "securityGroupRuleId">;

function resolveRule(state: Ec2State, group: SecurityGroupRecord, request: RuleRequest): RuleDraft {
  const { referencedGroup, ...rest } = request;
  if (referencedGroup === undefined) return rest;
  return { ...rest, referencedGroupId: resolveGroup(state, referencedGroup, group.vpcId).groupId };
}

function describeRule(rule: RuleDraft): string {
  const peer = rule.cidrIpv4 ?? rule.cidrIpv6 ?? rule.prefixListId ?? rule.referencedGroupId ?? "";
  const protocol = rule.ipProtocol === "-1" ? "ALL" : rule.ipProtocol.toUpperCase();
  return `peer: ${peer}, ${protocol}, from port: ${rule.fromPort}, to port: ${rule.toPort}, ALLOW`;
}

function duplicate(rule: RuleDraft): AwsError {
  return new AwsError(
    "InvalidPermission.Duplicate",
    `the specified rule "${describeRule(rule)}" already exists`,
  );
}

/**
 * AWS's default quota is 60 inbound and 60 outbound rules per security group (VPC User Guide,
 * "Amazon VPC quotas"). Counted separately for IPv4 and IPv6, a rule that references a group or
 * prefix list counting once for each: as that page is remembered, unverified (docs/FACTS.md).
 */
function checkRuleQuota(
  emulator: Emulator,
  group: SecurityGroupRecord,
  drafts: RuleDraft[],
  isEgress: boolean,
) {
  const limit = emulator.quotas.rulesPerSecurityGroup;
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

export interface AuthorizeInput {
  group: GroupRef;
  isEgress: boolean;
  rules: RuleRequest[];
  tags: TagInput[];
}

/** AuthorizeSecurityGroupIngress/Egress: the new rules, each with the request's tags. */
export function authorizeRules(
  state: Ec2State,
  emulator: Emulator,
  input: AuthorizeInput,
): { group: SecurityGroupRecord; added: SecurityGroupRuleRecord[] } {
  const group = resolveGroup(state, input.group);
  const drafts = input.rules.map((request) => resolveRule(state, group, request));
  for (const draft of drafts) {
    // A rule may name a prefix list only if it exists (AWS-managed or the account's own).
    if (draft.prefixListId !== undefined) findOrThrow("prefixList", state.prefixLists, draft.prefixListId);
    const probe = { ...draft, securityGroupRuleId: "" };
    if (group.rules.some((r) => sameRule(r, probe))) throw duplicate(draft);
  }
  checkRuleQuota(emulator, group, drafts, input.isEgress);
  const added = drafts.map((draft) => newSecurityGroupRule(emulator, draft));
  group.rules.push(...added);
  for (const rule of added) setTags(state, rule.securityGroupRuleId, input.tags);
  return { group, added };
}

export type RevokeInput = { group: GroupRef; isEgress: boolean } & (
  | { ruleIds: string[] }
  | { rules: RuleRequest[] }
);

/** RevokeSecurityGroupIngress/Egress: every named rule must exist in that direction. */
export function revokeRules(state: Ec2State, input: RevokeInput): void {
  const group = resolveGroup(state, input.group);
  const { isEgress } = input;
  const toRemove =
    "ruleIds" in input
      ? input.ruleIds.map((id) => {
          const rule = group.rules.find((r) => r.securityGroupRuleId === id && r.isEgress === isEgress);
          if (!rule) throw ruleIdNotFound(id);
          return rule;
        })
      : input.rules.map((request) => {
          const probe = { ...resolveRule(state, group, request), securityGroupRuleId: "" };
          const rule = group.rules.find((r) => sameRule(r, probe));
          if (!rule) {
            throw new AwsError(
              "InvalidPermission.NotFound",
              "The specified rule does not exist in this security group.",
            );
          }
          return rule;
        });
  group.rules = group.rules.filter((r) => !toRemove.includes(r));
  for (const rule of toRemove) dropTags(state, rule.securityGroupRuleId);
}

function ruleIdNotFound(id: string): AwsError {
  return new AwsError(
    "InvalidSecurityGroupRuleId.NotFound",
    `The security group rule ID '${id}' does not exist`,
  );
}

export interface RuleUpdate {
  securityGroupRuleId: string;
  /** The rule's new definition; its ID, direction and tags stay. */
  rule: Omit<RuleDraft, "isEgress">;
}

/** ModifySecurityGroupRules: every update is checked before any is applied. */
export function modifyRules(state: Ec2State, input: { groupId: string; updates: RuleUpdate[] }): void {
  const group = getSecurityGroup(state, input.groupId);
  const changes = input.updates.map((update) => {
    const rule = group.rules.find((r) => r.securityGroupRuleId === update.securityGroupRuleId);
    if (rule === undefined) throw ruleIdNotFound(update.securityGroupRuleId);
    if (update.rule.referencedGroupId !== undefined) getSecurityGroup(state, update.rule.referencedGroupId);
    const next: SecurityGroupRuleRecord = {
      securityGroupRuleId: rule.securityGroupRuleId,
      isEgress: rule.isEgress,
      ...update.rule,
    };
    if (group.rules.some((r) => r !== rule && sameRule(r, next))) throw duplicate(next);
    return { rule, next };
  });
  for (const { rule, next } of changes) {
    group.rules[group.rules.indexOf(rule)] = next;
  }
}

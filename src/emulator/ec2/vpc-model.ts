// The rules of VPCs, apart from the wire (vpcs.ts reads parameters and shapes replies). Creating a
// VPC with the parts AWS creates with it: the main route table (local route), the default security
// group (all egress; ingress from itself) and the default network ACL (rule 100 allows all traffic
// in and out). Source: VPC User Guide, "VPC configuration options", "Default security groups for
// your VPCs", "Default network ACL". Deleting one takes those parts with it, and is refused while
// anything else is in it; its DNS attributes change one at a time.

import { parseCidr } from "../../egress/ip.ts";
import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import { associateAmazonIpv6 } from "./ipv6-block-model.ts";
import { getVpc } from "./lookups.ts";
import { computeNatGatewayState } from "./nat-lifecycle.ts";
import type { VpcRecord } from "./records.ts";
import { localRoutes } from "./route-table-model.ts";
import { newSecurityGroupRule } from "./security-group-rules.ts";
import type { Ec2State } from "./state.ts";
import { announceNew, removeWithTags } from "./store.ts";
import { dropTags, type TagInput } from "./tagging.ts";

/** VPC and subnet blocks must be /16 to /28 (VPC User Guide, "VPC CIDR blocks"). */
export function checkBlockSize(cidr: string, code: "InvalidVpc.Range" | "InvalidSubnet.Range"): string {
  const range = parseCidr(cidr);
  if (range === null || !/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(cidr)) {
    throw new AwsError(
      "InvalidParameterValue",
      `Value (${cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`,
    );
  }
  if (range.prefix < 16 || range.prefix > 28) {
    throw new AwsError(code, `The CIDR '${cidr}' is invalid.`);
  }
  return cidr;
}

export function insertVpc(
  state: Ec2State,
  emulator: Emulator,
  input: { cidrBlock: string; isDefault: boolean },
): VpcRecord {
  const vpc: VpcRecord = {
    vpcId: emulator.newId("vpc"),
    cidrBlock: input.cidrBlock,
    cidrAssociationId: emulator.newId("cidrAssociation"),
    dhcpOptionsId: `dopt-${emulator.hex(17)}`,
    isDefault: input.isDefault,
    instanceTenancy: "default",
    enableDnsSupport: true,
    // Default VPCs resolve public DNS hostnames; new VPCs do not until enabled.
    enableDnsHostnames: input.isDefault,
    enableNetworkAddressUsageMetrics: false,
  };
  state.vpcs.set(vpc.vpcId, vpc);

  const routeTableId = emulator.newId("routeTable");
  state.routeTables.set(routeTableId, {
    routeTableId,
    vpcId: vpc.vpcId,
    routes: localRoutes(vpc),
    associations: [{ routeTableAssociationId: emulator.newId("routeTableAssociation"), main: true }],
  });

  const groupId = emulator.newId("securityGroup");
  state.securityGroups.set(groupId, {
    groupId,
    groupName: "default",
    description: input.isDefault ? "default VPC security group" : "default VPC security group",
    vpcId: vpc.vpcId,
    rules: [
      newSecurityGroupRule(emulator, { isEgress: false, ipProtocol: "-1", referencedGroupId: groupId }),
      newSecurityGroupRule(emulator, { isEgress: true, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }),
    ],
  });

  const networkAclId = emulator.newId("networkAcl");
  state.networkAcls.set(networkAclId, {
    networkAclId,
    vpcId: vpc.vpcId,
    isDefault: true,
    entries: [
      { ruleNumber: 100, egress: true, protocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0" },
      { ruleNumber: 100, egress: false, protocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0" },
    ],
    associations: new Map(),
  });
  return vpc;
}

export interface CreateVpcInput {
  cidrBlock: string;
  instanceTenancy: "default" | "dedicated";
  amazonProvidedIpv6CidrBlock: boolean;
  tags: TagInput[];
}

/** CreateVpc: a VPC within the Region's quota, with its parts, its tenancy, an IPv6 block if asked
 * for, and its tags. */
export function addVpc(state: Ec2State, emulator: Emulator, input: CreateVpcInput): VpcRecord {
  // The default quota is 5 VPCs per Region, the default VPC included (VPC User Guide, amazon-vpc-limits).
  if (state.vpcs.size >= emulator.quotas.vpcsPerRegion) {
    throw new AwsError("VpcLimitExceeded", "The maximum number of VPCs has been reached.");
  }
  const vpc = insertVpc(state, emulator, { cidrBlock: input.cidrBlock, isDefault: false });
  vpc.instanceTenancy = input.instanceTenancy;
  if (input.amazonProvidedIpv6CidrBlock) associateAmazonIpv6(state, emulator, vpc);
  announceNew(state, emulator, vpc.vpcId, input.tags);
  return vpc;
}

/** Why AWS refuses to delete the VPC, or null (DeleteVpc: "You must detach or delete all gateways
 * and resources that are associated with the VPC before you can delete it"). */
function vpcDependency(state: Ec2State, vpcId: string, now: number): string | null {
  for (const s of state.subnets.values()) if (s.vpcId === vpcId) return s.subnetId;
  for (const g of state.internetGateways.values()) if (g.attachedVpcId === vpcId) return g.internetGatewayId;
  for (const g of state.egressOnlyInternetGateways.values())
    if (g.vpcId === vpcId) return g.egressOnlyInternetGatewayId;
  for (const t of state.routeTables.values()) {
    if (t.vpcId === vpcId && !t.associations.some((a) => a.main)) return t.routeTableId;
  }
  for (const g of state.securityGroups.values()) {
    if (g.vpcId === vpcId && g.groupName !== "default") return g.groupId;
  }
  for (const a of state.networkAcls.values()) if (a.vpcId === vpcId && !a.isDefault) return a.networkAclId;
  for (const n of state.natGateways.values()) {
    if (n.vpcId === vpcId && computeNatGatewayState(state, n, now) !== "deleted") return n.natGatewayId;
  }
  for (const e of state.vpcEndpoints.values()) if (e.vpcId === vpcId) return e.vpcEndpointId;
  for (const i of state.networkInterfaces.values()) if (i.vpcId === vpcId) return i.networkInterfaceId;
  return null;
}

/** DeleteVpc: the VPC with its main route table, default security group and network ACL, and the
 * NAT gateways that are gone but still listed. */
export function removeVpc(state: Ec2State, vpcId: string, now: number): void {
  const vpc = getVpc(state, vpcId);
  if (vpcDependency(state, vpc.vpcId, now) !== null) {
    throw new AwsError(
      "DependencyViolation",
      `The vpc '${vpc.vpcId}' has dependencies and cannot be deleted.`,
    );
  }
  for (const [id, table] of state.routeTables)
    if (table.vpcId === vpc.vpcId) removeWithTags(state, state.routeTables, id);
  for (const [id, group] of state.securityGroups) {
    if (group.vpcId === vpc.vpcId) {
      removeWithTags(state, state.securityGroups, id);
      for (const rule of group.rules) dropTags(state, rule.securityGroupRuleId);
    }
  }
  for (const [id, acl] of state.networkAcls)
    if (acl.vpcId === vpc.vpcId) removeWithTags(state, state.networkAcls, id);
  for (const [id, nat] of state.natGateways)
    if (nat.vpcId === vpc.vpcId) removeWithTags(state, state.natGateways, id);
  removeWithTags(state, state.vpcs, vpc.vpcId);
}

// The VpcAttributeName enum of the EC2 API (DescribeVpcAttribute's Attribute; ModifyVpcAttribute
// takes each as a member of its own, with the first letter capitalised). Terraform's aws_vpc reads
// all three after every create and refresh.
export const VPC_ATTRIBUTES = [
  "enableDnsSupport",
  "enableDnsHostnames",
  "enableNetworkAddressUsageMetrics",
] as const;
export type VpcAttribute = (typeof VPC_ATTRIBUTES)[number];

export interface VpcAttributeChange {
  vpcId: string;
  name: VpcAttribute;
  value: boolean;
}

/** ModifyVpcAttribute: DNS hostnames need DNS support. */
export function setVpcAttribute(state: Ec2State, change: VpcAttributeChange): void {
  const vpc = getVpc(state, change.vpcId);
  const { name, value } = change;
  const next = {
    enableDnsSupport: vpc.enableDnsSupport,
    enableDnsHostnames: vpc.enableDnsHostnames,
    [name]: value,
  };
  if (next.enableDnsHostnames && !next.enableDnsSupport) {
    throw new AwsError(
      "InvalidParameterValue",
      "Cannot enable DNS hostnames when DNS support is disabled for the VPC.",
    );
  }
  if (name !== "enableNetworkAddressUsageMetrics" && !value) {
    // Whether AWS lets DNS be turned off under an endpoint's private hosted zone is unverified.
    for (const endpoint of state.vpcEndpoints.values()) {
      if (endpoint.vpcId === vpc.vpcId && endpoint.privateDnsEnabled) {
        throw new AwsError(
          "UnsupportedOperation",
          `The emulator does not model turning ${name} off while ${endpoint.vpcEndpointId} has private DNS enabled (what AWS does then is not verified).`,
        );
      }
    }
  }
  vpc[name] = value;
}

// CreateVpc, DeleteVpc, DescribeVpcs, ModifyVpcAttribute, DescribeVpcAttribute.

import type { RequestContext } from "../context.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./actions.ts";
import { describeRecords } from "./describe.ts";
import { associateAmazonIpv6, vpcIpv6Xml } from "./ipv6-blocks.ts";
import { getVpc } from "./lookups.ts";
import { computeNatGatewayState } from "./nat-lifecycle.ts";
import type { VpcRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { dropTags, readTagSpecifications, setTags, tagSetOf } from "./tagging.ts";
import { checkBlockSize, insertVpc } from "./vpc-model.ts";

export function vpcXml(state: Ec2State, vpc: VpcRecord): Record<string, unknown> {
  return {
    vpcId: vpc.vpcId,
    ownerId: state.ownerId,
    state: "available",
    cidrBlock: vpc.cidrBlock,
    cidrBlockAssociationSet: [
      {
        associationId: vpc.cidrAssociationId,
        cidrBlock: vpc.cidrBlock,
        cidrBlockState: { state: "associated" },
      },
    ],
    ipv6CidrBlockAssociationSet: vpcIpv6Xml(state, vpc),
    dhcpOptionsId: vpc.dhcpOptionsId,
    instanceTenancy: vpc.instanceTenancy,
    isDefault: vpc.isDefault,
    ...tagSetOf(state, vpc.vpcId),
  };
}

const createVpc: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const tags = readTagSpecifications(params, "vpc");
  const cidrBlock = checkBlockSize(params.requireString("CidrBlock"), "InvalidVpc.Range");
  const tenancy = params.string("InstanceTenancy") ?? "default";
  if (tenancy !== "default" && tenancy !== "dedicated") {
    throw new AwsError(
      "InvalidParameterValue",
      `Value (${tenancy}) for parameter instanceTenancy is invalid.`,
    );
  }
  // The default quota is 5 VPCs per Region, the default VPC included (VPC User Guide, amazon-vpc-limits).
  if (state.vpcs.size >= ctx.emulator.quotas.vpcsPerRegion) {
    throw new AwsError("VpcLimitExceeded", "The maximum number of VPCs has been reached.");
  }
  const vpc = insertVpc(state, ctx.emulator, { cidrBlock, isDefault: false });
  vpc.instanceTenancy = tenancy;
  if (params.bool("AmazonProvidedIpv6CidrBlock") === true) associateAmazonIpv6(state, ctx.emulator, vpc);
  setTags(state, vpc.vpcId, tags);
  ctx.emulator.faults.created(vpc.vpcId);
  return { vpc: { ...vpcXml(state, vpc), state: "pending" } };
};

/** Why AWS refuses to delete the VPC, or null (DeleteVpc: "You must detach or delete all gateways
 * and resources that are associated with the VPC before you can delete it"). */
function vpcDependency(ctx: RequestContext, vpcId: string): string | null {
  const state = ctx.backend.ec2;
  const now = ctx.emulator.clock.now();
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

const deleteVpc: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const vpc = getVpc(state, params.requireString("VpcId"));
  if (vpcDependency(ctx, vpc.vpcId) !== null) {
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
  return { return: true };
};

function removeWithTags<T>(state: Ec2State, map: Map<string, T>, id: string): void {
  map.delete(id);
  dropTags(state, id);
}

const describeVpcs: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const page = describeRecords(ctx, params, {
    action: "DescribeVpcs",
    kind: "vpc",
    idParam: "VpcId",
    records: state.vpcs,
    limits: { min: 5, max: 1000 },
    filters: {
      "vpc-id": (vpc) => vpc.vpcId,
      cidr: (vpc) => vpc.cidrBlock,
      "cidr-block-association.cidr-block": (vpc) => vpc.cidrBlock,
      "cidr-block-association.association-id": (vpc) => vpc.cidrAssociationId,
      "cidr-block-association.state": () => "associated",
      "dhcp-options-id": (vpc) => vpc.dhcpOptionsId,
      "is-default": (vpc) => vpc.isDefault,
      "owner-id": () => state.ownerId,
      state: () => "available",
      "ipv6-cidr-block-association.ipv6-cidr-block": (vpc) => vpc.ipv6?.cidrBlock,
      "ipv6-cidr-block-association.ipv6-pool": (vpc) => (vpc.ipv6 === undefined ? undefined : "Amazon"),
      "ipv6-cidr-block-association.association-id": (vpc) => vpc.ipv6?.associationId,
      "ipv6-cidr-block-association.state": (vpc) => (vpc.ipv6 === undefined ? undefined : "associated"),
    },
  });
  return { vpcSet: page.items.map((vpc) => vpcXml(state, vpc)), nextToken: page.nextToken };
};

// The VpcAttributeName enum of the EC2 API (DescribeVpcAttribute's Attribute; ModifyVpcAttribute
// takes each as a member of its own, with the first letter capitalised). Terraform's aws_vpc reads
// all three after every create and refresh.
const VPC_ATTRIBUTES = [
  "enableDnsSupport",
  "enableDnsHostnames",
  "enableNetworkAddressUsageMetrics",
] as const;
type VpcAttribute = (typeof VPC_ATTRIBUTES)[number];

const modifyVpcAttribute: Ec2Handler = (ctx, params) => {
  const vpc = getVpc(ctx.backend.ec2, params.requireString("VpcId"));
  const changes = VPC_ATTRIBUTES.flatMap((name) => {
    const value = params.object(name.charAt(0).toUpperCase() + name.slice(1))?.bool("Value");
    return value === undefined ? [] : [[name, value] as const];
  });
  if (changes.length !== 1) {
    throw new AwsError(
      "InvalidParameterCombination",
      "Exactly one attribute (EnableDnsSupport, EnableDnsHostnames or EnableNetworkAddressUsageMetrics) must be specified per request.",
    );
  }
  const [name, value] = changes[0] as (typeof changes)[number];
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
    for (const endpoint of ctx.backend.ec2.vpcEndpoints.values()) {
      if (endpoint.vpcId === vpc.vpcId && endpoint.privateDnsEnabled) {
        throw new AwsError(
          "UnsupportedOperation",
          `The emulator does not model turning ${name} off while ${endpoint.vpcEndpointId} has private DNS enabled (what AWS does then is not verified).`,
        );
      }
    }
  }
  vpc[name] = value;
  return { return: true };
};

const describeVpcAttribute: Ec2Handler = (ctx, params) => {
  const vpc = getVpc(ctx.backend.ec2, params.requireString("VpcId"));
  const attribute = params.requireString("Attribute");
  if (!(VPC_ATTRIBUTES as readonly string[]).includes(attribute)) {
    throw new AwsError("InvalidParameterValue", `Value (${attribute}) for parameter attribute is invalid.`);
  }
  return { vpcId: vpc.vpcId, [attribute]: { value: vpc[attribute as VpcAttribute] } };
};

export const vpcActions: Record<string, Ec2Handler> = {
  CreateVpc: honours(
    createVpc,
    "AmazonProvidedIpv6CidrBlock",
    "CidrBlock",
    "InstanceTenancy",
    "TagSpecification",
  ),
  DeleteVpc: honours(deleteVpc, "VpcId"),
  DescribeVpcs: honours(describeVpcs, "VpcId", "Filter", "MaxResults", "NextToken"),
  ModifyVpcAttribute: honours(
    modifyVpcAttribute,
    "EnableNetworkAddressUsageMetrics",
    "VpcId",
    "EnableDnsSupport",
    "EnableDnsHostnames",
  ),
  DescribeVpcAttribute: honours(describeVpcAttribute, "VpcId", "Attribute"),
};

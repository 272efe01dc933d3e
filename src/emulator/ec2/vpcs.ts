// CreateVpc, DeleteVpc, DescribeVpcs, ModifyVpcAttribute, DescribeVpcAttribute: read the
// parameters, apply the rules (./vpc-model.ts), shape the reply.

import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import { describeRecords } from "./describe.ts";
import type { Ec2Handler } from "./handler.ts";
import { vpcIpv6Xml } from "./ipv6-blocks.ts";
import { getVpc } from "./lookups.ts";
import type { VpcRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, tagSetOf } from "./tagging.ts";
import {
  addVpc,
  type CreateVpcInput,
  checkBlockSize,
  removeVpc,
  setVpcAttribute,
  VPC_ATTRIBUTES,
  type VpcAttribute,
  type VpcAttributeChange,
} from "./vpc-model.ts";

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

function readCreateVpc(params: QueryParams): CreateVpcInput {
  const tags = readTagSpecifications(params, "vpc");
  const cidrBlock = checkBlockSize(params.requireString("CidrBlock"), "InvalidVpc.Range");
  const tenancy = params.string("InstanceTenancy") ?? "default";
  if (tenancy !== "default" && tenancy !== "dedicated") {
    throw new AwsError(
      "InvalidParameterValue",
      `Value (${tenancy}) for parameter instanceTenancy is invalid.`,
    );
  }
  return {
    cidrBlock,
    instanceTenancy: tenancy,
    amazonProvidedIpv6CidrBlock: params.bool("AmazonProvidedIpv6CidrBlock") === true,
    tags,
  };
}

const createVpc: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const vpc = addVpc(state, ctx.emulator, readCreateVpc(params));
  return { vpc: { ...vpcXml(state, vpc), state: "pending" } };
};

const deleteVpc: Ec2Handler = (ctx, params) => {
  removeVpc(ctx.backend.ec2, params.requireString("VpcId"), ctx.emulator.clock.now());
  return { return: true };
};

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

function readVpcAttributeChange(params: QueryParams): VpcAttributeChange {
  const changes = VPC_ATTRIBUTES.flatMap((name) => {
    const value = params.object(name.charAt(0).toUpperCase() + name.slice(1))?.bool("Value");
    return value === undefined ? [] : [{ name, value }];
  });
  if (changes.length !== 1) {
    throw new AwsError(
      "InvalidParameterCombination",
      "Exactly one attribute (EnableDnsSupport, EnableDnsHostnames or EnableNetworkAddressUsageMetrics) must be specified per request.",
    );
  }
  return { vpcId: params.requireString("VpcId"), ...(changes[0] as (typeof changes)[number]) };
}

const modifyVpcAttribute: Ec2Handler = (ctx, params) => {
  setVpcAttribute(ctx.backend.ec2, readVpcAttributeChange(params));
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

// IPv6 for VPCs and subnets on the wire: AssociateVpcCidrBlock (an Amazon-provided /56 only) and
// AssociateSubnetCidrBlock (a /64 of the VPC's block), and the IPv6 part of DescribeVpcs' and
// DescribeSubnets' replies; the rules are in ./ipv6-block-model.ts. The replies say "associating" and
// Describe says "associated", as the AWS CLI's examples show. BYOIP pools, IPAM and network border
// groups are refused.

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./handler.ts";
import { associateAmazonIpv6, associateSubnetIpv6 } from "./ipv6-block-model.ts";
import { getVpc } from "./lookups.ts";
import type { SubnetRecord, VpcRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";

/** The IPv6 part of DescribeVpcs' reply. */
export function vpcIpv6Xml(
  state: Ec2State,
  vpc: VpcRecord,
  blockState = "associated",
): Record<string, unknown>[] {
  if (vpc.ipv6 === undefined) return [];
  return [
    {
      associationId: vpc.ipv6.associationId,
      ipv6CidrBlock: vpc.ipv6.cidrBlock,
      ipv6CidrBlockState: { state: blockState },
      networkBorderGroup: state.region,
      ipv6Pool: "Amazon",
    },
  ];
}

/** The IPv6 part of DescribeSubnets' reply. */
export function subnetIpv6Xml(subnet: SubnetRecord, blockState = "associated"): Record<string, unknown>[] {
  if (subnet.ipv6 === undefined) return [];
  return [
    {
      associationId: subnet.ipv6.associationId,
      ipv6CidrBlock: subnet.ipv6.cidrBlock,
      ipv6CidrBlockState: { state: blockState },
    },
  ];
}

const associateVpcCidrBlock: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const vpc = getVpc(state, params.requireString("VpcId"));
  if (params.bool("AmazonProvidedIpv6CidrBlock") !== true) {
    throw new AwsError(
      "UnsupportedOperation",
      "The emulator associates Amazon-provided IPv6 blocks only (AmazonProvidedIpv6CidrBlock=true); secondary IPv4 blocks, BYOIP pools and IPAM are not modelled.",
    );
  }
  associateAmazonIpv6(state, ctx.emulator, vpc);
  return { vpcId: vpc.vpcId, ipv6CidrBlockAssociation: vpcIpv6Xml(state, vpc, "associating")[0] };
};

const associateSubnetCidrBlock: Ec2Handler = (ctx, params) => {
  const subnet = associateSubnetIpv6(ctx.backend.ec2, ctx.emulator, {
    subnetId: params.requireString("SubnetId"),
    cidrBlock: params.requireString("Ipv6CidrBlock"),
  });
  return { subnetId: subnet.subnetId, ipv6CidrBlockAssociation: subnetIpv6Xml(subnet, "associating")[0] };
};

export const ipv6BlockActions: Record<string, Ec2Handler> = {
  AssociateVpcCidrBlock: honours(associateVpcCidrBlock, "VpcId", "AmazonProvidedIpv6CidrBlock"),
  AssociateSubnetCidrBlock: honours(associateSubnetCidrBlock, "SubnetId", "Ipv6CidrBlock"),
};

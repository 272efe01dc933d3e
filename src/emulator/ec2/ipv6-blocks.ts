// IPv6 for VPCs and subnets: AssociateVpcCidrBlock (an Amazon-provided /56 only) and
// AssociateSubnetCidrBlock (a /64 of the VPC's block). What AWS does on association, as the VPC
// User Guide documents it:
// - every route table of the VPC gets a local route for the block (route-tables.html, "Local route");
// - the default network ACL gets rules 101 allowing all IPv6 traffic in and out, unless its rules in
//   that direction were changed (default-network-acl.html);
// - a subnet's block is a /64 inside the VPC's block, not overlapping another subnet's
//   (vpc-migrate-ipv6.html, "Associate an IPv6 CIDR block with your subnet").
// Amazon's IPv6 pool is public address space; the emulator hands out /56 blocks from the IPv6
// documentation range 2001:db8::/32 (RFC 3849) instead, as it uses documentation ranges elsewhere.
// The replies say "associating" and Describe says "associated", as the AWS CLI's examples show.
// One IPv6 block per VPC and per subnet; BYOIP pools, IPAM and network border groups are refused.

import { cidrContains, cidrsOverlap, formatIpv6, parseIpv6, parseIpv6Cidr } from "../../egress/ip.ts";
import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./actions.ts";
import { getSubnet, getVpc } from "./lookups.ts";
import type { NetworkAclEntryRecord, SubnetRecord, VpcRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { defaultNetworkAclOf } from "./vpc-model.ts";

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

/** Gives the VPC an Amazon-provided /56, with what AWS adds along with it. */
export function associateAmazonIpv6(state: Ec2State, emulator: Emulator, vpc: VpcRecord): void {
  if (vpc.ipv6 !== undefined) {
    throw new AwsError(
      "UnsupportedOperation",
      `${vpc.vpcId} already has the IPv6 block ${vpc.ipv6.cidrBlock}; the emulator models one IPv6 block per VPC.`,
    );
  }
  const taken = new Set([...state.vpcs.values()].map((other) => other.ipv6?.cidrBlock));
  let cidrBlock: string;
  // Written in the RFC 5952 canonical form, as AWS writes blocks ("2001:db8:1234::/56" when the
  // fourth group is zero).
  do cidrBlock = `${formatIpv6(parseIpv6(`2001:db8:${emulator.hex(4)}:${emulator.hex(2)}00::`) ?? 0n)}/56`;
  while (taken.has(cidrBlock));
  vpc.ipv6 = { cidrBlock, associationId: emulator.newId("cidrAssociation") };
  for (const table of state.routeTables.values()) {
    if (table.vpcId !== vpc.vpcId) continue;
    table.routes.push({
      destinationIpv6CidrBlock: cidrBlock,
      gatewayId: "local",
      origin: "CreateRouteTable",
    });
  }
  const acl = defaultNetworkAclOf(state, vpc.vpcId);
  if (acl === undefined) return;
  for (const egress of [true, false]) {
    const entries = acl.entries.filter((entry) => entry.egress === egress);
    if (entries.length !== 1 || !isDefaultAllowAll(entries[0])) continue;
    acl.entries.push({ ruleNumber: 101, egress, protocol: "-1", ruleAction: "allow", ipv6CidrBlock: "::/0" });
  }
}

function isDefaultAllowAll(entry: NetworkAclEntryRecord | undefined): boolean {
  return (
    entry?.ruleNumber === 100 &&
    entry.protocol === "-1" &&
    entry.ruleAction === "allow" &&
    entry.cidrBlock === "0.0.0.0/0"
  );
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
  const state = ctx.backend.ec2;
  const subnet = getSubnet(state, params.requireString("SubnetId"));
  const cidrBlock = params.requireString("Ipv6CidrBlock");
  const range = parseIpv6Cidr(cidrBlock);
  if (range === null || !cidrBlock.includes("/")) {
    throw new AwsError(
      "InvalidParameterValue",
      `Value (${cidrBlock}) for parameter ipv6CidrBlock is invalid. This is not a valid IPv6 CIDR block.`,
    );
  }
  const vpc = getVpc(state, subnet.vpcId);
  if (range.prefix !== 64 || vpc.ipv6 === undefined || !cidrContains(vpc.ipv6.cidrBlock, cidrBlock)) {
    throw new AwsError("InvalidSubnet.Range", `The CIDR '${cidrBlock}' is invalid.`);
  }
  if (subnet.ipv6 !== undefined) {
    throw new AwsError(
      "UnsupportedOperation",
      `${subnet.subnetId} already has the IPv6 block ${subnet.ipv6.cidrBlock}; the emulator models one IPv6 block per subnet.`,
    );
  }
  for (const other of state.subnets.values()) {
    if (
      other.vpcId === vpc.vpcId &&
      other.ipv6 !== undefined &&
      cidrsOverlap(other.ipv6.cidrBlock, cidrBlock)
    ) {
      throw new AwsError("InvalidSubnet.Conflict", `The CIDR '${cidrBlock}' conflicts with another subnet`);
    }
  }
  subnet.ipv6 = { cidrBlock, associationId: ctx.emulator.newId("subnetCidrAssociation") };
  return { subnetId: subnet.subnetId, ipv6CidrBlockAssociation: subnetIpv6Xml(subnet, "associating")[0] };
};

export const ipv6BlockActions: Record<string, Ec2Handler> = {
  AssociateVpcCidrBlock: honours(associateVpcCidrBlock, "VpcId", "AmazonProvidedIpv6CidrBlock"),
  AssociateSubnetCidrBlock: honours(associateSubnetCidrBlock, "SubnetId", "Ipv6CidrBlock"),
};

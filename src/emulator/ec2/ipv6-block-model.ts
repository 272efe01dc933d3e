// The rules of IPv6 blocks for VPCs and subnets, apart from the wire (ipv6-blocks.ts reads the
// parameters of AssociateVpcCidrBlock and AssociateSubnetCidrBlock and shapes their replies; CreateVpc
// with AmazonProvidedIpv6CidrBlock comes here too, through vpc-model.ts). What AWS does on association,
// as the VPC User Guide documents it:
// - every route table of the VPC gets a local route for the block (route-tables.html, "Local route");
// - the default network ACL gets rules 101 allowing all IPv6 traffic in and out, unless its rules in
//   that direction were changed (default-network-acl.html);
// - a subnet's block is a /64 inside the VPC's block, not overlapping another subnet's
//   (vpc-migrate-ipv6.html, "Associate an IPv6 CIDR block with your subnet").
// Amazon's IPv6 pool is public address space; the emulator hands out /56 blocks from the IPv6
// documentation range 2001:db8::/32 (RFC 3849) instead, as it uses documentation ranges elsewhere.
// One IPv6 block per VPC and per subnet.

import { cidrContains, cidrsOverlap, formatIpv6, parseIpv6, parseIpv6Cidr } from "../../egress/ip.ts";
import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import { getSubnet, getVpc } from "./lookups.ts";
import type { NetworkAclEntryRecord, SubnetRecord, VpcRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { defaultNetworkAclOf } from "./vpc-parts.ts";

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

/** A /64 of the VPC's block that no other subnet of the VPC overlaps. */
export function associateSubnetIpv6(
  state: Ec2State,
  emulator: Emulator,
  input: { subnetId: string; cidrBlock: string },
): SubnetRecord {
  const subnet = getSubnet(state, input.subnetId);
  const { cidrBlock } = input;
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
  subnet.ipv6 = { cidrBlock, associationId: emulator.newId("subnetCidrAssociation") };
  return subnet;
}

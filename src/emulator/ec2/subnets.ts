// CreateSubnet, DeleteSubnet, DescribeSubnets, ModifySubnetAttribute (MapPublicIpOnLaunch): read
// the parameters, apply the rules (./subnet-model.ts), shape the reply.

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import { describeRecords } from "./describe.ts";
import type { Ec2Handler } from "./handler.ts";
import { availableIpCount } from "./interfaces.ts";
import { subnetIpv6Xml } from "./ipv6-blocks.ts";
import type { SubnetRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { addSubnet, removeSubnet, setMapPublicIpOnLaunch } from "./subnet-model.ts";
import { readTagSpecifications, tagSetOf } from "./tagging.ts";

function subnetArn(state: Ec2State, subnet: SubnetRecord): string {
  return `arn:aws:ec2:${state.region}:${state.ownerId}:subnet/${subnet.subnetId}`;
}

export function subnetXml(state: Ec2State, subnet: SubnetRecord): Record<string, unknown> {
  return {
    subnetId: subnet.subnetId,
    subnetArn: subnetArn(state, subnet),
    state: "available",
    vpcId: subnet.vpcId,
    ownerId: state.ownerId,
    cidrBlock: subnet.cidrBlock,
    availableIpAddressCount: availableIpCount(state, subnet.subnetId, subnet.cidrBlock),
    availabilityZone: subnet.availabilityZone,
    availabilityZoneId: subnet.availabilityZoneId,
    defaultForAz: subnet.defaultForAz,
    mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch,
    // What AWS returns for an IPv4-only subnet created without options (EC2 API Reference, Subnet:
    // hostname type ip-name by default; DNS64, IPv6-only and customer-owned IPs off).
    mapCustomerOwnedIpOnLaunch: false,
    enableDns64: false,
    ipv6Native: false,
    privateDnsNameOptionsOnLaunch: {
      hostnameType: "ip-name",
      enableResourceNameDnsARecord: false,
      enableResourceNameDnsAAAARecord: false,
    },
    assignIpv6AddressOnCreation: false,
    ipv6CidrBlockAssociationSet: subnetIpv6Xml(subnet),
    ...tagSetOf(state, subnet.subnetId),
  };
}

const createSubnet: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const subnet = addSubnet(state, ctx.emulator, {
    tags: readTagSpecifications(params, "subnet"),
    vpcId: params.requireString("VpcId"),
    cidrBlock: params.requireString("CidrBlock"),
    availabilityZone: params.string("AvailabilityZone") ?? params.string("AvailabilityZoneId"),
  });
  return { subnet: { ...subnetXml(state, subnet), state: "pending" } };
};

const deleteSubnet: Ec2Handler = (ctx, params) => {
  removeSubnet(ctx.backend.ec2, params.requireString("SubnetId"));
  return { return: true };
};

const describeSubnets: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const page = describeRecords(ctx, params, {
    action: "DescribeSubnets",
    kind: "subnet",
    idParam: "SubnetId",
    records: state.subnets,
    limits: { min: 5, max: 1000 },
    filters: {
      "subnet-id": (s) => s.subnetId,
      "subnet-arn": (s) => subnetArn(state, s),
      "vpc-id": (s) => s.vpcId,
      "cidr-block": (s) => s.cidrBlock,
      "availability-zone": (s) => s.availabilityZone,
      "availability-zone-id": (s) => s.availabilityZoneId,
      "default-for-az": (s) => s.defaultForAz,
      "map-public-ip-on-launch": (s) => s.mapPublicIpOnLaunch,
      "map-customer-owned-ip-on-launch": () => false,
      "enable-dns64": () => false,
      "ipv6-native": () => false,
      "private-dns-name-options-on-launch.hostname-type": () => "ip-name",
      "private-dns-name-options-on-launch.enable-resource-name-dns-a-record": () => false,
      "private-dns-name-options-on-launch.enable-resource-name-dns-aaaa-record": () => false,
      "owner-id": () => state.ownerId,
      state: () => "available",
      "available-ip-address-count": (s) => availableIpCount(state, s.subnetId, s.cidrBlock),
      // No Outposts, customer-owned pools or LNI in the emulator (CreateSubnet refuses OutpostArn).
      "outpost-arn": () => undefined,
      "customer-owned-ipv4-pool": () => undefined,
      "enable-lni-at-device-index": () => undefined,
      "ipv6-cidr-block-association.ipv6-cidr-block": (s) => s.ipv6?.cidrBlock,
      "ipv6-cidr-block-association.association-id": (s) => s.ipv6?.associationId,
      "ipv6-cidr-block-association.state": (s) => (s.ipv6 === undefined ? undefined : "associated"),
    },
  });
  return { subnetSet: page.items.map((s) => subnetXml(state, s)), nextToken: page.nextToken };
};

const modifySubnetAttribute: Ec2Handler = (ctx, params) => {
  const value = params.object("MapPublicIpOnLaunch")?.bool("Value");
  if (value === undefined) {
    throw new AwsError("InvalidParameterCombination", "The emulator supports only MapPublicIpOnLaunch.");
  }
  setMapPublicIpOnLaunch(ctx.backend.ec2, { subnetId: params.requireString("SubnetId"), value });
  return { return: true };
};

export const subnetActions: Record<string, Ec2Handler> = {
  CreateSubnet: honours(
    createSubnet,
    "Ipv6Native=false",
    "VpcId",
    "CidrBlock",
    "AvailabilityZone",
    "AvailabilityZoneId",
    "TagSpecification",
  ),
  DeleteSubnet: honours(deleteSubnet, "SubnetId"),
  DescribeSubnets: honours(describeSubnets, "SubnetId", "Filter", "MaxResults", "NextToken"),
  ModifySubnetAttribute: honours(modifySubnetAttribute, "SubnetId", "MapPublicIpOnLaunch"),
};

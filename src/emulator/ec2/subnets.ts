// CreateSubnet, DeleteSubnet, DescribeSubnets, ModifySubnetAttribute (MapPublicIpOnLaunch).

import { AwsError } from "../errors.ts";
import type { Ec2Handler } from "./actions.ts";
import { describeRecords } from "./describe.ts";
import { availableIpCount } from "./interfaces.ts";
import { getSubnet, getVpc } from "./lookups.ts";
import type { SubnetRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { insertSubnet } from "./subnet-model.ts";
import { applyTagSpecifications, dropTags, tagSetOf } from "./tagging.ts";

export function subnetXml(state: Ec2State, subnet: SubnetRecord): Record<string, unknown> {
  return {
    subnetId: subnet.subnetId,
    subnetArn: `arn:aws:ec2:${state.region}:${state.ownerId}:subnet/${subnet.subnetId}`,
    state: "available",
    vpcId: subnet.vpcId,
    ownerId: state.ownerId,
    cidrBlock: subnet.cidrBlock,
    availableIpAddressCount: availableIpCount(state, subnet.subnetId, subnet.cidrBlock),
    availabilityZone: subnet.availabilityZone,
    availabilityZoneId: subnet.availabilityZoneId,
    defaultForAz: subnet.defaultForAz,
    mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch,
    assignIpv6AddressOnCreation: false,
    ipv6CidrBlockAssociationSet: [],
    ...tagSetOf(state, subnet.subnetId),
  };
}

const createSubnet: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const vpc = getVpc(state, params.requireString("VpcId"));
  const zone =
    params.string("AvailabilityZone") ??
    params.string("AvailabilityZoneId") ??
    // AWS picks a zone when none is given.
    state.availabilityZones[0]?.zoneName ??
    "";
  const subnet = insertSubnet(state, ctx.emulator, {
    vpcId: vpc.vpcId,
    cidrBlock: params.requireString("CidrBlock"),
    availabilityZone: zone,
    defaultForAz: false,
  });
  applyTagSpecifications(state, params, "subnet", subnet.subnetId);
  ctx.emulator.faults.created(subnet.subnetId);
  return { subnet: { ...subnetXml(state, subnet), state: "pending" } };
};

const deleteSubnet: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const subnet = getSubnet(state, params.requireString("SubnetId"));
  for (const eni of state.networkInterfaces.values()) {
    if (eni.subnetId === subnet.subnetId) {
      throw new AwsError(
        "DependencyViolation",
        `The subnet '${subnet.subnetId}' has dependencies and cannot be deleted.`,
      );
    }
  }
  state.subnets.delete(subnet.subnetId);
  dropTags(state, subnet.subnetId);
  for (const acl of state.networkAcls.values()) acl.associations.delete(subnet.subnetId);
  for (const table of state.routeTables.values()) {
    table.associations = table.associations.filter((a) => a.subnetId !== subnet.subnetId);
  }
  return { return: true };
};

const describeSubnets: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const page = describeRecords(ctx, params, {
    kind: "subnet",
    idParam: "SubnetId",
    records: state.subnets,
    limits: { min: 5, max: 1000 },
    fields: (s) => ({
      "subnet-id": s.subnetId,
      "vpc-id": s.vpcId,
      "cidr-block": s.cidrBlock,
      cidr: s.cidrBlock,
      cidrBlock: s.cidrBlock,
      "availability-zone": s.availabilityZone,
      availabilityZone: s.availabilityZone,
      "availability-zone-id": s.availabilityZoneId,
      "default-for-az": s.defaultForAz,
      defaultForAz: s.defaultForAz,
      "map-public-ip-on-launch": s.mapPublicIpOnLaunch,
      "owner-id": state.ownerId,
      state: "available",
      "available-ip-address-count": String(availableIpCount(state, s.subnetId, s.cidrBlock)),
    }),
  });
  return { subnetSet: page.items.map((s) => subnetXml(state, s)), nextToken: page.nextToken };
};

const modifySubnetAttribute: Ec2Handler = (ctx, params) => {
  const subnet = getSubnet(ctx.backend.ec2, params.requireString("SubnetId"));
  const value = params.object("MapPublicIpOnLaunch")?.bool("Value");
  if (value === undefined) {
    throw new AwsError("InvalidParameterCombination", "The emulator supports only MapPublicIpOnLaunch.");
  }
  subnet.mapPublicIpOnLaunch = value;
  return { return: true };
};

export const subnetActions: Record<string, Ec2Handler> = {
  CreateSubnet: createSubnet,
  DeleteSubnet: deleteSubnet,
  DescribeSubnets: describeSubnets,
  ModifySubnetAttribute: modifySubnetAttribute,
};

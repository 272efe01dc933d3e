// The rules of subnets, apart from the wire (subnets.ts reads parameters and shapes replies).
// Creating a subnet: the block must lie inside the VPC (InvalidSubnet.Range), must not overlap
// another subnet of the VPC (InvalidSubnet.Conflict) and is associated with the VPC's default
// network ACL until another ACL replaces it. A subnet with network interfaces cannot be deleted.

import { cidrContains, cidrsOverlap } from "../../egress/ip.ts";
import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import { getSubnet, getVpc } from "./lookups.ts";
import type { SubnetRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { announceNew, removeWithTags } from "./store.ts";
import type { TagInput } from "./tagging.ts";
import { checkBlockSize } from "./vpc-model.ts";
import { defaultNetworkAclOf } from "./vpc-parts.ts";

export function insertSubnet(
  state: Ec2State,
  emulator: Emulator,
  input: { vpcId: string; cidrBlock: string; availabilityZone: string; defaultForAz: boolean },
): SubnetRecord {
  const vpc = state.vpcs.get(input.vpcId);
  if (!vpc) throw new AwsError("InvalidVpcID.NotFound", `The vpc ID '${input.vpcId}' does not exist`);
  checkBlockSize(input.cidrBlock, "InvalidSubnet.Range");
  if (!cidrContains(vpc.cidrBlock, input.cidrBlock)) {
    throw new AwsError("InvalidSubnet.Range", `The CIDR '${input.cidrBlock}' is invalid.`);
  }
  for (const other of state.subnets.values()) {
    if (other.vpcId === vpc.vpcId && cidrsOverlap(other.cidrBlock, input.cidrBlock)) {
      throw new AwsError(
        "InvalidSubnet.Conflict",
        `The CIDR '${input.cidrBlock}' conflicts with another subnet`,
      );
    }
  }
  const zone = state.availabilityZones.find(
    (z) => z.zoneName === input.availabilityZone || z.zoneId === input.availabilityZone,
  );
  if (!zone) {
    throw new AwsError(
      "InvalidParameterValue",
      `Value (${input.availabilityZone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${state.availabilityZones.map((z) => z.zoneName).join(", ")}.`,
    );
  }
  const subnet: SubnetRecord = {
    subnetId: emulator.newId("subnet"),
    vpcId: vpc.vpcId,
    cidrBlock: input.cidrBlock,
    availabilityZone: zone.zoneName,
    availabilityZoneId: zone.zoneId,
    defaultForAz: input.defaultForAz,
    mapPublicIpOnLaunch: input.defaultForAz,
  };
  state.subnets.set(subnet.subnetId, subnet);
  const acl = defaultNetworkAclOf(state, vpc.vpcId);
  acl?.associations.set(subnet.subnetId, emulator.newId("networkAclAssociation"));
  return subnet;
}

export interface CreateSubnetInput {
  vpcId: string;
  cidrBlock: string;
  /** A zone name or ID; AWS picks a zone when none is given. */
  availabilityZone: string | undefined;
  tags: TagInput[];
}

/** CreateSubnet: a subnet of an existing VPC, with its tags. */
export function addSubnet(state: Ec2State, emulator: Emulator, input: CreateSubnetInput): SubnetRecord {
  const vpc = getVpc(state, input.vpcId);
  const subnet = insertSubnet(state, emulator, {
    vpcId: vpc.vpcId,
    cidrBlock: input.cidrBlock,
    availabilityZone: input.availabilityZone ?? state.availabilityZones[0]?.zoneName ?? "",
    defaultForAz: false,
  });
  announceNew(state, emulator, subnet.subnetId, input.tags);
  return subnet;
}

/** DeleteSubnet: refused while a network interface is in it; its ACL and route table associations go with it. */
export function removeSubnet(state: Ec2State, subnetId: string): void {
  const subnet = getSubnet(state, subnetId);
  for (const eni of state.networkInterfaces.values()) {
    if (eni.subnetId === subnet.subnetId) {
      throw new AwsError(
        "DependencyViolation",
        `The subnet '${subnet.subnetId}' has dependencies and cannot be deleted.`,
      );
    }
  }
  removeWithTags(state, state.subnets, subnet.subnetId);
  for (const acl of state.networkAcls.values()) acl.associations.delete(subnet.subnetId);
  for (const table of state.routeTables.values()) {
    table.associations = table.associations.filter((a) => a.subnetId !== subnet.subnetId);
  }
}

export function setMapPublicIpOnLaunch(state: Ec2State, input: { subnetId: string; value: boolean }): void {
  getSubnet(state, input.subnetId).mapPublicIpOnLaunch = input.value;
}

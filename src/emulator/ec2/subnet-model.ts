// Creating a subnet: the block must lie inside the VPC (InvalidSubnet.Range), must not overlap
// another subnet of the VPC (InvalidSubnet.Conflict) and is associated with the VPC's default
// network ACL until another ACL replaces it.

import { cidrContains, cidrsOverlap } from "../../egress/ip.ts";
import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import type { SubnetRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { checkBlockSize, defaultNetworkAclOf } from "./vpc-model.ts";

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

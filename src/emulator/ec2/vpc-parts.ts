// The parts AWS creates with every VPC (vpc-model.ts), found by the VPC's ID: its main route table,
// its default network ACL and its default security group.

import type { Ec2State } from "./state.ts";

export function mainRouteTableOf(state: Ec2State, vpcId: string) {
  for (const table of state.routeTables.values()) {
    if (table.vpcId === vpcId && table.associations.some((a) => a.main)) return table;
  }
  return undefined;
}

export function defaultNetworkAclOf(state: Ec2State, vpcId: string) {
  for (const acl of state.networkAcls.values()) if (acl.vpcId === vpcId && acl.isDefault) return acl;
  return undefined;
}

export function defaultSecurityGroupOf(state: Ec2State, vpcId: string) {
  for (const group of state.securityGroups.values()) {
    if (group.vpcId === vpcId && group.groupName === "default") return group;
  }
  return undefined;
}

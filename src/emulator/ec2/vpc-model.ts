// Creating a VPC with the parts AWS creates with it: the main route table (local route), the
// default security group (all egress; ingress from itself) and the default network ACL (rule 100
// allows all traffic in and out). Source: VPC User Guide, "VPC configuration options", "Default
// security groups for your VPCs", "Default network ACL".

import { parseCidr } from "../../egress/ip.ts";
import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import type { VpcRecord } from "./records.ts";
import { newSecurityGroupRule } from "./security-group-rules.ts";
import type { Ec2State } from "./state.ts";

/** VPC and subnet blocks must be /16 to /28 (VPC User Guide, "VPC CIDR blocks"). */
export function checkBlockSize(cidr: string, code: "InvalidVpc.Range" | "InvalidSubnet.Range"): string {
  const range = parseCidr(cidr);
  if (range === null || !/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(cidr)) {
    throw new AwsError(
      "InvalidParameterValue",
      `Value (${cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`,
    );
  }
  if (range.prefix < 16 || range.prefix > 28) {
    throw new AwsError(code, `The CIDR '${cidr}' is invalid.`);
  }
  return cidr;
}

export function insertVpc(
  state: Ec2State,
  emulator: Emulator,
  input: { cidrBlock: string; isDefault: boolean },
): VpcRecord {
  const vpc: VpcRecord = {
    vpcId: emulator.newId("vpc"),
    cidrBlock: input.cidrBlock,
    cidrAssociationId: emulator.newId("cidrAssociation"),
    dhcpOptionsId: `dopt-${emulator.hex(17)}`,
    isDefault: input.isDefault,
    instanceTenancy: "default",
    enableDnsSupport: true,
    // Default VPCs resolve public DNS hostnames; new VPCs do not until enabled.
    enableDnsHostnames: input.isDefault,
    enableNetworkAddressUsageMetrics: false,
  };
  state.vpcs.set(vpc.vpcId, vpc);

  const routeTableId = emulator.newId("routeTable");
  state.routeTables.set(routeTableId, {
    routeTableId,
    vpcId: vpc.vpcId,
    routes: [{ destinationCidrBlock: vpc.cidrBlock, gatewayId: "local", origin: "CreateRouteTable" }],
    associations: [{ routeTableAssociationId: emulator.newId("routeTableAssociation"), main: true }],
  });

  const groupId = emulator.newId("securityGroup");
  state.securityGroups.set(groupId, {
    groupId,
    groupName: "default",
    description: input.isDefault ? "default VPC security group" : "default VPC security group",
    vpcId: vpc.vpcId,
    rules: [
      newSecurityGroupRule(emulator, { isEgress: false, ipProtocol: "-1", referencedGroupId: groupId }),
      newSecurityGroupRule(emulator, { isEgress: true, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }),
    ],
  });

  const networkAclId = emulator.newId("networkAcl");
  state.networkAcls.set(networkAclId, {
    networkAclId,
    vpcId: vpc.vpcId,
    isDefault: true,
    entries: [
      { ruleNumber: 100, egress: true, protocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0" },
      { ruleNumber: 100, egress: false, protocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0" },
    ],
    associations: new Map(),
  });
  return vpc;
}

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

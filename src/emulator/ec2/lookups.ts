// Finding records by ID with AWS's errors: a malformed ID gives InvalidXxxID.Malformed, an unknown
// one InvalidXxxID.NotFound (codes and messages as the EC2 API returns them; see "Error codes for
// the Amazon EC2 API", docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).

import { AwsError } from "../errors.ts";
import type { Ec2State } from "./state.ts";

interface IdKindRule {
  prefix: string;
  notFound: string;
  malformed: string;
  message: (id: string) => string;
}

export const ID_RULES = {
  vpc: {
    prefix: "vpc",
    notFound: "InvalidVpcID.NotFound",
    malformed: "InvalidVpcID.Malformed",
    message: (id) => `The vpc ID '${id}' does not exist`,
  },
  subnet: {
    prefix: "subnet",
    notFound: "InvalidSubnetID.NotFound",
    malformed: "InvalidSubnetID.Malformed",
    message: (id) => `The subnet ID '${id}' does not exist`,
  },
  internetGateway: {
    prefix: "igw",
    notFound: "InvalidInternetGatewayID.NotFound",
    malformed: "InvalidInternetGatewayID.Malformed",
    message: (id) => `The internetGateway ID '${id}' does not exist`,
  },
  allocation: {
    prefix: "eipalloc",
    notFound: "InvalidAllocationID.NotFound",
    malformed: "InvalidAllocationID.Malformed",
    message: (id) => `The allocation ID '${id}' does not exist`,
  },
  natGateway: {
    prefix: "nat",
    notFound: "NatGatewayNotFound",
    malformed: "NatGatewayMalformed",
    message: (id) => `The Nat Gateway ${id} was not found`,
  },
  routeTable: {
    prefix: "rtb",
    notFound: "InvalidRouteTableID.NotFound",
    malformed: "InvalidRouteTableID.Malformed",
    message: (id) => `The routeTable ID '${id}' does not exist`,
  },
  securityGroup: {
    prefix: "sg",
    notFound: "InvalidGroup.NotFound",
    malformed: "InvalidGroupId.Malformed",
    message: (id) => `The security group '${id}' does not exist`,
  },
  securityGroupRule: {
    prefix: "sgr",
    notFound: "InvalidSecurityGroupRuleId.NotFound",
    malformed: "InvalidSecurityGroupRuleId.Malformed",
    message: (id) => `The security group rule ID '${id}' does not exist`,
  },
  networkAcl: {
    prefix: "acl",
    notFound: "InvalidNetworkAclID.NotFound",
    malformed: "InvalidNetworkAclID.Malformed",
    message: (id) => `The networkAcl ID '${id}' does not exist`,
  },
  networkInterface: {
    prefix: "eni",
    notFound: "InvalidNetworkInterfaceID.NotFound",
    malformed: "InvalidNetworkInterfaceID.Malformed",
    message: (id) => `The networkInterface ID '${id}' does not exist`,
  },
  vpcEndpoint: {
    prefix: "vpce",
    notFound: "InvalidVpcEndpointId.NotFound",
    malformed: "InvalidVpcEndpointId.Malformed",
    message: (id) => `The Vpc Endpoint Id '${id}' does not exist`,
  },
  prefixList: {
    prefix: "pl",
    notFound: "InvalidPrefixListID.NotFound",
    malformed: "InvalidPrefixListID.Malformed",
    message: (id) => `The prefix list ID '${id}' does not exist`,
  },
} satisfies Record<string, IdKindRule>;

export type LookupKind = keyof typeof ID_RULES;

/** AWS IDs are the prefix and 8 (older resources) or 17 lowercase hex digits. */
export function checkIdFormat(kind: LookupKind, id: string): void {
  const rule: IdKindRule = ID_RULES[kind];
  if (!new RegExp(`^${rule.prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`).test(id)) {
    throw new AwsError(rule.malformed, `Invalid id: "${id}" (expecting "${rule.prefix}-...")`);
  }
}

export function notFoundError(kind: LookupKind, id: string): AwsError {
  const rule: IdKindRule = ID_RULES[kind];
  return new AwsError(rule.notFound, rule.message(id));
}

/** The record, or AWS's Malformed / NotFound error. */
export function findOrThrow<T>(kind: LookupKind, map: Map<string, T>, id: string): T {
  checkIdFormat(kind, id);
  const record = map.get(id);
  if (record === undefined) throw notFoundError(kind, id);
  return record;
}

export const getVpc = (state: Ec2State, id: string) => findOrThrow("vpc", state.vpcs, id);
export const getSubnet = (state: Ec2State, id: string) => findOrThrow("subnet", state.subnets, id);
export const getSecurityGroup = (state: Ec2State, id: string) =>
  findOrThrow("securityGroup", state.securityGroups, id);
export const getInternetGateway = (state: Ec2State, id: string) =>
  findOrThrow("internetGateway", state.internetGateways, id);
export const getRouteTable = (state: Ec2State, id: string) =>
  findOrThrow("routeTable", state.routeTables, id);
export const getNatGateway = (state: Ec2State, id: string) =>
  findOrThrow("natGateway", state.natGateways, id);
export const getAddress = (state: Ec2State, id: string) => findOrThrow("allocation", state.addresses, id);
export const getNetworkAcl = (state: Ec2State, id: string) =>
  findOrThrow("networkAcl", state.networkAcls, id);
export const getNetworkInterface = (state: Ec2State, id: string) =>
  findOrThrow("networkInterface", state.networkInterfaces, id);
export const getVpcEndpoint = (state: Ec2State, id: string) =>
  findOrThrow("vpcEndpoint", state.vpcEndpoints, id);

// Finding records by ID with AWS's errors: a malformed ID gives InvalidXxxID.Malformed, an unknown
// one InvalidXxxID.NotFound (codes and messages as the EC2 API returns them; see "Error codes for
// the Amazon EC2 API", docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
// Several unknown IDs in one call are all named, as AWS does: "The instance IDs 'i-1, i-2' do not
// exist" is AWS's text for instances (quoted from real replies in atlassian/gostatsd#94 and
// getmoto/moto#4903). For the other resources the same plural form is assumed: no real reply with
// several IDs was found for them.

import { AwsError, type Ec2ErrorCode } from "../errors.ts";
import type { Ec2State } from "./state.ts";

interface IdKindRule {
  prefix: string;
  notFound: Ec2ErrorCode;
  malformed: Ec2ErrorCode;
  message: (ids: readonly string[]) => string;
}

/** "The vpc ID 'vpc-1' does not exist" / "The vpc IDs 'vpc-1, vpc-2' do not exist". */
function idsMessage(noun: string): (ids: readonly string[]) => string {
  return (ids) =>
    ids.length === 1
      ? `The ${noun} ID '${ids[0]}' does not exist`
      : `The ${noun} IDs '${ids.join(", ")}' do not exist`;
}

export const ID_RULES = {
  vpc: {
    prefix: "vpc",
    notFound: "InvalidVpcID.NotFound",
    malformed: "InvalidVpcID.Malformed",
    message: idsMessage("vpc"),
  },
  subnet: {
    prefix: "subnet",
    notFound: "InvalidSubnetID.NotFound",
    malformed: "InvalidSubnetID.Malformed",
    message: idsMessage("subnet"),
  },
  internetGateway: {
    prefix: "igw",
    notFound: "InvalidInternetGatewayID.NotFound",
    malformed: "InvalidInternetGatewayID.Malformed",
    message: idsMessage("internetGateway"),
  },
  allocation: {
    prefix: "eipalloc",
    notFound: "InvalidAllocationID.NotFound",
    malformed: "InvalidAllocationID.Malformed",
    message: idsMessage("allocation"),
  },
  natGateway: {
    prefix: "nat",
    notFound: "NatGatewayNotFound",
    malformed: "NatGatewayMalformed",
    message: (ids) => `The Nat Gateway ${ids.join(", ")} was not found`,
  },
  routeTable: {
    prefix: "rtb",
    notFound: "InvalidRouteTableID.NotFound",
    malformed: "InvalidRouteTableID.Malformed",
    message: idsMessage("routeTable"),
  },
  securityGroup: {
    prefix: "sg",
    notFound: "InvalidGroup.NotFound",
    malformed: "InvalidGroupId.Malformed",
    message: (ids) =>
      ids.length === 1
        ? `The security group '${ids[0]}' does not exist`
        : `The security groups '${ids.join(", ")}' do not exist`,
  },
  securityGroupRule: {
    prefix: "sgr",
    notFound: "InvalidSecurityGroupRuleId.NotFound",
    malformed: "InvalidSecurityGroupRuleId.Malformed",
    message: idsMessage("security group rule"),
  },
  networkAcl: {
    prefix: "acl",
    notFound: "InvalidNetworkAclID.NotFound",
    malformed: "InvalidNetworkAclID.Malformed",
    message: idsMessage("networkAcl"),
  },
  networkInterface: {
    prefix: "eni",
    notFound: "InvalidNetworkInterfaceID.NotFound",
    malformed: "InvalidNetworkInterfaceID.Malformed",
    message: idsMessage("networkInterface"),
  },
  vpcEndpoint: {
    prefix: "vpce",
    notFound: "InvalidVpcEndpointId.NotFound",
    malformed: "InvalidVpcEndpointId.Malformed",
    message: (ids) => `The Vpc Endpoint Id '${ids.join(", ")}' does not exist`,
  },
  prefixList: {
    prefix: "pl",
    notFound: "InvalidPrefixListID.NotFound",
    malformed: "InvalidPrefixListID.Malformed",
    message: idsMessage("prefix list"),
  },
  instance: {
    prefix: "i",
    notFound: "InvalidInstanceID.NotFound",
    malformed: "InvalidInstanceID.Malformed",
    message: idsMessage("instance"),
  },
  image: {
    prefix: "ami",
    notFound: "InvalidAMIID.NotFound",
    malformed: "InvalidAMIID.Malformed",
    // AWS brackets the IDs: "The image id '[ami-0123]' does not exist" (one ID; the plural is assumed).
    message: (ids) =>
      ids.length === 1
        ? `The image id '[${ids[0]}]' does not exist`
        : `The image ids '[${ids.join(", ")}]' do not exist`,
  },
  // "Transit Gateway tgw-0123 was deleted or does not exist." (terraform-aws-modules/terraform-aws-transit-gateway#89);
  // the route table's text is quoted in terraform-provider-aws#11029; the attachment's follows them (assumed).
  transitGateway: {
    prefix: "tgw",
    notFound: "InvalidTransitGatewayID.NotFound",
    malformed: "InvalidTransitGatewayID.Malformed",
    message: (ids) => `Transit Gateway ${ids.join(", ")} was deleted or does not exist.`,
  },
  transitGatewayAttachment: {
    prefix: "tgw-attach",
    notFound: "InvalidTransitGatewayAttachmentID.NotFound",
    malformed: "InvalidTransitGatewayAttachmentID.Malformed",
    message: (ids) => `Transit Gateway Attachment ${ids.join(", ")} was deleted or does not exist.`,
  },
  transitGatewayRouteTable: {
    prefix: "tgw-rtb",
    notFound: "InvalidRouteTableID.NotFound",
    malformed: "InvalidRouteTableID.Malformed",
    message: (ids) => `Transit Gateway Route Table ${ids.join(", ")} was deleted or does not exist.`,
  },
  vpcPeeringConnection: {
    prefix: "pcx",
    notFound: "InvalidVpcPeeringConnectionID.NotFound",
    malformed: "InvalidVpcPeeringConnectionId.Malformed",
    message: idsMessage("vpcPeeringConnection"),
  },
  // Codes as real clients handle them (turbot/steampipe-plugin-aws, aws_vpc_egress_only_internet_gateway
  // ignores both); the message text is assumed, no real reply was found.
  egressOnlyInternetGateway: {
    prefix: "eigw",
    notFound: "InvalidEgressOnlyInternetGatewayId.NotFound",
    malformed: "InvalidEgressOnlyInternetGatewayId.Malformed",
    message: idsMessage("egress-only internet gateway"),
  },
  dhcpOptions: {
    prefix: "dopt",
    notFound: "InvalidDhcpOptionID.NotFound",
    malformed: "InvalidDhcpOptionsId.Malformed",
    message: idsMessage("dhcpOption"),
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

/** NotFound naming every missing ID. */
export function notFoundError(kind: LookupKind, ids: string | readonly string[]): AwsError {
  const rule: IdKindRule = ID_RULES[kind];
  return new AwsError(rule.notFound, rule.message(typeof ids === "string" ? [ids] : ids));
}

/** Each ID well formed, then every unknown one named in one NotFound (AWS checks format first). */
export function findAllOrThrow<T>(
  kind: LookupKind,
  map: Map<string, T>,
  ids: readonly string[],
  hidden: (id: string) => boolean = () => false,
): T[] {
  for (const id of ids) checkIdFormat(kind, id);
  const missing = ids.filter((id) => !map.has(id) || hidden(id));
  if (missing.length > 0) throw notFoundError(kind, [...new Set(missing)]);
  return ids.map((id) => map.get(id) as T);
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
export const getTransitGateway = (state: Ec2State, id: string) =>
  findOrThrow("transitGateway", state.transitGateways, id);
export const getTransitGatewayAttachment = (state: Ec2State, id: string) =>
  findOrThrow("transitGatewayAttachment", state.transitGatewayAttachments, id);
export const getTransitGatewayRouteTable = (state: Ec2State, id: string) =>
  findOrThrow("transitGatewayRouteTable", state.transitGatewayRouteTables, id);
export const getVpcPeeringConnection = (state: Ec2State, id: string) =>
  findOrThrow("vpcPeeringConnection", state.vpcPeeringConnections, id);
export const getEgressOnlyInternetGateway = (state: Ec2State, id: string) =>
  findOrThrow("egressOnlyInternetGateway", state.egressOnlyInternetGateways, id);

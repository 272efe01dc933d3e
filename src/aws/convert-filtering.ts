// SDK shapes (DescribeSecurityGroups, DescribeNetworkAcls, DescribeVpcEndpoints, DescribePrefixLists,
// DescribeNetworkInterfaces)
// to the egress model's types. Pure functions, tested with SDK-shaped fixtures. IPv6 ranges of rules
// (Ipv6Ranges) and IPv6 ACL entries (Ipv6CidrBlock) are kept beside the IPv4 ones. Protocols arrive as names or IANA numbers: "-1" or
// "all" (everything), "tcp"/"6", "udp"/"17", "icmp"/"1"; others (ESP, GRE...) never match a TCP or
// UDP connection, so they are dropped too. Source: EC2 API Reference, IpPermission, NetworkAclEntry.

import type {
  IpPermission,
  NetworkAcl as SdkNetworkAcl,
  NetworkAclEntry as SdkNetworkAclEntry,
  NetworkInterface as SdkNetworkInterface,
  PrefixList as SdkPrefixList,
  SecurityGroup as SdkSecurityGroup,
  VpcEndpoint as SdkVpcEndpoint,
} from "@aws-sdk/client-ec2";
import { parseIpProtocol } from "../egress/parse-ip-protocol.ts";
import type {
  NetworkAcl,
  NetworkAclEntry,
  NetworkInterface,
  PrefixList,
  SecurityGroup,
  SecurityGroupRule,
  VpcEndpoint,
} from "../egress/types.ts";
import { requireField } from "./require-field.ts";

/** The rule number AWS shows for the implicit final deny ("*"); the model adds that rule itself. */
const IMPLICIT_DENY_RULE = 32767;

export function convertPermission(permission: IpPermission): SecurityGroupRule | null {
  const protocol = parseIpProtocol(permission.IpProtocol);
  if (protocol === null) return null;
  const cidrs = [
    ...(permission.IpRanges ?? []).map((range) => range.CidrIp),
    ...(permission.Ipv6Ranges ?? []).map((range) => range.CidrIpv6),
  ].filter(isString);
  const prefixListIds = (permission.PrefixListIds ?? []).map((entry) => entry.PrefixListId).filter(isString);
  const groupIds = (permission.UserIdGroupPairs ?? []).map((pair) => pair.GroupId).filter(isString);
  if (cidrs.length === 0 && prefixListIds.length === 0 && groupIds.length === 0) return null;
  // ICMP rules use FromPort/ToPort for type and code (-1 = all); the model ignores ports for "-1" only.
  const ports =
    protocol === "tcp" || protocol === "udp"
      ? {
          ...(permission.FromPort === undefined ? {} : { fromPort: permission.FromPort }),
          ...(permission.ToPort === undefined ? {} : { toPort: permission.ToPort }),
        }
      : {};
  return {
    protocol,
    ...ports,
    cidrs,
    ...(prefixListIds.length === 0 ? {} : { prefixListIds }),
    ...(groupIds.length === 0 ? {} : { groupIds }),
  };
}

export function convertSecurityGroup(group: SdkSecurityGroup): SecurityGroup {
  const rules = (permissions: IpPermission[] | undefined) =>
    (permissions ?? []).map(convertPermission).filter((rule): rule is SecurityGroupRule => rule !== null);
  return {
    id: requireField(group.GroupId, "SecurityGroup.GroupId"),
    vpcId: requireField(group.VpcId, `SecurityGroup.VpcId of ${group.GroupId}`),
    ...(group.GroupName === undefined ? {} : { name: group.GroupName }),
    egress: rules(group.IpPermissionsEgress),
    ingress: rules(group.IpPermissions),
  };
}

export function convertNetworkAclEntry(entry: SdkNetworkAclEntry): NetworkAclEntry | null {
  const protocol = parseIpProtocol(entry.Protocol);
  const cidr = entry.CidrBlock ?? entry.Ipv6CidrBlock;
  if (protocol === null || cidr === undefined || entry.RuleNumber === undefined) return null;
  if (entry.RuleNumber === IMPLICIT_DENY_RULE) return null;
  const range = entry.PortRange;
  const portRange =
    (protocol === "tcp" || protocol === "udp") && range?.From !== undefined && range.To !== undefined
      ? { portRange: { from: range.From, to: range.To } }
      : {};
  return {
    ruleNumber: entry.RuleNumber,
    egress: entry.Egress === true,
    protocol,
    action: entry.RuleAction === "allow" ? "allow" : "deny",
    cidr,
    ...portRange,
  };
}

export function convertNetworkAcl(acl: SdkNetworkAcl): NetworkAcl {
  return {
    id: requireField(acl.NetworkAclId, "NetworkAcl.NetworkAclId"),
    vpcId: requireField(acl.VpcId, `NetworkAcl.VpcId of ${acl.NetworkAclId}`),
    isDefault: acl.IsDefault === true,
    subnetIds: (acl.Associations ?? []).map((association) => association.SubnetId).filter(isString),
    entries: (acl.Entries ?? [])
      .map(convertNetworkAclEntry)
      .filter((entry): entry is NetworkAclEntry => entry !== null)
      .sort((a, b) => a.ruleNumber - b.ruleNumber),
  };
}

export function convertVpcEndpoint(endpoint: SdkVpcEndpoint): VpcEndpoint {
  return {
    id: requireField(endpoint.VpcEndpointId, "VpcEndpoint.VpcEndpointId"),
    vpcId: requireField(endpoint.VpcId, `VpcEndpoint.VpcId of ${endpoint.VpcEndpointId}`),
    serviceName: endpoint.ServiceName ?? "unknown",
    // Resource and ServiceNetwork endpoints are interfaces too: none is a route target.
    type:
      endpoint.VpcEndpointType === "Gateway" || endpoint.VpcEndpointType === "GatewayLoadBalancer"
        ? endpoint.VpcEndpointType
        : "Interface",
    routeTableIds: endpoint.RouteTableIds ?? [],
    ...(endpoint.VpcEndpointType === "GatewayLoadBalancer" ? { subnetIds: endpoint.SubnetIds ?? [] } : {}),
    ...(endpoint.State === undefined ? {} : { state: endpoint.State }),
    ...(endpoint.VpcEndpointType === "Interface"
      ? {
          privateDnsEnabled: endpoint.PrivateDnsEnabled === true,
          subnetIds: endpoint.SubnetIds ?? [],
          securityGroupIds: (endpoint.Groups ?? []).map((group) => group.GroupId).filter(isString),
          networkInterfaceIds: endpoint.NetworkInterfaceIds ?? [],
          dnsNames: (endpoint.DnsEntries ?? []).map((entry) => entry.DnsName).filter(isString),
        }
      : {}),
  };
}

/** null for an interface without a private IPv4 address (IPv6-only): the model is IPv4. */
export function convertNetworkInterface(eni: SdkNetworkInterface): NetworkInterface | null {
  if (eni.PrivateIpAddress === undefined) return null;
  return {
    id: requireField(eni.NetworkInterfaceId, "NetworkInterface.NetworkInterfaceId"),
    vpcId: requireField(eni.VpcId, `NetworkInterface.VpcId of ${eni.NetworkInterfaceId}`),
    subnetId: requireField(eni.SubnetId, `NetworkInterface.SubnetId of ${eni.NetworkInterfaceId}`),
    privateIp: eni.PrivateIpAddress,
    groupIds: (eni.Groups ?? []).map((group) => group.GroupId).filter(isString),
    ...(eni.InterfaceType === undefined ? {} : { interfaceType: eni.InterfaceType }),
    // NAT instances (follow-nat-instance.ts): the public IP (an Elastic IP's or an auto-assigned one,
    // both in Association), the source/destination check, and the instance it is attached to.
    ...(eni.Association?.PublicIp === undefined ? {} : { publicIp: eni.Association.PublicIp }),
    ...(eni.SourceDestCheck === undefined ? {} : { sourceDestCheck: eni.SourceDestCheck }),
    ...(eni.Attachment?.InstanceId === undefined ? {} : { instanceId: eni.Attachment.InstanceId }),
  };
}

export function convertPrefixList(list: SdkPrefixList): PrefixList {
  return {
    id: requireField(list.PrefixListId, "PrefixList.PrefixListId"),
    name: list.PrefixListName ?? "",
    cidrs: list.Cidrs ?? [],
  };
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}

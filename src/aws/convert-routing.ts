// SDK shapes (DescribeVpcs, DescribeSubnets, DescribeRouteTables, DescribeInternetGateways,
// DescribeNatGateways, DescribeAddresses) to the egress model's topology types. Pure functions, so
// they can be tested with SDK-shaped fixtures. IPv4 and IPv6: associated IPv6 blocks of VPCs and
// subnets, DestinationIpv6CidrBlock routes, egress-only internet gateways.
// Field meanings: EC2 API Reference, data types Route, RouteTable, InternetGatewayAttachment,
// NatGateway, Address.

import type {
  Address,
  EgressOnlyInternetGateway as SdkEgressOnlyInternetGateway,
  Instance as SdkInstance,
  InternetGateway as SdkInternetGateway,
  NatGateway as SdkNatGateway,
  Route as SdkRoute,
  RouteTable as SdkRouteTable,
  Subnet as SdkSubnet,
  Vpc as SdkVpc,
} from "@aws-sdk/client-ec2";
import type {
  EgressOnlyInternetGateway,
  ElasticIp,
  Instance,
  InstanceState,
  InternetGateway,
  NatGateway,
  NatGatewayState,
  NatGatewayZone,
  Route,
  RouteTable,
  RouteTarget,
  Subnet,
  Vpc,
} from "../egress/types.ts";
import { requireField } from "./require-field.ts";

export function convertVpc(
  vpc: SdkVpc,
  attributes: { dnsSupport?: boolean; dnsHostnames?: boolean } = {},
): Vpc {
  const id = requireField(vpc.VpcId, "Vpc.VpcId");
  const associated = (vpc.CidrBlockAssociationSet ?? [])
    .filter(
      (association) => association.CidrBlockState?.State === "associated" || !association.CidrBlockState,
    )
    .map((association) => association.CidrBlock)
    .filter((cidr): cidr is string => cidr !== undefined);
  const primary = vpc.CidrBlock;
  const cidrBlocks = associated.length > 0 ? associated : primary === undefined ? [] : [primary];
  const ipv6CidrBlocks = (vpc.Ipv6CidrBlockAssociationSet ?? [])
    .filter((association) => association.Ipv6CidrBlockState?.State === "associated")
    .map((association) => association.Ipv6CidrBlock)
    .filter((cidr): cidr is string => cidr !== undefined);
  return {
    id,
    cidrBlocks,
    ...(ipv6CidrBlocks.length === 0 ? {} : { ipv6CidrBlocks }),
    ...(vpc.IsDefault === undefined ? {} : { isDefault: vpc.IsDefault }),
    ...(attributes.dnsSupport === undefined ? {} : { dnsSupport: attributes.dnsSupport }),
    ...(attributes.dnsHostnames === undefined ? {} : { dnsHostnames: attributes.dnsHostnames }),
  };
}

export function convertSubnet(subnet: SdkSubnet): Subnet {
  const name = subnet.Tags?.find((tag) => tag.Key === "Name")?.Value;
  const ipv6CidrBlocks = (subnet.Ipv6CidrBlockAssociationSet ?? [])
    .filter((association) => association.Ipv6CidrBlockState?.State === "associated")
    .map((association) => association.Ipv6CidrBlock)
    .filter((cidr): cidr is string => cidr !== undefined);
  return {
    id: requireField(subnet.SubnetId, "Subnet.SubnetId"),
    vpcId: requireField(subnet.VpcId, "Subnet.VpcId"),
    cidrBlock: requireField(subnet.CidrBlock, `Subnet.CidrBlock of ${subnet.SubnetId}`),
    ...(ipv6CidrBlocks.length === 0 ? {} : { ipv6CidrBlocks }),
    availabilityZone: subnet.AvailabilityZone ?? "unknown-az",
    ...(subnet.MapPublicIpOnLaunch === undefined ? {} : { mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch }),
    ...(name === undefined ? {} : { name }),
  };
}

/**
 * The target of a route, by which ID field is set. GatewayId holds "local", igw-, vpce- or vgw- IDs;
 * a route created with VpcEndpointId (a Gateway Load Balancer endpoint) is described with its vpce-
 * ID in GatewayId too (the Route shape has no VpcEndpointId member), so the endpoint's type tells a
 * gateway endpoint from an appliance endpoint.
 */
export function convertRouteTarget(route: SdkRoute): RouteTarget {
  if (route.NatGatewayId) return { kind: "nat-gateway", id: route.NatGatewayId };
  if (route.EgressOnlyInternetGatewayId)
    return { kind: "egress-only-internet-gateway", id: route.EgressOnlyInternetGatewayId };
  const gateway = route.GatewayId;
  if (gateway === "local") return { kind: "local" };
  if (gateway?.startsWith("igw-")) return { kind: "internet-gateway", id: gateway };
  if (gateway?.startsWith("vpce-")) return { kind: "gateway-endpoint", id: gateway };
  if (gateway?.startsWith("vgw-")) return { kind: "other", id: gateway, type: "virtual private gateway" };
  if (route.TransitGatewayId) return { kind: "transit-gateway", id: route.TransitGatewayId };
  if (route.VpcPeeringConnectionId) return { kind: "vpc-peering", id: route.VpcPeeringConnectionId };
  // A route created with InstanceId is described with both InstanceId and the instance's NetworkInterfaceId.
  if (route.InstanceId)
    return {
      kind: "instance",
      id: route.InstanceId,
      ...(route.NetworkInterfaceId ? { networkInterfaceId: route.NetworkInterfaceId } : {}),
    };
  if (route.NetworkInterfaceId) return { kind: "network-interface", id: route.NetworkInterfaceId };
  const others: [string | undefined, string][] = [
    [route.LocalGatewayId, "local gateway"],
    [route.CarrierGatewayId, "carrier gateway"],
    [route.CoreNetworkArn, "Cloud WAN core network"],
    [gateway, "gateway"],
  ];
  for (const [id, type] of others) if (id) return { kind: "other", id, type };
  return { kind: "other", id: "unknown", type: "unknown target" };
}

/** null for a route without a destination the model knows (a CIDR block of either family or a prefix list). */
export function convertRoute(route: SdkRoute): Route | null {
  const destination = route.DestinationCidrBlock
    ? { cidr: route.DestinationCidrBlock }
    : route.DestinationIpv6CidrBlock
      ? { cidr: route.DestinationIpv6CidrBlock }
      : route.DestinationPrefixListId
        ? { prefixListId: route.DestinationPrefixListId }
        : null;
  if (destination === null) return null;
  return {
    destination,
    target: convertRouteTarget(route),
    state: route.State === "blackhole" ? "blackhole" : "active",
  };
}

export function convertRouteTable(table: SdkRouteTable): RouteTable {
  const associations = (table.Associations ?? []).filter(
    (association) =>
      association.AssociationState?.State === undefined ||
      association.AssociationState.State === "associated",
  );
  return {
    id: requireField(table.RouteTableId, "RouteTable.RouteTableId"),
    vpcId: requireField(table.VpcId, "RouteTable.VpcId"),
    main: associations.some((association) => association.Main === true),
    subnetIds: associations
      .map((association) => association.SubnetId)
      .filter((id): id is string => id !== undefined),
    routes: (table.Routes ?? []).map(convertRoute).filter((route): route is Route => route !== null),
  };
}

/**
 * An attachment counts while AWS reports it "available" or "attached". The SDK's type lists
 * attaching/attached/detaching/detached only, but DescribeInternetGateways answers "available" for
 * an attached gateway (EC2 API Reference, InternetGatewayAttachment: "available").
 */
export function convertInternetGateway(igw: SdkInternetGateway): InternetGateway {
  return {
    id: requireField(igw.InternetGatewayId, "InternetGateway.InternetGatewayId"),
    attachedVpcIds: (igw.Attachments ?? [])
      .filter((attachment) => ATTACHED_STATES.has(String(attachment.State)))
      .map((attachment) => attachment.VpcId)
      .filter((id): id is string => id !== undefined),
  };
}

const ATTACHED_STATES = new Set(["available", "attached"]);

/** An egress-only internet gateway; its attachment reads "attached" (EC2 API Reference, InternetGatewayAttachment). */
export function convertEgressOnlyInternetGateway(
  eigw: SdkEgressOnlyInternetGateway,
): EgressOnlyInternetGateway {
  return {
    id: requireField(
      eigw.EgressOnlyInternetGatewayId,
      "EgressOnlyInternetGateway.EgressOnlyInternetGatewayId",
    ),
    attachedVpcIds: (eigw.Attachments ?? [])
      .filter((attachment) => ATTACHED_STATES.has(String(attachment.State)))
      .map((attachment) => attachment.VpcId)
      .filter((id): id is string => id !== undefined),
  };
}

const NAT_STATES: readonly NatGatewayState[] = ["pending", "available", "failed", "deleting", "deleted"];

/**
 * A regional NAT gateway (AvailabilityMode "regional", Nov 2025) has no SubnetId ("" here): it serves
 * the zones its NatGatewayAddresses name (AvailabilityZone), in automatic mode when AutoProvisionZones
 * is "enabled", and leaves through its own route table (RouteTableId). All of it comes with
 * DescribeNatGateways: no extra call. Source: EC2 API Reference, NatGateway, NatGatewayAddress.
 */
export function convertNatGateway(nat: SdkNatGateway): NatGateway {
  const id = requireField(nat.NatGatewayId, "NatGateway.NatGatewayId");
  const state = NAT_STATES.find((candidate) => candidate === nat.State) ?? "failed";
  const addresses = nat.NatGatewayAddresses ?? [];
  const primary = addresses.find((address) => address.IsPrimary === true) ?? addresses[0];
  return {
    id,
    vpcId: requireField(nat.VpcId, `NatGateway.VpcId of ${id}`),
    subnetId: nat.SubnetId ?? "",
    state,
    connectivityType: nat.ConnectivityType === "private" ? "private" : "public",
    ...(primary?.AllocationId === undefined ? {} : { allocationId: primary.AllocationId }),
    ...(primary?.PublicIp === undefined ? {} : { publicIp: primary.PublicIp }),
    ...(primary?.PrivateIp === undefined ? {} : { privateIp: primary.PrivateIp }),
    ...(nat.FailureCode === undefined && nat.FailureMessage === undefined
      ? {}
      : {
          failure: {
            ...(nat.FailureCode === undefined ? {} : { code: nat.FailureCode }),
            ...(nat.FailureMessage === undefined ? {} : { message: nat.FailureMessage }),
          },
        }),
    ...(nat.AvailabilityMode === "regional" ? convertRegional(nat) : {}),
  };
}

function convertRegional(nat: SdkNatGateway): Partial<NatGateway> {
  const zones: NatGatewayZone[] = [];
  for (const address of nat.NatGatewayAddresses ?? []) {
    if (address.AvailabilityZone === undefined) continue;
    let zone = zones.find((candidate) => candidate.availabilityZone === address.AvailabilityZone);
    if (zone === undefined) {
      zone = {
        availabilityZone: address.AvailabilityZone,
        ...(address.AvailabilityZoneId === undefined
          ? {}
          : { availabilityZoneId: address.AvailabilityZoneId }),
        addresses: [],
      };
      zones.push(zone);
    }
    zone.addresses.push({
      ...(address.AllocationId === undefined ? {} : { allocationId: address.AllocationId }),
      ...(address.PublicIp === undefined ? {} : { publicIp: address.PublicIp }),
      ...(address.PrivateIp === undefined ? {} : { privateIp: address.PrivateIp }),
      ...(address.Status === undefined ? {} : { status: address.Status }),
    });
  }
  return {
    availabilityMode: "regional",
    zones,
    ...(nat.AutoProvisionZones === undefined
      ? {}
      : { autoProvisionZones: nat.AutoProvisionZones === "enabled" }),
    ...(nat.AutoScalingIps === undefined ? {} : { autoScalingIps: nat.AutoScalingIps === "enabled" }),
    ...(nat.RouteTableId === undefined ? {} : { routeTableId: nat.RouteTableId }),
  };
}

/** null for addresses without an allocation ID (EC2-Classic leftovers). */
export function convertAddress(address: Address): ElasticIp | null {
  if (address.AllocationId === undefined || address.PublicIp === undefined) return null;
  return {
    allocationId: address.AllocationId,
    publicIp: address.PublicIp,
    ...(address.AssociationId === undefined ? {} : { associationId: address.AssociationId }),
    ...(address.NetworkInterfaceId === undefined ? {} : { networkInterfaceId: address.NetworkInterfaceId }),
  };
}

const INSTANCE_STATES: readonly InstanceState[] = [
  "pending",
  "running",
  "stopping",
  "stopped",
  "shutting-down",
  "terminated",
];

/** An instance a route names (a NAT instance): its state and interfaces, primary (device index 0) first. */
export function convertInstance(instance: SdkInstance): Instance {
  const id = requireField(instance.InstanceId, "Instance.InstanceId");
  const name = requireField(instance.State?.Name, `Instance.State.Name of ${id}`);
  if (!(INSTANCE_STATES as readonly string[]).includes(name))
    throw new Error(`Instance ${id} has an unknown state ${name}.`);
  const interfaces = [...(instance.NetworkInterfaces ?? [])].sort(
    (a, b) => (a.Attachment?.DeviceIndex ?? 0) - (b.Attachment?.DeviceIndex ?? 0),
  );
  return {
    id,
    state: name as InstanceState,
    subnetId: instance.SubnetId ?? "",
    vpcId: instance.VpcId ?? "",
    networkInterfaceIds: interfaces
      .map((eni) => eni.NetworkInterfaceId)
      .filter((eniId): eniId is string => eniId !== undefined),
  };
}

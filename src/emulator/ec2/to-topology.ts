// The emulator's EC2 state as the egress model's topology (src/egress/types.ts), with states
// computed at `now`: NAT gateway states and route blackholes as DescribeNatGateways and
// DescribeRouteTables would report them at that instant. Used by the workload probes.

import { parseIpProtocol } from "../../egress/parse-ip-protocol.ts";
import type {
  NatGateway,
  NatGatewayZone,
  NetworkAclEntry,
  Route,
  RouteTarget,
  SecurityGroupRule,
  Topology,
} from "../../egress/types.ts";
import { computeInstanceState } from "../workloads/instance-state.ts";
import { regionalNatAddresses, regionalNatHolding } from "./nat-gateway-model.ts";
import { computeNatGatewayState } from "./nat-lifecycle.ts";
import { instancePublicIpOf } from "./network-interfaces.ts";
import type { NatGatewayRecord, RouteRecord, SecurityGroupRuleRecord } from "./records.ts";
import { computeRouteState } from "./route-state.ts";
import type { Ec2State } from "./state.ts";
import { attachmentState, effectiveTransitRoutes, peeringState } from "./transit-gateway-model.ts";

export function ec2StateToTopology(state: Ec2State, now: number): Topology {
  const natStates = new Map(
    [...state.natGateways.values()].map((nat) => [nat.natGatewayId, computeNatGatewayState(state, nat, now)]),
  );
  // Interfaces of gateways that are gone at `now`, even if the state has not been settled yet.
  const goneInterfaces = new Set(
    [...state.natGateways.values()]
      .filter((nat) => ["failed", "deleted"].includes(natStates.get(nat.natGatewayId) ?? ""))
      .flatMap((nat) => (nat.networkInterfaceId === null ? [] : [nat.networkInterfaceId])),
  );
  const heldByLiveRegionalNat = (allocationId: string): boolean => {
    const nat = regionalNatHolding(state, allocationId);
    return nat !== undefined && !["failed", "deleted"].includes(natStates.get(nat.natGatewayId) ?? "");
  };
  return {
    vpcs: [...state.vpcs.values()].map((vpc) => ({
      id: vpc.vpcId,
      cidrBlocks: [vpc.cidrBlock],
      ...(vpc.ipv6 === undefined ? {} : { ipv6CidrBlocks: [vpc.ipv6.cidrBlock] }),
      isDefault: vpc.isDefault,
      dnsSupport: vpc.enableDnsSupport,
      dnsHostnames: vpc.enableDnsHostnames,
    })),
    subnets: [...state.subnets.values()].map((subnet) => {
      const name = state.tags.get(subnet.subnetId)?.get("Name");
      return {
        id: subnet.subnetId,
        vpcId: subnet.vpcId,
        cidrBlock: subnet.cidrBlock,
        ...(subnet.ipv6 === undefined ? {} : { ipv6CidrBlocks: [subnet.ipv6.cidrBlock] }),
        availabilityZone: subnet.availabilityZone,
        mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch,
        ...(name === undefined ? {} : { name }),
      };
    }),
    routeTables: [...state.routeTables.values()].map((table) => ({
      id: table.routeTableId,
      vpcId: table.vpcId,
      main: table.associations.some((a) => a.main),
      subnetIds: table.associations.flatMap((a) => (a.subnetId === undefined ? [] : [a.subnetId])),
      routes: table.routes.flatMap((route): Route[] => {
        const destination =
          route.destinationPrefixListId !== undefined
            ? { prefixListId: route.destinationPrefixListId }
            : route.destinationCidrBlock !== undefined
              ? { cidr: route.destinationCidrBlock }
              : route.destinationIpv6CidrBlock !== undefined
                ? { cidr: route.destinationIpv6CidrBlock }
                : null;
        if (destination === null) return [];
        return [
          {
            destination,
            target: toRouteTarget(route),
            state: computeRouteState(state, table.vpcId, route, now),
          },
        ];
      }),
    })),
    internetGateways: [...state.internetGateways.values()].map((igw) => ({
      id: igw.internetGatewayId,
      attachedVpcIds: igw.attachedVpcId === null ? [] : [igw.attachedVpcId],
    })),
    egressOnlyInternetGateways: [...state.egressOnlyInternetGateways.values()].map((eigw) => ({
      id: eigw.egressOnlyInternetGatewayId,
      attachedVpcIds: [eigw.vpcId],
    })),
    natGateways: [...state.natGateways.values()].map((nat): NatGateway => {
      const natState = natStates.get(nat.natGatewayId) ?? "pending";
      const common = {
        id: nat.natGatewayId,
        vpcId: nat.vpcId,
        state: natState,
        connectivityType: nat.connectivityType,
      };
      if (nat.regional !== null) return { ...common, ...regionalNatTopology(nat, natState, now) };
      const address = nat.allocationId === null ? undefined : state.addresses.get(nat.allocationId);
      return {
        ...common,
        subnetId: nat.subnetId ?? "",
        ...(nat.allocationId === null ? {} : { allocationId: nat.allocationId }),
        ...(address === undefined ? {} : { publicIp: address.publicIp }),
        ...(nat.privateIp === null ? {} : { privateIp: nat.privateIp }),
      };
    }),
    elasticIps: [...state.addresses.values()].map((address) => {
      // On an interface that is still there, or held by a regional gateway that has not let go of it.
      const associated =
        address.networkInterfaceId !== null
          ? !goneInterfaces.has(address.networkInterfaceId)
          : heldByLiveRegionalNat(address.allocationId);
      return {
        allocationId: address.allocationId,
        publicIp: address.publicIp,
        ...(associated && address.associationId !== null ? { associationId: address.associationId } : {}),
        ...(associated && address.networkInterfaceId !== null
          ? { networkInterfaceId: address.networkInterfaceId }
          : {}),
      };
    }),
    securityGroups: [...state.securityGroups.values()].map((group) => ({
      id: group.groupId,
      vpcId: group.vpcId,
      name: group.groupName,
      egress: group.rules.filter((r) => r.isEgress).flatMap(toSecurityGroupRule),
      ingress: group.rules.filter((r) => !r.isEgress).flatMap(toSecurityGroupRule),
    })),
    networkAcls: [...state.networkAcls.values()].map((acl) => ({
      id: acl.networkAclId,
      vpcId: acl.vpcId,
      isDefault: acl.isDefault,
      subnetIds: [...acl.associations.keys()],
      entries: acl.entries.flatMap((entry): NetworkAclEntry[] => {
        const protocol = parseIpProtocol(entry.protocol);
        if (protocol === null) return [];
        return [
          {
            ruleNumber: entry.ruleNumber,
            egress: entry.egress,
            protocol,
            action: entry.ruleAction,
            cidr: entry.cidrBlock ?? entry.ipv6CidrBlock ?? "",
            ...(entry.portRange === undefined || protocol === "-1" || protocol === "icmp"
              ? {}
              : { portRange: { from: entry.portRange.from, to: entry.portRange.to } }),
          },
        ];
      }),
    })),
    vpcEndpoints: [...state.vpcEndpoints.values()].map((endpoint) => ({
      id: endpoint.vpcEndpointId,
      vpcId: endpoint.vpcId,
      serviceName: endpoint.serviceName,
      type: endpoint.vpcEndpointType,
      routeTableIds: [...endpoint.routeTableIds],
      ...(endpoint.vpcEndpointType === "GatewayLoadBalancer" ? { subnetIds: [...endpoint.subnetIds] } : {}),
      state: now >= endpoint.availableAt ? "available" : "pending",
      ...(endpoint.vpcEndpointType === "Interface"
        ? {
            privateDnsEnabled: endpoint.privateDnsEnabled,
            subnetIds: [...endpoint.subnetIds],
            securityGroupIds: [...endpoint.groupIds],
            networkInterfaceIds: [...endpoint.networkInterfaceIds],
            dnsNames: endpoint.dnsEntries.map((entry) => entry.dnsName),
          }
        : {}),
    })),
    networkInterfaces: [...state.networkInterfaces.values()].map((eni) => {
      const address = [...state.addresses.values()].find(
        (candidate) => candidate.networkInterfaceId === eni.networkInterfaceId,
      );
      const publicIp = address?.publicIp ?? instancePublicIpOf(state, eni);
      return {
        id: eni.networkInterfaceId,
        subnetId: eni.subnetId,
        vpcId: eni.vpcId,
        privateIp: eni.privateIpAddress,
        ...(publicIp === undefined ? {} : { publicIp }),
        sourceDestCheck: eni.sourceDestCheck,
        ...(eni.attachment?.instanceId === undefined ? {} : { instanceId: eni.attachment.instanceId }),
        groupIds: [...eni.groupIds],
        interfaceType: eni.interfaceType,
      };
    }),
    instances: [...state.instances.values()].map((instance) => ({
      id: instance.instanceId,
      state: computeInstanceState(instance, now).name,
      subnetId: instance.subnetId,
      vpcId: instance.vpcId,
      networkInterfaceIds: state.networkInterfaces.has(instance.networkInterfaceId)
        ? [instance.networkInterfaceId]
        : [],
    })),
    prefixLists: [...state.prefixLists.values()].map((list) => ({
      id: list.prefixListId,
      name: list.prefixListName,
      cidrs: [...list.cidrs],
    })),
    transitGatewayAttachments: [...state.transitGatewayAttachments.values()].map((attachment) => ({
      id: attachment.transitGatewayAttachmentId,
      transitGatewayId: attachment.transitGatewayId,
      resourceType: "vpc",
      resourceId: attachment.vpcId,
      resourceOwnerId: state.ownerId,
      state: attachmentState(attachment, now),
      subnetIds: [...attachment.subnetIds],
      ...(attachment.associatedRouteTableId === null
        ? {}
        : { associatedRouteTableId: attachment.associatedRouteTableId }),
      applianceModeSupport: attachment.options.applianceModeSupport === "enable",
    })),
    transitGatewayRouteTables: [...state.transitGatewayRouteTables.values()].map((table) => ({
      id: table.transitGatewayRouteTableId,
      transitGatewayId: table.transitGatewayId,
      routes: effectiveTransitRoutes(state, table, now).map((route) => ({
        destination: route.destinationCidrBlock,
        attachmentIds: route.attachment === null ? [] : [route.attachment.transitGatewayAttachmentId],
        type: route.type,
        state: route.state,
      })),
    })),
    vpcPeeringConnections: [...state.vpcPeeringConnections.values()].map((pcx) => {
      const side = (vpcId: string) => {
        const vpc = state.vpcs.get(vpcId);
        return {
          vpcId,
          ownerId: state.ownerId,
          region: state.region,
          cidrBlocks: vpc === undefined ? [] : [vpc.cidrBlock],
        };
      };
      return {
        id: pcx.vpcPeeringConnectionId,
        state: peeringState(pcx, now),
        requester: side(pcx.requesterVpcId),
        accepter: side(pcx.accepterVpcId),
      };
    }),
  };
}

function toRouteTarget(route: RouteRecord): RouteTarget {
  if (route.natGatewayId !== undefined) return { kind: "nat-gateway", id: route.natGatewayId };
  if (route.egressOnlyInternetGatewayId !== undefined)
    return { kind: "egress-only-internet-gateway", id: route.egressOnlyInternetGatewayId };
  const gateway = route.gatewayId;
  if (gateway === "local") return { kind: "local" };
  if (gateway?.startsWith("igw-")) return { kind: "internet-gateway", id: gateway };
  if (gateway?.startsWith("vpce-")) return { kind: "gateway-endpoint", id: gateway };
  if (gateway !== undefined) return { kind: "other", id: gateway, type: "gateway" };
  if (route.instanceId !== undefined)
    return {
      kind: "instance",
      id: route.instanceId,
      ...(route.networkInterfaceId === undefined ? {} : { networkInterfaceId: route.networkInterfaceId }),
    };
  if (route.networkInterfaceId !== undefined)
    return { kind: "network-interface", id: route.networkInterfaceId };
  if (route.vpcPeeringConnectionId !== undefined)
    return { kind: "vpc-peering", id: route.vpcPeeringConnectionId };
  if (route.transitGatewayId !== undefined) return { kind: "transit-gateway", id: route.transitGatewayId };
  return { kind: "other", id: "unknown", type: "unknown target" };
}

function toSecurityGroupRule(rule: SecurityGroupRuleRecord): SecurityGroupRule[] {
  const protocol = parseIpProtocol(rule.ipProtocol);
  if (protocol === null) return [];
  const ports = protocol === "-1" ? {} : { fromPort: rule.fromPort, toPort: rule.toPort };
  return [
    {
      protocol,
      ...ports,
      cidrs: [rule.cidrIpv4, rule.cidrIpv6].filter((cidr): cidr is string => cidr !== undefined),
      ...(rule.prefixListId === undefined ? {} : { prefixListIds: [rule.prefixListId] }),
      ...(rule.referencedGroupId === undefined ? {} : { groupIds: [rule.referencedGroupId] }),
    },
  ];
}

/** A regional gateway as the model reads it (src/aws/convert-routing.ts reads DescribeNatGateways the same way). */
function regionalNatTopology(
  nat: NatGatewayRecord,
  natState: string,
  now: number,
): Omit<NatGateway, "id" | "vpcId" | "state" | "connectivityType"> {
  const addresses = regionalNatAddresses(nat, natState, now);
  const zones: NatGatewayZone[] = [];
  for (const address of addresses) {
    let zone = zones.find((z) => z.availabilityZone === address.availabilityZone);
    if (zone === undefined) {
      zone = {
        availabilityZone: address.availabilityZone,
        availabilityZoneId: address.availabilityZoneId,
        addresses: [],
      };
      zones.push(zone);
    }
    zone.addresses.push({
      ...(address.allocationId === null ? {} : { allocationId: address.allocationId }),
      publicIp: address.publicIp,
      status: address.status,
    });
  }
  const primary = addresses.find((address) => address.isPrimary);
  return {
    subnetId: "",
    availabilityMode: "regional",
    ...(primary?.allocationId == null ? {} : { allocationId: primary.allocationId }),
    ...(primary === undefined ? {} : { publicIp: primary.publicIp }),
    autoProvisionZones: nat.regional?.autoProvisionZones ?? false,
    autoScalingIps: nat.regional?.autoProvisionZones ?? false,
    zones,
    ...(nat.regional === null ? {} : { routeTableId: nat.regional.routeTableId }),
  };
}

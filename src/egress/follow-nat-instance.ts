// A route to an instance (i-...) or a network interface (eni-...): a NAT instance. It forwards and
// translates only when the instance is running, its interface's source/destination check is off,
// its security groups let the workload's traffic in and the connection out, it has a public IP
// (auto-assigned or an Elastic IP), and its own subnet routes the destination to an attached internet
// gateway; each failure has its own reason. Source: VPC User Guide, "NAT instances"
// (VPC_NAT_Instance.html: "Disable source/destination checks", "NAT instance basics", the security
// group tables), and "Route tables" (a route to a stopped or terminated instance is a blackhole).
// Traffic to private destinations through an instance (a router appliance) is not followed.

import { checkSubnetAcl } from "./check-subnet-acl.ts";
import { describeAddress, describeDestination } from "./describe-destination.ts";
import { EPHEMERAL_PORTS } from "./evaluate-network-acl.ts";
import { findAllowingEgressRule } from "./evaluate-security-groups.ts";
import { describeRouteTable, findRouteTable } from "./find-resources.ts";
import { isPrivateIpv4 } from "./ip.ts";
import { lowerFirst } from "./lower-first.ts";
import { describeRoute, selectRoute } from "./select-route.ts";
import {
  type Fix,
  NEW_ELASTIC_IP,
  suggestInternetGateway,
  suggestNatRoute,
  suggestNatSubnetRoute,
} from "./suggest-fix.ts";
import { incomplete, unreachable } from "./trace-results.ts";
import type {
  Destination,
  Hop,
  Instance,
  NetworkInterface,
  Route,
  RouteTable,
  SecurityGroup,
  Subnet,
  Topology,
  TraceResult,
  Vpc,
} from "./types.ts";

export interface NatInstanceInput {
  target: Extract<Route["target"], { kind: "instance" | "network-interface" }>;
  vpc: Vpc;
  /** The subnet whose route table named the instance, that table and its route. */
  subnet: Subnet;
  table: RouteTable;
  route: Route;
  /** The subnet the workload is in (a fix must not make it the NAT's subnet). */
  sourceSubnet: Subnet;
  destination: Destination;
  hops: Hop[];
  /** The workload's address, as the NAT instance sees it. */
  fromAddress: string | null;
}

/** Out to the internet: the NAT instance's subnet (where the replies come back to) and its public IP. */
export interface NatInstanceExit {
  exitSubnet: Subnet;
  sourceAddress: string;
  /** The last hop (the internet), for the caller to add when the way back is checked. */
  last: Hop;
}

export function followNatInstance(
  topology: Topology,
  input: NatInstanceInput,
): TraceResult | NatInstanceExit {
  const { target, hops, destination, table, subnet } = input;
  if (topology.networkInterfaces === undefined || topology.instances === undefined)
    return incomplete(hops, `the network interfaces and instances that routes name (${target.id})`);
  const eni = findInterface(topology, target);
  const instanceId = target.kind === "instance" ? target.id : eni?.instanceId;
  const instance = topology.instances.find((candidate) => candidate.id === instanceId);
  const name = instance?.id ?? target.id;
  const tableName = describeRouteTable(table, subnet);
  const replaceRoute = () => suggestNatRoute(topology, subnet, table, input.route);

  if (instance === undefined || eni === undefined || instance.state !== "running") {
    hops.push({
      kind: "nat-instance",
      id: name,
      detail: `${name}: ${describeMissing(target, eni, instance)}`,
    });
    const fix: Fix | string =
      instance?.state === "stopped"
        ? {
            text: `Start ${instance.id} (aws ec2 start-instances --instance-ids ${instance.id}); or ${lowerFirst(replaceRoute().text)}`,
            change: { edits: [{ kind: "start-instance", instanceId: instance.id }] },
          }
        : instance?.state === "pending"
          ? `Wait until ${instance.id} is running, then retry.`
          : replaceRoute();
    return unreachable(
      hops,
      "NAT_INSTANCE_NOT_RUNNING",
      `The route ${describeRoute(input.route)} in ${tableName} sends the traffic to ${name}, which ${describeMissing(target, eni, instance)}.`,
      forInternet(fix, destination),
    );
  }

  if (eni.sourceDestCheck === undefined)
    return incomplete(
      hops,
      `the source/destination check of ${eni.id} (DescribeNetworkInterfaces SourceDestCheck)`,
    );
  hops.push({
    kind: "nat-instance",
    id: instance.id,
    detail: `${instance.id} (running) via ${eni.id} in ${eni.subnetId}: source/destination check ${eni.sourceDestCheck ? "on" : "off"}, ${eni.publicIp === undefined ? "no public IP" : `public IP ${eni.publicIp}`}`,
  });
  if (eni.sourceDestCheck) {
    const command =
      target.kind === "instance"
        ? `aws ec2 modify-instance-attribute --instance-id ${instance.id} --no-source-dest-check`
        : `aws ec2 modify-network-interface-attribute --network-interface-id ${eni.id} --no-source-dest-check`;
    return unreachable(
      hops,
      "NAT_INSTANCE_SOURCE_DEST_CHECK",
      `${eni.id} (of ${instance.id}) has its source/destination check on, so it drops traffic that is not addressed to it: it cannot act as a NAT.`,
      {
        text: `Turn off the source/destination check of ${eni.id} (${command}).`,
        change: { edits: [{ kind: "disable-source-dest-check", networkInterfaceId: eni.id }] },
      },
    );
  }
  if (isPrivateIpv4(destination.address)) {
    return unreachable(
      hops,
      "UNSUPPORTED_TARGET",
      `${tableName} sends ${describeAddress(destination)} to ${instance.id}; what an instance does with traffic to a private address (a router or firewall appliance) is not followed.`,
      `Check how ${instance.id} forwards traffic to ${destination.address}.`,
    );
  }

  const groupFailure = checkInstanceGroups(topology, eni, input);
  if (groupFailure !== null) return groupFailure;

  const natSubnet = topology.subnets.find((candidate) => candidate.id === eni.subnetId);
  if (natSubnet === undefined) return incomplete(hops, `subnet ${eni.subnetId} (of ${eni.id})`);
  const back = input.fromAddress ?? subnet.cidrBlock;
  if (natSubnet.id !== subnet.id) {
    const acl = checkSubnetAcl(topology, natSubnet, destination, [
      { egress: false, peer: back, ports: { from: destination.port, to: destination.port } },
      { egress: true, peer: destination.address, ports: { from: destination.port, to: destination.port } },
      { egress: false, peer: destination.address, ports: EPHEMERAL_PORTS },
      { egress: true, peer: back, ports: EPHEMERAL_PORTS },
    ]);
    hops.push(acl.hop);
    if (acl.failure !== null) return { ...acl.failure, hops };
  }

  const natTable = findRouteTable(topology, natSubnet);
  if (natTable === null) return incomplete(hops, `a route table for ${natSubnet.id}`);
  const match = selectRoute(natTable, input.vpc, topology.prefixLists, destination.address);
  hops.push({
    kind: "route-table",
    id: natTable.id,
    detail: `${natTable.id}: ${match === null ? `no route matches ${destination.address}` : describeRoute(match.route)}`,
    ...(match === null ? {} : { route: match.route }),
  });
  const igwRoute =
    match !== null && match.route.target.kind === "internet-gateway" && match.route.state === "active"
      ? match.route
      : null;
  const igwId = igwRoute !== null && igwRoute.target.kind === "internet-gateway" ? igwRoute.target.id : null;
  const igw = topology.internetGateways.find((candidate) => candidate.id === igwId);
  if (igwRoute === null || igw === undefined) {
    const what =
      match === null
        ? "has no route to"
        : `sends ${destination.address} to ${describeRoute(match.route)}, not to`;
    return unreachable(
      hops,
      "NAT_INSTANCE_SUBNET_NOT_PUBLIC",
      `${instance.id} is in ${natSubnet.id}, whose route table ${natTable.id} ${what} an internet gateway.`,
      forInternet(
        natSubnet.id === input.sourceSubnet.id
          ? {
              text: `${natSubnet.id} holds both the workload and ${instance.id}; the NAT instance's subnet must route 0.0.0.0/0 to an internet gateway, the workload's to the NAT instance. Put the workload (the VPC connector's subnets) in a private subnet with its own route table that sends 0.0.0.0/0 -> ${instance.id}, and make ${natSubnet.id} public.`,
            }
          : suggestNatSubnetRoute(topology, instance, natSubnet, natTable, match?.route ?? null),
        destination,
      ),
    );
  }
  hops.push({
    kind: "internet-gateway",
    id: igw.id,
    detail: `${igw.id}: ${igw.attachedVpcIds.includes(input.vpc.id) ? `attached to ${input.vpc.id}` : "not attached to the VPC"}`,
  });
  if (!igw.attachedVpcIds.includes(input.vpc.id)) {
    return unreachable(
      hops,
      "IGW_NOT_ATTACHED",
      `${igw.id} is not attached to ${input.vpc.id}, so the route ${describeRoute(igwRoute)} in ${natTable.id} goes nowhere.`,
      suggestInternetGateway(topology, igw, input.vpc.id, natTable, igwRoute),
    );
  }
  if (eni.publicIp === undefined) {
    const free = topology.elasticIps.find(
      (eip) => eip.associationId === undefined && eip.networkInterfaceId === undefined,
    );
    const allocationId = free?.allocationId ?? NEW_ELASTIC_IP;
    return unreachable(
      hops,
      "NAT_INSTANCE_NO_PUBLIC_IP",
      `${natTable.id} sends ${describeAddress(destination)} to ${igw.id}, but ${instance.id} has no public IP, so the internet gateway cannot carry the traffic it translates.`,
      {
        text:
          free === undefined
            ? `Allocate an Elastic IP and associate it with ${eni.id} (of ${instance.id}).`
            : `Associate the Elastic IP ${free.publicIp} (${free.allocationId}) with ${eni.id} (of ${instance.id}).`,
        change: { edits: [{ kind: "associate-elastic-ip", allocationId, networkInterfaceId: eni.id }] },
      },
    );
  }

  return {
    exitSubnet: natSubnet,
    sourceAddress: eni.publicIp,
    last: {
      kind: "internet",
      detail: `${describeDestination(destination)} on the internet, seen from ${eni.publicIp} (${instance.id})`,
    },
  };
}

function findInterface(topology: Topology, target: NatInstanceInput["target"]): NetworkInterface | undefined {
  const interfaces = topology.networkInterfaces ?? [];
  if (target.kind === "network-interface") return interfaces.find((eni) => eni.id === target.id);
  const instance = topology.instances?.find((candidate) => candidate.id === target.id);
  const id = target.networkInterfaceId ?? instance?.networkInterfaceIds[0];
  return interfaces.find((eni) => eni.id === id);
}

function describeMissing(
  target: NatInstanceInput["target"],
  eni: NetworkInterface | undefined,
  instance: Instance | undefined,
): string {
  if (instance !== undefined) return `is ${instance.state}, not running`;
  if (target.kind === "network-interface" && eni !== undefined) return `is not attached to an instance`;
  return target.kind === "instance" ? "no longer exists (terminated)" : "no longer exists";
}

/**
 * The NAT instance's security groups: inbound, the workload's traffic to the destination port (from
 * the workload's subnet); outbound, the connection to the destination. Both failures are fixed by one
 * change. Inbound rules are judged only when the topology has them (a loader may leave them out).
 */
function checkInstanceGroups(
  topology: Topology,
  eni: NetworkInterface,
  input: NatInstanceInput,
): TraceResult | null {
  const { destination, hops } = input;
  const groups = eni.groupIds
    .map((id) => topology.securityGroups.find((group) => group.id === id))
    .filter((group): group is SecurityGroup => group !== undefined);
  if (groups.length !== eni.groupIds.length)
    return incomplete(hops, `the security groups of ${eni.id} (${eni.groupIds.join(", ")})`);
  const names = eni.groupIds.join(", ");
  const peer = isPrivateIpv4(destination.address) ? destination.address : "0.0.0.0/0";
  const from = input.fromAddress ?? input.subnet.cidrBlock;
  const source = input.subnet.cidrBlock;
  const outbound = findAllowingEgressRule(groups, topology.prefixLists, destination) !== null;
  const inbound =
    groups.some((group) => group.ingress === undefined) ||
    findAllowingEgressRule(
      groups.map((group) => ({ ...group, egress: group.ingress ?? [] })),
      topology.prefixLists,
      { ...destination, address: from },
    ) !== null;
  const first = groups[0];
  hops.push({
    kind: "security-group",
    ...(groups.length === 1 && first !== undefined ? { id: first.id } : {}),
    detail: `${names} (of ${eni.id}): ${inbound ? "allow" : "no inbound rule allows"} ${destination.protocol} ${destination.port} from ${from}, ${outbound ? "allow" : "no outbound rule allows"} ${describeDestination(destination)}`,
  });
  if (inbound && outbound) return null;
  const denied = [
    ...(inbound
      ? []
      : [
          `no inbound rule allows ${destination.protocol} ${destination.port} from ${from} (the workload's traffic to translate)`,
        ]),
    ...(outbound ? [] : [`no outbound rule allows ${describeDestination(destination)}`]),
  ];
  const message = `The security groups of ${eni.id} (${names}): ${denied.join("; ")}.`;
  if (first === undefined)
    return unreachable(
      hops,
      "NAT_INSTANCE_SG_DENIED",
      message,
      `Give ${eni.id} a security group that allows ${destination.protocol} ${destination.port} in from ${source} and out to ${peer}.`,
    );
  const rule = (cidr: string) => ({
    protocol: destination.protocol,
    fromPort: destination.port,
    toPort: destination.port,
    cidrs: [cidr],
  });
  const texts = [
    ...(inbound
      ? []
      : [
          `an inbound rule to ${first.id} allowing ${destination.protocol} ${destination.port} from ${source} (the workload's subnet ${input.subnet.id})`,
        ]),
    ...(outbound
      ? []
      : [`an outbound rule to ${first.id} allowing ${destination.protocol} ${destination.port} to ${peer}`]),
  ];
  return unreachable(hops, "NAT_INSTANCE_SG_DENIED", message, {
    text: `Add ${texts.join(", and ")}.`,
    change: {
      edits: [
        ...(inbound
          ? []
          : [{ kind: "add-security-group-ingress" as const, groupId: first.id, rule: rule(source) }]),
        ...(outbound
          ? []
          : [{ kind: "add-security-group-egress" as const, groupId: first.id, rule: rule(peer) }]),
      ],
    },
  });
}

function forInternet(fix: Fix | string, destination: Destination): Fix | string {
  if (typeof fix === "string" || !isPrivateIpv4(destination.address)) return fix;
  return { text: fix.text };
}

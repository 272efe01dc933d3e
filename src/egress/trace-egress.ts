// The one question of the model: from this interface, can a connection to this destination leave,
// along which hops, and if not, why and what fixes it. The trace follows a packet in order:
// interface, security groups, the subnet's network ACL, its route table, then the route's target
// (local, gateway endpoint (follow-gateway-endpoint.ts), NAT gateway and the NAT subnet's ACL and route table, internet
// gateway, egress-only internet gateway for IPv6, Gateway Load Balancer endpoints and the route
// table of their subnet, regional NAT gateways: follow-regional-nat.ts). It stops at the first hop
// that drops the packet. Reason codes: types.ts
// (ReasonCode). IPv6: trace-ipv6.ts; appliance endpoints: follow-appliance-endpoint.ts.

import { applyChange, ChangeNotApplicable } from "./apply-change.ts";
import { checkPrefixListsKnown } from "./check-prefix-lists.ts";
import { checkSubnetAcl } from "./check-subnet-acl.ts";
import { describeAddress, describeDestination, suggestedPeer } from "./describe-destination.ts";
import { EPHEMERAL_PORTS } from "./evaluate-network-acl.ts";
import { describeRulePorts, findAllowingEgressRule } from "./evaluate-security-groups.ts";
import {
  describeRouteTable,
  findInterfaceByAddress,
  findNatPublicIp,
  findNatsInSubnet,
  findRouteTable,
} from "./find-resources.ts";
import { applianceNoRoute, enterApplianceEndpoint } from "./follow-appliance-endpoint.ts";
import { enterGatewayEndpoint } from "./follow-gateway-endpoint.ts";
import { followNatInstance } from "./follow-nat-instance.ts";
import { followPeering } from "./follow-peering.ts";
import { followRegionalNat, isRegionalNat, regionalNatReplyView } from "./follow-regional-nat.ts";
import { checkTransitReturn, enterTransitGateway, type TransitLeg } from "./follow-transit-gateway.ts";
import { addressFamily, cidrContains, isIpv6, isPrivateIpv4 } from "./ip.ts";
import { lowerFirst } from "./lower-first.ts";
import {
  type EndpointHint,
  enterInterfaceEndpoint,
  type ResolvedEndpoint,
  resolveInterfaceEndpoint,
  suggestInterfaceEndpoint,
} from "./resolve-interface-endpoint.ts";
import { describeRoute, selectRoute } from "./select-route.ts";
import { type Fix, suggestInternetGateway, suggestNatRoute, suggestNatSubnetRoute } from "./suggest-fix.ts";
import { traceDefaultEgress } from "./trace-default-egress.ts";
import { checkIpv6Source, enterEgressOnlyGateway, suggestIpv6Route } from "./trace-ipv6.ts";
import { incomplete, reachable, unreachable } from "./trace-results.ts";
import type {
  Destination,
  Hop,
  NatGateway,
  ReasonCode,
  Route,
  RouteTable,
  SecurityGroup,
  SourceInterface,
  Subnet,
  Topology,
  TraceResult,
  TraceWarning,
  Vpc,
  VpcEndpoint,
} from "./types.ts";

type VpcSource = Extract<SourceInterface, { mode: "vpc" }>;

export function traceEgress(
  topology: Topology,
  source: SourceInterface,
  destination: Destination,
): TraceResult {
  if (addressFamily(destination.address) === null) {
    return unreachable(
      [],
      "NO_ROUTE",
      `${destination.address} is not an IPv4 or IPv6 address or CIDR block.`,
      "Give an IP address (resolve the host name first).",
    );
  }
  if (source.mode === "apprunner-default" || source.mode === "lambda-default")
    return traceDefaultEgress(source, destination);
  return traceFromInterface(topology, source, destination);
}

function traceFromInterface(topology: Topology, source: VpcSource, asked: Destination): TraceResult {
  const hops: Hop[] = [];
  const subnet = topology.subnets.find((candidate) => candidate.id === source.subnetId);
  hops.push(interfaceHop(source, subnet));
  if (subnet === undefined) return incomplete(hops, `subnet ${source.subnetId}`);
  const vpc = topology.vpcs.find((candidate) => candidate.id === subnet.vpcId);
  if (vpc === undefined) return incomplete(hops, `VPC ${subnet.vpcId} (of ${subnet.id})`);
  if (isIpv6(asked.address)) {
    const refused = checkIpv6Source(hops, source, subnet, vpc, asked);
    if (refused !== null) return refused;
  }

  // An AWS service's name may resolve, inside this VPC, to an interface endpoint's address.
  const resolution = resolveInterfaceEndpoint(topology, vpc, subnet, asked);
  if (resolution.kind === "incomplete") return incomplete(hops, resolution.missing);
  const destination = resolution.kind === "endpoint" ? resolution.destination : asked;
  const endpoint = resolution.kind === "endpoint" ? resolution.resolved : null;
  const result = traceResolved(topology, source, { subnet, vpc, destination, hops, endpoint });
  if (resolution.kind !== "public" || result.verdict !== "unreachable") return result;
  return resolution.hint === null
    ? withEndpointSuggestion(result, destination, vpc.id)
    : withHint(result, completeHint(topology, source, asked, resolution.hint));
}

/**
 * A hint's change (turn private DNS on) sends the name to the endpoint, where the path can still
 * stop (its security group closed, the endpoint pending): a fix must get the subnet through, so the
 * change is applied and traced again, and what stops it there is added to the same fix (its edits
 * too), up to a few steps. When what remains has no change (wait for the endpoint), the fix keeps
 * its words and loses its change. Found by the property test (trace-egress.property.test.ts).
 */
function completeHint(
  topology: Topology,
  source: VpcSource,
  asked: Destination,
  hint: EndpointHint,
): EndpointHint {
  const first = hint.fix.change;
  if (first === undefined) return hint;
  let edits = [...first.edits];
  let text = hint.fix.text;
  for (let step = 0; step < 3; step += 1) {
    let after: TraceResult;
    try {
      after = traceFromInterface(applyChange(topology, { edits }), source, asked);
    } catch (error) {
      if (error instanceof ChangeNotApplicable) return { ...hint, fix: { text } };
      throw error;
    }
    if (after.verdict === "reachable") return { ...hint, fix: { text, change: { edits } } };
    text = `${text} Then: ${lowerFirst(after.fix ?? "")}`.trim();
    if (after.verdict !== "unreachable" || after.change === undefined) return { ...hint, fix: { text } };
    edits = [...edits, ...after.change.edits];
  }
  return { ...hint, fix: { text } };
}

function traceResolved(
  topology: Topology,
  source: VpcSource,
  start: Omit<Walk, "source" | "sourceGroupIds" | "warnings">,
): TraceResult {
  const { subnet, vpc, destination, hops } = start;
  const target = describeDestination(destination);
  // Security groups: stateful, so only the outbound rules matter.
  const groups = resolveSecurityGroups(topology, source, vpc);
  if (typeof groups === "string") return incomplete(hops, groups);
  // A rule naming a group matches the interface that holds the destination address, if one is known.
  const peerInterface = findInterfaceByAddress(topology, vpc.id, destination.address);
  const allowing = findAllowingEgressRule(
    groups,
    topology.prefixLists,
    destination,
    peerInterface?.groupIds ?? [],
  );
  const groupIds = groups.map((group) => group.id).join(", ");
  if (allowing === null) {
    const named = groups.flatMap((group) => group.egress.flatMap((rule) => rule.prefixListIds ?? []));
    const unknown = checkPrefixListsKnown(topology, named, `An outbound rule of ${groupIds}`, hops);
    if (unknown !== null) return unknown;
    hops.push({
      kind: "security-group",
      ...singleId(groups),
      detail: `${groupIds}: no outbound rule allows ${target}`,
    });
    const first = groups[0];
    const peer = suggestedPeer(destination);
    const peerGroup = peerInterface?.groupIds[0];
    const to =
      peerGroup === undefined
        ? peer
        : `${peerGroup} (the security group of ${peerInterface?.id}) or ${peer}/32`;
    const text = `Add an outbound rule to ${first?.id ?? "the interface's security group"} allowing ${destination.protocol} ${destination.port} to ${to}.`;
    return unreachable(
      hops,
      "SG_EGRESS_DENIED",
      `No outbound rule of ${groupIds} allows ${target}.`,
      first === undefined
        ? text
        : {
            text,
            change: {
              edits: [
                {
                  kind: "add-security-group-egress",
                  groupId: first.id,
                  rule: {
                    protocol: destination.protocol,
                    fromPort: destination.port,
                    toPort: destination.port,
                    ...(peerGroup === undefined
                      ? { cidrs: [peer.includes("/") ? peer : `${peer}/32`] }
                      : { cidrs: [], groupIds: [peerGroup] }),
                  },
                },
              ],
            },
          },
    );
  }
  hops.push({
    kind: "security-group",
    id: allowing.group.id,
    detail: `${allowing.group.id}: outbound ${describeRulePorts(allowing.rule)} to ${allowing.matched} allows ${target}`,
  });

  // The source subnet's network ACL: stateless, so the return traffic needs its own rule.
  const sourceAcl = checkSubnetAcl(topology, subnet, destination, [
    { egress: true, peer: destination.address, ports: { from: destination.port, to: destination.port } },
    { egress: false, peer: destination.address, ports: EPHEMERAL_PORTS },
  ]);
  hops.push(sourceAcl.hop);
  if (sourceAcl.failure !== null) return { ...sourceAcl.failure, hops };

  const warnings: TraceWarning[] = [];
  const result = followRoutes(topology, {
    ...start,
    source,
    sourceGroupIds: groups.map((group) => group.id),
    warnings,
  });
  return warnings.length === 0 ? result : { ...result, warnings };
}

interface Walk {
  source: VpcSource;
  /** The groups on the source interface (for inbound rules that name them). */
  sourceGroupIds: string[];
  subnet: Subnet;
  vpc: Vpc;
  destination: Destination;
  hops: Hop[];
  /** Set when the destination's name resolved to an interface endpoint in the VPC. */
  endpoint: ResolvedEndpoint | null;
  /** Filled on the way (appliance endpoints passed); attached to the result by the caller. */
  warnings: TraceWarning[];
}

/** The name could have reached an endpoint in the VPC: say why it did not, and fix that. */
function withHint(result: TraceResult, hint: EndpointHint): TraceResult {
  const { change: _change, ...rest } = result;
  return {
    ...rest,
    reason: { code: hint.code, message: `${hint.message} ${result.reason?.message ?? ""}`.trim() },
    fix: hint.fix.text,
    ...(hint.fix.change === undefined ? {} : { change: hint.fix.change }),
  };
}

/** An AWS service's name that failed for lack of a way out: an interface endpoint is the other fix. */
function withEndpointSuggestion(result: TraceResult, destination: Destination, vpcId: string): TraceResult {
  const code = result.reason?.code;
  if (code === undefined || !ROUTING_FAILURES.has(code)) return result;
  const suggestion = suggestInterfaceEndpoint(destination, vpcId);
  return suggestion === null ? result : { ...result, fix: `${result.fix ?? ""} ${suggestion}`.trim() };
}

const ROUTING_FAILURES: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  "NO_ROUTE",
  "NO_PUBLIC_IP",
  "IGW_NOT_ATTACHED",
  "BLACKHOLE_ROUTE",
  "NAT_NOT_AVAILABLE",
  "NAT_SUBNET_NOT_PUBLIC",
  "NAT_PRIVATE_CONNECTIVITY",
  "REGIONAL_NAT_NO_INTERNET_GATEWAY",
  "REGIONAL_NAT_NO_ADDRESS_IN_ZONE",
]);

// Walks route tables: the source subnet's, then the subnet's of each NAT gateway or appliance
// endpoint the packet passes, and after a transit gateway the VPC it leads to
// (follow-transit-gateway.ts). Each NAT gateway, appliance endpoint and transit gateway attachment
// can be entered once, so the walk ends.
function followRoutes(topology: Topology, walk: Walk): TraceResult {
  const { destination, hops } = walk;
  const target = describeAddress(destination);
  const visitedNats = new Set<string>();
  const visitedAttachments = new Set<string>();
  let vpc = walk.vpc;
  let subnet = walk.subnet;
  let viaNat: NatGateway | null = null;
  const visitedEndpoints = new Set<string>();
  /** The appliance endpoint whose subnet's route table is being read, if any. */
  let afterAppliance: VpcEndpoint | null = null;
  /** The last transit gateway crossing, whose way back the replies need. */
  let transit: TransitLeg | null = null;
  const workload = { address: walk.source.privateIp ?? walk.subnet.cidrBlock, subnet: walk.subnet };
  /** With a transit gateway behind, the replies need their way back from `replySubnet`. */
  const arrive = (
    replySubnet: Subnet,
    sourceAddress: string | null,
    last: Hop,
    replyTopology: Topology = topology,
  ): TraceResult => {
    if (transit !== null) {
      const back = checkTransitReturn(replyTopology, transit, replySubnet, workload, hops);
      if ("verdict" in back) return back;
      hops.push(last, back);
      return reachable(hops, sourceAddress);
    }
    hops.push(last);
    return reachable(hops, sourceAddress);
  };
  for (;;) {
    const table = findRouteTable(topology, subnet);
    if (table === null)
      return incomplete(hops, `a route table for ${subnet.id} (no association and no main table)`);
    const namedLists = table.routes.flatMap((route) =>
      "prefixListId" in route.destination ? [route.destination.prefixListId] : [],
    );
    const unknownList = checkPrefixListsKnown(topology, namedLists, `A route in ${table.id}`, hops);
    if (unknownList !== null) return unknownList;
    const match = selectRoute(table, vpc, topology.prefixLists, destination.address);
    const tableName = describeRouteTable(table, subnet);
    hops.push({
      kind: "route-table",
      id: table.id,
      detail: `${table.id}${table.main && !table.subnetIds.includes(subnet.id) ? " (main)" : ""}: ${match === null ? `no route matches ${destination.address}` : describeRoute(match.route)}`,
      ...(match === null ? {} : { route: match.route }),
    });
    if (match === null) {
      if (afterAppliance !== null)
        return applianceNoRoute(topology, hops, afterAppliance, subnet, table, viaNat, destination);
      if (viaNat !== null)
        return natSubnetNotPublic(topology, walk, viaNat, subnet, table, null, "has no route to");
      return unreachable(
        hops,
        "NO_ROUTE",
        `${tableName} has no route to ${target}.`,
        isPrivateIpv4(destination.address)
          ? `Connect the network of ${destination.address} (VPC peering, transit gateway or VPN) and add a route to it in ${table.id}.`
          : isIpv6(destination.address)
            ? suggestIpv6Route(topology, subnet, table)
            : suggestNatRoute(topology, subnet, table),
      );
    }
    const { route } = match;
    const routeText = describeRoute(route);
    if (route.state === "blackhole" && !blackholeHasSpecificCause(topology, route, vpc.id)) {
      const replacement = isIpv6(destination.address)
        ? suggestIpv6Route(topology, subnet, table, route)
        : viaNat === null
          ? suggestNatRoute(topology, subnet, table, route)
          : suggestNatSubnetRoute(topology, viaNat, subnet, table, route);
      return unreachable(
        hops,
        "BLACKHOLE_ROUTE",
        `The route ${routeText} in ${tableName} is a blackhole: its target is gone or detached.`,
        forDestination(
          {
            ...replacement,
            text: `Replace the route ${routeText.replace(" (blackhole)", "")} in ${table.id} with one to a working target: ${lowerFirst(replacement.text)}`,
          },
          destination,
        ),
      );
    }
    const fromAddress = viaNat === null ? (walk.source.privateIp ?? null) : (viaNat.privateIp ?? null);
    switch (route.target.kind) {
      case "local": {
        hops.push({ kind: "local", detail: `local route: ${destination.address} is inside ${vpc.id}` });
        if (walk.endpoint !== null && viaNat === null && transit === null) {
          return enterInterfaceEndpoint({
            topology,
            hops,
            resolved: walk.endpoint,
            subnet,
            sourceGroupIds: walk.sourceGroupIds,
            sourceAddress: fromAddress,
            sourceLabel: walk.source.label ?? "the interface",
            destination,
          });
        }
        const inVpc = vpc.id;
        const destinationSubnet = topology.subnets.find(
          (candidate) =>
            candidate.vpcId === inVpc &&
            [candidate.cidrBlock, ...(candidate.ipv6CidrBlocks ?? [])].some((block) =>
              cidrContains(block, destination.address),
            ),
        );
        return arrive(destinationSubnet ?? subnet, fromAddress, {
          kind: "vpc-destination",
          detail: `${target} in ${vpc.id}, reached without NAT`,
        });
      }
      case "transit-gateway": {
        const entered = enterTransitGateway(topology, {
          transitGatewayId: route.target.id,
          vpc,
          subnet,
          destination,
          hops,
          routeTableId: table.id,
        });
        if ("verdict" in entered) return entered;
        visitedAttachments.add(entered.leg.sourceAttachment.id);
        if (visitedAttachments.has(entered.leg.nextAttachment.id)) {
          return unreachable(
            hops,
            "ROUTING_LOOP",
            `${route.target.id} sends ${target} back through ${entered.leg.nextAttachment.id}, which the packet already passed: a routing loop.`,
            `Route ${destination.address} in the transit gateway's route tables to an attachment that leads out of the loop.`,
          );
        }
        visitedAttachments.add(entered.leg.nextAttachment.id);
        transit = entered.leg;
        vpc = entered.vpc;
        subnet = entered.subnet;
        continue;
      }
      case "instance":
      case "network-interface": {
        if (viaNat !== null && !isPrivateIpv4(destination.address))
          return natSubnetNotPublic(
            topology,
            walk,
            viaNat,
            subnet,
            table,
            route,
            `routes ${target} to ${route.target.id} instead of`,
          );
        const exit = followNatInstance(topology, {
          target: route.target,
          vpc,
          subnet,
          table,
          route,
          sourceSubnet: walk.subnet,
          destination,
          hops,
          fromAddress,
        });
        if ("verdict" in exit) return exit;
        return arrive(exit.exitSubnet, exit.sourceAddress, exit.last);
      }
      case "vpc-peering":
        return followPeering(topology, {
          peeringId: route.target.id,
          vpc,
          subnet,
          table,
          destination,
          hops,
          sourceAddress: fromAddress,
        });
      case "gateway-endpoint": {
        const endpointId = route.target.id;
        const endpoint = topology.vpcEndpoints.find((candidate) => candidate.id === endpointId);
        if (endpoint === undefined) return incomplete(hops, `VPC endpoint ${endpointId}`);
        if (endpoint.type === "GatewayLoadBalancer") {
          const step = enterApplianceEndpoint(
            topology,
            hops,
            endpoint,
            visitedEndpoints,
            tableName,
            table.id,
            destination,
          );
          if (!step.ok) return step.failure;
          walk.warnings.push(step.warning);
          afterAppliance = endpoint;
          subnet = step.subnet;
          continue;
        }
        return enterGatewayEndpoint(topology, {
          endpoint,
          table,
          route,
          subnet,
          destination,
          hops,
          fromAddress,
          transit,
          viaNat,
          workloadSubnet: walk.subnet,
        });
      }
      case "egress-only-internet-gateway": {
        const eigwId = route.target.id;
        const eigw = (topology.egressOnlyInternetGateways ?? []).find((candidate) => candidate.id === eigwId);
        if (eigw === undefined) return incomplete(hops, `egress-only internet gateway ${eigwId}`);
        return enterEgressOnlyGateway(topology, hops, eigw, vpc, walk.source, destination);
      }
      case "other":
        return unreachable(
          hops,
          "UNSUPPORTED_TARGET",
          `${tableName} sends ${target} to ${route.target.id} (${route.target.type}), which this model does not follow.`,
          `Check what ${route.target.id} does with the traffic, or route ${destination.address} to a NAT gateway or internet gateway in ${table.id}.`,
        );
      case "internet-gateway": {
        const igwId = route.target.id;
        const igw = topology.internetGateways.find((candidate) => candidate.id === igwId);
        if (igw === undefined) return incomplete(hops, `internet gateway ${igwId}`);
        hops.push({
          kind: "internet-gateway",
          id: igw.id,
          detail: `${igw.id}: ${attachment(igw.attachedVpcIds, vpc.id)}`,
        });
        if (!igw.attachedVpcIds.includes(vpc.id)) {
          return unreachable(
            hops,
            "IGW_NOT_ATTACHED",
            `${igw.id} is not attached to ${vpc.id}, so the route ${routeText} in ${table.id} goes nowhere.`,
            forDestination(suggestInternetGateway(topology, igw, vpc.id, table, route), destination),
          );
        }
        if (isPrivateIpv4(destination.address)) {
          return unreachable(
            hops,
            "NO_ROUTE",
            `${destination.address} is a private (RFC 1918) address: the internet does not route it.`,
            `Connect the network of ${destination.address} (VPC peering, transit gateway or VPN) and route it in ${table.id}.`,
          );
        }
        let sourceAddress: string | null;
        if (isIpv6(destination.address)) {
          // IPv6 addresses are public: the internet gateway carries them as they are, no NAT.
          sourceAddress = walk.source.ipv6Address ?? null;
        } else if (viaNat !== null) {
          sourceAddress = findNatPublicIp(topology, viaNat);
        } else {
          // An internet gateway translates the addresses of interfaces in its own VPC only: traffic that
          // came through a transit gateway keeps the workload's private address.
          if (!walk.source.hasPublicIp || transit !== null)
            return noPublicIp(topology, walk, igw.id, { table, route, subnet }, transit);
          sourceAddress = walk.source.publicIp ?? null;
        }
        return arrive(subnet, sourceAddress, {
          kind: "internet",
          detail: `${target} on the internet, seen from ${sourceAddress ?? "an address not in the topology"}`,
        });
      }
      case "nat-gateway": {
        const natId = route.target.id;
        const nat = topology.natGateways.find((candidate) => candidate.id === natId);
        if (nat === undefined) return incomplete(hops, `NAT gateway ${natId}`);
        if (isIpv6(destination.address)) {
          return unreachable(
            hops,
            "UNSUPPORTED_TARGET",
            `${tableName} sends the IPv6 address ${target} to ${nat.id}; a NAT gateway translates IPv6 only for destinations in 64:ff9b::/96 (NAT64), which this model does not follow.`,
            suggestIpv6Route(topology, subnet, table),
          );
        }
        if (viaNat !== null && !isPrivateIpv4(destination.address)) {
          const verb =
            nat.id === viaNat.id
              ? `routes ${target} back to ${nat.id} itself instead of`
              : `routes ${target} to ${nat.id} instead of`;
          return natSubnetNotPublic(topology, walk, viaNat, subnet, table, route, verb);
        }
        if (visitedNats.has(nat.id)) {
          return unreachable(
            hops,
            "ROUTING_LOOP",
            `${tableName} sends ${target} back to ${nat.id}, which the packet already passed: a routing loop.`,
            `Route ${destination.address} in ${table.id} to a target that leads out of the loop.`,
          );
        }
        visitedNats.add(nat.id);
        if (isRegionalNat(nat)) {
          const exit = followRegionalNat(topology, { nat, vpc, subnet, table, route, destination, hops });
          if ("verdict" in exit) return exit;
          const view = regionalNatReplyView(topology, nat, subnet.availabilityZone);
          return view === null
            ? arrive(subnet, exit.sourceAddress, exit.last)
            : arrive(view.subnet, exit.sourceAddress, exit.last, view.topology);
        }
        const natFailure = enterNat(topology, hops, nat, { table, route }, subnet, destination);
        if (natFailure !== null) return natFailure;
        const natSubnet = topology.subnets.find((candidate) => candidate.id === nat.subnetId);
        if (natSubnet === undefined) return incomplete(hops, `subnet ${nat.subnetId} (of ${nat.id})`);
        if (natSubnet.id !== subnet.id) {
          // Network ACLs filter traffic crossing a subnet boundary, both ways, both directions.
          const back = fromAddress ?? subnet.cidrBlock;
          const natAcl = checkSubnetAcl(topology, natSubnet, destination, [
            { egress: false, peer: back, ports: { from: destination.port, to: destination.port } },
            {
              egress: true,
              peer: destination.address,
              ports: { from: destination.port, to: destination.port },
            },
            { egress: false, peer: destination.address, ports: EPHEMERAL_PORTS },
            { egress: true, peer: back, ports: EPHEMERAL_PORTS },
          ]);
          hops.push(natAcl.hop);
          if (natAcl.failure !== null) return { ...natAcl.failure, hops };
        }
        viaNat = nat;
        afterAppliance = null;
        subnet = natSubnet;
        continue;
      }
    }
  }
}

/** Checks a NAT gateway the route points at; returns the failure, or null when it forwards. */
function enterNat(
  topology: Topology,
  hops: Hop[],
  nat: NatGateway,
  via: { table: RouteTable; route: Route },
  subnet: Subnet,
  destination: Destination,
): TraceResult | null {
  hops.push({
    kind: "nat-gateway",
    id: nat.id,
    detail: `${nat.id} (${nat.connectivityType}, ${nat.state}) in ${nat.subnetId}${nat.publicIp === undefined ? "" : `, Elastic IP ${nat.publicIp}`}`,
  });
  const tableName = describeRouteTable(via.table, subnet);
  if (nat.state !== "available") {
    const fix: Fix | string =
      nat.state === "pending"
        ? `Wait until ${nat.id} is available, then retry.`
        : forDestination(suggestNatRoute(topology, subnet, via.table, via.route), destination);
    return unreachable(
      hops,
      "NAT_NOT_AVAILABLE",
      `${nat.id} (the target of the route in ${tableName}) is ${nat.state}, not available.${describeNatFailure(nat)}`,
      fix,
    );
  }
  if (nat.connectivityType === "private" && !isPrivateIpv4(destination.address)) {
    return unreachable(
      hops,
      "NAT_PRIVATE_CONNECTIVITY",
      `${nat.id} is a private NAT gateway: it has no Elastic IP and cannot reach the internet.`,
      suggestNatRoute(topology, subnet, via.table, via.route),
    );
  }
  return null;
}

function natSubnetNotPublic(
  topology: Topology,
  walk: Walk,
  nat: NatGateway,
  natSubnet: Subnet,
  natTable: RouteTable,
  matched: Route | null,
  verb: string,
): TraceResult {
  // A workload in the NAT's own subnet: making that subnet public would not carry the workload's
  // traffic (it has no public IP), so the fix is the workload's own route, i.e. a subnet elsewhere.
  const fix =
    natSubnet.id === walk.subnet.id
      ? suggestNatRoute(topology, walk.subnet, natTable, matched)
      : suggestNatSubnetRoute(topology, nat, natSubnet, natTable, matched);
  return unreachable(
    walk.hops,
    "NAT_SUBNET_NOT_PUBLIC",
    `${nat.id} is in ${natSubnet.id}, whose route table ${natTable.id} ${verb} an internet gateway.`,
    forDestination(fix, walk.destination),
  );
}

function noPublicIp(
  topology: Topology,
  walk: Walk,
  igwId: string,
  at: { table: RouteTable; route: Route; subnet: Subnet },
  transit: TransitLeg | null,
): TraceResult {
  const { table, route, subnet } = at;
  const fix = suggestNatRoute(topology, subnet, table, route);
  const why =
    transit === null
      ? `${walk.source.label ?? "the interface"} has no public IP`
      : `the traffic came through ${transit.transitGatewayId} from ${transit.fromVpc.id} with its private address, which an internet gateway does not translate`;
  return unreachable(
    walk.hops,
    "NO_PUBLIC_IP",
    `${describeRouteTable(table, subnet)} sends ${describeAddress(walk.destination)} to ${igwId}, but ${why}, so the internet gateway cannot carry its traffic.`,
    findNatsInSubnet(topology, subnet.id).length > 0
      ? fix
      : {
          ...fix,
          text: `Route 0.0.0.0/0 to a NAT gateway in a public subnet instead of ${igwId}: ${lowerFirst(fix.text)}`,
        },
  );
}

/**
 * Routing fixes send the traffic to the internet; for a private destination they would change
 * paths the model cannot judge (peering, VPN), so those keep the advice and drop the change.
 */
function forDestination(fix: Fix, destination: Destination): Fix {
  return isPrivateIpv4(destination.address) ? { text: fix.text } : fix;
}

function resolveSecurityGroups(topology: Topology, source: VpcSource, vpc: Vpc): SecurityGroup[] | string {
  if (source.securityGroupIds.length === 0) {
    // AWS gives an interface created without groups the VPC's default group (App Runner too).
    const fallback = topology.securityGroups.find(
      (group) => group.vpcId === vpc.id && group.name === "default",
    );
    return fallback === undefined ? `the default security group of ${vpc.id}` : [fallback];
  }
  const groups: SecurityGroup[] = [];
  for (const id of source.securityGroupIds) {
    const group = topology.securityGroups.find((candidate) => candidate.id === id);
    if (group === undefined) return `security group ${id}`;
    groups.push(group);
  }
  return groups;
}

function interfaceHop(source: VpcSource, subnet: Subnet | undefined): Hop {
  const where = subnet === undefined ? source.subnetId : `${subnet.id} (${subnet.availabilityZone})`;
  const address = source.hasPublicIp ? `public IP ${source.publicIp ?? "(unknown)"}` : "no public IP";
  return {
    kind: "interface",
    ...(source.interfaceId === undefined ? {} : { id: source.interfaceId }),
    detail: `${source.label ?? "interface"} in ${where}: private IP ${source.privateIp ?? "(unknown)"}, ${address}`,
  };
}

function singleId(groups: SecurityGroup[]): { id?: string } {
  const only = groups.length === 1 ? groups[0] : undefined;
  return only === undefined ? {} : { id: only.id };
}

function attachment(attachedVpcIds: string[], vpcId: string): string {
  if (attachedVpcIds.includes(vpcId)) return `attached to ${vpcId}`;
  return attachedVpcIds.length === 0 ? "detached" : `attached to ${attachedVpcIds.join(", ")}, not ${vpcId}`;
}

/**
 * AWS marks a route "blackhole" both when its target is gone and when the target still exists but
 * cannot forward (an internet gateway detached from the VPC, a NAT gateway that failed or is still
 * pending). In the second case the specific reason (IGW_NOT_ATTACHED, NAT_NOT_AVAILABLE) tells the
 * user what to change, so the walk goes on to the target and reports it.
 */
function blackholeHasSpecificCause(topology: Topology, route: Route, vpcId: string): boolean {
  const { target } = route;
  if (target.kind === "internet-gateway") {
    const igw = topology.internetGateways.find((candidate) => candidate.id === target.id);
    return igw !== undefined && !igw.attachedVpcIds.includes(vpcId);
  }
  if (target.kind === "nat-gateway") {
    const nat = topology.natGateways.find((candidate) => candidate.id === target.id);
    return nat !== undefined && (nat.state === "failed" || nat.state === "pending");
  }
  // A deleted or rejected peering connection, a missing or unavailable attachment: say which.
  if (target.kind === "vpc-peering") {
    const connection = topology.vpcPeeringConnections?.find((candidate) => candidate.id === target.id);
    return connection !== undefined && connection.state !== "active";
  }
  // A stopped instance, or an interface whose instance is gone: NAT_INSTANCE_NOT_RUNNING says which.
  if (target.kind === "instance")
    return topology.instances?.some((instance) => instance.id === target.id) ?? false;
  if (target.kind === "network-interface")
    return topology.networkInterfaces?.some((eni) => eni.id === target.id) ?? false;
  if (target.kind === "transit-gateway") {
    const attachment = topology.transitGatewayAttachments?.find(
      (candidate) => candidate.transitGatewayId === target.id && candidate.resourceId === vpcId,
    );
    return topology.transitGatewayAttachments !== undefined && attachment?.state !== "available";
  }
  return false;
}

/** " AWS says: Gateway.NotAttached: Network vpc-1 has no Internet gateway attached", or "". */
function describeNatFailure(nat: NatGateway): string {
  const parts = [nat.failure?.code, nat.failure?.message].filter((part) => part !== undefined && part !== "");
  return parts.length === 0 ? "" : ` AWS says: ${parts.join(": ")}`;
}

// A route to a regional NAT gateway (AvailabilityMode "regional", announced 19 Nov 2025): one gateway
// for the whole VPC, in no subnet of yours. It translates traffic from an Availability Zone with that
// zone's Elastic IP, so the trace checks, in order:
// - the gateway is available (NAT_NOT_AVAILABLE, as for a zonal one);
// - it still leaves through the VPC's internet gateway: AWS creates the gateway's own route table with a
//   route to it (REGIONAL_NAT_NO_INTERNET_GATEWAY when the VPC has none attached, or that table no
//   longer sends the destination to one); checked before the zone, since no zone helps without it;
// - it serves the zone the traffic comes from: in automatic mode (AutoProvisionZones "enabled") AWS
//   adds a zone after it detects a network interface there, not instantly (REGIONAL_NAT_ZONE_EXPANDING,
//   verdict "unknown": what traffic from the zone does meanwhile is not documented); in manual mode
//   (AvailabilityZoneAddresses) only the zones given an Elastic IP are served
//   (REGIONAL_NAT_NO_ADDRESS_IN_ZONE: associate one for the zone). The zone's address is the source
//   the destination sees.
// Sources (docs/FACTS.md, "Regional NAT gateway"): EC2 API Reference, NatGateway (AvailabilityMode,
// AutoProvisionZones, AutoScalingIps, RouteTableId, NatGatewayAddresses with AvailabilityZone),
// CreateNatGateway (AvailabilityZoneAddresses: "If you specify this parameter, auto-expansion is
// disabled and you must manually manage AZ coverage"), AssociateNatGatewayAddress (AvailabilityZone);
// VPC User Guide, nat-gateways-regional.html ("AWS automatically creates a route table for it, which
// comes with a pre-configured route to the internet gateway").

import { describeAddress } from "./describe-destination.ts";
import { describeRouteTable, findAttachedInternetGateway, servedZone } from "./find-resources.ts";
import { isPrivateIpv4 } from "./ip.ts";
import { describeRoute, selectRoute } from "./select-route.ts";
import {
  type Fix,
  internetGatewayFor,
  NEW_ELASTIC_IP,
  NEW_INTERNET_GATEWAY,
  suggestInternetGateway,
  suggestNatRoute,
} from "./suggest-fix.ts";
import { incomplete, unreachable } from "./trace-results.ts";
import type {
  Destination,
  Hop,
  NatGateway,
  Route,
  RouteTable,
  Subnet,
  Topology,
  TopologyEdit,
  TraceResult,
  Vpc,
} from "./types.ts";

export function isRegionalNat(nat: NatGateway): boolean {
  return nat.availabilityMode === "regional";
}

export interface RegionalNatInput {
  nat: NatGateway;
  vpc: Vpc;
  /** The subnet whose route table sent the traffic to the gateway (its AZ is the zone that must be served). */
  subnet: Subnet;
  table: RouteTable;
  route: Route;
  destination: Destination;
  hops: Hop[];
}

/** Out of the gateway: the address the destination sees, and the last hop for the caller to add. */
export interface RegionalNatExit {
  sourceAddress: string | null;
  last: Hop;
}

/**
 * The replies come back through the gateway's own route table (the VPC User Guide: "You can use this
 * route table to add return routes"): the topology and a stand-in subnet under which that table is
 * found, for the transit gateway's return check. Null when the table is not loaded.
 */
export function regionalNatReplyView(
  topology: Topology,
  nat: NatGateway,
  availabilityZone: string,
): { topology: Topology; subnet: Subnet } | null {
  const tableId = nat.routeTableId;
  if (tableId === undefined || !topology.routeTables.some((table) => table.id === tableId)) return null;
  return {
    topology: {
      ...topology,
      routeTables: topology.routeTables.map((table) =>
        table.id === tableId ? { ...table, main: false, subnetIds: [...table.subnetIds, nat.id] } : table,
      ),
    },
    subnet: { id: nat.id, vpcId: nat.vpcId, cidrBlock: "", availabilityZone },
  };
}

/** "regional, automatic, available; zones us-east-1a (203.0.113.10), us-east-1b (pending)". */
export function describeRegionalNat(nat: NatGateway): string {
  const mode =
    nat.autoProvisionZones === undefined ? "" : nat.autoProvisionZones ? ", automatic" : ", manual";
  const zones = (nat.zones ?? []).map((zone) => {
    const addresses = zone.addresses.map(
      (address) =>
        `${address.publicIp ?? address.allocationId ?? "address"}${address.status === undefined || address.status === "succeeded" ? "" : ` ${address.status}`}`,
    );
    return `${zone.availabilityZone} (${addresses.join(", ") || "no address"})`;
  });
  return `${nat.id} (regional${mode}, ${nat.connectivityType}, ${nat.state}): ${zones.length === 0 ? "no zones yet" : `zones ${zones.join(", ")}`}`;
}

export function followRegionalNat(
  topology: Topology,
  input: RegionalNatInput,
): TraceResult | RegionalNatExit {
  const { nat, subnet, table, route, destination, hops } = input;
  const tableName = describeRouteTable(table, subnet);
  const zoneName = subnet.availabilityZone;
  hops.push({ kind: "nat-gateway", id: nat.id, detail: describeRegionalNat(nat) });

  if (nat.state !== "available") {
    const fix: Fix | string =
      nat.state === "pending"
        ? `Wait until ${nat.id} is available, then retry.`
        : forPublic(suggestNatRoute(topology, subnet, table, route), destination);
    const failure = [nat.failure?.code, nat.failure?.message].filter(
      (part) => part !== undefined && part !== "",
    );
    return unreachable(
      hops,
      "NAT_NOT_AVAILABLE",
      `${nat.id} (the regional NAT gateway the route in ${tableName} names) is ${nat.state}, not available.${failure.length === 0 ? "" : ` AWS says: ${failure.join(": ")}`}`,
      fix,
    );
  }
  if (nat.connectivityType === "private" && !isPrivateIpv4(destination.address)) {
    return unreachable(
      hops,
      "NAT_PRIVATE_CONNECTIVITY",
      `${nat.id} is a private NAT gateway: it has no Elastic IP and cannot reach the internet.`,
      suggestNatRoute(topology, subnet, table, route),
    );
  }

  // Its way out first: without the internet gateway no zone helps; then the zone, which gives the address.
  const exit = leaveThroughInternetGateway(topology, input);
  if ("verdict" in exit) return exit;
  const zone = servedZone(nat, zoneName);
  if (zone === null) {
    const served = (nat.zones ?? []).filter(
      (candidate) => servedZone(nat, candidate.availabilityZone) !== null,
    );
    const servedText =
      served.length === 0 ? "no zone yet" : served.map((candidate) => candidate.availabilityZone).join(", ");
    if (nat.autoProvisionZones === false) {
      return unreachable(
        hops,
        "REGIONAL_NAT_NO_ADDRESS_IN_ZONE",
        `${nat.id} is a regional NAT gateway in manual mode serving ${servedText}: it has no Elastic IP in ${zoneName}, where ${subnet.id} is, so it does not translate traffic from that zone.`,
        suggestZoneAddress(topology, nat, zoneName),
      );
    }
    return {
      verdict: "unknown",
      hops,
      sourceAddress: null,
      reason: {
        code: "REGIONAL_NAT_ZONE_EXPANDING",
        message: `${nat.id} is a regional NAT gateway in automatic mode that serves ${servedText}, not ${zoneName} yet, where ${subnet.id} is. AWS adds a zone after it detects a network interface there, which is not instant; what traffic from ${zoneName} does until then is not documented.`,
      },
      fix: `Wait until ${nat.id} shows an address in ${zoneName} (aws ec2 describe-nat-gateways --nat-gateway-ids ${nat.id} --query "NatGateways[0].NatGatewayAddresses[?AvailabilityZone=='${zoneName}']"), then run the doctor again. If none appears, check that the workload's network interfaces exist in ${subnet.id}: the gateway follows interfaces, not subnets' routes.`,
    };
  }
  if (exit.last.kind !== "internet") return exit;
  const address = zone.addresses.find(
    (candidate) => candidate.status === undefined || candidate.status === "succeeded",
  );
  const sourceAddress = address?.publicIp ?? null;
  return { sourceAddress, last: internetHop(describeAddress(destination), sourceAddress) };
}

/** The gateway's own route table (when loaded) or, as AWS creates it, a route to the VPC's attached internet gateway. */
function leaveThroughInternetGateway(
  topology: Topology,
  input: RegionalNatInput,
): TraceResult | RegionalNatExit {
  const sourceAddress = null; // the zone's address, filled in by the caller
  const { nat, vpc, destination, hops } = input;
  const target = describeAddress(destination);
  let natTable: RouteTable | null = null;
  if (nat.routeTableId !== undefined) {
    const tableId = nat.routeTableId;
    natTable = topology.routeTables.find((candidate) => candidate.id === tableId) ?? null;
    if (natTable === null) return incomplete(hops, `route table ${tableId} (of ${nat.id})`);
  }
  const attached = findAttachedInternetGateway(topology, vpc.id);
  if (natTable === null) {
    // Not loaded: AWS creates the table with a route to the VPC's internet gateway.
    if (attached === null) return noInternetGateway(topology, input, null, null);
    hops.push({ kind: "internet-gateway", id: attached.id, detail: `${attached.id}: attached to ${vpc.id}` });
    if (isPrivateIpv4(destination.address)) return privateDestination(input);
    return { sourceAddress, last: internetHop(target, sourceAddress) };
  }
  const match = selectRoute(natTable, vpc, topology.prefixLists, destination.address);
  hops.push({
    kind: "route-table",
    id: natTable.id,
    detail: `${natTable.id} (the route table of ${nat.id}): ${match === null ? `no route matches ${destination.address}` : describeRoute(match.route)}`,
    ...(match === null ? {} : { route: match.route }),
  });
  if (match === null) return noInternetGateway(topology, input, natTable, null);
  const { route } = match;
  if (route.target.kind === "local") {
    hops.push({ kind: "local", detail: `local route: ${destination.address} is inside ${vpc.id}` });
    return {
      sourceAddress: nat.privateIp ?? null,
      last: { kind: "vpc-destination", detail: `${target} in ${vpc.id}, reached through ${nat.id}` },
    };
  }
  if (route.target.kind !== "internet-gateway") {
    return unreachable(
      hops,
      "UNSUPPORTED_TARGET",
      `${natTable.id} (the route table of ${nat.id}) sends ${target} to ${route.target.id}, which this model does not follow after a regional NAT gateway.`,
      `Check what ${route.target.id} does with the traffic, or route ${destination.address} in ${natTable.id} to the internet gateway attached to ${vpc.id}.`,
    );
  }
  const igwId = route.target.id;
  const igw = topology.internetGateways.find((candidate) => candidate.id === igwId);
  if (igw === undefined) return incomplete(hops, `internet gateway ${igwId}`);
  if (!igw.attachedVpcIds.includes(vpc.id)) return noInternetGateway(topology, input, natTable, route);
  hops.push({ kind: "internet-gateway", id: igw.id, detail: `${igw.id}: attached to ${vpc.id}` });
  if (isPrivateIpv4(destination.address)) return privateDestination(input);
  return { sourceAddress, last: internetHop(target, sourceAddress) };
}

function internetHop(target: string, sourceAddress: string | null): Hop {
  return {
    kind: "internet",
    detail: `${target} on the internet, seen from ${sourceAddress ?? "an address not in the topology"}`,
  };
}

function privateDestination(input: RegionalNatInput): TraceResult {
  const { destination, hops, nat } = input;
  return unreachable(
    hops,
    "NO_ROUTE",
    `${destination.address} is a private (RFC 1918) address: the internet does not route it.`,
    `Connect the network of ${destination.address} (VPC peering, transit gateway or VPN) and route it in ${nat.routeTableId ?? input.table.id}.`,
  );
}

function noInternetGateway(
  topology: Topology,
  input: RegionalNatInput,
  natTable: RouteTable | null,
  matched: Route | null,
): TraceResult {
  const { nat, vpc, destination, hops } = input;
  const attached = findAttachedInternetGateway(topology, vpc.id);
  const why =
    attached === null
      ? `${vpc.id} has no attached internet gateway`
      : `its route table ${natTable?.id ?? "(not loaded)"} ${matched === null ? "has no route" : `sends ${describeAddress(destination)} to ${matched.target.kind === "local" ? "local" : matched.target.id}, not`} to ${attached.id}`;
  return unreachable(
    hops,
    "REGIONAL_NAT_NO_INTERNET_GATEWAY",
    `${nat.id} is a regional NAT gateway: it needs no public subnet but still leaves through the VPC's internet gateway, and ${why}.`,
    forPublic(suggestGatewayForRegionalNat(topology, nat, vpc, natTable, matched), destination),
  );
}

/**
 * Attach an internet gateway (a detached one, or a new one) and, when the gateway's route table is
 * loaded and lacks the route, point it there (AWS fills a new table with that route; one edited since
 * needs it back).
 */
function suggestGatewayForRegionalNat(
  topology: Topology,
  nat: NatGateway,
  vpc: Vpc,
  natTable: RouteTable | null,
  matched: Route | null,
): Fix {
  const attached = findAttachedInternetGateway(topology, vpc.id);
  const destination: Route["destination"] = matched?.destination ?? { cidr: "0.0.0.0/0" };
  const destinationText = "cidr" in destination ? destination.cidr : destination.prefixListId;
  const matchedTarget = matched?.target;
  const named =
    matchedTarget?.kind === "internet-gateway"
      ? topology.internetGateways.find((igw) => igw.id === matchedTarget.id)
      : undefined;
  if (attached === null && named !== undefined && natTable !== null && matched !== null)
    return suggestInternetGateway(topology, named, vpc.id, natTable, matched);
  const gateway = internetGatewayFor(topology, vpc.id);
  const { igwId } = gateway;
  const edits: TopologyEdit[] = [...gateway.edits];
  const first = gateway.attachText;
  const igwName = igwId === NEW_INTERNET_GATEWAY ? "it" : igwId;
  if (natTable === null) return { text: `${first}; ${nat.id} leaves through it.`, change: { edits } };
  const has = natTable.routes.some(
    (route) =>
      "cidr" in route.destination && "cidr" in destination && route.destination.cidr === destination.cidr,
  );
  const target = { kind: "internet-gateway" as const, id: igwId };
  edits.push(
    has
      ? { kind: "replace-route", routeTableId: natTable.id, route: { destination, target } }
      : { kind: "create-route", routeTableId: natTable.id, route: { destination, target } },
  );
  const routeText = has
    ? `point ${destinationText} in ${natTable.id} (the route table of ${nat.id}) at ${igwName}`
    : `add a route ${destinationText} -> ${igwName} to ${natTable.id} (the route table of ${nat.id})`;
  return {
    text:
      first === ""
        ? `${routeText.charAt(0).toUpperCase()}${routeText.slice(1)}.`
        : `${first}, then ${routeText}.`,
    change: { edits },
  };
}

/** Manual mode: associate an Elastic IP with the gateway for the zone (a free one the topology holds, or a new one). */
function suggestZoneAddress(topology: Topology, nat: NatGateway, zoneName: string): Fix {
  const used = new Set(
    topology.natGateways.flatMap((other) => [
      ...(other.allocationId === undefined ? [] : [other.allocationId]),
      ...(other.zones ?? []).flatMap((zone) => zone.addresses.map((address) => address.allocationId)),
    ]),
  );
  const free = topology.elasticIps.find(
    (eip) =>
      eip.associationId === undefined && eip.networkInterfaceId === undefined && !used.has(eip.allocationId),
  );
  const allocationId = free?.allocationId ?? NEW_ELASTIC_IP;
  const allocation =
    free === undefined
      ? `Allocate an Elastic IP (aws ec2 allocate-address --domain vpc) and associate it with ${nat.id} for ${zoneName}`
      : `Associate ${free.allocationId} (${free.publicIp}) with ${nat.id} for ${zoneName}`;
  return {
    text: `${allocation}: aws ec2 associate-nat-gateway-address --nat-gateway-id ${nat.id} --allocation-ids ${free?.allocationId ?? "<allocation-id>"} --availability-zone ${zoneName}. A partner's allowlist needs that address too.`,
    change: {
      edits: [
        {
          kind: "associate-nat-gateway-address",
          natGatewayId: nat.id,
          allocationId,
          availabilityZone: zoneName,
        },
      ],
    },
  };
}

/** Routing fixes send traffic to the internet: for a private destination keep the words, drop the change. */
function forPublic(fix: Fix, destination: Destination): Fix {
  return isPrivateIpv4(destination.address) ? { text: fix.text } : fix;
}

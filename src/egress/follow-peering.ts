// A route to a VPC peering connection (pcx-...), followed as AWS forwards it (docs/FACTS.md, "VPC
// peering"): the connection must be active; it carries traffic only to addresses inside the peer
// VPC's CIDR blocks (no transitive peering, no edge-to-edge routing through the peer's internet
// gateway, NAT gateway, VPN or Direct Connect), so it never leads to the internet; and the peer
// VPC's route table must route the source back through the same connection, or the replies are
// lost. The walk ends in the peer VPC: nothing continues from there.

import { describeAddress } from "./describe-destination.ts";
import { describeRouteTable, findRouteTable } from "./find-resources.ts";
import { vpcRouteEdit } from "./follow-transit-gateway.ts";
import { cidrContains, isIpv6, isPrivateIpv4 } from "./ip.ts";
import { lowerFirst } from "./lower-first.ts";
import { describeRoute, selectRoute } from "./select-route.ts";
import { type Fix, suggestNatRoute } from "./suggest-fix.ts";
import { notReadable, reachable, unreachable } from "./trace-results.ts";
import type {
  Destination,
  Hop,
  RouteTable,
  Subnet,
  Topology,
  TopologyEdit,
  TraceResult,
  Vpc,
} from "./types.ts";

export interface FollowPeeringInput {
  peeringId: string;
  /** The VPC and subnet the packet leaves from, and that subnet's route table. */
  vpc: Vpc;
  subnet: Subnet;
  table: RouteTable;
  destination: Destination;
  hops: Hop[];
  /** The workload's address, which the replies go back to (its subnet's block when unknown). */
  sourceAddress: string | null;
}

export function followPeering(topology: Topology, input: FollowPeeringInput): TraceResult {
  const { peeringId, vpc, subnet, table, destination, hops } = input;
  const target = describeAddress(destination);
  const tableName = describeRouteTable(table, subnet);
  const connections = topology.vpcPeeringConnections;
  if (connections === undefined) {
    return notReadable(
      hops,
      peeringId,
      `${tableName} sends ${target} to ${peeringId}, but the peering connections could not be read, so the path beyond it is unknown.`,
      `Grant ec2:DescribeVpcPeeringConnections (scripts/doctor-iam-policy.json) and run the doctor again, or run: aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids ${peeringId}`,
    );
  }
  const connection = connections.find((candidate) => candidate.id === peeringId);
  if (connection === undefined) {
    return unreachable(
      hops,
      "TOPOLOGY_INCOMPLETE",
      `The topology does not include ${peeringId}, which the path refers to.`,
      `Check that ${peeringId} exists (aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids ${peeringId}).`,
    );
  }
  const [own, peer] =
    connection.requester.vpcId === vpc.id
      ? [connection.requester, connection.accepter]
      : [connection.accepter, connection.requester];
  const peerName = `${peer.vpcId}${peer.ownerId === undefined ? "" : ` (account ${peer.ownerId}${peer.region === undefined ? "" : `, ${peer.region}`})`}`;
  hops.push({
    kind: "vpc-peering",
    id: connection.id,
    detail: `${connection.id} (${connection.state}): ${own.vpcId} ${own.cidrBlocks.join(", ")} <-> ${peer.vpcId} ${peer.cidrBlocks.join(", ")}`,
  });
  if (connection.state !== "active") {
    return unreachable(
      hops,
      "PEERING_NOT_ACTIVE",
      `${tableName} sends ${target} to ${connection.id}, which is ${connection.state}, not active: it carries no traffic.`,
      connection.state === "pending-acceptance"
        ? `The owner of ${peerName} accepts ${connection.id} (AcceptVpcPeeringConnection).`
        : `Create a new peering connection between ${own.vpcId} and ${peer.vpcId}, accept it, and point the route in ${table.id} at it.`,
    );
  }
  if (!peer.cidrBlocks.some((block) => cidrContains(block, destination.address))) {
    const internet = !isPrivateIpv4(destination.address);
    return unreachable(
      hops,
      "PEERING_NO_INTERNET",
      internet
        ? `${tableName} sends ${target} to ${connection.id}, but a peering connection never carries traffic to the internet: ${peer.vpcId}'s internet gateway or NAT gateway cannot be used through it (no edge-to-edge routing).`
        : `${tableName} sends ${target} to ${connection.id}, but ${destination.address} is not in ${peer.vpcId} (${peer.cidrBlocks.join(", ")}): a peering connection does not carry traffic on to a third network (no transitive routing).`,
      // A third private network has no structured change: connecting it (peering, transit gateway,
      // VPN) needs resources on its side that the topology does not hold.
      internet
        ? ownWayOut(topology, input, connection.id, peer.cidrBlocks)
        : `Peer ${vpc.id} directly with the network of ${destination.address}, or connect both through a transit gateway.`,
    );
  }
  const peerVpc = topology.vpcs.find((candidate) => candidate.id === peer.vpcId);
  const replyTo = input.sourceAddress ?? subnet.cidrBlock;
  if (peerVpc === undefined) {
    return notReadable(
      hops,
      peerName,
      `${target} is in ${peerName}, which the caller cannot read, so whether its route table sends the replies back through ${connection.id} is unknown.`,
      `In the account that owns ${peer.vpcId}, run: aws ec2 describe-route-tables --filters Name=vpc-id,Values=${peer.vpcId} Name=route.vpc-peering-connection-id,Values=${connection.id} (a route to ${own.cidrBlocks.join(", ")} must be there).`,
    );
  }
  const destinationSubnet = topology.subnets.find(
    (candidate) => candidate.vpcId === peerVpc.id && cidrContains(candidate.cidrBlock, destination.address),
  );
  const peerTable =
    destinationSubnet === undefined
      ? (topology.routeTables.find((candidate) => candidate.vpcId === peerVpc.id && candidate.main) ?? null)
      : findRouteTable(topology, destinationSubnet);
  if (peerTable === null) {
    return unreachable(
      hops,
      "TOPOLOGY_INCOMPLETE",
      `The topology does not include a route table of ${peerVpc.id}, which the replies use.`,
      `Check that ${peerVpc.id}'s route tables exist and that the topology was loaded with them.`,
    );
  }
  const back = selectRoute(peerTable, peerVpc, topology.prefixLists, replyTo);
  const backOk =
    back !== null &&
    back.route.state === "active" &&
    back.route.target.kind === "vpc-peering" &&
    back.route.target.id === connection.id;
  if (!backOk) {
    return unreachable(
      hops,
      "PEERING_NO_RETURN_ROUTE",
      `${peerTable.id} in ${peerVpc.id} sends the replies to ${replyTo} ${back === null ? "nowhere (no route matches)" : `by ${describeRoute(back.route)}`}, not back through ${connection.id}: the request arrives, the replies are lost.`,
      {
        text: `Add a route ${own.cidrBlocks[0] ?? replyTo} -> ${connection.id} to ${peerTable.id}.`,
        change: {
          edits: [
            vpcRouteEdit(peerTable, own.cidrBlocks[0] ?? replyTo, { kind: "vpc-peering", id: connection.id }),
          ],
        },
      },
    );
  }
  hops.push({
    kind: "vpc-destination",
    detail: `${target} in ${peerVpc.id}, reached through ${connection.id}; replies: ${peerTable.id} routes ${describeRoute(back.route)}`,
  });
  return reachable(hops, input.sourceAddress);
}

/**
 * The VPC's own way to the internet: the route that now sends the destination to the peering goes to
 * a NAT gateway of the VPC instead (suggestNatRoute: an existing one, or a new one in a public subnet).
 * When that route also carries the peer VPC's own blocks (a 0.0.0.0/0 -> pcx-... route), the change
 * first gives each of them a route of its own through the same connection, so that the peer stays
 * reachable: the one change fixes the internet and loses nothing.
 */
function ownWayOut(
  topology: Topology,
  input: FollowPeeringInput,
  peeringId: string,
  peerBlocks: string[],
): Fix {
  const { vpc, subnet, table, destination } = input;
  const matched = selectRoute(table, vpc, topology.prefixLists, destination.address)?.route ?? null;
  const nat = suggestNatRoute(topology, subnet, table, matched);
  const suffix = " (or send it to a transit gateway with a central egress VPC)";
  const text = `Give ${vpc.id} its own way out: ${lowerFirst(nat.text).replace(/\.$/, "")}${suffix}.`;
  // IPv6 leaves through an egress-only internet gateway, not a NAT gateway: advice only here.
  if (nat.change === undefined || matched === null || isIpv6(destination.address)) return { text };
  const keep: TopologyEdit[] = [];
  const kept: string[] = [];
  for (const block of peerBlocks) {
    const network = block.split("/")[0] ?? block;
    const carrier = selectRoute(table, vpc, topology.prefixLists, network)?.route;
    if (carrier !== matched) continue;
    keep.push(vpcRouteEdit(table, block, { kind: "vpc-peering", id: peeringId }));
    kept.push(block);
  }
  // The NAT route may go into a new table of the subnet's own (suggestNatRoute copies the other routes
  // there); the peer's routes are then added to the table the subnet ends up with.
  const own = nat.change.edits.find((edit) => edit.kind === "create-route-table");
  if (own !== undefined && own.kind === "create-route-table") {
    const routes = [
      ...own.routes,
      ...kept.map((block) => ({
        destination: { cidr: block },
        target: { kind: "vpc-peering" as const, id: peeringId },
      })),
    ];
    const edits = nat.change.edits.map((edit) => (edit === own ? { ...own, routes } : edit));
    return { text: withKept(text, kept, peeringId), change: { edits } };
  }
  return { text: withKept(text, kept, peeringId), change: { edits: [...keep, ...nat.change.edits] } };
}

function withKept(text: string, kept: string[], peeringId: string): string {
  if (kept.length === 0) return text;
  return `${text} So that the peer stays reachable, route ${kept.map((block) => `${block} -> ${peeringId}`).join(", ")} in the same table.`;
}

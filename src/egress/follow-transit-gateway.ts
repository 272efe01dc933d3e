// A route to a transit gateway (tgw-...), followed as AWS forwards it (docs/FACTS.md, "Transit
// Gateway"): the packet enters the transit gateway through the source VPC's attachment, and only
// from an Availability Zone in which that attachment has a subnet; the transit gateway looks the
// destination up in the route table associated with that attachment (longest prefix first; on the
// same prefix a static route beats a propagated one; a blackhole route drops); the route names the
// next attachment, and a VPC attachment delivers the packet into that VPC through its subnet in the
// same Availability Zone when it has one. From there the VPC's own route tables take over (the walk
// in trace-egress.ts). The replies need the way back: the egress VPC must route the workload's
// address to the transit gateway, and the route table associated with the egress attachment must
// route it to the workload's attachment (checkTransitReturn).
// Where the path continues beyond what the caller can read (a route table of a transit gateway
// owned by another account, a VPC of another account, a VPN or Direct Connect attachment, a call
// that was denied), the answer is "unknown" with what to run next, never a guess.

import { describeAddress, suggestedPeer } from "./describe-destination.ts";
import { describeRouteTable, findRouteTable } from "./find-resources.ts";
import { cidrContains, prefixLength } from "./ip.ts";
import { describeRoute, selectRoute } from "./select-route.ts";
import { notReadable, unreachable } from "./trace-results.ts";
import type {
  Destination,
  Hop,
  RouteTable,
  RouteTarget,
  Subnet,
  Topology,
  TopologyEdit,
  TraceResult,
  TransitGatewayAttachment,
  TransitGatewayRoute,
  TransitGatewayRouteTable,
  Vpc,
} from "./types.ts";

/** One crossing of a transit gateway: what the return check needs. */
export interface TransitLeg {
  transitGatewayId: string;
  /** The attachment the packet entered by (the workload's VPC). */
  sourceAttachment: TransitGatewayAttachment;
  /** The attachment the packet left by (the egress VPC). */
  nextAttachment: TransitGatewayAttachment;
  /** The VPC the packet came from, for the routes the fix names. */
  fromVpc: Vpc;
}

/** Where the packet continues after the transit gateway. */
export interface TransitEntry {
  vpc: Vpc;
  subnet: Subnet;
  leg: TransitLeg;
}

export interface EnterTransitInput {
  transitGatewayId: string;
  /** The VPC and subnet the packet leaves from (the subnet's AZ picks the attachment subnet). */
  vpc: Vpc;
  subnet: Subnet;
  destination: Destination;
  hops: Hop[];
  /** The VPC route table whose route named the transit gateway, for messages. */
  routeTableId: string;
}

const GONE_STATES = new Set(["deleting", "deleted", "failed", "failing", "rejected", "rejecting"]);

export function enterTransitGateway(
  topology: Topology,
  input: EnterTransitInput,
): TraceResult | TransitEntry {
  const { transitGatewayId: tgwId, vpc, subnet, destination, hops } = input;
  const target = describeAddress(destination);
  const attachments = topology.transitGatewayAttachments;
  if (attachments === undefined) {
    const denied = findUnreadable(topology, "TransitGateway");
    return notReadable(
      hops,
      `${tgwId}'s attachments`,
      `${input.routeTableId} sends ${target} to ${tgwId}, but its attachments and route tables could not be read${denied === null ? "" : ` (${denied.action}: ${denied.cause})`}, so the path beyond it is unknown.`,
      `Grant ec2:DescribeTransitGatewayAttachments, ec2:DescribeTransitGatewayVpcAttachments, ec2:DescribeTransitGatewayRouteTables and ec2:SearchTransitGatewayRoutes (scripts/doctor-iam-policy.json) and run the doctor again, or run it in the account that owns ${tgwId}.`,
    );
  }

  if (!attachments.some((attachment) => attachment.transitGatewayId === tgwId)) {
    return notReadable(
      hops,
      `${tgwId}'s attachments`,
      `${input.routeTableId} sends ${target} to ${tgwId}, whose attachments were not loaded, so the path beyond it is unknown.`,
      `Run: aws ec2 describe-transit-gateway-attachments --filters Name=transit-gateway-id,Values=${tgwId} (in the account that owns ${tgwId} if it is shared with you).`,
    );
  }
  const sourceAttachment = attachments.find(
    (attachment) =>
      attachment.transitGatewayId === tgwId &&
      attachment.resourceType === "vpc" &&
      attachment.resourceId === vpc.id &&
      !GONE_STATES.has(attachment.state),
  );
  if (sourceAttachment === undefined || sourceAttachment.state !== "available") {
    hops.push({
      kind: "transit-gateway",
      id: tgwId,
      detail: `${tgwId}: ${sourceAttachment === undefined ? `${vpc.id} has no attachment` : `${sourceAttachment.id} is ${sourceAttachment.state}`}`,
    });
    return unreachable(
      hops,
      "TGW_ATTACHMENT_NOT_AVAILABLE",
      sourceAttachment === undefined
        ? `${input.routeTableId} sends ${target} to ${tgwId}, but ${vpc.id} has no attachment to ${tgwId}, so nothing carries the traffic.`
        : `${input.routeTableId} sends ${target} to ${tgwId}, but ${vpc.id}'s attachment ${sourceAttachment.id} is ${sourceAttachment.state}, not available.`,
      sourceAttachment === undefined
        ? `Attach ${vpc.id} to ${tgwId} (CreateTransitGatewayVpcAttachment with one subnet in each Availability Zone the workload uses, such as ${subnet.id}).`
        : sourceAttachment.state === "pendingAcceptance"
          ? `The owner of ${tgwId} accepts ${sourceAttachment.id} (AcceptTransitGatewayVpcAttachment).`
          : `Wait until ${sourceAttachment.id} is available, then retry.`,
    );
  }

  // Only an AZ in which the attachment has a subnet can reach the transit gateway (tgw-vpc-attachments.html).
  const attachmentSubnets = subnetsOf(topology, sourceAttachment);
  const entry = attachmentSubnets.find((candidate) => candidate.availabilityZone === subnet.availabilityZone);
  hops.push({
    kind: "transit-gateway-attachment",
    id: sourceAttachment.id,
    detail:
      entry === undefined
        ? `${sourceAttachment.id} (${vpc.id} -> ${tgwId}): no subnet in ${subnet.availabilityZone} (has ${describeSubnets(attachmentSubnets, sourceAttachment)})`
        : `${sourceAttachment.id} (${vpc.id} -> ${tgwId}) through ${entry.id} (${entry.availabilityZone})`,
  });
  if (entry === undefined) {
    const candidate = topology.subnets.find(
      (other) => other.vpcId === vpc.id && other.availabilityZone === subnet.availabilityZone,
    );
    return unreachable(
      hops,
      "TGW_NO_ATTACHMENT_IN_AZ",
      `${sourceAttachment.id} has no subnet in ${subnet.availabilityZone}, so traffic from ${subnet.id} cannot reach ${tgwId}: a transit gateway takes traffic only from Availability Zones in which its attachment has a subnet.`,
      {
        text: `Add a subnet of ${vpc.id} in ${subnet.availabilityZone} (such as ${candidate?.id ?? subnet.id}) to ${sourceAttachment.id} (ModifyTransitGatewayVpcAttachment --add-subnet-ids).`,
        change: {
          edits: [
            {
              kind: "add-transit-gateway-attachment-subnet",
              attachmentId: sourceAttachment.id,
              subnetId: candidate?.id ?? subnet.id,
            },
          ],
        },
      },
    );
  }

  const lookup = lookUpRoute(topology, sourceAttachment, destination, hops, target);
  if ("verdict" in lookup) return lookup;
  const { table, route } = lookup;

  const nextId = route.attachmentIds[0] as string;
  const next = attachments.find((attachment) => attachment.id === nextId);
  if (next === undefined) {
    return notReadable(
      hops,
      nextId,
      `${table.id} sends ${target} to ${nextId}, which the caller cannot read, so the path beyond it is unknown.`,
      `In the account that owns ${tgwId}, run: aws ec2 describe-transit-gateway-attachments --transit-gateway-attachment-ids ${nextId}`,
    );
  }
  if (next.state !== "available") {
    return unreachable(
      hops,
      "TGW_ATTACHMENT_NOT_AVAILABLE",
      `${table.id} sends ${target} to ${next.id}, which is ${next.state}, not available.`,
      GONE_STATES.has(next.state)
        ? `Point the route ${route.destination} in ${table.id} at an available attachment.`
        : `Wait until ${next.id} is available, then retry.`,
    );
  }
  if (next.resourceType !== "vpc" || next.resourceId === undefined) {
    return notReadable(
      hops,
      `${next.id} (${next.resourceType}${next.resourceId === undefined ? "" : ` ${next.resourceId}`})`,
      `${table.id} sends ${target} to ${next.id}, a ${next.resourceType} attachment: the path continues beyond AWS's VPC routing, where the doctor cannot see.`,
      `Check the network behind ${next.id}${next.resourceId === undefined ? "" : ` (${next.resourceId})`}: its routes to ${destination.address} and back to ${vpc.cidrBlocks.join(", ")}.`,
    );
  }
  const nextVpc = topology.vpcs.find((candidate) => candidate.id === next.resourceId);
  const nextSubnets = subnetsOf(topology, next);
  if (nextVpc === undefined || nextSubnets.length === 0) {
    const owner = next.resourceOwnerId === undefined ? "" : ` (account ${next.resourceOwnerId})`;
    const subnetIds = next.subnetIds ?? [];
    return notReadable(
      hops,
      `${next.resourceId}${owner}`,
      `${table.id} sends ${target} through ${next.id} into ${next.resourceId}${owner}, which the caller cannot read, so whether it gets out is unknown.`,
      `Run the doctor where ${next.resourceId} can be read${owner === "" ? "" : ` (account ${next.resourceOwnerId})`}: npx tsx scripts/doctor.ts --subnets ${subnetIds.length === 0 ? "<the attachment's subnets>" : subnetIds.join(",")} --destination ${destination.hostname ?? destination.address}; and check there that ${next.resourceId} routes ${vpc.cidrBlocks.join(", ")} back to ${tgwId}.`,
    );
  }
  // The same AZ when the egress attachment has a subnet there; otherwise AWS picks another zone.
  const sameAz = nextSubnets.find((candidate) => candidate.availabilityZone === subnet.availabilityZone);
  const landing = sameAz ?? (nextSubnets[0] as Subnet);
  const appliance =
    next.applianceModeSupport === true ? ", appliance mode: one zone per flow, both ways" : "";
  hops.push({
    kind: "transit-gateway-attachment",
    id: next.id,
    detail: `${next.id} (${tgwId} -> ${nextVpc.id}) into ${landing.id} (${landing.availabilityZone}${sameAz === undefined ? `, no attachment subnet in ${subnet.availabilityZone}` : ""}${appliance})`,
  });
  return {
    vpc: nextVpc,
    subnet: landing,
    leg: { transitGatewayId: tgwId, sourceAttachment, nextAttachment: next, fromVpc: vpc },
  };
}

interface RouteLookup {
  table: TransitGatewayRouteTable;
  route: TransitGatewayRoute;
}

/** The associated route table's route for the destination, or the trace's answer when there is none. */
function lookUpRoute(
  topology: Topology,
  attachment: TransitGatewayAttachment,
  destination: Destination,
  hops: Hop[],
  target: string,
): RouteLookup | TraceResult {
  const tgwId = attachment.transitGatewayId;
  const sharedWithUs =
    attachment.transitGatewayOwnerId !== undefined &&
    attachment.resourceOwnerId !== undefined &&
    attachment.transitGatewayOwnerId !== attachment.resourceOwnerId;
  if (attachment.associatedRouteTableId === undefined && sharedWithUs) {
    return notReadable(
      hops,
      `${tgwId}'s route tables (account ${attachment.transitGatewayOwnerId})`,
      `${tgwId} belongs to account ${attachment.transitGatewayOwnerId}, which alone sees its route tables and which one ${attachment.id} uses, so the path beyond ${tgwId} is unknown.`,
      `In account ${attachment.transitGatewayOwnerId}, run: aws ec2 describe-transit-gateway-attachments --transit-gateway-attachment-ids ${attachment.id}, then aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id <its association's route table> --filters Name=state,Values=active,blackhole`,
    );
  }
  if (attachment.associatedRouteTableId === undefined) {
    hops.push({
      kind: "transit-gateway",
      id: tgwId,
      detail: `${tgwId}: ${attachment.id} has no route table`,
    });
    return unreachable(
      hops,
      "TGW_NO_ROUTE",
      `${attachment.id} is associated with no route table of ${tgwId}, so ${tgwId} has no route for what it sends.`,
      `Associate ${attachment.id} with a route table of ${tgwId} that routes ${suggestedPeer(destination)} (AssociateTransitGatewayRouteTable).`,
    );
  }
  const tableId = attachment.associatedRouteTableId;
  const table = topology.transitGatewayRouteTables?.find((candidate) => candidate.id === tableId);
  if (table === undefined) {
    const denied = findUnreadable(topology, "TransitGateway");
    return notReadable(
      hops,
      tableId,
      `${attachment.id} uses ${tableId} of ${tgwId}, which the caller cannot read${denied === null ? " (a shared transit gateway's route tables are visible only to its owner)" : ` (${denied.action}: ${denied.cause})`}, so the path beyond ${tgwId} is unknown.`,
      `In the account that owns ${tgwId}, run: aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id ${tableId} --filters Name=state,Values=active,blackhole`,
    );
  }
  const route = selectTransitRoute(table, destination.address);
  hops.push({
    kind: "transit-gateway",
    id: table.id,
    detail: `${table.id} (route table of ${tgwId} for ${attachment.id}): ${route === null ? `no route matches ${destination.address}` : describeTransitRoute(route)}`,
  });
  if (route === null) {
    const egress = findEgressAttachment(topology, tgwId, attachment.id);
    return unreachable(
      hops,
      "TGW_NO_ROUTE",
      `${table.id}, the route table of ${tgwId} associated with ${attachment.id}, has no route to ${target}, so ${tgwId} drops the traffic.`,
      egress === null
        ? `Add a route to ${table.id} for ${suggestedPeer(destination)}: a static route (CreateTransitGatewayRoute), or enable propagation from the attachment of the destination's VPC (EnableTransitGatewayRouteTablePropagation).`
        : {
            text: `Add a static route ${suggestedPeer(destination)} -> ${egress.id} (the attachment of ${egress.resourceId}) to ${table.id} (CreateTransitGatewayRoute).`,
            change: {
              edits: [
                {
                  kind: "create-transit-gateway-route",
                  routeTableId: table.id,
                  destination: suggestedPeer(destination),
                  attachmentId: egress.id,
                },
              ],
            },
          },
    );
  }
  if (route.state === "blackhole" || route.attachmentIds.length === 0) {
    const egress = findEgressAttachment(topology, tgwId, attachment.id);
    return unreachable(
      hops,
      "TGW_BLACKHOLE_ROUTE",
      `The route ${describeTransitRoute(route)} in ${table.id} is a blackhole: ${tgwId} drops traffic to ${target}.`,
      {
        text: `Replace the blackhole route ${route.destination} in ${table.id} with one to ${egress === null ? "an available attachment" : `${egress.id} (the attachment of ${egress.resourceId})`} (ReplaceTransitGatewayRoute).`,
        ...(egress === null || route.type !== "static"
          ? {}
          : {
              change: {
                edits: [
                  {
                    kind: "replace-transit-gateway-route",
                    routeTableId: table.id,
                    destination: route.destination,
                    attachmentId: egress.id,
                  },
                ],
              },
            }),
      },
    );
  }
  return { table, route };
}

/**
 * The replies' way back after the packet crossed `leg`: from `replySubnet` (the NAT gateway's subnet,
 * or the destination's) the VPC route table must send the workload's address to the same transit
 * gateway, and the route table associated with the egress attachment must send it to the workload's
 * attachment. Returns the failure, or the hop that shows the way back.
 */
export function checkTransitReturn(
  topology: Topology,
  leg: TransitLeg,
  replySubnet: Subnet,
  workload: { address: string; subnet: Subnet },
  hops: Hop[],
): TraceResult | Hop {
  const { transitGatewayId: tgwId, sourceAttachment, nextAttachment, fromVpc } = leg;
  const back = fromVpc.cidrBlocks[0] ?? workload.subnet.cidrBlock;
  const vpc = topology.vpcs.find((candidate) => candidate.id === replySubnet.vpcId);
  const table = findRouteTable(topology, replySubnet);
  if (vpc === undefined || table === null) {
    return unreachable(
      hops,
      "TOPOLOGY_INCOMPLETE",
      `The topology does not include the route table of ${replySubnet.id}, which the replies use.`,
      `Check that ${replySubnet.id}'s route table exists and that the topology was loaded with it.`,
    );
  }
  const match = selectRoute(table, vpc, topology.prefixLists, workload.address);
  const vpcBack =
    match !== null &&
    match.route.state === "active" &&
    match.route.target.kind === "transit-gateway" &&
    match.route.target.id === tgwId;
  if (!vpcBack) {
    const tableName = describeRouteTable(table, replySubnet);
    // When the transit gateway's side of the way back is missing too, the one fix gives both: fixing
    // only the VPC's route would leave the replies lost one step later (the property test found it).
    const alsoTgw = missingTransitReturn(topology, leg, workload.address, back);
    return unreachable(
      hops,
      "TGW_NO_RETURN_ROUTE",
      `${tableName} sends replies for ${workload.address} (the workload in ${fromVpc.id}) ${match === null ? "nowhere (no route matches)" : `by ${describeRoute(match.route)}`}, not back to ${tgwId}: the request leaves, the replies are lost.`,
      {
        text: `Add a route ${back} -> ${tgwId} to ${table.id}.${alsoTgw === null ? "" : ` ${alsoTgw.text}`}`,
        change: {
          edits: [
            vpcRouteEdit(table, back, { kind: "transit-gateway", id: tgwId }),
            ...(alsoTgw === null ? [] : [alsoTgw.edit]),
          ],
        },
      },
    );
  }
  const egressTable = topology.transitGatewayRouteTables?.find(
    (candidate) => candidate.id === nextAttachment.associatedRouteTableId,
  );
  if (nextAttachment.associatedRouteTableId === undefined || egressTable === undefined) {
    if (nextAttachment.associatedRouteTableId !== undefined) {
      return notReadable(
        hops,
        nextAttachment.associatedRouteTableId,
        `The replies enter ${tgwId} through ${nextAttachment.id}, whose route table ${nextAttachment.associatedRouteTableId} the caller cannot read, so whether they come back is unknown.`,
        `In the account that owns ${tgwId}, run: aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id ${nextAttachment.associatedRouteTableId} --filters Name=state,Values=active,blackhole`,
      );
    }
    return unreachable(
      hops,
      "TGW_NO_RETURN_ROUTE",
      `${nextAttachment.id} (the egress VPC's attachment) is associated with no route table of ${tgwId}, so ${tgwId} drops the replies to ${workload.address}.`,
      `Associate ${nextAttachment.id} with a route table of ${tgwId} and enable propagation from ${sourceAttachment.id} to it (AssociateTransitGatewayRouteTable, EnableTransitGatewayRouteTablePropagation).`,
    );
  }
  const route = selectTransitRoute(egressTable, workload.address);
  if (route === null || route.state === "blackhole" || !route.attachmentIds.includes(sourceAttachment.id)) {
    const what =
      route === null
        ? "has no route to"
        : route.state === "blackhole"
          ? `drops (blackhole ${route.destination})`
          : `sends to ${route.attachmentIds.join(", ")}, not ${sourceAttachment.id},`;
    return unreachable(
      hops,
      "TGW_NO_RETURN_ROUTE",
      `${egressTable.id}, the route table of ${tgwId} associated with ${nextAttachment.id}, ${what} the replies to ${workload.address}: the request leaves, the replies are lost.`,
      {
        text: `Enable propagation from ${sourceAttachment.id} to ${egressTable.id} (EnableTransitGatewayRouteTablePropagation), or add a static route ${back} -> ${sourceAttachment.id} to it.`,
        change: { edits: [returnEdit(egressTable, route, back, sourceAttachment.id)] },
      },
    );
  }
  return {
    kind: "transit-gateway",
    id: egressTable.id,
    detail: `replies: ${table.id} routes ${describeRoute(match.route)}; ${egressTable.id} routes ${describeTransitRoute(route)}`,
  };
}

/** The egress attachment's route table, readable, without a way back to the workload's attachment. */
function missingTransitReturn(
  topology: Topology,
  leg: TransitLeg,
  address: string,
  back: string,
): { text: string; edit: TopologyEdit } | null {
  const { sourceAttachment, nextAttachment } = leg;
  const table = topology.transitGatewayRouteTables?.find(
    (candidate) => candidate.id === nextAttachment.associatedRouteTableId,
  );
  if (table === undefined) return null;
  const route = selectTransitRoute(table, address);
  if (route !== null && route.state !== "blackhole" && route.attachmentIds.includes(sourceAttachment.id))
    return null;
  return {
    text: `Also enable propagation from ${sourceAttachment.id} to ${table.id} (EnableTransitGatewayRouteTablePropagation), or add a static route ${back} -> ${sourceAttachment.id} to it: it has no way back either.`,
    edit: returnEdit(table, route, back, sourceAttachment.id),
  };
}

/**
 * The one change that gives the egress route table a way back to the workload's attachment: its
 * propagation when nothing matches, else a static route (replacing a static one to the same
 * destination, or beating a propagated one, which a static route to the same prefix does).
 */
function returnEdit(
  table: TransitGatewayRouteTable,
  matched: TransitGatewayRoute | null,
  back: string,
  attachmentId: string,
): TopologyEdit {
  if (matched === null)
    return { kind: "enable-transit-gateway-propagation", routeTableId: table.id, attachmentId };
  const replace = table.routes.some((route) => route.type === "static" && route.destination === back);
  return {
    kind: replace ? "replace-transit-gateway-route" : "create-transit-gateway-route",
    routeTableId: table.id,
    destination: back,
    attachmentId,
  };
}

/** CreateRoute, or ReplaceRoute when the VPC route table already routes this exact destination. */
export function vpcRouteEdit(table: RouteTable, cidr: string, target: RouteTarget): TopologyEdit {
  const exists = table.routes.some((route) => "cidr" in route.destination && route.destination.cidr === cidr);
  return {
    kind: exists ? "replace-route" : "create-route",
    routeTableId: table.id,
    route: { destination: { cidr }, target },
  };
}

/** Longest prefix; on the same prefix a static route beats a propagated one (tgw-route-tables.html). */
export function selectTransitRoute(
  table: TransitGatewayRouteTable,
  address: string,
): TransitGatewayRoute | null {
  let best: TransitGatewayRoute | null = null;
  let bestPrefix = -1;
  for (const route of table.routes) {
    if (!cidrContains(route.destination, address)) continue;
    const prefix = prefixLength(route.destination) ?? -1;
    if (
      prefix > bestPrefix ||
      (prefix === bestPrefix && route.type === "static" && best?.type !== "static")
    ) {
      best = route;
      bestPrefix = prefix;
    }
  }
  return best;
}

/** "0.0.0.0/0 -> tgw-attach-0abc (static)", "10.9.0.0/16 (blackhole)" */
export function describeTransitRoute(route: TransitGatewayRoute): string {
  return route.state === "blackhole" || route.attachmentIds.length === 0
    ? `${route.destination} (${route.type} blackhole)`
    : `${route.destination} -> ${route.attachmentIds.join(", ")} (${route.type})`;
}

function subnetsOf(topology: Topology, attachment: TransitGatewayAttachment): Subnet[] {
  return (attachment.subnetIds ?? [])
    .map((id) => topology.subnets.find((subnet) => subnet.id === id))
    .filter((subnet): subnet is Subnet => subnet !== undefined);
}

function describeSubnets(subnets: Subnet[], attachment: TransitGatewayAttachment): string {
  if (subnets.length === 0) return (attachment.subnetIds ?? []).join(", ") || "none";
  return subnets.map((subnet) => `${subnet.id} in ${subnet.availabilityZone}`).join(", ");
}

/**
 * Another available VPC attachment of the same transit gateway whose VPC has a NAT gateway: the
 * egress VPC a fix should name.
 */
function findEgressAttachment(
  topology: Topology,
  tgwId: string,
  excludeId: string,
): TransitGatewayAttachment | null {
  return (
    topology.transitGatewayAttachments?.find(
      (attachment) =>
        attachment.transitGatewayId === tgwId &&
        attachment.id !== excludeId &&
        attachment.resourceType === "vpc" &&
        attachment.state === "available" &&
        topology.natGateways.some((nat) => nat.vpcId === attachment.resourceId && nat.state === "available"),
    ) ?? null
  );
}

function findUnreadable(topology: Topology, actionPart: string) {
  return topology.unreadable?.find((part) => part.action.includes(actionPart)) ?? null;
}

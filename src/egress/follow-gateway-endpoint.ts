// A route to a gateway endpoint (S3, DynamoDB). From the endpoint's own VPC the traffic reaches the
// service without NAT. Traffic that came into that VPC through a transit gateway does not: AWS
// documents that "gateway endpoints do not allow access from on-premises networks, from peered VPCs
// in other AWS Regions, or through a transit gateway", and says to use an interface endpoint there
// (docs/FACTS.md, "Gateway endpoints are not transitive"). A peering connection never gets this far:
// it carries traffic only to the peer VPC's own addresses (follow-peering.ts, PEERING_NO_INTERNET).
// When a NAT gateway of the egress VPC translated the transited traffic first, the packet leaves
// with the NAT gateway's own address in that VPC; whether the endpoint then carries it is not
// documented, so the verdict is "unknown" (never a guessed "reachable").

import { describeAddress } from "./describe-destination.ts";
import { describeRouteTable, findRouteTable } from "./find-resources.ts";
import type { TransitLeg } from "./follow-transit-gateway.ts";
import { reachable } from "./trace-results.ts";
import type {
  Destination,
  Hop,
  NatGateway,
  Route,
  RouteTable,
  Subnet,
  Topology,
  TopologyChange,
  TraceResult,
  VpcEndpoint,
} from "./types.ts";

export interface EnterGatewayEndpointInput {
  endpoint: VpcEndpoint;
  /** The table whose route named the endpoint, the route, and the subnet using that table. */
  table: RouteTable;
  route: Route;
  subnet: Subnet;
  destination: Destination;
  hops: Hop[];
  /** The source address the service sees (the workload's, or the NAT gateway's private address). */
  fromAddress: string | null;
  /** The transit gateway crossing the packet made to get here, if any. */
  transit: TransitLeg | null;
  /** The NAT gateway the packet passed in this VPC, if any. */
  viaNat: NatGateway | null;
  /** The workload's subnet, whose route table a fix gives its own endpoint. */
  workloadSubnet: Subnet;
}

export function enterGatewayEndpoint(topology: Topology, input: EnterGatewayEndpointInput): TraceResult {
  const { endpoint, hops, transit } = input;
  hops.push({
    kind: "gateway-endpoint",
    id: endpoint.id,
    detail: `${endpoint.id}: gateway endpoint to ${endpoint.serviceName}${transit === null ? ", reached without NAT" : ` in ${endpoint.vpcId}, reached through ${transit.transitGatewayId} from ${transit.fromVpc.id}`}`,
  });
  if (transit === null) return reachable(hops, input.fromAddress);

  const target = describeAddress(input.destination);
  const tableName = describeRouteTable(input.table, input.subnet);
  const fix = suggestOwnEndpoint(topology, input);
  const documented = `AWS documents that gateway endpoints do not allow access through a transit gateway (only from their own VPC)`;
  if (input.viaNat === null) {
    return {
      verdict: "unreachable",
      hops,
      sourceAddress: null,
      reason: {
        code: "GATEWAY_ENDPOINT_THROUGH_TRANSIT",
        message: `${tableName} in ${endpoint.vpcId} sends ${target} to ${endpoint.id}, a gateway endpoint, but the traffic came through ${transit.transitGatewayId} from ${transit.fromVpc.id}: ${documented}.`,
      },
      fix: fix.text,
      ...(fix.change === undefined ? {} : { change: fix.change }),
    };
  }
  return {
    verdict: "unknown",
    hops: [
      ...hops,
      {
        kind: "not-readable",
        detail: `${endpoint.id}: whether a gateway endpoint carries what ${input.viaNat.id} translated for another VPC is not documented`,
      },
    ],
    sourceAddress: null,
    reason: {
      code: "GATEWAY_ENDPOINT_THROUGH_TRANSIT",
      message: `The traffic came through ${transit.transitGatewayId} from ${transit.fromVpc.id}, ${input.viaNat.id} translated it, and ${tableName} sends ${target} to ${endpoint.id}, a gateway endpoint. ${documented}; whether the NAT gateway's translation changes that is not documented, so the doctor does not guess.`,
    },
    // Words only: a structured change belongs to an unreachable verdict (TraceResult.change).
    fix: fix.text,
  };
}

/**
 * The workload's own way to the service, which AWS documents: a gateway endpoint in the workload's
 * VPC on the workload's route table (CreateVpcEndpoint adds the prefix-list route), or an interface
 * endpoint for the service.
 */
function suggestOwnEndpoint(
  topology: Topology,
  input: EnterGatewayEndpointInput,
): { text: string; change?: TopologyChange } {
  const { endpoint, route, workloadSubnet } = input;
  const vpcId = workloadSubnet.vpcId;
  const table = findRouteTable(topology, workloadSubnet);
  const interfaceAlternative = `or an interface endpoint for ${endpoint.serviceName} (its DNS name; it does work through a transit gateway)`;
  if (table === null) {
    return {
      text: `Create a gateway endpoint for ${endpoint.serviceName} in ${vpcId} on ${workloadSubnet.id}'s route table, ${interfaceAlternative}.`,
    };
  }
  const prefixListId =
    "prefixListId" in route.destination
      ? route.destination.prefixListId
      : topology.prefixLists.find((list) => list.name === endpoint.serviceName)?.id;
  const existing = topology.vpcEndpoints.find(
    (candidate) =>
      candidate.vpcId === vpcId &&
      candidate.type === "Gateway" &&
      candidate.serviceName === endpoint.serviceName,
  );
  if (existing !== undefined) {
    return {
      text: `Add ${table.id} to ${existing.id} (${endpoint.serviceName} in ${vpcId}; ModifyVpcEndpoint --add-route-table-ids ${table.id}), ${interfaceAlternative}.`,
    };
  }
  const text = `Create a gateway endpoint for ${endpoint.serviceName} in ${vpcId} with the route table ${table.id} (CreateVpcEndpoint --vpc-endpoint-type Gateway --vpc-id ${vpcId} --service-name ${endpoint.serviceName} --route-table-ids ${table.id}), ${interfaceAlternative}.`;
  const clash =
    prefixListId === undefined ||
    table.routes.some(
      (other) => "prefixListId" in other.destination && other.destination.prefixListId === prefixListId,
    );
  if (clash) return { text };
  return {
    text,
    change: {
      edits: [
        {
          kind: "create-gateway-endpoint",
          vpcEndpointId: `new:vpc-endpoint:${vpcId}`,
          vpcId,
          serviceName: endpoint.serviceName,
          prefixListId,
          routeTableIds: [table.id],
        },
      ],
    },
  };
}

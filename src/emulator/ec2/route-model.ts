// The rules of routes, apart from the wire (routes.ts reads the destination and the target and
// shapes the reply). A route has one destination (an IPv4 block, an IPv6 block or a prefix list)
// and one target, which must exist and belong to the table's VPC; RouteAlreadyExists and
// InvalidRoute.NotFound as AWS returns them. Routes to a gateway endpoint are managed by the
// endpoint (vpc-endpoints.ts), and the local routes by the VPC: neither can be replaced or
// deleted. An egress-only internet gateway carries IPv6 only ("[IPv6 traffic only]", CreateRoute
// in the EC2 API Reference). NAT64 routes (64:ff9b::/96 to a NAT gateway) are not modelled and are
// refused.

import { cidrContains } from "../../egress/ip.ts";
import { AwsError } from "../errors.ts";
import {
  findAllOrThrow,
  findOrThrow,
  getEgressOnlyInternetGateway,
  getInternetGateway,
  getNatGateway,
  getNetworkInterface,
  getRouteTable,
  getVpcEndpoint,
  getVpcPeeringConnection,
  notFoundError,
} from "./lookups.ts";
import type { InstanceRecord, RouteRecord, RouteTableRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { availableAttachmentOf, peeringState } from "./transit-gateway-model.ts";

export type Destination =
  | { destinationCidrBlock: string }
  | { destinationIpv6CidrBlock: string }
  | { destinationPrefixListId: string };

/** The member a request names its target with, as a route field; vpcEndpointId is a Gateway Load
 * Balancer endpoint. */
export type TargetField =
  | "gatewayId"
  | "natGatewayId"
  | "networkInterfaceId"
  | "instanceId"
  | "vpcPeeringConnectionId"
  | "transitGatewayId"
  | "egressOnlyInternetGatewayId"
  | "vpcEndpointId";

export interface RouteTarget {
  field: TargetField;
  id: string;
}

type TargetFields = Partial<Pick<RouteRecord, Exclude<TargetField, "vpcEndpointId">>>;

export interface RouteRequest {
  routeTableId: string;
  destination: Destination;
  target: RouteTarget;
}

function sameDestination(route: RouteRecord, destination: Destination): boolean {
  if ("destinationCidrBlock" in destination)
    return route.destinationCidrBlock === destination.destinationCidrBlock;
  if ("destinationIpv6CidrBlock" in destination)
    return route.destinationIpv6CidrBlock === destination.destinationIpv6CidrBlock;
  return route.destinationPrefixListId === destination.destinationPrefixListId;
}

function describeDestination(destination: Destination): string {
  if ("destinationCidrBlock" in destination) return destination.destinationCidrBlock;
  if ("destinationIpv6CidrBlock" in destination) return destination.destinationIpv6CidrBlock;
  return destination.destinationPrefixListId;
}

/** The route's fields for its target, checked to exist and to belong to the table's VPC. */
function checkTarget(
  state: Ec2State,
  now: number,
  table: RouteTableRecord,
  destination: Destination,
  target: RouteTarget,
): TargetFields {
  const { field, id } = target;
  const ipv6 = "destinationIpv6CidrBlock" in destination;
  const differentNetworks = () =>
    new AwsError(
      "InvalidParameterValue",
      `route table ${table.routeTableId} and network gateway ${id} belong to different networks`,
    );
  if (field === "vpcEndpointId") {
    const endpoint = getVpcEndpoint(state, id);
    if (endpoint.vpcEndpointType !== "GatewayLoadBalancer") {
      throw new AwsError(
        "InvalidParameterValue",
        `Route target ${id} is a ${endpoint.vpcEndpointType} endpoint; only Gateway Load Balancer endpoints can be route targets.`,
      );
    }
    if (endpoint.vpcId !== table.vpcId) throw differentNetworks();
  } else if (field === "gatewayId") {
    if (id.startsWith("igw-")) {
      const igw = getInternetGateway(state, id);
      if (igw.attachedVpcId !== table.vpcId) throw differentNetworks();
    } else if (id === "local" || id.startsWith("vpce-")) {
      throw new AwsError("InvalidParameterValue", `The gateway ID '${id}' cannot be used in this route.`);
    } else {
      throw new AwsError("InvalidGatewayID.NotFound", `The gateway ID '${id}' does not exist`);
    }
  }
  if (field === "egressOnlyInternetGatewayId") {
    if (getEgressOnlyInternetGateway(state, id).vpcId !== table.vpcId) throw differentNetworks();
    if (!ipv6) {
      throw new AwsError(
        "InvalidParameterValue",
        `An egress-only internet gateway (${id}) carries IPv6 traffic only; use DestinationIpv6CidrBlock.`,
      );
    }
  }
  if (field === "natGatewayId" && ipv6) {
    throw new AwsError(
      "UnsupportedOperation",
      "The emulator does not model NAT64 (an IPv6 route to a NAT gateway); route IPv6 to an egress-only internet gateway or an internet gateway.",
    );
  }
  if (field === "natGatewayId" && getNatGateway(state, id).vpcId !== table.vpcId) throw differentNetworks();
  // A route to a transit gateway needs the table's VPC attached to it: before the attachment is available AWS
  // answers "The transitGateway ID '...' does not exist." (terraform-provider-aws#9222, #10025).
  if (field === "transitGatewayId" && availableAttachmentOf(state, table.vpcId, id, now) === null) {
    throw new AwsError("InvalidTransitGatewayID.NotFound", `The transitGateway ID '${id}' does not exist.`);
  }
  if (field === "vpcPeeringConnectionId") {
    const pcx = getVpcPeeringConnection(state, id);
    if (pcx.requesterVpcId !== table.vpcId && pcx.accepterVpcId !== table.vpcId) throw differentNetworks();
    if (peeringState(pcx, now) === "deleted") throw notFoundError("vpcPeeringConnection", id);
  }
  if (field === "networkInterfaceId" && getNetworkInterface(state, id).vpcId !== table.vpcId)
    throw differentNetworks();
  if (field === "instanceId") {
    // A route to an instance goes to its interface, and DescribeRouteTables names both (EC2 API
    // Reference, Route: InstanceId, NetworkInterfaceId).
    const [instance] = findAllOrThrow("instance", state.instances, [id]) as [InstanceRecord];
    const eni = state.networkInterfaces.get(instance.networkInterfaceId);
    if (eni === undefined || instance.terminateTime !== null) {
      throw new AwsError(
        "IncorrectInstanceState",
        `The instance '${id}' is not in a state from which a route can point at it.`,
      );
    }
    if (instance.vpcId !== table.vpcId) throw differentNetworks();
    return { instanceId: id, networkInterfaceId: eni.networkInterfaceId };
  }
  const vpc = state.vpcs.get(table.vpcId);
  const inside =
    "destinationCidrBlock" in destination
      ? vpc !== undefined && cidrContains(vpc.cidrBlock, destination.destinationCidrBlock)
      : "destinationIpv6CidrBlock" in destination
        ? vpc?.ipv6 !== undefined && cidrContains(vpc.ipv6.cidrBlock, destination.destinationIpv6CidrBlock)
        : false;
  if (inside && field !== "networkInterfaceId") {
    throw new AwsError(
      "InvalidParameterValue",
      `The destination CIDR block ${describeDestination(destination)} is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance.`,
    );
  }
  // A Gateway Load Balancer endpoint is stored as gatewayId, where DescribeRouteTables reports it.
  return { [field === "vpcEndpointId" ? "gatewayId" : field]: id };
}

/** CreateRoute. */
export function addRoute(state: Ec2State, now: number, request: RouteRequest): void {
  const table = getRouteTable(state, request.routeTableId);
  const { destination } = request;
  if ("destinationPrefixListId" in destination)
    findOrThrow("prefixList", state.prefixLists, destination.destinationPrefixListId);
  if (table.routes.some((r) => sameDestination(r, destination))) {
    throw new AwsError(
      "RouteAlreadyExists",
      `The route identified by ${describeDestination(destination)} already exists.`,
    );
  }
  const target = checkTarget(state, now, table, destination, request.target);
  table.routes.push({ ...destination, ...target, origin: "CreateRoute" });
}

function findRoute(table: RouteTableRecord, destination: Destination): number {
  const index = table.routes.findIndex((r) => sameDestination(r, destination));
  if (index < 0) {
    const kind =
      "destinationCidrBlock" in destination
        ? "destination-cidr-block"
        : "destinationIpv6CidrBlock" in destination
          ? "destination-ipv6-cidr-block"
          : "destination-prefix-list-id";
    throw new AwsError(
      "InvalidRoute.NotFound",
      `no route with ${kind} ${describeDestination(destination)} in route table ${table.routeTableId}`,
    );
  }
  return index;
}

/** ReplaceRoute: the route keeps its destination and takes the new target. */
export function replaceRouteTarget(state: Ec2State, now: number, request: RouteRequest): void {
  const table = getRouteTable(state, request.routeTableId);
  const { destination } = request;
  const index = findRoute(table, destination);
  const existing = table.routes[index] as RouteRecord;
  if (existing.gatewayId === "local" || isManagedByEndpoint(state, existing)) {
    throw new AwsError(
      "InvalidParameterValue",
      `The route ${describeDestination(destination)} in route table ${table.routeTableId} cannot be replaced.`,
    );
  }
  const target = checkTarget(state, now, table, destination, request.target);
  table.routes[index] = { ...destination, ...target, origin: "CreateRoute" };
}

/** DeleteRoute. */
export function removeRoute(
  state: Ec2State,
  request: { routeTableId: string; destination: Destination },
): void {
  const table = getRouteTable(state, request.routeTableId);
  const { destination } = request;
  const index = findRoute(table, destination);
  const existing = table.routes[index] as RouteRecord;
  if (existing.gatewayId === "local") {
    throw new AwsError(
      "InvalidParameterValue",
      `cannot remove local route ${describeDestination(destination)} in route table ${table.routeTableId}`,
    );
  }
  if (isManagedByEndpoint(state, existing)) {
    throw new AwsError(
      "InvalidParameterValue",
      `Route ${describeDestination(destination)} is managed by ${existing.gatewayId}; modify the endpoint instead.`,
    );
  }
  table.routes.splice(index, 1);
}

/**
 * A gateway endpoint's route (to its service's prefix list) belongs to the endpoint; a route to a
 * Gateway Load Balancer endpoint is the user's, like any other.
 */
function isManagedByEndpoint(state: Ec2State, route: RouteRecord): boolean {
  if (!route.gatewayId?.startsWith("vpce-")) return false;
  const endpoint = state.vpcEndpoints.get(route.gatewayId);
  return endpoint !== undefined && endpoint.vpcEndpointType !== "GatewayLoadBalancer";
}

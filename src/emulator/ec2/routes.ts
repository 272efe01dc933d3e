// CreateRoute, ReplaceRoute, DeleteRoute. A route has one destination (an IPv4 block, an IPv6 block
// or a prefix list) and one target; RouteAlreadyExists and InvalidRoute.NotFound as AWS returns
// them. Routes to a gateway endpoint are managed by the endpoint (vpc-endpoints.ts), not by these
// actions; a Gateway Load Balancer endpoint is a target given as VpcEndpointId, which DescribeRouteTables
// shows in GatewayId (the Route shape has no VpcEndpointId member). An egress-only internet
// gateway carries IPv6 only ("[IPv6 traffic only]", CreateRoute in the EC2 API Reference). NAT64
// routes (64:ff9b::/96 to a NAT gateway) are not modelled and are refused.

import { cidrContains, parseCidr, parseIpv6Cidr } from "../../egress/ip.ts";
import type { QueryParams } from "../codecs/query-params.ts";
import type { RequestContext } from "../context.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./actions.ts";
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
import { availableAttachmentOf, peeringState } from "./transit-gateway-model.ts";

type Destination =
  | { destinationCidrBlock: string }
  | { destinationIpv6CidrBlock: string }
  | { destinationPrefixListId: string };

function readDestination(params: QueryParams): Destination {
  const cidr = params.string("DestinationCidrBlock");
  const ipv6 = params.string("DestinationIpv6CidrBlock");
  const prefixList = params.string("DestinationPrefixListId");
  if ([cidr, ipv6, prefixList].filter((value) => value !== undefined).length !== 1) {
    throw new AwsError(
      "InvalidParameterCombination",
      "Exactly one of DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId must be specified.",
    );
  }
  if (ipv6 !== undefined) {
    if (parseIpv6Cidr(ipv6) === null || !ipv6.includes("/")) {
      throw new AwsError(
        "InvalidParameterValue",
        `Value (${ipv6}) for parameter destinationIpv6CidrBlock is invalid. This is not a valid IPv6 CIDR block.`,
      );
    }
    return { destinationIpv6CidrBlock: ipv6 };
  }
  if (cidr !== undefined) {
    const range = parseCidr(cidr);
    if (range === null || !cidr.includes("/")) {
      throw new AwsError(
        "InvalidParameterValue",
        `Value (${cidr}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`,
      );
    }
    return { destinationCidrBlock: cidr };
  }
  return { destinationPrefixListId: prefixList as string };
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

const TARGET_PARAMS = [
  ["GatewayId", "gatewayId"],
  ["NatGatewayId", "natGatewayId"],
  ["NetworkInterfaceId", "networkInterfaceId"],
  ["InstanceId", "instanceId"],
  ["VpcPeeringConnectionId", "vpcPeeringConnectionId"],
  ["TransitGatewayId", "transitGatewayId"],
  ["EgressOnlyInternetGatewayId", "egressOnlyInternetGatewayId"],
  // Stored as gatewayId, where DescribeRouteTables reports it.
  ["VpcEndpointId", "gatewayId"],
] as const;

type Target = Partial<Pick<RouteRecord, (typeof TARGET_PARAMS)[number][1]>>;

/** The route's single target, checked to exist and to belong to the table's VPC. */
function readTarget(
  ctx: RequestContext,
  params: QueryParams,
  table: RouteTableRecord,
  destination: Destination,
): Target {
  const state = ctx.backend.ec2;
  const given = TARGET_PARAMS.flatMap(([param, field]) => {
    const value = params.string(param);
    return value === undefined ? [] : [[field, value, param] as const];
  });
  if (given.length !== 1) {
    throw new AwsError(
      "InvalidParameterCombination",
      given.length === 0
        ? "The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId, instanceId, vpcPeeringConnectionId, transitGatewayId, egressOnlyInternetGatewayId or vpcEndpointId"
        : "More than one target specified for the route.",
    );
  }
  const [field, id, param] = given[0] as (typeof given)[number];
  const ipv6 = "destinationIpv6CidrBlock" in destination;
  const differentNetworks = () =>
    new AwsError(
      "InvalidParameterValue",
      `route table ${table.routeTableId} and network gateway ${id} belong to different networks`,
    );
  if (param === "VpcEndpointId") {
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
  if (
    field === "transitGatewayId" &&
    availableAttachmentOf(state, table.vpcId, id, ctx.emulator.clock.now()) === null
  ) {
    throw new AwsError("InvalidTransitGatewayID.NotFound", `The transitGateway ID '${id}' does not exist.`);
  }
  if (field === "vpcPeeringConnectionId") {
    const pcx = getVpcPeeringConnection(state, id);
    if (pcx.requesterVpcId !== table.vpcId && pcx.accepterVpcId !== table.vpcId) throw differentNetworks();
    if (peeringState(pcx, ctx.emulator.clock.now()) === "deleted")
      throw notFoundError("vpcPeeringConnection", id);
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
  return { [field]: id };
}

const createRoute: Ec2Handler = (ctx, params) => {
  const table = getRouteTable(ctx.backend.ec2, params.requireString("RouteTableId"));
  const destination = readDestination(params);
  if ("destinationPrefixListId" in destination)
    findOrThrow("prefixList", ctx.backend.ec2.prefixLists, destination.destinationPrefixListId);
  if (table.routes.some((r) => sameDestination(r, destination))) {
    throw new AwsError(
      "RouteAlreadyExists",
      `The route identified by ${describeDestination(destination)} already exists.`,
    );
  }
  const target = readTarget(ctx, params, table, destination);
  table.routes.push({ ...destination, ...target, origin: "CreateRoute" });
  return { return: true };
};

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

const replaceRoute: Ec2Handler = (ctx, params) => {
  const table = getRouteTable(ctx.backend.ec2, params.requireString("RouteTableId"));
  const destination = readDestination(params);
  const index = findRoute(table, destination);
  const existing = table.routes[index] as RouteRecord;
  if (existing.gatewayId === "local" || isManagedByEndpoint(ctx, existing)) {
    throw new AwsError(
      "InvalidParameterValue",
      `The route ${describeDestination(destination)} in route table ${table.routeTableId} cannot be replaced.`,
    );
  }
  const target = readTarget(ctx, params, table, destination);
  table.routes[index] = { ...destination, ...target, origin: "CreateRoute" };
  return { return: true };
};

const deleteRoute: Ec2Handler = (ctx, params) => {
  const table = getRouteTable(ctx.backend.ec2, params.requireString("RouteTableId"));
  const destination = readDestination(params);
  const index = findRoute(table, destination);
  const existing = table.routes[index] as RouteRecord;
  if (existing.gatewayId === "local") {
    throw new AwsError(
      "InvalidParameterValue",
      `cannot remove local route ${describeDestination(destination)} in route table ${table.routeTableId}`,
    );
  }
  if (isManagedByEndpoint(ctx, existing)) {
    throw new AwsError(
      "InvalidParameterValue",
      `Route ${describeDestination(destination)} is managed by ${existing.gatewayId}; modify the endpoint instead.`,
    );
  }
  table.routes.splice(index, 1);
  return { return: true };
};

/**
 * A gateway endpoint's route (to its service's prefix list) belongs to the endpoint; a route to a
 * Gateway Load Balancer endpoint is the user's, like any other.
 */
function isManagedByEndpoint(ctx: RequestContext, route: RouteRecord): boolean {
  if (!route.gatewayId?.startsWith("vpce-")) return false;
  const endpoint = ctx.backend.ec2.vpcEndpoints.get(route.gatewayId);
  return endpoint !== undefined && endpoint.vpcEndpointType !== "GatewayLoadBalancer";
}

/** The destination and target members CreateRoute and ReplaceRoute both honour. */
const ROUTE_MEMBERS = [
  "DestinationCidrBlock",
  "DestinationPrefixListId",
  "DestinationIpv6CidrBlock",
  "GatewayId",
  "NatGatewayId",
  "NetworkInterfaceId",
  "InstanceId",
  "VpcPeeringConnectionId",
  "TransitGatewayId",
  "EgressOnlyInternetGatewayId",
  "VpcEndpointId",
] as const;

export const routeActions: Record<string, Ec2Handler> = {
  CreateRoute: honours(createRoute, "RouteTableId", ...ROUTE_MEMBERS),
  ReplaceRoute: honours(replaceRoute, "RouteTableId", ...ROUTE_MEMBERS),
  DeleteRoute: honours(
    deleteRoute,
    "RouteTableId",
    "DestinationCidrBlock",
    "DestinationPrefixListId",
    "DestinationIpv6CidrBlock",
  ),
};

// CreateRoute, ReplaceRoute, DeleteRoute. A route has one destination (a CIDR block or a prefix
// list) and one target; RouteAlreadyExists and InvalidRoute.NotFound as AWS returns them. Routes
// to a gateway endpoint are managed by the endpoint (vpc-endpoints.ts), not by these actions.

import { cidrContains, parseCidr } from "../../egress/ip.ts";
import type { QueryParams } from "../codecs/query-params.ts";
import type { RequestContext } from "../context.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./actions.ts";
import {
  findOrThrow,
  getInternetGateway,
  getNatGateway,
  getNetworkInterface,
  getRouteTable,
  getVpcPeeringConnection,
  notFoundError,
} from "./lookups.ts";
import type { RouteRecord, RouteTableRecord } from "./records.ts";
import { availableAttachmentOf, peeringState } from "./transit-gateway-model.ts";

type Destination = { destinationCidrBlock: string } | { destinationPrefixListId: string };

function readDestination(params: QueryParams): Destination {
  const cidr = params.string("DestinationCidrBlock");
  const prefixList = params.string("DestinationPrefixListId");
  if (params.string("DestinationIpv6CidrBlock") !== undefined) {
    throw new AwsError("InvalidParameterValue", "The emulator does not route IPv6.");
  }
  if ((cidr === undefined) === (prefixList === undefined)) {
    throw new AwsError(
      "InvalidParameterCombination",
      "Exactly one of DestinationCidrBlock or DestinationPrefixListId must be specified.",
    );
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
  return "destinationCidrBlock" in destination
    ? route.destinationCidrBlock === destination.destinationCidrBlock
    : route.destinationPrefixListId === destination.destinationPrefixListId;
}

function describeDestination(destination: Destination): string {
  return "destinationCidrBlock" in destination
    ? destination.destinationCidrBlock
    : destination.destinationPrefixListId;
}

const TARGET_PARAMS = [
  ["GatewayId", "gatewayId"],
  ["NatGatewayId", "natGatewayId"],
  ["NetworkInterfaceId", "networkInterfaceId"],
  ["InstanceId", "instanceId"],
  ["VpcPeeringConnectionId", "vpcPeeringConnectionId"],
  ["TransitGatewayId", "transitGatewayId"],
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
    return value === undefined ? [] : [[field, value] as const];
  });
  if (given.length !== 1) {
    throw new AwsError(
      "InvalidParameterCombination",
      given.length === 0
        ? "The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId, instanceId, vpcPeeringConnectionId or transitGatewayId"
        : "More than one target specified for the route.",
    );
  }
  const [field, id] = given[0] as (typeof given)[number];
  const differentNetworks = () =>
    new AwsError(
      "InvalidParameterValue",
      `route table ${table.routeTableId} and network gateway ${id} belong to different networks`,
    );
  if (field === "gatewayId") {
    if (id.startsWith("igw-")) {
      const igw = getInternetGateway(state, id);
      if (igw.attachedVpcId !== table.vpcId) throw differentNetworks();
    } else if (id === "local" || id.startsWith("vpce-")) {
      throw new AwsError("InvalidParameterValue", `The gateway ID '${id}' cannot be used in this route.`);
    } else {
      throw new AwsError("InvalidGatewayID.NotFound", `The gateway ID '${id}' does not exist`);
    }
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
  const vpc = state.vpcs.get(table.vpcId);
  if (
    "destinationCidrBlock" in destination &&
    vpc &&
    cidrContains(vpc.cidrBlock, destination.destinationCidrBlock) &&
    field !== "networkInterfaceId" &&
    field !== "instanceId"
  ) {
    throw new AwsError(
      "InvalidParameterValue",
      `The destination CIDR block ${destination.destinationCidrBlock} is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance.`,
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
      "destinationCidrBlock" in destination ? "destination-cidr-block" : "destination-prefix-list-id";
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
  if (existing.gatewayId === "local" || existing.gatewayId?.startsWith("vpce-")) {
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
  if (existing.gatewayId?.startsWith("vpce-")) {
    throw new AwsError(
      "InvalidParameterValue",
      `Route ${describeDestination(destination)} is managed by ${existing.gatewayId}; modify the endpoint instead.`,
    );
  }
  table.routes.splice(index, 1);
  return { return: true };
};

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

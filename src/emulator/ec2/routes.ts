// CreateRoute, ReplaceRoute, DeleteRoute: read the destination and the target, apply the rules
// (./route-model.ts), shape the reply. A Gateway Load Balancer endpoint is a target given as
// VpcEndpointId, which DescribeRouteTables shows in GatewayId (the Route shape has no VpcEndpointId
// member).

import { parseCidr, parseIpv6Cidr } from "../../egress/ip.ts";
import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./handler.ts";
import {
  addRoute,
  type Destination,
  type RouteRequest,
  type RouteTarget,
  removeRoute,
  replaceRouteTarget,
  type TargetField,
} from "./route-model.ts";

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

const TARGET_PARAMS: readonly (readonly [string, TargetField])[] = [
  ["GatewayId", "gatewayId"],
  ["NatGatewayId", "natGatewayId"],
  ["NetworkInterfaceId", "networkInterfaceId"],
  ["InstanceId", "instanceId"],
  ["VpcPeeringConnectionId", "vpcPeeringConnectionId"],
  ["TransitGatewayId", "transitGatewayId"],
  ["EgressOnlyInternetGatewayId", "egressOnlyInternetGatewayId"],
  ["VpcEndpointId", "vpcEndpointId"],
];

/** The route's single target. */
function readTarget(params: QueryParams): RouteTarget {
  const given = TARGET_PARAMS.flatMap(([param, field]) => {
    const id = params.string(param);
    return id === undefined ? [] : [{ field, id }];
  });
  if (given.length !== 1) {
    throw new AwsError(
      "InvalidParameterCombination",
      given.length === 0
        ? "The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId, instanceId, vpcPeeringConnectionId, transitGatewayId, egressOnlyInternetGatewayId or vpcEndpointId"
        : "More than one target specified for the route.",
    );
  }
  return given[0] as RouteTarget;
}

function readRoute(params: QueryParams): RouteRequest {
  return {
    routeTableId: params.requireString("RouteTableId"),
    destination: readDestination(params),
    target: readTarget(params),
  };
}

const createRoute: Ec2Handler = (ctx, params) => {
  addRoute(ctx.backend.ec2, ctx.emulator.clock.now(), readRoute(params));
  return { return: true };
};

const replaceRoute: Ec2Handler = (ctx, params) => {
  replaceRouteTarget(ctx.backend.ec2, ctx.emulator.clock.now(), readRoute(params));
  return { return: true };
};

const deleteRoute: Ec2Handler = (ctx, params) => {
  removeRoute(ctx.backend.ec2, {
    routeTableId: params.requireString("RouteTableId"),
    destination: readDestination(params),
  });
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

// CreateRouteTable, DeleteRouteTable, DescribeRouteTables, AssociateRouteTable,
// DisassociateRouteTable, ReplaceRouteTableAssociation: read the parameters, apply the rules
// (./route-table-model.ts), shape the reply. Routes themselves: routes.ts.

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import { describeRecords } from "./describe.ts";
import type { Ec2Handler } from "./handler.ts";
import type { RouteRecord, RouteTableRecord } from "./records.ts";
import { computeRouteState } from "./route-state.ts";
import {
  addRouteTable,
  associateSubnet,
  disassociate,
  moveAssociation,
  removeRouteTable,
} from "./route-table-model.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, tagSetOf } from "./tagging.ts";

export function routeXml(
  state: Ec2State,
  vpcId: string,
  route: RouteRecord,
  now: number,
): Record<string, unknown> {
  const { origin, ...fields } = route;
  return {
    ...fields,
    instanceOwnerId: route.instanceId === undefined ? undefined : state.ownerId,
    origin,
    state: computeRouteState(state, vpcId, route, now),
  };
}

export function routeTableXml(
  state: Ec2State,
  table: RouteTableRecord,
  now: number,
): Record<string, unknown> {
  return {
    routeTableId: table.routeTableId,
    vpcId: table.vpcId,
    ownerId: state.ownerId,
    routeSet: table.routes.map((route) => routeXml(state, table.vpcId, route, now)),
    associationSet: table.associations.map((a) => ({
      main: a.main,
      routeTableAssociationId: a.routeTableAssociationId,
      routeTableId: table.routeTableId,
      subnetId: a.subnetId,
      gatewayId: a.gatewayId,
      associationState: { state: "associated" },
    })),
    propagatingVgwSet: [],
    ...tagSetOf(state, table.routeTableId),
  };
}

const createRouteTable: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const table = addRouteTable(state, ctx.emulator, {
    tags: readTagSpecifications(params, "route-table"),
    vpcId: params.requireString("VpcId"),
  });
  return { routeTable: routeTableXml(state, table, ctx.emulator.clock.now()) };
};

const deleteRouteTable: Ec2Handler = (ctx, params) => {
  removeRouteTable(ctx.backend.ec2, params.requireString("RouteTableId"));
  return { return: true };
};

const associateRouteTable: Ec2Handler = (ctx, params) => {
  const subnetId = params.string("SubnetId");
  if (subnetId === undefined)
    throw new AwsError("MissingParameter", "The request must contain the parameter SubnetId");
  const associationId = associateSubnet(ctx.backend.ec2, ctx.emulator, {
    routeTableId: params.requireString("RouteTableId"),
    subnetId,
  });
  return { associationId, associationState: { state: "associated" } };
};

const disassociateRouteTable: Ec2Handler = (ctx, params) => {
  disassociate(ctx.backend.ec2, params.requireString("AssociationId"));
  return { return: true };
};

const replaceRouteTableAssociation: Ec2Handler = (ctx, params) => {
  const newAssociationId = moveAssociation(ctx.backend.ec2, ctx.emulator, {
    associationId: params.requireString("AssociationId"),
    routeTableId: params.requireString("RouteTableId"),
  });
  return { newAssociationId, associationState: { state: "associated" } };
};

function pick(
  table: RouteTableRecord,
  field: (route: RouteRecord) => string | undefined,
): (string | undefined)[] {
  return table.routes.map(field);
}

const describeRouteTables: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const now = ctx.emulator.clock.now();
  const page = describeRecords(ctx, params, {
    action: "DescribeRouteTables",
    kind: "routeTable",
    idParam: "RouteTableId",
    records: state.routeTables,
    limits: { min: 5, max: 100 },
    filters: {
      "route-table-id": (t) => t.routeTableId,
      "vpc-id": (t) => t.vpcId,
      "owner-id": () => state.ownerId,
      "association.main": (t) => (t.associations.some((a) => a.main) ? "true" : "false"),
      "association.subnet-id": (t) => t.associations.map((a) => a.subnetId),
      "association.route-table-association-id": (t) => t.associations.map((a) => a.routeTableAssociationId),
      "association.route-table-id": (t) => (t.associations.length > 0 ? t.routeTableId : undefined),
      "association.gateway-id": (t) => t.associations.map((a) => a.gatewayId),
      "route.destination-cidr-block": (t) => pick(t, (r) => r.destinationCidrBlock),
      "route.destination-prefix-list-id": (t) => pick(t, (r) => r.destinationPrefixListId),
      "route.gateway-id": (t) => pick(t, (r) => r.gatewayId),
      "route.nat-gateway-id": (t) => pick(t, (r) => r.natGatewayId),
      "route.instance-id": (t) => pick(t, (r) => r.instanceId),
      "route.vpc-peering-connection-id": (t) => pick(t, (r) => r.vpcPeeringConnectionId),
      "route.transit-gateway-id": (t) => pick(t, (r) => r.transitGatewayId),
      "route.origin": (t) => pick(t, (r) => r.origin),
      "route.state": (t) => t.routes.map((r) => computeRouteState(state, t.vpcId, r, now)),
      "route.destination-ipv6-cidr-block": (t) => pick(t, (r) => r.destinationIpv6CidrBlock),
      "route.egress-only-internet-gateway-id": (t) => pick(t, (r) => r.egressOnlyInternetGatewayId),
    },
  });
  return {
    routeTableSet: page.items.map((t) => routeTableXml(state, t, now)),
    nextToken: page.nextToken,
  };
};

export const routeTableActions: Record<string, Ec2Handler> = {
  CreateRouteTable: honours(createRouteTable, "VpcId", "TagSpecification"),
  DeleteRouteTable: honours(deleteRouteTable, "RouteTableId"),
  DescribeRouteTables: honours(describeRouteTables, "RouteTableId", "Filter", "MaxResults", "NextToken"),
  AssociateRouteTable: honours(associateRouteTable, "RouteTableId", "SubnetId"),
  DisassociateRouteTable: honours(disassociateRouteTable, "AssociationId"),
  ReplaceRouteTableAssociation: honours(replaceRouteTableAssociation, "AssociationId", "RouteTableId"),
};

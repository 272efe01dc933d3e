// CreateRouteTable, DeleteRouteTable, DescribeRouteTables, AssociateRouteTable,
// DisassociateRouteTable, ReplaceRouteTableAssociation. Routes themselves: routes.ts.

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./actions.ts";
import { describeRecords } from "./describe.ts";
import { getRouteTable, getSubnet, getVpc } from "./lookups.ts";
import { regionalNatOwningTable } from "./nat-gateway-model.ts";
import type { RouteRecord, RouteTableRecord } from "./records.ts";
import { computeRouteState } from "./route-state.ts";
import type { Ec2State } from "./state.ts";
import { dropTags, readTagSpecifications, setTags, tagSetOf } from "./tagging.ts";

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
  const tags = readTagSpecifications(params, "route-table");
  const vpc = getVpc(state, params.requireString("VpcId"));
  const table: RouteTableRecord = {
    routeTableId: ctx.emulator.newId("routeTable"),
    vpcId: vpc.vpcId,
    routes: [
      { destinationCidrBlock: vpc.cidrBlock, gatewayId: "local", origin: "CreateRouteTable" },
      ...(vpc.ipv6 === undefined
        ? []
        : [
            {
              destinationIpv6CidrBlock: vpc.ipv6.cidrBlock,
              gatewayId: "local",
              origin: "CreateRouteTable" as const,
            },
          ]),
    ],
    associations: [],
  };
  state.routeTables.set(table.routeTableId, table);
  setTags(state, table.routeTableId, tags);
  ctx.emulator.faults.created(table.routeTableId);
  return { routeTable: routeTableXml(state, table, ctx.emulator.clock.now()) };
};

const deleteRouteTable: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const table = getRouteTable(state, params.requireString("RouteTableId"));
  // A regional NAT gateway's own table goes with the gateway (nat-gateway-model.ts).
  if (table.associations.length > 0 || regionalNatOwningTable(state, table.routeTableId) !== undefined) {
    throw new AwsError(
      "DependencyViolation",
      `The routeTable '${table.routeTableId}' has dependencies and cannot be deleted.`,
    );
  }
  state.routeTables.delete(table.routeTableId);
  dropTags(state, table.routeTableId);
  for (const endpoint of state.vpcEndpoints.values()) {
    endpoint.routeTableIds = endpoint.routeTableIds.filter((id) => id !== table.routeTableId);
  }
  return { return: true };
};

function findAssociation(state: Ec2State, associationId: string) {
  if (!/^rtbassoc-[0-9a-f]{8,17}$/.test(associationId)) {
    throw new AwsError(
      "InvalidAssociationID.Malformed",
      `Invalid id: "${associationId}" (expecting "rtbassoc-...")`,
    );
  }
  for (const table of state.routeTables.values()) {
    const association = table.associations.find((a) => a.routeTableAssociationId === associationId);
    if (association) return { table, association };
  }
  throw new AwsError("InvalidAssociationID.NotFound", `The association ID '${associationId}' does not exist`);
}

const associateRouteTable: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const table = getRouteTable(state, params.requireString("RouteTableId"));
  const subnetId = params.string("SubnetId");
  if (subnetId === undefined)
    throw new AwsError("MissingParameter", "The request must contain the parameter SubnetId");
  const subnet = getSubnet(state, subnetId);
  if (subnet.vpcId !== table.vpcId) {
    throw new AwsError(
      "InvalidParameterValue",
      `Route table ${table.routeTableId} and subnet ${subnet.subnetId} belong to different networks`,
    );
  }
  for (const other of state.routeTables.values()) {
    if (other.associations.some((a) => a.subnetId === subnet.subnetId)) {
      throw new AwsError(
        "Resource.AlreadyAssociated",
        `the specified association for route table ${table.routeTableId} conflicts with an existing association`,
      );
    }
  }
  const routeTableAssociationId = ctx.emulator.newId("routeTableAssociation");
  table.associations.push({ routeTableAssociationId, main: false, subnetId: subnet.subnetId });
  return { associationId: routeTableAssociationId, associationState: { state: "associated" } };
};

const disassociateRouteTable: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const { table, association } = findAssociation(state, params.requireString("AssociationId"));
  if (association.main) {
    throw new AwsError(
      "InvalidParameterValue",
      `cannot disassociate the main route table association ${association.routeTableAssociationId}`,
    );
  }
  table.associations = table.associations.filter((a) => a !== association);
  return { return: true };
};

/** Moves a subnet association, or the main flag, to another table of the same VPC. */
const replaceRouteTableAssociation: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const { table, association } = findAssociation(state, params.requireString("AssociationId"));
  const target = getRouteTable(state, params.requireString("RouteTableId"));
  if (target.vpcId !== table.vpcId) {
    throw new AwsError(
      "InvalidParameterValue",
      `Route table ${target.routeTableId} and association ${association.routeTableAssociationId} belong to different networks`,
    );
  }
  table.associations = table.associations.filter((a) => a !== association);
  const newAssociationId = ctx.emulator.newId("routeTableAssociation");
  target.associations.push({ ...association, routeTableAssociationId: newAssociationId });
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

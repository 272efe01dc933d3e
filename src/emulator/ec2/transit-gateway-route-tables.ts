// CreateTransitGatewayRouteTable, DescribeTransitGatewayRouteTables, AssociateTransitGatewayRouteTable,
// EnableTransitGatewayRouteTablePropagation, CreateTransitGatewayRoute (to an attachment, or a
// blackhole) and SearchTransitGatewayRoutes (static and propagated routes, as AWS lists them).
// Rules and states live in transit-gateway-model.ts; this file reads parameters and shapes replies.

import { parseCidr } from "../../egress/ip.ts";
import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import { describeRecords } from "./describe.ts";
import { matchesFilters, readFilters } from "./filters.ts";
import type { Ec2Handler } from "./handler.ts";
import { getTransitGatewayRouteTable } from "./lookups.ts";
import type { TransitGatewayRouteTableRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, tagSetOf } from "./tagging.ts";
import {
  addTransitGatewayRouteTable,
  addTransitRoute,
  associate,
  type EffectiveTransitRoute,
  effectiveTransitRoutes,
  enablePropagation,
  linkAttachment,
  routeTableState,
  type TableAttachmentRef,
} from "./transit-gateway-model.ts";

function routeTableXml(
  state: Ec2State,
  table: TransitGatewayRouteTableRecord,
  now: number,
): Record<string, unknown> {
  return {
    transitGatewayRouteTableId: table.transitGatewayRouteTableId,
    transitGatewayId: table.transitGatewayId,
    state: routeTableState(table, now),
    defaultAssociationRouteTable: table.defaultAssociationRouteTable,
    defaultPropagationRouteTable: table.defaultPropagationRouteTable,
    creationTime: new Date(table.createTime),
    ...tagSetOf(state, table.transitGatewayRouteTableId),
  };
}

const createTransitGatewayRouteTable: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const table = addTransitGatewayRouteTable(state, ctx.emulator, {
    tags: readTagSpecifications(params, "transit-gateway-route-table", [], "TagSpecifications"),
    transitGatewayId: params.requireString("TransitGatewayId"),
  });
  return { transitGatewayRouteTable: routeTableXml(state, table, table.createTime) };
};

const describeTransitGatewayRouteTables: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const now = ctx.emulator.clock.now();
  const page = describeRecords(ctx, params, {
    action: "DescribeTransitGatewayRouteTables",
    kind: "transitGatewayRouteTable",
    idParam: "TransitGatewayRouteTableIds",
    records: state.transitGatewayRouteTables,
    limits: { min: 5, max: 1000 },
    filters: {
      "transit-gateway-route-table-id": (table) => table.transitGatewayRouteTableId,
      "transit-gateway-id": (table) => table.transitGatewayId,
      "default-association-route-table": (table) => String(table.defaultAssociationRouteTable),
      "default-propagation-route-table": (table) => String(table.defaultPropagationRouteTable),
      state: (table) => routeTableState(table, now),
    },
  });
  return {
    transitGatewayRouteTables: page.items.map((table) => routeTableXml(state, table, now)),
    nextToken: page.nextToken,
  };
};

function readTableAttachment(params: QueryParams): TableAttachmentRef {
  return {
    transitGatewayRouteTableId: params.requireString("TransitGatewayRouteTableId"),
    transitGatewayAttachmentId: params.requireString("TransitGatewayAttachmentId"),
  };
}

const associateTransitGatewayRouteTable: Ec2Handler = (ctx, params) => {
  const { table, attachment } = linkAttachment(
    ctx.backend.ec2,
    ctx.emulator.clock.now(),
    readTableAttachment(params),
    associate,
  );
  return {
    association: {
      transitGatewayRouteTableId: table.transitGatewayRouteTableId,
      transitGatewayAttachmentId: attachment.transitGatewayAttachmentId,
      resourceId: attachment.vpcId,
      resourceType: "vpc",
      state: "associating",
    },
  };
};

const enableTransitGatewayRouteTablePropagation: Ec2Handler = (ctx, params) => {
  const { table, attachment } = linkAttachment(
    ctx.backend.ec2,
    ctx.emulator.clock.now(),
    readTableAttachment(params),
    enablePropagation,
  );
  return {
    propagation: {
      transitGatewayAttachmentId: attachment.transitGatewayAttachmentId,
      resourceId: attachment.vpcId,
      resourceType: "vpc",
      transitGatewayRouteTableId: table.transitGatewayRouteTableId,
      state: "enabling",
    },
  };
};

function routeXml(route: EffectiveTransitRoute): Record<string, unknown> {
  return {
    destinationCidrBlock: route.destinationCidrBlock,
    transitGatewayAttachments:
      route.attachment === null
        ? undefined
        : [
            {
              resourceId: route.attachment.vpcId,
              transitGatewayAttachmentId: route.attachment.transitGatewayAttachmentId,
              resourceType: "vpc",
            },
          ],
    type: route.type,
    state: route.state,
  };
}

const createTransitGatewayRoute: Ec2Handler = (ctx, params) => {
  const routeTableId = params.requireString("TransitGatewayRouteTableId");
  const cidr = params.requireString("DestinationCidrBlock");
  if (parseCidr(cidr) === null || !cidr.includes("/")) {
    throw new AwsError(
      "InvalidParameterValue",
      `Value (${cidr}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`,
    );
  }
  const blackhole = params.bool("Blackhole") === true;
  const attachmentId = params.string("TransitGatewayAttachmentId");
  if (blackhole === (attachmentId !== undefined)) {
    throw new AwsError(
      "InvalidParameterCombination",
      "Specify exactly one of TransitGatewayAttachmentId and Blackhole=true.",
    );
  }
  const created = addTransitRoute(ctx.backend.ec2, ctx.emulator.clock.now(), {
    transitGatewayRouteTableId: routeTableId,
    destinationCidrBlock: cidr,
    transitGatewayAttachmentId: attachmentId ?? null,
  });
  return { route: created === undefined ? undefined : routeXml(created) };
};

const ROUTE_FILTERS = {
  "attachment.transit-gateway-attachment-id": (route: EffectiveTransitRoute) =>
    route.attachment?.transitGatewayAttachmentId,
  "attachment.resource-id": (route: EffectiveTransitRoute) => route.attachment?.vpcId,
  "attachment.resource-type": (route: EffectiveTransitRoute) =>
    route.attachment === null ? undefined : "vpc",
  "route-search.exact-match": (route: EffectiveTransitRoute) => route.destinationCidrBlock,
  state: (route: EffectiveTransitRoute) => route.state,
  type: (route: EffectiveTransitRoute) => route.type,
} as const;

/** SearchTransitGatewayRoutes: Filters are required; at most MaxResults routes, then additionalRoutesAvailable. */
const searchTransitGatewayRoutes: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  // Filter names first, as every Describe call checks them before looking at records (filters.ts).
  const filters = readFilters(params, "SearchTransitGatewayRoutes", ROUTE_FILTERS);
  const table = getTransitGatewayRouteTable(state, params.requireString("TransitGatewayRouteTableId"));
  const routes = effectiveTransitRoutes(state, table, ctx.emulator.clock.now()).filter((route) =>
    matchesFilters(state, table.transitGatewayRouteTableId, route, filters, ROUTE_FILTERS),
  );
  const max = params.int("MaxResults") ?? 1000;
  return {
    routeSet: routes.slice(0, max).map(routeXml),
    additionalRoutesAvailable: routes.length > max,
  };
};

export const transitGatewayRouteTableActions: Record<string, Ec2Handler> = {
  CreateTransitGatewayRouteTable: honours(
    createTransitGatewayRouteTable,
    "TransitGatewayId",
    "TagSpecifications",
  ),
  DescribeTransitGatewayRouteTables: honours(
    describeTransitGatewayRouteTables,
    "TransitGatewayRouteTableIds",
    "Filter",
    "MaxResults",
    "NextToken",
  ),
  AssociateTransitGatewayRouteTable: honours(
    associateTransitGatewayRouteTable,
    "TransitGatewayRouteTableId",
    "TransitGatewayAttachmentId",
  ),
  EnableTransitGatewayRouteTablePropagation: honours(
    enableTransitGatewayRouteTablePropagation,
    "TransitGatewayRouteTableId",
    "TransitGatewayAttachmentId",
  ),
  CreateTransitGatewayRoute: honours(
    createTransitGatewayRoute,
    "DestinationCidrBlock",
    "TransitGatewayRouteTableId",
    "TransitGatewayAttachmentId",
    "Blackhole",
  ),
  SearchTransitGatewayRoutes: honours(
    searchTransitGatewayRoutes,
    "TransitGatewayRouteTableId",
    "Filter",
    "MaxResults",
  ),
};

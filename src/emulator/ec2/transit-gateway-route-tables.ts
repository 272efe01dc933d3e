// CreateTransitGatewayRouteTable, DescribeTransitGatewayRouteTables, AssociateTransitGatewayRouteTable,
// EnableTransitGatewayRouteTablePropagation, CreateTransitGatewayRoute (to an attachment, or a
// blackhole) and SearchTransitGatewayRoutes (static and propagated routes, as AWS lists them).
// Rules and states live in transit-gateway-model.ts.

import { parseCidr } from "../../egress/ip.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./actions.ts";
import { describeRecords } from "./describe.ts";
import { matchesFilters, readFilters } from "./filters.ts";
import { getTransitGateway, getTransitGatewayAttachment, getTransitGatewayRouteTable } from "./lookups.ts";
import type { TransitGatewayRouteTableRecord, TransitGatewayVpcAttachmentRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, setTags, tagSetOf } from "./tagging.ts";
import {
  associate,
  type EffectiveTransitRoute,
  effectiveTransitRoutes,
  enablePropagation,
  routeTableState,
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
  const tags = readTagSpecifications(params, "transit-gateway-route-table", [], "TagSpecifications");
  const tgw = getTransitGateway(state, params.requireString("TransitGatewayId"));
  const now = ctx.emulator.clock.now();
  const table: TransitGatewayRouteTableRecord = {
    transitGatewayRouteTableId: ctx.emulator.newId("transitGatewayRouteTable"),
    transitGatewayId: tgw.transitGatewayId,
    createTime: now,
    availableAt: ctx.emulator.clock.dueAt("transitGatewayRouteTableAvailable"),
    defaultAssociationRouteTable: false,
    defaultPropagationRouteTable: false,
    propagatingAttachmentIds: [],
    routes: [],
  };
  state.transitGatewayRouteTables.set(table.transitGatewayRouteTableId, table);
  setTags(state, table.transitGatewayRouteTableId, tags);
  return { transitGatewayRouteTable: routeTableXml(state, table, now) };
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

/** The table and attachment a call names, the table available (*unverified*: AWS's code for a pending table). */
function tableAndAttachment(
  ctx: Parameters<Ec2Handler>[0],
  params: Parameters<Ec2Handler>[1],
): { table: TransitGatewayRouteTableRecord; attachment: TransitGatewayVpcAttachmentRecord } {
  const state = ctx.backend.ec2;
  const table = getTransitGatewayRouteTable(state, params.requireString("TransitGatewayRouteTableId"));
  const attachment = getTransitGatewayAttachment(state, params.requireString("TransitGatewayAttachmentId"));
  if (routeTableState(table, ctx.emulator.clock.now()) !== "available") {
    throw new AwsError(
      "IncorrectState",
      `Transit Gateway Route Table ${table.transitGatewayRouteTableId} is pending; retry when it is available.`,
    );
  }
  return { table, attachment };
}

const associateTransitGatewayRouteTable: Ec2Handler = (ctx, params) => {
  const { table, attachment } = tableAndAttachment(ctx, params);
  associate(table, attachment);
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
  const { table, attachment } = tableAndAttachment(ctx, params);
  enablePropagation(table, attachment);
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
  const state = ctx.backend.ec2;
  const table = getTransitGatewayRouteTable(state, params.requireString("TransitGatewayRouteTableId"));
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
  const attachment = attachmentId === undefined ? null : getTransitGatewayAttachment(state, attachmentId);
  if (attachment !== null && attachment.transitGatewayId !== table.transitGatewayId) {
    throw new AwsError(
      "InvalidParameterValue",
      `${attachment.transitGatewayAttachmentId} belongs to ${attachment.transitGatewayId}, not to ${table.transitGatewayId}.`,
    );
  }
  if (table.routes.some((route) => route.destinationCidrBlock === cidr)) {
    throw new AwsError(
      "RouteAlreadyExists",
      `Route ${cidr} already exists in Transit Gateway Route Table ${table.transitGatewayRouteTableId}.`,
    );
  }
  table.routes.push({
    destinationCidrBlock: cidr,
    transitGatewayAttachmentId: attachment?.transitGatewayAttachmentId ?? null,
  });
  const created = effectiveTransitRoutes(state, table, ctx.emulator.clock.now()).find(
    (route) => route.type === "static" && route.destinationCidrBlock === cidr,
  );
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

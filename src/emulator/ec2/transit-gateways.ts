// CreateTransitGateway, DescribeTransitGateways, CreateTransitGatewayVpcAttachment,
// DescribeTransitGatewayVpcAttachments, DescribeTransitGatewayAttachments. Rules and states live in
// transit-gateway-model.ts; this file reads parameters and shapes replies with the EC2 XML names.
// Only VPC attachments exist here: VPN, Direct Connect, Connect and peering attachments are not
// modelled (the Create calls for them are not served).

import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import { describeRecords } from "./describe.ts";
import type { Ec2Handler } from "./handler.ts";
import type { TransitGatewayRecord, TransitGatewayVpcAttachmentRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, tagSetOf } from "./tagging.ts";
import {
  addTransitGateway,
  addVpcAttachment,
  attachmentState,
  transitGatewayState,
} from "./transit-gateway-model.ts";

/** AWS's default private ASN for a transit gateway (EC2 API Reference, TransitGatewayRequestOptions). */
const DEFAULT_ASN = 64512;

function enableOrDisable(params: QueryParams, name: string, fallback: string): string {
  const value = params.string(name) ?? fallback;
  if (value !== "enable" && value !== "disable") {
    throw new AwsError("InvalidParameterValue", `Value (${value}) for parameter ${name} is invalid.`);
  }
  return value;
}

export function transitGatewayArn(state: Ec2State, id: string): string {
  return `arn:aws:ec2:${state.region}:${state.ownerId}:transit-gateway/${id}`;
}

function transitGatewayXml(state: Ec2State, tgw: TransitGatewayRecord, now: number): Record<string, unknown> {
  const { options } = tgw;
  return {
    transitGatewayId: tgw.transitGatewayId,
    transitGatewayArn: transitGatewayArn(state, tgw.transitGatewayId),
    state: transitGatewayState(tgw, now),
    ownerId: state.ownerId,
    description: tgw.description === "" ? undefined : tgw.description,
    creationTime: new Date(tgw.createTime),
    options: {
      amazonSideAsn: options.amazonSideAsn,
      autoAcceptSharedAttachments: options.autoAcceptSharedAttachments,
      defaultRouteTableAssociation: options.defaultRouteTableAssociation,
      associationDefaultRouteTableId:
        options.defaultRouteTableAssociation === "enable"
          ? (tgw.defaultRouteTableId ?? undefined)
          : undefined,
      defaultRouteTablePropagation: options.defaultRouteTablePropagation,
      propagationDefaultRouteTableId:
        options.defaultRouteTablePropagation === "enable"
          ? (tgw.defaultRouteTableId ?? undefined)
          : undefined,
      vpnEcmpSupport: options.vpnEcmpSupport,
      dnsSupport: options.dnsSupport,
      securityGroupReferencingSupport: options.securityGroupReferencingSupport,
      multicastSupport: options.multicastSupport,
    },
    ...tagSetOf(state, tgw.transitGatewayId),
  };
}

const createTransitGateway: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const tags = readTagSpecifications(params, "transit-gateway");
  const options = params.object("Options");
  const asn = options?.string("AmazonSideAsn");
  const read = (name: string, fallback: string) =>
    options === undefined ? fallback : enableOrDisable(options, name, fallback);
  const tgw = addTransitGateway(state, ctx.emulator, {
    description: params.string("Description") ?? "",
    options: {
      amazonSideAsn: asn === undefined ? DEFAULT_ASN : Number(asn),
      autoAcceptSharedAttachments: read("AutoAcceptSharedAttachments", "disable"),
      defaultRouteTableAssociation: read("DefaultRouteTableAssociation", "enable"),
      defaultRouteTablePropagation: read("DefaultRouteTablePropagation", "enable"),
      vpnEcmpSupport: read("VpnEcmpSupport", "enable"),
      dnsSupport: read("DnsSupport", "enable"),
      securityGroupReferencingSupport: read("SecurityGroupReferencingSupport", "disable"),
      multicastSupport: read("MulticastSupport", "disable"),
    },
    tags,
  });
  return { transitGateway: transitGatewayXml(state, tgw, tgw.createTime) };
};

const describeTransitGateways: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const now = ctx.emulator.clock.now();
  const page = describeRecords(ctx, params, {
    action: "DescribeTransitGateways",
    kind: "transitGateway",
    idParam: "TransitGatewayIds",
    records: state.transitGateways,
    limits: { min: 5, max: 1000 },
    filters: {
      "transit-gateway-id": (tgw) => tgw.transitGatewayId,
      state: (tgw) => transitGatewayState(tgw, now),
      "owner-id": () => state.ownerId,
      "options.default-route-table-association": (tgw) => tgw.options.defaultRouteTableAssociation,
      "options.default-route-table-propagation": (tgw) => tgw.options.defaultRouteTablePropagation,
      "options.association-default-route-table-id": (tgw) => tgw.defaultRouteTableId ?? undefined,
      "options.propagation-default-route-table-id": (tgw) => tgw.defaultRouteTableId ?? undefined,
      "options.amazon-side-asn": (tgw) => String(tgw.options.amazonSideAsn),
    },
  });
  return {
    transitGatewaySet: page.items.map((tgw) => transitGatewayXml(state, tgw, now)),
    nextToken: page.nextToken,
  };
};

function vpcAttachmentXml(
  state: Ec2State,
  attachment: TransitGatewayVpcAttachmentRecord,
  now: number,
): Record<string, unknown> {
  return {
    transitGatewayAttachmentId: attachment.transitGatewayAttachmentId,
    transitGatewayId: attachment.transitGatewayId,
    vpcId: attachment.vpcId,
    vpcOwnerId: state.ownerId,
    state: attachmentState(attachment, now),
    subnetIds: attachment.subnetIds,
    creationTime: new Date(attachment.createTime),
    options: {
      dnsSupport: attachment.options.dnsSupport,
      securityGroupReferencingSupport: attachment.options.securityGroupReferencingSupport,
      ipv6Support: attachment.options.ipv6Support,
      applianceModeSupport: attachment.options.applianceModeSupport,
    },
    ...tagSetOf(state, attachment.transitGatewayAttachmentId),
  };
}

const createTransitGatewayVpcAttachment: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const tags = readTagSpecifications(params, "transit-gateway-attachment", [], "TagSpecifications");
  const options = params.object("Options");
  const read = (name: string, fallback: string) =>
    options === undefined ? fallback : enableOrDisable(options, name, fallback);
  const attachment = addVpcAttachment(state, ctx.emulator, {
    transitGatewayId: params.requireString("TransitGatewayId"),
    vpcId: params.requireString("VpcId"),
    subnetIds: [...new Set(params.strings("SubnetIds"))],
    options: {
      dnsSupport: read("DnsSupport", "enable"),
      securityGroupReferencingSupport: read("SecurityGroupReferencingSupport", "disable"),
      ipv6Support: read("Ipv6Support", "disable"),
      applianceModeSupport: read("ApplianceModeSupport", "disable"),
    },
    tags,
  });
  return { transitGatewayVpcAttachment: vpcAttachmentXml(state, attachment, attachment.createTime) };
};

const ATTACHMENT_FILTERS = {
  "transit-gateway-attachment-id": (a: TransitGatewayVpcAttachmentRecord) => a.transitGatewayAttachmentId,
  "transit-gateway-id": (a: TransitGatewayVpcAttachmentRecord) => a.transitGatewayId,
  "vpc-id": (a: TransitGatewayVpcAttachmentRecord) => a.vpcId,
} as const;

const describeTransitGatewayVpcAttachments: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const now = ctx.emulator.clock.now();
  const page = describeRecords(ctx, params, {
    action: "DescribeTransitGatewayVpcAttachments",
    kind: "transitGatewayAttachment",
    idParam: "TransitGatewayAttachmentIds",
    records: state.transitGatewayAttachments,
    limits: { min: 5, max: 1000 },
    filters: { ...ATTACHMENT_FILTERS, state: (a) => attachmentState(a, now) },
  });
  return {
    transitGatewayVpcAttachments: page.items.map((a) => vpcAttachmentXml(state, a, now)),
    nextToken: page.nextToken,
  };
};

const describeTransitGatewayAttachments: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const now = ctx.emulator.clock.now();
  const page = describeRecords(ctx, params, {
    action: "DescribeTransitGatewayAttachments",
    kind: "transitGatewayAttachment",
    idParam: "TransitGatewayAttachmentIds",
    records: state.transitGatewayAttachments,
    limits: { min: 5, max: 1000 },
    filters: {
      "transit-gateway-attachment-id": ATTACHMENT_FILTERS["transit-gateway-attachment-id"],
      "transit-gateway-id": ATTACHMENT_FILTERS["transit-gateway-id"],
      "resource-id": (a) => a.vpcId,
      "resource-type": () => "vpc",
      "resource-owner-id": () => state.ownerId,
      "transit-gateway-owner-id": () => state.ownerId,
      "association.transit-gateway-route-table-id": (a) => a.associatedRouteTableId ?? undefined,
      state: (a) => attachmentState(a, now),
    },
  });
  return {
    transitGatewayAttachments: page.items.map((a) => ({
      transitGatewayAttachmentId: a.transitGatewayAttachmentId,
      transitGatewayId: a.transitGatewayId,
      transitGatewayOwnerId: state.ownerId,
      resourceOwnerId: state.ownerId,
      resourceType: "vpc",
      resourceId: a.vpcId,
      state: attachmentState(a, now),
      association:
        a.associatedRouteTableId === null
          ? undefined
          : { transitGatewayRouteTableId: a.associatedRouteTableId, state: "associated" },
      creationTime: new Date(a.createTime),
      ...tagSetOf(state, a.transitGatewayAttachmentId),
    })),
    nextToken: page.nextToken,
  };
};

export const transitGatewayActions: Record<string, Ec2Handler> = {
  CreateTransitGateway: honours(
    createTransitGateway,
    "Description",
    "Options.AmazonSideAsn",
    "Options.AutoAcceptSharedAttachments",
    "Options.DefaultRouteTableAssociation",
    "Options.DefaultRouteTablePropagation",
    "Options.VpnEcmpSupport",
    "Options.DnsSupport",
    "Options.SecurityGroupReferencingSupport",
    "Options.MulticastSupport",
    "TagSpecification",
  ),
  DescribeTransitGateways: honours(
    describeTransitGateways,
    "TransitGatewayIds",
    "Filter",
    "MaxResults",
    "NextToken",
  ),
  CreateTransitGatewayVpcAttachment: honours(
    createTransitGatewayVpcAttachment,
    "TransitGatewayId",
    "VpcId",
    "SubnetIds",
    "Options.DnsSupport",
    "Options.SecurityGroupReferencingSupport",
    "Options.Ipv6Support",
    "Options.ApplianceModeSupport",
    "TagSpecifications",
  ),
  DescribeTransitGatewayVpcAttachments: honours(
    describeTransitGatewayVpcAttachments,
    "TransitGatewayAttachmentIds",
    "Filter",
    "MaxResults",
    "NextToken",
  ),
  DescribeTransitGatewayAttachments: honours(
    describeTransitGatewayAttachments,
    "TransitGatewayAttachmentIds",
    "Filter",
    "MaxResults",
    "NextToken",
  ),
};

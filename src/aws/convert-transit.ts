// SDK shapes of transit gateways and VPC peering (DescribeTransitGatewayAttachments,
// DescribeTransitGatewayVpcAttachments, SearchTransitGatewayRoutes, DescribeVpcPeeringConnections) to
// the egress model's types. Pure functions. Field meanings: EC2 API Reference, data types
// TransitGatewayAttachment, TransitGatewayVpcAttachment, TransitGatewayRoute, VpcPeeringConnection.

import type {
  TransitGatewayAttachment as SdkAttachment,
  VpcPeeringConnection as SdkPeering,
  TransitGatewayRoute as SdkTransitRoute,
  TransitGatewayVpcAttachment as SdkVpcAttachment,
  VpcPeeringConnectionVpcInfo,
} from "@aws-sdk/client-ec2";
import type {
  TransitGatewayAttachment,
  TransitGatewayRoute,
  VpcPeeringConnection,
  VpcPeeringConnectionSide,
} from "../egress/types.ts";
import { requireField } from "./require-field.ts";

/**
 * One attachment from DescribeTransitGatewayAttachments (resource, owner, association), completed
 * with DescribeTransitGatewayVpcAttachments' subnets and appliance mode when it is a VPC attachment.
 * Only an association in state "associated" counts.
 */
export function convertTransitGatewayAttachment(
  attachment: SdkAttachment,
  vpcAttachments: SdkVpcAttachment[],
): TransitGatewayAttachment {
  const id = requireField(
    attachment.TransitGatewayAttachmentId,
    "TransitGatewayAttachment.TransitGatewayAttachmentId",
  );
  const vpc = vpcAttachments.find((candidate) => candidate.TransitGatewayAttachmentId === id);
  const association = attachment.Association;
  return {
    id,
    transitGatewayId: requireField(
      attachment.TransitGatewayId,
      `TransitGatewayAttachment.TransitGatewayId of ${id}`,
    ),
    resourceType: attachment.ResourceType ?? "unknown",
    ...(attachment.ResourceId === undefined ? {} : { resourceId: attachment.ResourceId }),
    ...(attachment.ResourceOwnerId === undefined ? {} : { resourceOwnerId: attachment.ResourceOwnerId }),
    ...(attachment.TransitGatewayOwnerId === undefined
      ? {}
      : { transitGatewayOwnerId: attachment.TransitGatewayOwnerId }),
    state: attachment.State ?? "unknown",
    ...(vpc?.SubnetIds === undefined ? {} : { subnetIds: vpc.SubnetIds }),
    ...(association?.TransitGatewayRouteTableId !== undefined && association.State === "associated"
      ? { associatedRouteTableId: association.TransitGatewayRouteTableId }
      : {}),
    ...(vpc?.Options?.ApplianceModeSupport === undefined
      ? {}
      : { applianceModeSupport: vpc.Options.ApplianceModeSupport === "enable" }),
  };
}

/** null for routes the IPv4 model does not use (IPv6 destinations) or that are going away. */
export function convertTransitGatewayRoute(route: SdkTransitRoute): TransitGatewayRoute | null {
  const destination = route.DestinationCidrBlock;
  if (destination === undefined || destination.includes(":")) return null;
  if (route.State !== "active" && route.State !== "blackhole") return null;
  return {
    destination,
    attachmentIds: (route.TransitGatewayAttachments ?? [])
      .map((attachment) => attachment.TransitGatewayAttachmentId)
      .filter((id): id is string => id !== undefined),
    type: route.Type === "propagated" ? "propagated" : "static",
    state: route.State,
  };
}

export function convertVpcPeeringConnection(peering: SdkPeering): VpcPeeringConnection {
  const id = requireField(peering.VpcPeeringConnectionId, "VpcPeeringConnection.VpcPeeringConnectionId");
  return {
    id,
    state: peering.Status?.Code ?? "unknown",
    requester: convertSide(peering.RequesterVpcInfo, `RequesterVpcInfo of ${id}`),
    accepter: convertSide(peering.AccepterVpcInfo, `AccepterVpcInfo of ${id}`),
  };
}

function convertSide(info: VpcPeeringConnectionVpcInfo | undefined, where: string): VpcPeeringConnectionSide {
  const blocks = (info?.CidrBlockSet ?? [])
    .map((block) => block.CidrBlock)
    .filter((cidr): cidr is string => cidr !== undefined);
  const primary = info?.CidrBlock;
  return {
    vpcId: requireField(info?.VpcId, `${where}.VpcId`),
    ...(info?.OwnerId === undefined ? {} : { ownerId: info.OwnerId }),
    ...(info?.Region === undefined ? {} : { region: info.Region }),
    cidrBlocks: blocks.length > 0 ? blocks : primary === undefined ? [] : [primary],
  };
}

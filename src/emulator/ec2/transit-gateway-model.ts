// The rules of transit gateways, their VPC attachments and route tables, and of VPC peering
// connections, apart from the wire format (the handlers in transit-gateways.ts,
// transit-gateway-route-tables.ts and vpc-peering-connections.ts only read parameters and shape
// replies). States come from the clock, as NAT gateways' do: a transit gateway, an attachment and a
// route table are "pending" until they are due, then "available". A transit gateway created with
// default route table association or propagation enabled (AWS's default for both) gets a default
// route table; each new attachment is associated with it and propagates into it (Transit Gateway
// Guide, "Transit gateway route tables"; EC2 API Reference, TransitGatewayRequestOptions).
// A route table's routes are its static routes plus, for each propagating attachment that is
// available, its VPC's CIDR block as a "propagated" route; a static route hides a propagated one
// with the same destination (docs/FACTS.md, "Transit Gateway").

import { cidrsOverlap } from "../../egress/ip.ts";
import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import {
  getSubnet,
  getTransitGateway,
  getTransitGatewayAttachment,
  getTransitGatewayRouteTable,
  getVpc,
  getVpcPeeringConnection,
} from "./lookups.ts";
import type {
  TransitGatewayRecord,
  TransitGatewayRouteTableRecord,
  TransitGatewayVpcAttachmentRecord,
  VpcPeeringConnectionRecord,
} from "./records.ts";
import type { Ec2State } from "./state.ts";
import { setTags, type TagInput } from "./tagging.ts";

export type TransitGatewayState = "pending" | "available";

export function transitGatewayState(tgw: TransitGatewayRecord, now: number): TransitGatewayState {
  return now >= tgw.availableAt ? "available" : "pending";
}

export function attachmentState(
  attachment: TransitGatewayVpcAttachmentRecord,
  now: number,
): TransitGatewayState {
  return now >= attachment.availableAt ? "available" : "pending";
}

export function routeTableState(table: TransitGatewayRouteTableRecord, now: number): TransitGatewayState {
  return now >= table.availableAt ? "available" : "pending";
}

export interface EffectiveTransitRoute {
  destinationCidrBlock: string;
  /** null for a blackhole. */
  attachment: TransitGatewayVpcAttachmentRecord | null;
  type: "static" | "propagated";
  state: "active" | "blackhole";
}

/** What SearchTransitGatewayRoutes shows: static routes, then propagated ones they do not hide. */
export function effectiveTransitRoutes(
  state: Ec2State,
  table: TransitGatewayRouteTableRecord,
  now: number,
): EffectiveTransitRoute[] {
  const routes: EffectiveTransitRoute[] = table.routes.map((route) => {
    const attachment =
      route.transitGatewayAttachmentId === null
        ? null
        : (state.transitGatewayAttachments.get(route.transitGatewayAttachmentId) ?? null);
    return {
      destinationCidrBlock: route.destinationCidrBlock,
      attachment,
      type: "static",
      state: attachment === null ? "blackhole" : "active",
    };
  });
  const staticDestinations = new Set(table.routes.map((route) => route.destinationCidrBlock));
  for (const id of table.propagatingAttachmentIds) {
    const attachment = state.transitGatewayAttachments.get(id);
    if (attachment === undefined || attachmentState(attachment, now) !== "available") continue;
    const vpc = state.vpcs.get(attachment.vpcId);
    if (vpc === undefined || staticDestinations.has(vpc.cidrBlock)) continue;
    routes.push({ destinationCidrBlock: vpc.cidrBlock, attachment, type: "propagated", state: "active" });
  }
  return routes;
}

/** The VPC's attachment to the transit gateway that can carry traffic now, if any. */
export function availableAttachmentOf(
  state: Ec2State,
  vpcId: string,
  transitGatewayId: string,
  now: number,
): TransitGatewayVpcAttachmentRecord | null {
  for (const attachment of state.transitGatewayAttachments.values()) {
    if (
      attachment.vpcId === vpcId &&
      attachment.transitGatewayId === transitGatewayId &&
      attachmentState(attachment, now) === "available"
    )
      return attachment;
  }
  return null;
}

/** Attaching needs an available gateway (*unverified* code and text: AWS documents no error for it). */
export function requireAvailable(tgw: TransitGatewayRecord, now: number): void {
  if (transitGatewayState(tgw, now) !== "available") {
    throw new AwsError(
      "IncorrectState",
      `Transit Gateway ${tgw.transitGatewayId} is in the pending state, not available; retry when it is available.`,
    );
  }
}

/**
 * One subnet per Availability Zone, each in the VPC; one non-deleted attachment per VPC and
 * transit gateway ("tgw-... has non-deleted Transit Gateway Attachments with same VPC ID.",
 * terraform-provider-aws#10852). "Duplicate Subnets for same AZ" is the code's usual text
 * (*unverified* word for word).
 */
export function checkNewAttachment(state: Ec2State, tgwId: string, vpcId: string, subnetIds: string[]): void {
  const zones = new Set<string>();
  for (const subnetId of subnetIds) {
    const subnet = state.subnets.get(subnetId);
    if (subnet === undefined) continue;
    if (subnet.vpcId !== vpcId) {
      throw new AwsError("InvalidParameterValue", `Subnet ${subnetId} does not belong to ${vpcId}.`);
    }
    if (zones.has(subnet.availabilityZone)) {
      throw new AwsError("DuplicateSubnetsInSameZone", "Duplicate Subnets for same AZ");
    }
    zones.add(subnet.availabilityZone);
  }
  for (const attachment of state.transitGatewayAttachments.values()) {
    if (attachment.transitGatewayId === tgwId && attachment.vpcId === vpcId) {
      throw new AwsError(
        "DuplicateTransitGatewayAttachment",
        `${tgwId} has non-deleted Transit Gateway Attachments with same VPC ID.`,
      );
    }
  }
}

/** An attachment belongs to at most one route table ("...is already associated to a route table", *unverified* text). */
export function associate(
  table: TransitGatewayRouteTableRecord,
  attachment: TransitGatewayVpcAttachmentRecord,
): void {
  if (attachment.transitGatewayId !== table.transitGatewayId) throw differentGateways(table, attachment);
  if (attachment.associatedRouteTableId !== null) {
    throw new AwsError(
      "Resource.AlreadyAssociated",
      `Transit Gateway Attachment ${attachment.transitGatewayAttachmentId} is already associated to a route table.`,
    );
  }
  attachment.associatedRouteTableId = table.transitGatewayRouteTableId;
}

/** Propagation into a table once per attachment (the code is *unverified*: no AWS reply was found). */
export function enablePropagation(
  table: TransitGatewayRouteTableRecord,
  attachment: TransitGatewayVpcAttachmentRecord,
): void {
  if (attachment.transitGatewayId !== table.transitGatewayId) throw differentGateways(table, attachment);
  if (table.propagatingAttachmentIds.includes(attachment.transitGatewayAttachmentId)) {
    throw new AwsError(
      "TransitGatewayRouteTablePropagation.Duplicate",
      `Propagation of ${attachment.transitGatewayAttachmentId} to ${table.transitGatewayRouteTableId} already exists.`,
    );
  }
  table.propagatingAttachmentIds.push(attachment.transitGatewayAttachmentId);
}

function differentGateways(
  table: TransitGatewayRouteTableRecord,
  attachment: TransitGatewayVpcAttachmentRecord,
): AwsError {
  return new AwsError(
    "InvalidParameterValue",
    `${attachment.transitGatewayAttachmentId} belongs to ${attachment.transitGatewayId}, not to ${table.transitGatewayId} of ${table.transitGatewayRouteTableId}.`,
  );
}

export type PeeringState =
  | "initiating-request"
  | "pending-acceptance"
  | "provisioning"
  | "active"
  | "deleted"
  | "expired";

export function peeringState(pcx: VpcPeeringConnectionRecord, now: number): PeeringState {
  if (pcx.deletedAt !== null && now >= pcx.deletedAt) return "deleted";
  if (pcx.activeAt !== null) return now >= pcx.activeAt ? "active" : "provisioning";
  if (now < pcx.pendingAt) return "initiating-request";
  return now >= pcx.expirationTime ? "expired" : "pending-acceptance";
}

/** Peering needs two VPCs whose CIDR blocks do not overlap (VPC Peering Guide, limitations). */
export function checkPeeringVpcs(state: Ec2State, vpcId: string, peerVpcId: string): void {
  const vpc = state.vpcs.get(vpcId);
  const peer = state.vpcs.get(peerVpcId);
  if (vpc === undefined || peer === undefined) return;
  if (vpcId === peerVpcId || cidrsOverlap(vpc.cidrBlock, peer.cidrBlock)) {
    // AWS moves such a request to "failed"; the emulator refuses it at once (*unverified* which AWS does first).
    throw new AwsError(
      "InvalidParameterValue",
      `${vpcId} (${vpc.cidrBlock}) and ${peerVpcId} (${peer.cidrBlock}) have overlapping CIDR blocks, which VPC peering does not support.`,
    );
  }
}

/** CreateTransitGateway: pending until due, with a default route table when the options ask for
 * default association or propagation. (No faults.created: transit gateways are not hidden by the
 * fault plan's eventual consistency.) */
export function addTransitGateway(
  state: Ec2State,
  emulator: Emulator,
  input: { description: string; options: TransitGatewayRecord["options"]; tags: TagInput[] },
): TransitGatewayRecord {
  const tgw: TransitGatewayRecord = {
    transitGatewayId: emulator.newId("transitGateway"),
    description: input.description,
    createTime: emulator.clock.now(),
    availableAt: emulator.clock.dueAt("transitGatewayAvailable"),
    options: input.options,
    defaultRouteTableId: null,
  };
  if (tgw.options.multicastSupport === "enable") {
    throw new AwsError("UnsupportedOperation", "The emulator does not model transit gateway multicast.");
  }
  if (
    tgw.options.defaultRouteTableAssociation === "enable" ||
    tgw.options.defaultRouteTablePropagation === "enable"
  ) {
    const tableId = emulator.newId("transitGatewayRouteTable");
    state.transitGatewayRouteTables.set(tableId, {
      transitGatewayRouteTableId: tableId,
      transitGatewayId: tgw.transitGatewayId,
      createTime: tgw.createTime,
      availableAt: tgw.availableAt,
      defaultAssociationRouteTable: tgw.options.defaultRouteTableAssociation === "enable",
      defaultPropagationRouteTable: tgw.options.defaultRouteTablePropagation === "enable",
      propagatingAttachmentIds: [],
      routes: [],
    });
    tgw.defaultRouteTableId = tableId;
  }
  state.transitGateways.set(tgw.transitGatewayId, tgw);
  setTags(state, tgw.transitGatewayId, input.tags);
  return tgw;
}

export interface CreateVpcAttachmentInput {
  transitGatewayId: string;
  vpcId: string;
  subnetIds: string[];
  options: TransitGatewayVpcAttachmentRecord["options"];
  tags: TagInput[];
}

/** CreateTransitGatewayVpcAttachment: associated with and propagating into the gateway's default
 * route table, as the gateway's options say. */
export function addVpcAttachment(
  state: Ec2State,
  emulator: Emulator,
  input: CreateVpcAttachmentInput,
): TransitGatewayVpcAttachmentRecord {
  const now = emulator.clock.now();
  const tgw = getTransitGateway(state, input.transitGatewayId);
  const vpc = getVpc(state, input.vpcId);
  const { subnetIds } = input;
  for (const subnetId of subnetIds) getSubnet(state, subnetId);
  requireAvailable(tgw, now);
  checkNewAttachment(state, tgw.transitGatewayId, vpc.vpcId, subnetIds);
  const attachment: TransitGatewayVpcAttachmentRecord = {
    transitGatewayAttachmentId: emulator.newId("transitGatewayAttachment"),
    transitGatewayId: tgw.transitGatewayId,
    vpcId: vpc.vpcId,
    subnetIds,
    createTime: now,
    availableAt: emulator.clock.dueAt("transitGatewayAttachmentAvailable"),
    options: input.options,
    associatedRouteTableId: null,
  };
  if (attachment.options.ipv6Support === "enable") {
    throw new AwsError(
      "UnsupportedOperation",
      "The emulator does not route IPv6: Options.Ipv6Support=enable is refused.",
    );
  }
  const defaultTable =
    tgw.defaultRouteTableId === null
      ? undefined
      : state.transitGatewayRouteTables.get(tgw.defaultRouteTableId);
  if (defaultTable !== undefined) {
    if (defaultTable.defaultAssociationRouteTable) associate(defaultTable, attachment);
    if (defaultTable.defaultPropagationRouteTable) enablePropagation(defaultTable, attachment);
  }
  state.transitGatewayAttachments.set(attachment.transitGatewayAttachmentId, attachment);
  setTags(state, attachment.transitGatewayAttachmentId, input.tags);
  return attachment;
}

export function addTransitGatewayRouteTable(
  state: Ec2State,
  emulator: Emulator,
  input: { transitGatewayId: string; tags: TagInput[] },
): TransitGatewayRouteTableRecord {
  const tgw = getTransitGateway(state, input.transitGatewayId);
  const table: TransitGatewayRouteTableRecord = {
    transitGatewayRouteTableId: emulator.newId("transitGatewayRouteTable"),
    transitGatewayId: tgw.transitGatewayId,
    createTime: emulator.clock.now(),
    availableAt: emulator.clock.dueAt("transitGatewayRouteTableAvailable"),
    defaultAssociationRouteTable: false,
    defaultPropagationRouteTable: false,
    propagatingAttachmentIds: [],
    routes: [],
  };
  state.transitGatewayRouteTables.set(table.transitGatewayRouteTableId, table);
  setTags(state, table.transitGatewayRouteTableId, input.tags);
  return table;
}

export interface TableAttachmentRef {
  transitGatewayRouteTableId: string;
  transitGatewayAttachmentId: string;
}

/**
 * AssociateTransitGatewayRouteTable (link = associate) and EnableTransitGatewayRouteTablePropagation
 * (link = enablePropagation): the table and attachment a call names, the table available
 * (*unverified*: AWS's code for a pending table).
 */
export function linkAttachment(
  state: Ec2State,
  now: number,
  ref: TableAttachmentRef,
  link: (table: TransitGatewayRouteTableRecord, attachment: TransitGatewayVpcAttachmentRecord) => void,
): { table: TransitGatewayRouteTableRecord; attachment: TransitGatewayVpcAttachmentRecord } {
  const table = getTransitGatewayRouteTable(state, ref.transitGatewayRouteTableId);
  const attachment = getTransitGatewayAttachment(state, ref.transitGatewayAttachmentId);
  if (routeTableState(table, now) !== "available") {
    throw new AwsError(
      "IncorrectState",
      `Transit Gateway Route Table ${table.transitGatewayRouteTableId} is pending; retry when it is available.`,
    );
  }
  link(table, attachment);
  return { table, attachment };
}

/** CreateTransitGatewayRoute: a static route to an attachment of the table's gateway, or a
 * blackhole (null); the route as SearchTransitGatewayRoutes shows it. */
export function addTransitRoute(
  state: Ec2State,
  now: number,
  input: {
    transitGatewayRouteTableId: string;
    destinationCidrBlock: string;
    transitGatewayAttachmentId: string | null;
  },
): EffectiveTransitRoute | undefined {
  const table = getTransitGatewayRouteTable(state, input.transitGatewayRouteTableId);
  const cidr = input.destinationCidrBlock;
  const attachment =
    input.transitGatewayAttachmentId === null
      ? null
      : getTransitGatewayAttachment(state, input.transitGatewayAttachmentId);
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
  return effectiveTransitRoutes(state, table, now).find(
    (route) => route.type === "static" && route.destinationCidrBlock === cidr,
  );
}

/** A request not accepted within a week expires (VPC Peering Guide, "VPC peering connection lifecycle"). */
const PENDING_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** CreateVpcPeeringConnection, between two VPCs of the account and region. */
export function addPeeringConnection(
  state: Ec2State,
  emulator: Emulator,
  input: { vpcId: string; peerVpcId: string; tags: TagInput[] },
): VpcPeeringConnectionRecord {
  const vpc = getVpc(state, input.vpcId);
  const peer = getVpc(state, input.peerVpcId);
  checkPeeringVpcs(state, vpc.vpcId, peer.vpcId);
  const now = emulator.clock.now();
  const pcx: VpcPeeringConnectionRecord = {
    vpcPeeringConnectionId: emulator.newId("vpcPeeringConnection"),
    requesterVpcId: vpc.vpcId,
    accepterVpcId: peer.vpcId,
    createTime: now,
    pendingAt: now,
    activeAt: null,
    deletedAt: null,
    expirationTime: now + PENDING_LIFETIME_MS,
  };
  state.vpcPeeringConnections.set(pcx.vpcPeeringConnectionId, pcx);
  setTags(state, pcx.vpcPeeringConnectionId, input.tags);
  return pcx;
}

/** AcceptVpcPeeringConnection: only a pending request can be accepted. */
export function acceptPeeringConnection(
  state: Ec2State,
  emulator: Emulator,
  now: number,
  vpcPeeringConnectionId: string,
): VpcPeeringConnectionRecord {
  const pcx = getVpcPeeringConnection(state, vpcPeeringConnectionId);
  const current = peeringState(pcx, now);
  if (current !== "pending-acceptance") {
    throw new AwsError(
      "InvalidStateTransition",
      `Invalid state transition for ${pcx.vpcPeeringConnectionId}, attempted to transition from ${current} to provisioning`,
    );
  }
  pcx.activeAt = emulator.clock.dueAt("vpcPeeringConnectionActive");
  return pcx;
}

/** DeleteVpcPeeringConnection. */
export function removePeeringConnection(state: Ec2State, now: number, vpcPeeringConnectionId: string): void {
  const pcx = getVpcPeeringConnection(state, vpcPeeringConnectionId);
  if (peeringState(pcx, now) === "deleted") {
    throw new AwsError(
      "InvalidStateTransition",
      `Invalid state transition for ${pcx.vpcPeeringConnectionId}, attempted to transition from deleted to deleted`,
    );
  }
  pcx.deletedAt = now;
}

// CreateVpcPeeringConnection, AcceptVpcPeeringConnection, DescribeVpcPeeringConnections,
// DeleteVpcPeeringConnection, between two VPCs of the emulated account and region. Lifecycle as the
// VPC Peering Guide describes it: initiating-request, pending-acceptance (expires after 7 days),
// provisioning once accepted, active; deleted after DeleteVpcPeeringConnection. Accepting in any
// other state is InvalidStateTransition. A peer in another account or region is refused: the
// emulator is one account in one region.

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./actions.ts";
import { describeRecords } from "./describe.ts";
import { getVpc, getVpcPeeringConnection } from "./lookups.ts";
import type { VpcPeeringConnectionRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, setTags, tagSetOf } from "./tagging.ts";
import { checkPeeringVpcs, peeringState } from "./transit-gateway-model.ts";

/** A request not accepted within a week expires (VPC Peering Guide, "VPC peering connection lifecycle"). */
const PENDING_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

const STATE_MESSAGES: Record<string, string> = {
  "initiating-request": "Initiating Request to ",
  "pending-acceptance": "Pending Acceptance by ",
  provisioning: "Provisioning",
  active: "Active",
  deleted: "Deleted by ",
  expired: "Expired",
};

function vpcInfo(state: Ec2State, vpcId: string): Record<string, unknown> {
  const vpc = state.vpcs.get(vpcId);
  return {
    cidrBlock: vpc?.cidrBlock,
    cidrBlockSet: vpc === undefined ? [] : [{ cidrBlock: vpc.cidrBlock }],
    ownerId: state.ownerId,
    vpcId,
    region: state.region,
  };
}

function peeringXml(state: Ec2State, pcx: VpcPeeringConnectionRecord, now: number): Record<string, unknown> {
  const code = peeringState(pcx, now);
  const suffix =
    code === "initiating-request" || code === "pending-acceptance" || code === "deleted" ? state.ownerId : "";
  return {
    accepterVpcInfo: vpcInfo(state, pcx.accepterVpcId),
    expirationTime: pcx.activeAt === null ? new Date(pcx.expirationTime) : undefined,
    requesterVpcInfo: vpcInfo(state, pcx.requesterVpcId),
    status: { code, message: `${STATE_MESSAGES[code] ?? code}${suffix}` },
    vpcPeeringConnectionId: pcx.vpcPeeringConnectionId,
    ...tagSetOf(state, pcx.vpcPeeringConnectionId),
  };
}

const createVpcPeeringConnection: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const tags = readTagSpecifications(params, "vpc-peering-connection");
  const vpc = getVpc(state, params.requireString("VpcId"));
  const peerOwner = params.string("PeerOwnerId");
  const peerRegion = params.string("PeerRegion");
  if (
    (peerOwner !== undefined && peerOwner !== state.ownerId) ||
    (peerRegion !== undefined && peerRegion !== state.region)
  ) {
    throw new AwsError(
      "UnsupportedOperation",
      "The emulator is one account in one region: it does not model peering with another account (PeerOwnerId) or region (PeerRegion).",
    );
  }
  // Without PeerVpcId, AWS peers with... nothing sensible to guess: the model marks it optional, the emulator requires it.
  const peerVpcId = params.string("PeerVpcId");
  if (peerVpcId === undefined) {
    throw new AwsError("MissingParameter", "The request must contain the parameter PeerVpcId");
  }
  const peer = getVpc(state, peerVpcId);
  checkPeeringVpcs(state, vpc.vpcId, peer.vpcId);
  const now = ctx.emulator.clock.now();
  const pcx: VpcPeeringConnectionRecord = {
    vpcPeeringConnectionId: ctx.emulator.newId("vpcPeeringConnection"),
    requesterVpcId: vpc.vpcId,
    accepterVpcId: peer.vpcId,
    createTime: now,
    pendingAt: now,
    activeAt: null,
    deletedAt: null,
    expirationTime: now + PENDING_LIFETIME_MS,
  };
  state.vpcPeeringConnections.set(pcx.vpcPeeringConnectionId, pcx);
  setTags(state, pcx.vpcPeeringConnectionId, tags);
  return {
    vpcPeeringConnection: {
      ...peeringXml(state, pcx, now),
      status: { code: "initiating-request", message: `Initiating Request to ${state.ownerId}` },
    },
  };
};

const acceptVpcPeeringConnection: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const pcx = getVpcPeeringConnection(state, params.requireString("VpcPeeringConnectionId"));
  const now = ctx.emulator.clock.now();
  const current = peeringState(pcx, now);
  if (current !== "pending-acceptance") {
    throw new AwsError(
      "InvalidStateTransition",
      `Invalid state transition for ${pcx.vpcPeeringConnectionId}, attempted to transition from ${current} to provisioning`,
    );
  }
  pcx.activeAt = ctx.emulator.clock.dueAt("vpcPeeringConnectionActive");
  return { vpcPeeringConnection: peeringXml(state, pcx, now) };
};

const describeVpcPeeringConnections: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const now = ctx.emulator.clock.now();
  const page = describeRecords(ctx, params, {
    action: "DescribeVpcPeeringConnections",
    kind: "vpcPeeringConnection",
    idParam: "VpcPeeringConnectionId",
    records: state.vpcPeeringConnections,
    limits: { min: 5, max: 1000 },
    filters: {
      "vpc-peering-connection-id": (pcx) => pcx.vpcPeeringConnectionId,
      "status-code": (pcx) => peeringState(pcx, now),
      "requester-vpc-info.vpc-id": (pcx) => pcx.requesterVpcId,
      "accepter-vpc-info.vpc-id": (pcx) => pcx.accepterVpcId,
      "requester-vpc-info.owner-id": () => state.ownerId,
      "accepter-vpc-info.owner-id": () => state.ownerId,
      "requester-vpc-info.cidr-block": (pcx) => state.vpcs.get(pcx.requesterVpcId)?.cidrBlock,
      "accepter-vpc-info.cidr-block": (pcx) => state.vpcs.get(pcx.accepterVpcId)?.cidrBlock,
    },
  });
  return {
    vpcPeeringConnectionSet: page.items.map((pcx) => peeringXml(state, pcx, now)),
    nextToken: page.nextToken,
  };
};

const deleteVpcPeeringConnection: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const pcx = getVpcPeeringConnection(state, params.requireString("VpcPeeringConnectionId"));
  const now = ctx.emulator.clock.now();
  if (peeringState(pcx, now) === "deleted") {
    throw new AwsError(
      "InvalidStateTransition",
      `Invalid state transition for ${pcx.vpcPeeringConnectionId}, attempted to transition from deleted to deleted`,
    );
  }
  pcx.deletedAt = now;
  return { return: true };
};

export const vpcPeeringConnectionActions: Record<string, Ec2Handler> = {
  CreateVpcPeeringConnection: honours(
    createVpcPeeringConnection,
    "VpcId",
    "PeerVpcId",
    "PeerOwnerId",
    "PeerRegion",
    "TagSpecification",
  ),
  AcceptVpcPeeringConnection: honours(acceptVpcPeeringConnection, "VpcPeeringConnectionId"),
  DescribeVpcPeeringConnections: honours(
    describeVpcPeeringConnections,
    "VpcPeeringConnectionId",
    "Filter",
    "MaxResults",
    "NextToken",
  ),
  DeleteVpcPeeringConnection: honours(deleteVpcPeeringConnection, "VpcPeeringConnectionId"),
};

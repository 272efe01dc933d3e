// CreateVpcPeeringConnection, AcceptVpcPeeringConnection, DescribeVpcPeeringConnections,
// DeleteVpcPeeringConnection, between two VPCs of the emulated account and region. Lifecycle as the
// VPC Peering Guide describes it: initiating-request, pending-acceptance (expires after 7 days),
// provisioning once accepted, active; deleted after DeleteVpcPeeringConnection. Accepting in any
// other state is InvalidStateTransition. A peer in another account or region is refused: the
// emulator is one account in one region. The handlers read parameters and shape replies; the
// rules are in transit-gateway-model.ts.

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import { describeRecords } from "./describe.ts";
import type { Ec2Handler } from "./handler.ts";
import type { VpcPeeringConnectionRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, tagSetOf } from "./tagging.ts";
import {
  acceptPeeringConnection,
  addPeeringConnection,
  peeringState,
  removePeeringConnection,
} from "./transit-gateway-model.ts";

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
  const vpcId = params.requireString("VpcId");
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
  const pcx = addPeeringConnection(state, ctx.emulator, { vpcId, peerVpcId, tags });
  return {
    vpcPeeringConnection: {
      ...peeringXml(state, pcx, pcx.createTime),
      status: { code: "initiating-request", message: `Initiating Request to ${state.ownerId}` },
    },
  };
};

const acceptVpcPeeringConnection: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const now = ctx.emulator.clock.now();
  const pcx = acceptPeeringConnection(
    state,
    ctx.emulator,
    now,
    params.requireString("VpcPeeringConnectionId"),
  );
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
  removePeeringConnection(
    ctx.backend.ec2,
    ctx.emulator.clock.now(),
    params.requireString("VpcPeeringConnectionId"),
  );
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

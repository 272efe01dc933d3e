// NAT gateway states, computed lazily from the clock: pending until readyAt, then available (or
// failed), deleting after DeleteNatGateway until deletedAt, then deleted. A public NAT gateway in
// a VPC without an attached internet gateway fails with Gateway.NotAttached, as on AWS.
// Deleted gateways stay listed for about an hour (EC2 API Reference, DescribeNatGateways), then go.

import { removeNetworkInterface } from "./interfaces.ts";
import { followWorkloadZones, releaseNatGateway } from "./nat-gateway-model.ts";
import type { NatGatewayRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";

export type NatState = "pending" | "available" | "failed" | "deleting" | "deleted";

const DELETED_VISIBLE_MS = 60 * 60 * 1000;

export interface NatFailure {
  failureCode: string;
  failureMessage: string;
}

export function computeNatGatewayState(state: Ec2State, nat: NatGatewayRecord, now: number): NatState {
  if (nat.deletedAt !== null) return now >= nat.deletedAt ? "deleted" : "deleting";
  if (now < nat.readyAt) return "pending";
  return natFailure(state, nat) ? "failed" : "available";
}

/** Why a gateway failed (or will fail when pending ends); null when it does not. */
export function natFailure(state: Ec2State, nat: NatGatewayRecord): NatFailure | null {
  if (nat.failure) return nat.failure;
  if (nat.connectivityType === "public" && !hasAttachedInternetGateway(state, nat.vpcId)) {
    return {
      failureCode: "Gateway.NotAttached",
      failureMessage: `Network ${nat.vpcId} has no Internet gateway attached`,
    };
  }
  return null;
}

function hasAttachedInternetGateway(state: Ec2State, vpcId: string): boolean {
  for (const igw of state.internetGateways.values()) if (igw.attachedVpcId === vpcId) return true;
  return false;
}

/**
 * Applies the side effects of transitions that are due (called before every EC2 action): a
 * failed or deleted gateway releases its interface (and so its Elastic IP association); the
 * failure of a pending gateway is frozen once pending ends; deleted gateways vanish after an hour;
 * requester-managed interfaces whose release is due are deleted; a regional gateway in automatic
 * mode follows the zones of the VPC's interfaces (nat-gateway-model.ts).
 */
export function settleEc2State(state: Ec2State, now: number, zoneExpansionMs: number): void {
  for (const eni of state.networkInterfaces.values()) {
    if (eni.releaseAt !== undefined && now >= eni.releaseAt)
      removeNetworkInterface(state, eni.networkInterfaceId);
  }
  for (const nat of state.natGateways.values()) {
    const current = computeNatGatewayState(state, nat, now);
    if (current === "failed" && !nat.failure) nat.failure = natFailure(state, nat);
    if ((current === "failed" || current === "deleted") && !nat.settled) {
      releaseNatGateway(state, nat);
      nat.settled = true;
    }
    if (current === "pending" || current === "available")
      followWorkloadZones(state, nat, now, zoneExpansionMs);
    if (current === "deleted" && nat.deletedAt !== null && now >= nat.deletedAt + DELETED_VISIBLE_MS) {
      state.natGateways.delete(nat.natGatewayId);
      state.tags.delete(nat.natGatewayId);
    }
  }
}

// Instance records, kept beside each region's EC2 state (the EC2 state type belongs to the EC2 part;
// a WeakMap keyed by it means a reset drops instances with the rest of the region).

import type { Ec2State } from "../ec2/state.ts";

export interface InstanceRecord {
  instanceId: string;
  reservationId: string;
  imageId: string;
  instanceType: string;
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  groupIds: string[];
  networkInterfaceId: string;
  privateIpAddress: string;
  publicIpAddress: string | null;
  userData: string;
  launchTime: number;
  runningAt: number;
  terminateTime: number | null;
  terminatedAt: number | null;
}

const stores = new WeakMap<Ec2State, Map<string, InstanceRecord>>();

export function instancesOf(ec2: Ec2State): Map<string, InstanceRecord> {
  let store = stores.get(ec2);
  if (!store) {
    store = new Map();
    stores.set(ec2, store);
  }
  return store;
}

export type InstanceStateName = "pending" | "running" | "shutting-down" | "terminated";

const STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
};

export function computeInstanceState(
  instance: InstanceRecord,
  now: number,
): { code: number; name: InstanceStateName } {
  let name: InstanceStateName;
  if (instance.terminatedAt !== null && now >= instance.terminatedAt) name = "terminated";
  else if (instance.terminateTime !== null) name = "shutting-down";
  else name = now >= instance.runningAt ? "running" : "pending";
  return { code: STATE_CODES[name], name };
}

// The instance lifecycle: pending until runningAt, shutting-down from TerminateInstances until
// terminatedAt, then terminated. Instance records live in the region's EC2 state (Ec2State.instances),
// so /_emulator/state lists them and a reset removes them.

import type { InstanceRecord } from "../ec2/records.ts";

export type InstanceStateName = "pending" | "running" | "shutting-down" | "terminated";

const STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
};

export interface InstanceState {
  code: number;
  name: InstanceStateName;
}

export function computeInstanceState(instance: InstanceRecord, now: number): InstanceState {
  let name: InstanceStateName;
  if (instance.terminatedAt !== null && now >= instance.terminatedAt) name = "terminated";
  else if (instance.terminateTime !== null) name = "shutting-down";
  else name = now >= instance.runningAt ? "running" : "pending";
  return { code: STATE_CODES[name], name };
}

// How long AWS usually takes for the lab's long waits, shown beside the elapsed time ("NAT gateway:
// 0:47, usually 1-2 min") so that a reader can tell a slow step from a stuck one. Each figure and
// its source is in docs/FACTS.md ("How long the lab's waits take"); a step without a sourced figure
// shows its elapsed time only.

import type { LabResourceKind } from "./find-lab-resources.ts";

export interface UsualDuration {
  /** Short name for the spinner and heartbeat lines. */
  name: string;
  usually: string;
}

const CREATING: Partial<Record<string, UsualDuration>> = {
  "nat-gateway": { name: "NAT gateway", usually: "1-2 min" },
  service: { name: "App Runner service", usually: "2-5 min" },
};

const RELEASING = "seconds; longer while AWS releases App Runner's network interfaces";

// Subnets and security groups cannot go until the interfaces in them are released (docs/FACTS.md).
const DELETING: Partial<Record<LabResourceKind, string>> = {
  subnet: RELEASING,
  "security-group": RELEASING,
};

/** The plan step's (by its key: "nat-gateway", "service") usual creation time, if known. */
export function usualCreation(stepKey: string): UsualDuration | undefined {
  return CREATING[stepKey];
}

export function usualDeletion(kind: LabResourceKind): string | undefined {
  return DELETING[kind];
}

// What a build has created so far, by plan key. Teardown does not depend on it (it finds resources
// by tag), but the probe, the trace and the summary read it.

import type { ResourceKind } from "./plan-stack.ts";

export interface CreatedResource {
  key: string;
  kind: ResourceKind;
  /** The AWS ID or ARN. */
  id: string;
  /** Kind-specific facts, as the create call returned them. */
  facts: ResourceFacts;
}

/** What later steps (probe, trace, teardown, summary) read from a created resource; each kind sets its own. */
export interface ResourceFacts {
  /** vpc, subnet. */
  cidr?: string;
  /** subnet: the zone name and its ID (names differ between accounts, IDs do not). */
  availabilityZone?: string;
  availabilityZoneId?: string;
  /** route-table: the association IDs, one per associated subnet. */
  associations?: string[];
  /** elastic-ip, nat-gateway. */
  publicIp?: string;
  /** nat-gateway, instance. */
  subnetId?: string;
  /** vpc-connector: its subnet IDs. */
  subnets?: string[];
  /** service. */
  serviceUrl?: string;
  /** instance. */
  privateIp?: string;
  image?: string;
}

export type StackState = Map<string, CreatedResource>;

export function requireCreated(state: StackState, key: string): CreatedResource {
  const found = state.get(key);
  if (found === undefined) throw new Error(`internal: ${key} has not been created yet`);
  return found;
}

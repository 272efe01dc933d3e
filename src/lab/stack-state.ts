// What a build has created so far, by plan key. Teardown does not depend on it (it finds resources
// by tag), but the probe, the trace and the summary read it.

import type { ResourceKind } from "./plan-stack.ts";

export interface CreatedResource {
  key: string;
  kind: ResourceKind;
  /** The AWS ID or ARN. */
  id: string;
  /** Kind-specific facts: publicIp, serviceUrl, privateIp, availabilityZone, associationIds... */
  facts: Record<string, string>;
}

export type StackState = Map<string, CreatedResource>;

export function requireCreated(state: StackState, key: string): CreatedResource {
  const found = state.get(key);
  if (found === undefined) throw new Error(`internal: ${key} has not been created yet`);
  return found;
}

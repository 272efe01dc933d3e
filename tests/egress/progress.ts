// "Strictly further" for the fix tests (issue 12): after a fix's change, the subnet is reachable, or
// its trace stops at a later point of the path.

import type { ReasonCode, TraceResult } from "../../src/egress/types.ts";

/**
 * Failures that happen after the last hop was passed, not at it: the topology lacks the next piece
 * (TOPOLOGY_INCOMPLETE), the packet reached the internet gateway and cannot use it (no public IP), the
 * NAT instance is running and its interface drops the packet (source/destination check), the request
 * got there and the replies have no way back (through the transit gateway or the peering connection).
 */
const AFTER_LAST_HOP: ReasonCode[] = [
  "TOPOLOGY_INCOMPLETE",
  "NO_PUBLIC_IP",
  "NAT_INSTANCE_NO_PUBLIC_IP",
  "NAT_INSTANCE_SOURCE_DEST_CHECK",
  "TGW_NO_RETURN_ROUTE",
  "PEERING_NO_RETURN_ROUTE",
];

export function progressed(before: TraceResult, after: TraceResult): boolean {
  if (after.verdict === "reachable") return true;
  return stopPoint(after) > stopPoint(before);
}

function stopPoint(result: TraceResult): number {
  const code = result.reason?.code;
  return result.hops.length * 2 + (code !== undefined && AFTER_LAST_HOP.includes(code) ? 1 : 0);
}

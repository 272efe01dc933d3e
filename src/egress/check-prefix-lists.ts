// A route or a security group rule that names a prefix list the loader could not read
// (topology.unreadable) cannot be judged: the destination may or may not be in the list, so the
// verdict is "unknown", with what to run next. A list that is simply absent (a topology built by
// hand, or from a template) matches nothing, as select-route.ts and evaluate-security-groups.ts
// treat it: the loader reads every list that routes and rules name (load-managed-prefix-lists.ts).

import { notReadable } from "./trace-results.ts";
import type { Hop, Topology, TraceResult } from "./types.ts";

export function checkPrefixListsKnown(
  topology: Topology,
  ids: readonly string[],
  where: string,
  hops: Hop[],
): TraceResult | null {
  for (const id of ids) {
    if (topology.prefixLists.some((list) => list.id === id)) continue;
    const part = topology.unreadable?.find((candidate) => candidate.what === `prefix list ${id}`);
    if (part === undefined) continue;
    return notReadable(
      hops,
      part.what,
      `${where} names prefix list ${id}, which these credentials cannot read (${part.cause}), so whether it holds the destination is unknown.`,
      `Run aws ec2 get-managed-prefix-list-entries --prefix-list-id ${id} as the list's owner (or share the list with this account through AWS RAM), then run the doctor again.`,
    );
  }
  return null;
}

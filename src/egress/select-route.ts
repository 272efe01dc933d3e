// Which route a route table uses for a destination. AWS picks the longest prefix; on a tie a route
// to a CIDR block beats a route to a prefix list. A prefix-list route competes with the length of
// the list's CIDR that contains the destination. Every table also holds a "local" route for each
// VPC CIDR, IPv4 and IPv6, which cannot be deleted, so it is added here when a loader left it out.
// A destination matches only routes of its own family (an IPv6 address never matches 0.0.0.0/0).
// Source: VPC User Guide, "How route priority works" (route-tables-priority.html).

import { cidrContains, prefixLength } from "./ip.ts";
import type { PrefixList, Route, RouteTable, Vpc } from "./types.ts";

export interface RouteMatch {
  route: Route;
  /** The prefix length the route matched with. */
  prefix: number;
}

export function selectRoute(
  table: RouteTable,
  vpc: Vpc,
  prefixLists: PrefixList[],
  destination: string,
): RouteMatch | null {
  let best: RouteMatch | null = null;
  for (const route of withLocalRoutes(table.routes, vpc)) {
    const prefix = matchLength(route, prefixLists, destination);
    if (prefix === null) continue;
    if (best === null || prefix > best.prefix || (prefix === best.prefix && beatsOnTie(route, best.route))) {
      best = { route, prefix };
    }
  }
  return best;
}

/** "0.0.0.0/0 -> nat-0abc", "pl-63a5400a -> vpce-0123" */
export function describeRoute(route: Route): string {
  const destination = "cidr" in route.destination ? route.destination.cidr : route.destination.prefixListId;
  const target = route.target.kind === "local" ? "local" : route.target.id;
  return `${destination} -> ${target}${route.state === "blackhole" ? " (blackhole)" : ""}`;
}

function withLocalRoutes(routes: Route[], vpc: Vpc): Route[] {
  const missing = [...vpc.cidrBlocks, ...(vpc.ipv6CidrBlocks ?? [])].filter(
    (block) =>
      !routes.some(
        (route) =>
          route.target.kind === "local" && "cidr" in route.destination && route.destination.cidr === block,
      ),
  );
  return [
    ...routes,
    ...missing.map(
      (block): Route => ({ destination: { cidr: block }, target: { kind: "local" }, state: "active" }),
    ),
  ];
}

function matchLength(route: Route, prefixLists: PrefixList[], destination: string): number | null {
  if ("cidr" in route.destination) {
    return cidrContains(route.destination.cidr, destination) ? prefixLength(route.destination.cidr) : null;
  }
  const { prefixListId } = route.destination;
  const list = prefixLists.find((candidate) => candidate.id === prefixListId);
  let best: number | null = null;
  for (const block of list?.cidrs ?? []) {
    const length = prefixLength(block);
    if (length !== null && cidrContains(block, destination) && (best === null || length > best))
      best = length;
  }
  return best;
}

function beatsOnTie(candidate: Route, current: Route): boolean {
  return "cidr" in candidate.destination && !("cidr" in current.destination);
}

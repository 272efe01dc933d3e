// How a destination is named in hops, messages and fixes.

import { isIpv6, isPrivateIpv4 } from "./ip.ts";
import type { Destination } from "./types.ts";

/** "tcp 443 to example.com (93.184.215.14)" */
export function describeDestination(destination: Destination): string {
  const where =
    destination.hostname === undefined
      ? destination.address
      : `${destination.hostname} (${destination.address})`;
  return `${destination.protocol} ${destination.port} to ${where}`;
}

/** "example.com (93.184.215.14)" or the bare address. */
export function describeAddress(destination: Destination): string {
  return destination.hostname === undefined
    ? destination.address
    : `${destination.hostname} (${destination.address})`;
}

/**
 * What a fix should open a rule to: the whole internet of the destination's family (0.0.0.0/0 or
 * ::/0) for a public address, the address itself otherwise.
 */
export function suggestedPeer(destination: Destination): string {
  if (isIpv6(destination.address)) return "::/0";
  return isPrivateIpv4(destination.address) ? destination.address : "0.0.0.0/0";
}

// How a destination is named in hops, messages and fixes.

import { isPrivateIpv4 } from "./ip.ts";
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

/** What a fix should open a rule to: the whole internet for a public address, the address itself otherwise. */
export function suggestedPeer(destination: Destination): string {
  return isPrivateIpv4(destination.address) ? destination.address : "0.0.0.0/0";
}

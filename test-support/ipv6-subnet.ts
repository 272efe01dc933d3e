// The n-th /64 of a VPC's IPv6 /56, for tests that associate subnet blocks: arithmetic on the
// address, since the emulator's blocks are random and written in the canonical form (a zero fourth
// group is compressed, "2001:db8:1234::/56"), so no text pattern fits them all.

import { formatIpv6, parseIpv6Cidr } from "../src/egress/ip.ts";

export function ipv6Subnet(vpcBlock: string, index: number): string {
  const range = parseIpv6Cidr(vpcBlock);
  if (range === null || range.prefix !== 56) throw new Error(`${vpcBlock} is not an IPv6 /56`);
  if (!Number.isInteger(index) || index < 0 || index > 255)
    throw new Error(`a /56 has /64s 0 to 255, not ${index}`);
  return `${formatIpv6(range.network + (BigInt(index) << 64n))}/64`;
}

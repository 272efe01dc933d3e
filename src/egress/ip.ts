// IP arithmetic for the egress model: parsing, CIDR containment, prefix length, overlap. IPv4
// first (unsigned 32-bit integers inside this module), then IPv6 (bigints). Pure and dependency-free.

export interface Ipv4Range {
  /** The network address (host bits cleared), as an unsigned 32-bit integer. */
  network: number;
  /** The prefix length, 0-32. */
  prefix: number;
}

/** Parses a dotted-quad IPv4 address ("10.0.1.5"); null when it is not one. */
export function parseIpv4(text: string): number | null {
  const parts = text.trim().split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

/** Formats an unsigned 32-bit integer as a dotted-quad address. */
export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** Parses "10.0.0.0/16" (host bits are cleared) or a bare address (a /32); null when invalid. */
export function parseCidr(text: string): Ipv4Range | null {
  const [address, prefixText, ...rest] = text.trim().split("/");
  if (address === undefined || rest.length > 0) return null;
  const value = parseIpv4(address);
  if (value === null) return null;
  let prefix = 32;
  if (prefixText !== undefined) {
    if (!/^\d{1,2}$/.test(prefixText)) return null;
    prefix = Number(prefixText);
    if (prefix > 32) return null;
  }
  return { network: value - (value % blockSize(prefix)), prefix };
}

/** The prefix length of a CIDR, IPv4 or IPv6 (32 or 128 for a bare address); null when invalid. */
export function prefixLength(cidr: string): number | null {
  return parseCidr(cidr)?.prefix ?? parseIpv6Cidr(cidr)?.prefix ?? null;
}

/**
 * True when every address of `inner` (a CIDR or an address) lies inside `outer`. Either family;
 * an IPv4 block never contains an IPv6 address and the other way round.
 */
export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  if (a === null && b === null) return ipv6Contains(outer, inner);
  if (a === null || b === null) return false;
  return a.prefix <= b.prefix && b.network - (b.network % blockSize(a.prefix)) === a.network;
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(first: string, second: string): boolean {
  return cidrContains(first, second) || cidrContains(second, first);
}

/** The RFC 1918 private blocks: never routed on the public internet. */
export const PRIVATE_IPV4_BLOCKS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

/** True when the address or block overlaps an RFC 1918 private block. */
export function isPrivateIpv4(addressOrCidr: string): boolean {
  return PRIVATE_IPV4_BLOCKS.some((block) => cidrsOverlap(block, addressOrCidr));
}

function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

// IPv6 (RFC 4291 text forms: "2001:db8::1", "::", "::ffff:192.0.2.1"). Addresses are unsigned
// 128-bit bigints inside this module. The functions below that take "an address or CIDR" accept
// either family; blocks of different families never contain or overlap each other.

export interface Ipv6Range {
  network: bigint;
  /** The prefix length, 0-128. */
  prefix: number;
}

const IPV6_BITS = 128n;

/** Parses an IPv6 address (with "::" compression and an optional trailing dotted quad); null otherwise. */
export function parseIpv6(text: string): bigint | null {
  const trimmed = text.trim();
  if (!trimmed.includes(":") || /[^0-9a-fA-F:.]/.test(trimmed)) return null;
  const halves = trimmed.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string | undefined): number[] | null => {
    if (part === undefined || part === "") return [];
    const result: number[] = [];
    const pieces = part.split(":");
    for (const [index, piece] of pieces.entries()) {
      if (piece.includes(".")) {
        // An embedded IPv4 address is allowed as the last 32 bits only.
        if (index !== pieces.length - 1) return null;
        const v4 = parseIpv4(piece);
        if (v4 === null) return null;
        result.push(Math.floor(v4 / 65536), v4 % 65536);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
      result.push(Number.parseInt(piece, 16));
    }
    return result;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (head === null || tail === null) return null;
  const compressed = halves.length === 2;
  const missing = 8 - head.length - tail.length;
  if (compressed ? missing < 1 : missing !== 0) return null;
  let value = 0n;
  for (const group of [...head, ...new Array<number>(missing).fill(0), ...tail])
    value = (value << 16n) | BigInt(group);
  return value;
}

/** Formats a 128-bit value in the RFC 5952 canonical form ("2001:db8::1"). */
export function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  // The longest run (of two or more) of zero groups becomes "::", the first such run on a tie.
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

/** Parses "2001:db8::/56" (host bits are cleared) or a bare IPv6 address (a /128); null when invalid. */
export function parseIpv6Cidr(text: string): Ipv6Range | null {
  const [address, prefixText, ...rest] = text.trim().split("/");
  if (address === undefined || rest.length > 0) return null;
  const value = parseIpv6(address);
  if (value === null) return null;
  let prefix = 128;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return null;
    prefix = Number(prefixText);
    if (prefix > 128) return null;
  }
  const hostBits = IPV6_BITS - BigInt(prefix);
  return { network: (value >> hostBits) << hostBits, prefix };
}

/** 4 or 6 for an address or CIDR block of that family; null when it is neither. */
export function addressFamily(addressOrCidr: string): 4 | 6 | null {
  if (parseCidr(addressOrCidr) !== null) return 4;
  return parseIpv6Cidr(addressOrCidr) === null ? null : 6;
}

/** True when the text is an IPv6 address or block. */
export function isIpv6(addressOrCidr: string): boolean {
  return addressFamily(addressOrCidr) === 6;
}

function ipv6Contains(outer: string, inner: string): boolean {
  const a = parseIpv6Cidr(outer);
  const b = parseIpv6Cidr(inner);
  if (a === null || b === null || a.prefix > b.prefix) return false;
  const hostBits = IPV6_BITS - BigInt(a.prefix);
  return (b.network >> hostBits) << hostBits === a.network;
}

/**
 * The prefix NAT64 uses (RFC 6052 well-known prefix): a NAT gateway translates IPv6 packets to
 * 64:ff9b::/96 into IPv4 packets to the address in the last 32 bits (VPC User Guide, "DNS64 and NAT64").
 */
export const NAT64_PREFIX = "64:ff9b::/96";

/** The IPv4 address embedded in a 64:ff9b::/96 address, or null when the address is not one. */
export function nat64Ipv4(address: string): string | null {
  if (!ipv6Contains(NAT64_PREFIX, address)) return null;
  const value = parseIpv6(address.split("/")[0] ?? "");
  return value === null ? null : formatIpv4(Number(value & 0xffffffffn));
}

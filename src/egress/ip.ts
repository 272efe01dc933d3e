// IPv4 arithmetic for the egress model: parsing, CIDR containment, prefix length, overlap.
// Pure and dependency-free; addresses are unsigned 32-bit integers inside this module.

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

/** The prefix length of a CIDR (32 for a bare address); null when invalid. */
export function prefixLength(cidr: string): number | null {
  return parseCidr(cidr)?.prefix ?? null;
}

/** True when every address of `inner` (a CIDR or an address) lies inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
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

// Name resolution inside the emulated world. Inside a VPC the Amazon-provided resolver answers
// public names even without any way out (docs/FACTS.md, apprunner-roadmap issue 192), but only when the
// VPC has DNS support. Public names get deterministic emulated addresses in 198.18.0.0/15 (RFC 2544
// benchmarking space: never routed on the real internet, and not RFC 1918, so the egress model treats
// it as the internet). IPv4 literals resolve to themselves; names under .invalid/.test/.example/
// .localhost and single-label names are not found.

import { formatIpv4, parseCidr, parseIpv4 } from "../../egress/index.ts";
import { listPrefixLists } from "../ec2/prefix-lists.ts";

export type Resolution = { ok: true; addresses: string[] } | { ok: false; error: string };

/** dnsSupport false: the resolver does not answer (Node's getaddrinfo gives EAI_AGAIN). */
export function resolveName(host: string, dnsSupport: boolean): Resolution {
  if (parseIpv4(host) !== null) return { ok: true, addresses: [host] };
  if (!dnsSupport) return { ok: false, error: "EAI_AGAIN" };
  const name = host.toLowerCase().replace(/\.$/, "");
  if (!name.includes(".") || /\.(invalid|test|example|localhost)$/.test(name))
    return { ok: false, error: "ENOTFOUND" };
  return { ok: true, addresses: [gatewayServiceAddress(name) ?? emulatedAddress(name)] };
}

/**
 * S3 and DynamoDB names resolve into their service's prefix list, as the real names resolve into
 * AWS's published ranges, so that a gateway endpoint route matches them.
 */
function gatewayServiceAddress(name: string): string | null {
  const service = /(^|\.)s3([.-][a-z0-9-]+)*\.amazonaws\.com$/.test(name)
    ? "s3"
    : /(^|\.)dynamodb\.[a-z0-9-]+\.amazonaws\.com$/.test(name)
      ? "dynamodb"
      : null;
  if (service === null) return null;
  const list = listPrefixLists("any").find((candidate) => candidate.prefixListName.endsWith(`.${service}`));
  const range = list?.cidrs[0] === undefined ? null : parseCidr(list.cidrs[0]);
  return range === null ? null : formatIpv4(range.network + 10);
}

/** FNV-1a of the name, folded into 198.18.0.0/15 (skipping .0 and .255 hosts). */
export function emulatedAddress(name: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const base = parseIpv4("198.18.0.0") as number;
  const offset = hash % 2 ** 17;
  const lastOctet = offset & 0xff;
  const adjusted = lastOctet === 0 ? offset + 1 : lastOctet === 255 ? offset - 1 : offset;
  return formatIpv4(base + adjusted);
}

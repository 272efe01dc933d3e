// Subnet arithmetic used by infrastructure templates, implemented as each tool documents it.
// - Fn::Cidr [ipBlock, count, cidrBits]: `count` consecutive blocks with `cidrBits` host bits each,
//   starting at the block's network address (CloudFormation User Guide, intrinsic-function-reference-cidr.html).
// - cidrsubnet(prefix, newbits, netnum): the `netnum`-th block after extending the prefix by `newbits`
//   bits (Terraform language docs, functions/cidrsubnet).

import { formatIpv4, parseCidr } from "../egress/index.ts";

/** CloudFormation's Fn::Cidr. Throws with CloudFormation-like messages on invalid input. */
export function computeFnCidr(ipBlock: string, count: number, cidrBits: number): string[] {
  const range = parseCidrOrThrow(ipBlock, "Fn::Cidr");
  if (!Number.isInteger(count) || count < 1 || count > 256) {
    throw new Error(`Fn::Cidr: count must be an integer from 1 to 256, got ${count}.`);
  }
  const newPrefix = 32 - cidrBits;
  if (!Number.isInteger(cidrBits) || cidrBits < 0 || newPrefix < range.prefix) {
    throw new Error(`Fn::Cidr: cidrBits ${cidrBits} leaves a prefix shorter than ${ipBlock}.`);
  }
  if (count > 2 ** (newPrefix - range.prefix)) {
    throw new Error(`Fn::Cidr: ${ipBlock} holds fewer than ${count} blocks of /${newPrefix}.`);
  }
  const size = 2 ** cidrBits;
  return Array.from(
    { length: count },
    (_, index) => `${formatIpv4(range.network + index * size)}/${newPrefix}`,
  );
}

/** Terraform's cidrsubnet() for IPv4. */
export function computeCidrSubnet(prefix: string, newbits: number, netnum: number): string {
  const range = parseCidrOrThrow(prefix, "cidrsubnet");
  const newPrefix = range.prefix + newbits;
  if (!Number.isInteger(newbits) || newbits < 0 || newPrefix > 32) {
    throw new Error(`cidrsubnet: cannot extend ${prefix} by ${newbits} bits.`);
  }
  if (!Number.isInteger(netnum) || netnum < 0 || netnum >= 2 ** newbits) {
    throw new Error(`cidrsubnet: netnum ${netnum} does not fit in ${newbits} bits.`);
  }
  return `${formatIpv4(range.network + netnum * 2 ** (32 - newPrefix))}/${newPrefix}`;
}

function parseCidrOrThrow(text: string, functionName: string): { network: number; prefix: number } {
  const range = text.includes("/") ? parseCidr(text) : null;
  if (range === null) throw new Error(`${functionName}: ${JSON.stringify(text)} is not an IPv4 CIDR block.`);
  return range;
}

// The destination the doctor traces to. Without --destination it is one fixed public address that
// stands for "the internet": 203.0.113.10, from TEST-NET-3 (RFC 5737, reserved for documentation).
// The doctor never sends a packet, and routing, security groups and network ACLs treat every public
// address alike unless a rule names a narrower block, so any public address gives the same answer;
// a documentation address makes clear that no real host is meant.
// AWS's own names (anything under amazonaws.com, such as secretsmanager.us-east-1.amazonaws.com or
// sts.amazonaws.com) are not looked up here either: inside the VPC such a name resolves to an
// interface endpoint's private addresses when one answers it, which the model decides from the
// endpoints it loaded (src/egress/resolve-interface-endpoint.ts), and otherwise to one of the
// service's public addresses, which the same stand-in represents.
// An IPv6 address is taken as it is. A host name resolves to its IPv4 address (A record) when it
// has one, since App Runner sends IPv4 only; a name with only AAAA records gives its IPv6 address.

import { lookup } from "node:dns/promises";
import { addressFamily } from "../egress/index.ts";
import type { Destination } from "../egress/types.ts";
import { DoctorInputError } from "./resolve-doctor-input.ts";

export const INTERNET_STAND_IN = "203.0.113.10";

const AWS_NAME = /^([a-z0-9-]+\.)+amazonaws\.com\.?$/i;

export type LookupHost = (hostname: string) => Promise<string>;

export type LookupFamily = (hostname: string, family: 4 | 6) => Promise<string>;

/** A LookupHost that asks for the A record first and for the AAAA record only when there is no A. */
export function lookupIpv4ThenIpv6(lookupFamily: LookupFamily): LookupHost {
  return async (hostname) => {
    try {
      return await lookupFamily(hostname, 4);
    } catch (ipv4Error) {
      try {
        return await lookupFamily(hostname, 6);
      } catch {
        throw ipv4Error;
      }
    }
  };
}

const systemLookup = lookupIpv4ThenIpv6(
  async (hostname, family) => (await lookup(hostname, { family })).address,
);

export async function resolveDestination(
  hostOrIp: string | undefined,
  port: number,
  lookupHost: LookupHost = systemLookup,
): Promise<Destination> {
  if (hostOrIp === undefined)
    return { address: INTERNET_STAND_IN, protocol: "tcp", port, hostname: "a public internet address" };
  if (addressFamily(hostOrIp) !== null && !hostOrIp.includes("/"))
    return { address: hostOrIp, protocol: "tcp", port };
  if (AWS_NAME.test(hostOrIp))
    return { address: INTERNET_STAND_IN, protocol: "tcp", port, hostname: hostOrIp.toLowerCase() };
  try {
    return { address: await lookupHost(hostOrIp), protocol: "tcp", port, hostname: hostOrIp };
  } catch (error) {
    throw new DoctorInputError(
      `Could not resolve ${hostOrIp} to an IPv4 or IPv6 address (${error instanceof Error ? error.message : String(error)}).`,
      "Check the host name, or pass an IP address with --destination.",
    );
  }
}

// The emulator's public addresses. Elastic IPs come from the documentation range TEST-NET-2 of
// RFC 5737 (198.51.100.0/24): it never belongs to anyone, so the emulator shows no real-looking
// address. The lowest free one is used. Emulated address plan, one range per use:
// 198.51.100.0/24 Elastic IPs and regional NAT gateways' Amazon-provided addresses; 203.0.113.64/26
// App Runner DEFAULT egress; 203.0.113.128/25 instance public IPs; 192.0.2.0/24 the S3 and DynamoDB
// prefix lists; 198.18.0.0/15 other public names; 203.0.113.10 the doctor's stand-in for "the
// internet".

import { formatIpv4, parseIpv4 } from "../../egress/ip.ts";
import { AwsError } from "../errors.ts";
import type { Ec2State } from "./state.ts";

const ELASTIC_IP_RANGES = ["198.51.100.0"] as const;

/** A public IP no Elastic IP and no regional NAT gateway's Amazon-provided address uses. */
export function nextFreePublicIp(state: Ec2State): string {
  const used = new Set([...state.addresses.values()].map((a) => a.publicIp));
  for (const nat of state.natGateways.values())
    for (const zone of nat.regional?.zones ?? []) for (const a of zone.addresses) used.add(a.publicIp);
  for (const base of ELASTIC_IP_RANGES) {
    const start = parseIpv4(base) ?? 0;
    for (let host = 1; host < 255; host++) {
      const ip = formatIpv4(start + host);
      if (!used.has(ip)) return ip;
    }
  }
  throw new AwsError("AddressLimitExceeded", "The maximum number of addresses has been reached.");
}

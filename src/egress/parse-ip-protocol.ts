import type { IpProtocol } from "./types.ts";

/**
 * AWS writes protocols as names or IANA numbers (6 tcp, 17 udp, 1 icmp, -1 or "all" for every
 * protocol). Returns null for protocols the model does not reason about.
 */
export function parseIpProtocol(protocol: string | undefined): IpProtocol | null {
  switch (protocol?.toLowerCase()) {
    case "-1":
    case "all":
      return "-1";
    case "tcp":
    case "6":
      return "tcp";
    case "udp":
    case "17":
      return "udp";
    case "icmp":
    case "1":
      return "icmp";
    default:
      return null;
  }
}

// Network ACLs are stateless: each direction of a connection is checked on its own, rules in
// ascending number, first match wins, and a packet that no rule matches is denied by the final "*"
// rule. Source: VPC User Guide, "Control subnet traffic with network access control lists"
// (vpc-network-acls.html, "Network ACL rules").
//
// A question here covers a set of packets (one peer block, a port range), e.g. every return packet
// of a TCP connection, which may arrive on any ephemeral port. The set is allowed only when allow
// rules cover all of it before any deny rule touches any of it. Allow rules that cover the peer
// block only in part are not counted (conservative; exact for a single peer address).

import { cidrContains, cidrsOverlap } from "./ip.ts";
import type { Cidr, NetworkAcl, NetworkAclEntry } from "./types.ts";

export interface PortRange {
  from: number;
  to: number;
}

/** Ports a client may use for the reply to reach it; the range AWS recommends opening for NAT. */
export const EPHEMERAL_PORTS: PortRange = { from: 1024, to: 65535 };

export interface AclQuestion {
  /** true: traffic leaving the subnet (outbound rules); false: entering it (inbound rules). */
  egress: boolean;
  protocol: "tcp" | "udp";
  /** The other end: the packet's destination (outbound) or source (inbound). */
  peer: Cidr;
  /** The packet's destination ports. */
  ports: PortRange;
}

export type AclAnswer =
  | { allowed: true; entry: NetworkAclEntry }
  /** entry: the deny rule that matched, or null for the implicit final deny. */
  | { allowed: false; entry: NetworkAclEntry | null };

export function evaluateNetworkAcl(acl: NetworkAcl, question: AclQuestion): AclAnswer {
  const entries = acl.entries
    .filter((entry) => entry.egress === question.egress)
    .sort((a, b) => a.ruleNumber - b.ruleNumber);
  let uncovered: PortRange[] = [question.ports];
  for (const entry of entries) {
    if (entry.protocol !== "-1" && entry.protocol !== question.protocol) continue;
    if (!cidrsOverlap(entry.cidr, question.peer)) continue;
    const range = entry.protocol === "-1" || entry.portRange === undefined ? ALL_PORTS : entry.portRange;
    if (!uncovered.some((part) => part.from <= range.to && range.from <= part.to)) continue;
    if (entry.action === "deny") return { allowed: false, entry };
    if (!cidrContains(entry.cidr, question.peer)) continue;
    uncovered = subtractRange(uncovered, range);
    if (uncovered.length === 0) return { allowed: true, entry };
  }
  return { allowed: false, entry: null };
}

const ALL_PORTS: PortRange = { from: 0, to: 65535 };

function subtractRange(parts: PortRange[], cut: PortRange): PortRange[] {
  const result: PortRange[] = [];
  for (const part of parts) {
    if (cut.to < part.from || part.to < cut.from) {
      result.push(part);
      continue;
    }
    if (part.from < cut.from) result.push({ from: part.from, to: cut.from - 1 });
    if (cut.to < part.to) result.push({ from: cut.to + 1, to: part.to });
  }
  return result;
}

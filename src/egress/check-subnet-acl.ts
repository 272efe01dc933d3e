// Applies a subnet's network ACL to the packets of one connection that cross the subnet's boundary.
// Traffic between two addresses of the same subnet is not filtered by its network ACL.
// Source: VPC User Guide, vpc-network-acls.html.

import { describeDestination, suggestedPeer } from "./describe-destination.ts";
import { type AclQuestion, evaluateNetworkAcl } from "./evaluate-network-acl.ts";
import { findNetworkAcl } from "./find-resources.ts";
import { cidrContains } from "./ip.ts";
import { incomplete, unreachable } from "./trace-results.ts";
import type {
  Destination,
  Hop,
  NetworkAcl,
  NetworkAclEntry,
  Subnet,
  Topology,
  TopologyChange,
  TopologyEdit,
  TraceResult,
} from "./types.ts";

export interface AclCheck {
  hop: Hop;
  /** The unreachable result (hops to be filled by the caller), or null when every packet passes. */
  failure: TraceResult | null;
}

export function checkSubnetAcl(
  topology: Topology,
  subnet: Subnet,
  destination: Destination,
  questions: Omit<AclQuestion, "protocol">[],
): AclCheck {
  const acl = findNetworkAcl(topology, subnet);
  if (acl === null) {
    return {
      hop: { kind: "network-acl", detail: `${subnet.id}: no network ACL in the topology` },
      failure: incomplete([], `a network ACL for ${subnet.id} (every subnet has one)`),
    };
  }
  const blocks = [subnet.cidrBlock, ...(subnet.ipv6CidrBlocks ?? [])];
  const crossing = questions.filter(
    (question) => !blocks.some((block) => cidrContains(block, question.peer)),
  );
  const firstDenied = crossing
    .map((question) => ({
      question,
      answer: evaluateNetworkAcl(acl, { ...question, protocol: destination.protocol }),
    }))
    .find(({ answer }) => !answer.allowed);
  if (firstDenied !== undefined) {
    const { question, answer } = firstDenied;
    const packets = describePackets(question, destination);
    const hop: Hop = {
      kind: "network-acl",
      id: acl.id,
      detail: `${acl.id} (${subnet.id}): denies ${packets}`,
    };
    const direction = question.egress ? "outbound" : "inbound";
    const deny = answer.allowed ? null : answer.entry;
    const message =
      deny === null
        ? `No ${direction} rule of ${acl.id} (the network ACL of ${subnet.id}) allows ${packets}; the final * rule denies it.`
        : `${acl.id} (the network ACL of ${subnet.id}) ${direction} rule ${deny.ruleNumber} denies ${packets}.`;
    return {
      hop,
      failure: unreachable([], "NACL_DENIED", message, suggestAclRules(acl, crossing, destination)),
    };
  }
  const detail =
    crossing.length === 0
      ? `${acl.id} (${subnet.id}): not applied, the traffic stays inside ${subnet.id}`
      : `${acl.id} (${subnet.id}): allows ${describeDestination(destination)} and its replies`;
  return { hop: { kind: "network-acl", id: acl.id, detail }, failure: null };
}

/**
 * Allow rules for every packet set of the connection the ACL denies (one fix gets the connection
 * through this ACL, not only past its first denial), each numbered below the deny rule that stopped
 * it and unused in its direction. Without such a number (a deny rule 1) the fix stays advice.
 */
function suggestAclRules(
  acl: NetworkAcl,
  crossing: Omit<AclQuestion, "protocol">[],
  destination: Destination,
): { text: string; change?: TopologyChange } {
  const working: NetworkAcl = { ...acl, entries: [...acl.entries] };
  const edits: TopologyEdit[] = [];
  const sentences: string[] = [];
  let applicable = true;
  for (const question of crossing) {
    const answer = evaluateNetworkAcl(working, { ...question, protocol: destination.protocol });
    if (answer.allowed) continue;
    const direction = question.egress ? "outbound" : "inbound";
    const peer = cidrContains(question.peer, destination.address)
      ? suggestedPeer(destination)
      : question.peer;
    const ports =
      question.ports.from === question.ports.to
        ? `${question.ports.from}`
        : `${question.ports.from}-${question.ports.to}`;
    const ruleNumber = freeRuleNumber(working, question.egress, answer.entry?.ruleNumber ?? null);
    const below = answer.entry === null ? "" : ` with a rule number below ${answer.entry.ruleNumber}`;
    const example = ruleNumber === null ? "" : ` (rule ${ruleNumber})`;
    sentences.push(
      `an ${direction} rule to ${acl.id} that allows ${destination.protocol} ${ports} ${question.egress ? "to" : "from"} ${peer}${below}${example}${question.egress ? "" : " (network ACLs are stateless: replies need their own rule)"}`,
    );
    if (ruleNumber === null) {
      applicable = false;
      continue;
    }
    const entry: NetworkAclEntry = {
      ruleNumber,
      egress: question.egress,
      protocol: destination.protocol,
      action: "allow",
      cidr: peer.includes("/") ? peer : `${peer}/32`,
      portRange: { ...question.ports },
    };
    working.entries.push(entry);
    edits.push({ kind: "add-network-acl-entry", networkAclId: acl.id, entry });
  }
  const text = `Add ${sentences.join("; and ")}.`;
  return applicable && edits.length > 0 ? { text, change: { edits } } : { text };
}

/** AWS's rule numbers run 1-32766. Below `below` (the highest free one), or after the last rule. */
function freeRuleNumber(acl: NetworkAcl, egress: boolean, below: number | null): number | null {
  const used = new Set(
    acl.entries.filter((entry) => entry.egress === egress).map((entry) => entry.ruleNumber),
  );
  if (below !== null) {
    for (let number = below - 1; number >= 1; number -= 1) if (!used.has(number)) return number;
    return null;
  }
  const highest = Math.max(0, ...used);
  const next = Math.min(32766, (Math.floor(highest / 10) + 1) * 10);
  if (!used.has(next)) return next;
  for (let number = 1; number <= 32766; number += 1) if (!used.has(number)) return number;
  return null;
}

function describePackets(question: Omit<AclQuestion, "protocol">, destination: Destination): string {
  const ports =
    question.ports.from === question.ports.to
      ? `port ${question.ports.from}`
      : `ports ${question.ports.from}-${question.ports.to}`;
  return question.egress
    ? `${destination.protocol} ${ports} to ${question.peer}`
    : `${destination.protocol} ${ports} from ${question.peer}${question.peer === destination.address ? " (the replies)" : ""}`;
}

// Applies a subnet's network ACL to the packets of one connection that cross the subnet's boundary.
// Traffic between two addresses of the same subnet is not filtered by its network ACL.
// Source: VPC User Guide, vpc-network-acls.html.

import { describeDestination, suggestedPeer } from "./describe-destination.ts";
import { type AclQuestion, evaluateNetworkAcl } from "./evaluate-network-acl.ts";
import { findNetworkAcl } from "./find-resources.ts";
import { cidrContains } from "./ip.ts";
import { incomplete, unreachable } from "./trace-results.ts";
import type { Destination, Hop, Subnet, Topology, TraceResult } from "./types.ts";

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
  const crossing = questions.filter((question) => !cidrContains(subnet.cidrBlock, question.peer));
  for (const question of crossing) {
    const answer = evaluateNetworkAcl(acl, { ...question, protocol: destination.protocol });
    if (answer.allowed) continue;
    const packets = describePackets(question, destination);
    const hop: Hop = {
      kind: "network-acl",
      id: acl.id,
      detail: `${acl.id} (${subnet.id}): denies ${packets}`,
    };
    const direction = question.egress ? "outbound" : "inbound";
    const message =
      answer.entry === null
        ? `No ${direction} rule of ${acl.id} (the network ACL of ${subnet.id}) allows ${packets}; the final * rule denies it.`
        : `${acl.id} (the network ACL of ${subnet.id}) ${direction} rule ${answer.entry.ruleNumber} denies ${packets}.`;
    const peer = cidrContains(question.peer, destination.address)
      ? suggestedPeer(destination)
      : question.peer;
    const ports =
      question.ports.from === question.ports.to
        ? `${question.ports.from}`
        : `${question.ports.from}-${question.ports.to}`;
    const below = answer.entry === null ? "" : ` with a rule number below ${answer.entry.ruleNumber}`;
    const fix = `Add an ${direction} rule to ${acl.id} that allows ${destination.protocol} ${ports} ${question.egress ? "to" : "from"} ${peer}${below}${question.egress ? "" : " (network ACLs are stateless: replies need their own rule)"}.`;
    return { hop, failure: unreachable([], "NACL_DENIED", message, fix) };
  }
  const detail =
    crossing.length === 0
      ? `${acl.id} (${subnet.id}): not applied, the traffic stays inside ${subnet.id}`
      : `${acl.id} (${subnet.id}): allows ${describeDestination(destination)} and its replies`;
  return { hop: { kind: "network-acl", id: acl.id, detail }, failure: null };
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

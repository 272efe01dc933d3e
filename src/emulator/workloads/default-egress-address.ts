// The source address of App Runner's DEFAULT egress. The service runs in a public VPC App Runner
// provides (Developer Guide, security-vpce.html); AWS publishes no fixed outbound address for it, and
// whether it changes is unverified (docs/FACTS.md), so the emulator assumes the worst for an
// allowlist. The emulator draws it from 203.0.113.64/26
// (in TEST-NET-3, RFC 5737: documentation only, so never mistaken for a real AWS address; the
// address plan is in ec2/address-plan.ts) and moves to
// another address on every request (by the request's sequence number), so nobody builds an
// allowlist on it.

export function defaultEgressAddress(sequence: number): string {
  return `203.0.113.${64 + (Math.abs(Math.trunc(sequence)) % 64)}`;
}

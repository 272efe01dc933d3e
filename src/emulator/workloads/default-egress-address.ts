// The source address of App Runner's DEFAULT egress: AWS-owned and not fixed (AWS Containers blog,
// "Deep Dive on AWS App Runner VPC Networking"). The emulator draws it from 203.0.113.64/26
// (in TEST-NET-3, RFC 5737: documentation only, so never mistaken for a real AWS address; the
// address plan is in ec2/addresses.ts) and moves to
// another address on every request (by the request's sequence number), so nobody builds an
// allowlist on it.

export function defaultEgressAddress(sequence: number): string {
  return `203.0.113.${64 + (Math.abs(Math.trunc(sequence)) % 64)}`;
}

// App Runner's DEFAULT egress: the service runs in a public VPC that App Runner provides and
// configures (Developer Guide, security-vpce.html), so the internet is reachable and private
// addresses in your VPC are not (network-vpc.html). AWS publishes no fixed outbound address for it;
// that the address changes, and the NAT and internet gateway inside App Runner's VPC, are
// unverified (docs/FACTS.md), so the model treats the address as not fixed. A Lambda function
// without a VPC configuration is in the same position, in networking Lambda manages
// (docs/FACTS.md, "Lambda and ECS").

import { describeDestination } from "./describe-destination.ts";
import { isIpv6, isPrivateIpv4 } from "./ip.ts";
import { ipv4OnlySource } from "./trace-ipv6.ts";
import { reachable, unreachable } from "./trace-results.ts";
import type { Destination, Hop, SourceInterface, TraceResult } from "./types.ts";

type DefaultSource = Extract<SourceInterface, { mode: "apprunner-default" | "lambda-default" }>;

/** What each AWS-managed position is called, and what puts the workload into your VPC. */
const MANAGED = {
  "apprunner-default": {
    label: "App Runner service",
    networking: "DEFAULT egress through networking App Runner owns (not your VPC)",
    code: "DEFAULT_EGRESS_NO_VPC_ACCESS",
    cannot: "With DEFAULT egress the service cannot",
    fix: (address: string) =>
      `Use EgressType VPC with a VPC connector in subnets that can reach ${address} (and a NAT gateway for the internet).`,
  },
  "lambda-default": {
    label: "Lambda function",
    networking: "no VPC configuration: networking Lambda manages (not your VPC)",
    code: "NOT_IN_VPC",
    cannot: "Outside a VPC the function cannot",
    fix: (address: string) =>
      `Give the function a VpcConfig with private subnets that can reach ${address} and security groups (and a NAT gateway for the internet).`,
  },
} as const;

export function traceDefaultEgress(source: DefaultSource, destination: Destination): TraceResult {
  const target = describeDestination(destination);
  const managedBy = MANAGED[source.mode];
  const managed: Hop = {
    kind: "aws-managed",
    detail: `${source.label ?? managedBy.label}: ${managedBy.networking}`,
  };
  if (isIpv6(destination.address)) {
    return ipv4OnlySource([managed], source.label ?? "The App Runner service", destination.address);
  }
  if (isPrivateIpv4(destination.address)) {
    return unreachable(
      [managed],
      managedBy.code,
      `${managedBy.cannot} reach private addresses such as ${destination.address} in your VPC.`,
      managedBy.fix(destination.address),
    );
  }
  return reachable(
    [
      managed,
      { kind: "internet", detail: `${target} on the internet, from an AWS-owned address that is not fixed` },
    ],
    null,
  );
}

// App Runner's DEFAULT egress: the service runs in a public VPC that App Runner provides and
// configures (Developer Guide, security-vpce.html), so the internet is reachable and private
// addresses in your VPC are not (network-vpc.html). AWS publishes no fixed outbound address for it;
// that the address changes, and the NAT and internet gateway inside App Runner's VPC, are
// unverified (docs/FACTS.md), so the model treats the address as not fixed.

import { describeDestination } from "./describe-destination.ts";
import { isPrivateIpv4 } from "./ip.ts";
import { reachable, unreachable } from "./trace-results.ts";
import type { Destination, Hop, SourceInterface, TraceResult } from "./types.ts";

type DefaultSource = Extract<SourceInterface, { mode: "apprunner-default" }>;

export function traceDefaultEgress(source: DefaultSource, destination: Destination): TraceResult {
  const target = describeDestination(destination);
  const managed: Hop = {
    kind: "aws-managed",
    detail: `${source.label ?? "App Runner service"}: DEFAULT egress through networking App Runner owns (not your VPC)`,
  };
  if (isPrivateIpv4(destination.address)) {
    return unreachable(
      [managed],
      "DEFAULT_EGRESS_NO_VPC_ACCESS",
      `With DEFAULT egress the service cannot reach private addresses such as ${destination.address} in your VPC.`,
      `Use EgressType VPC with a VPC connector in subnets that can reach ${destination.address} (and a NAT gateway for the internet).`,
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

// One line (plus a hint) for an error that ends a lab run: AWS errors through src/aws/errors.ts,
// lab-specific ones (quotas, unsupported connector zones, NAT failures) with what to do.

import { type AwsTool, describeAwsError } from "../aws/errors.ts";

const LAB_HINTS: Record<string, string> = {
  VpcLimitExceeded:
    "The region's VPC quota (5 by default) is used up. Delete an unused VPC (npm run cleanup removes lab VPCs) or request a higher quota in Service Quotas, or use another region.",
  AddressLimitExceeded:
    "The region's Elastic IP quota (5 by default) is used up. Release an unused address (npm run cleanup releases lab addresses), request a higher quota, or use another region.",
  NatGatewayLimitExceeded:
    "The NAT gateway quota of the zone is used up: delete an unused NAT gateway or use another region.",
  UnsupportedConnectorZone:
    "Run the notebook in another region (--region), or with --workload instance (an EC2 instance in the same network position, no connector needed).",
  NatGatewayFailed:
    "Run the notebook again; if it fails again, check the EC2 console's NAT gateway page for the reason.",
  ServiceFailed: "Run the notebook again; the App Runner console shows the service's event log.",
};

/** `tool`: the command that failed, so the hints name its policy file and what to run again. */
export function describeLabError(error: unknown, tool: Exclude<AwsTool, "doctor"> = "notebook"): string {
  if (!(error instanceof Error)) return String(error);
  const hint = LAB_HINTS[error.name];
  if (hint !== undefined) return `${error.name}: ${error.message} ${hint}`;
  const described = describeAwsError(error, { tool });
  return described.hint === "" ? described.message : `${described.message} ${described.hint}`;
}

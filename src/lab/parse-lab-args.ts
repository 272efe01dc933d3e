// The notebooks' command line (README "The notebooks"), parsed with node:util parseArgs. Errors are
// UsageErrors (exit 2) that say what to type instead.

import { parseFlags, UsageError } from "../aws/command-line.ts";
import type { NotebookId, WorkloadChoice } from "./plan-stack.ts";

export interface LabArgs {
  local: boolean;
  region: string | undefined;
  profile: string | undefined;
  workload: WorkloadChoice;
  keep: boolean;
  dryRun: boolean;
  yes: boolean;
  help: boolean;
}

const WORKLOADS: readonly WorkloadChoice[] = ["auto", "apprunner", "instance", "none"];

export function parseLabArgs(argv: readonly string[]): LabArgs {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run with --help for the options.`);
  }
  const workload = values.workload ?? "auto";
  if (!(WORKLOADS as readonly string[]).includes(workload)) {
    throw new UsageError(`--workload must be one of ${WORKLOADS.join(", ")} (got "${workload}").`);
  }
  return {
    local: values.local ?? false,
    region: values.region,
    profile: values.profile,
    workload: workload as WorkloadChoice,
    keep: values.keep ?? false,
    dryRun: values["dry-run"] ?? false,
    yes: values.yes ?? false,
    help: values.help ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseFlags(argv, {
    local: { type: "boolean" },
    region: { type: "string" },
    profile: { type: "string" },
    workload: { type: "string" },
    keep: { type: "boolean" },
    "dry-run": { type: "boolean" },
    yes: { type: "boolean", short: "y" },
    help: { type: "boolean", short: "h" },
  });
}

/** What each notebook shows, for its --help. */
const NOTEBOOK_STORIES: Record<NotebookId, string> = {
  "01-without-nat": `Notebook 01, without a NAT gateway: builds a VPC whose subnets are private only, puts a workload
in them (App Runner service with a VPC connector, or an EC2 instance without a public IP), and shows
that it cannot reach the internet: the name resolves, the TCP connection times out. Then prints the
traced path and deletes everything it created.`,
  "02-with-nat": `Notebook 02, the fix: the same private subnets plus a public subnet with an internet gateway, a
NAT gateway and its Elastic IP. Probes once before the fix (no egress), adds the private subnets'
0.0.0.0/0 route to the NAT gateway, probes again and shows the internet seeing the Elastic IP. Then
prints the traced path and deletes everything it created.`,
};

export function labUsage(notebook: NotebookId): string {
  return `Usage: npx tsx notebooks/${notebook}.ts [options]

${NOTEBOOK_STORIES[notebook]}

Target: --local uses the embedded emulator; else AWS_ENDPOINT_URL* if set; else your AWS account if
credentials resolve (after a confirmation); else, only when no credential source is configured, the
embedded emulator. A profile or other source that fails (expired SSO session) stops with exit 2.

Options:
  --local                 use the embedded emulator (nothing is created in AWS)
  --region <name>         AWS region (else AWS_REGION or the profile's region)
  --profile <name>        a profile from ~/.aws/config
  --workload <kind>       auto (default) | apprunner | instance | none
  --keep                  keep the stack (remove it later with: npm run cleanup)
  --dry-run               print the plan and the cost estimate, create nothing
  -y, --yes               do not ask for confirmation before creating resources in AWS
  -h, --help              this help

Exit codes: 0 the expected outcome was shown and teardown finished; 1 it was not, or teardown left
something; 2 usage, credentials or confirmation refused; 130 interrupted (Ctrl-C).`;
}

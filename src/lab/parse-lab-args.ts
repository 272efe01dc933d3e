// The notebooks' command line (DESIGN.md "Notebooks"), parsed with node:util parseArgs. Errors are
// UsageErrors (exit 2) that say what to type instead.

import { parseArgs } from "node:util";
import { UsageError } from "../aws/target.ts";
import type { WorkloadChoice } from "./plan-stack.ts";

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
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError(
      `${error instanceof Error ? error.message : String(error)}. Run with --help for the options.`,
    );
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
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      local: { type: "boolean" },
      region: { type: "string" },
      profile: { type: "string" },
      workload: { type: "string" },
      keep: { type: "boolean" },
      "dry-run": { type: "boolean" },
      yes: { type: "boolean", short: "y" },
      help: { type: "boolean", short: "h" },
    },
  });
}

export function labUsage(script: string): string {
  return `Usage: npx tsx ${script} [options]

Builds the lab's stack, probes egress from a private workload, explains the path, tears it all down.

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

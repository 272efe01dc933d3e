// What the page shows for a scenario: every interface traced by the model (src/egress), the overall
// verdict, and the model's warnings about the workload's subnets. Pure.

import {
  type EgressWarning,
  findWarnings,
  type OverallVerdict,
  type SnapshotTrace,
  traceSnapshot,
} from "../egress/index.ts";
import type { Scenario } from "./build-scenario.ts";

export interface PlaygroundDiagnosis {
  verdict: OverallVerdict;
  traces: SnapshotTrace[];
  warnings: EgressWarning[];
}

export function diagnoseScenario(scenario: Scenario): PlaygroundDiagnosis {
  const { verdict, traces } = traceSnapshot(scenario);
  const warnings = findWarnings(scenario.topology, scenario.workloadSubnetIds, { subject: scenario.subject })
    // The public-subnet warning is about interfaces without a public IP (its message says so); a
    // Fargate task with assignPublicIp does get out through the internet gateway, as the trace shows.
    .filter((warning) => !(scenario.workloadHasPublicIp && warning.code === "PUBLIC_SUBNET_CONNECTOR"));
  return { verdict, traces, warnings };
}

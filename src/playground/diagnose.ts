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
  const warnings = findWarnings(scenario.topology, scenario.workloadSubnetIds, {
    subject: scenario.subject,
    interfacesHavePublicIp: scenario.workloadHasPublicIp,
  });
  return { verdict, traces, warnings };
}

// What the page shows for a scenario: every interface traced by the model (src/egress), the overall
// verdict, and the model's warnings about the workload's subnets and its traces. Pure.

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
  // What the traces could not judge (a firewall's rules), once each, as the doctor lists it.
  const seen = new Set(warnings.map((warning) => `${warning.code} ${warning.message}`));
  for (const { trace } of traces) {
    for (const warning of trace.warnings ?? []) {
      const key = `${warning.code} ${warning.message}`;
      if (!seen.has(key)) warnings.push(warning);
      seen.add(key);
    }
  }
  return { verdict, traces, warnings };
}

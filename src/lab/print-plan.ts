// What a lab run prints before it creates anything: the plan, step by step, and its hourly cost.

import { type CostEstimate, formatUsd } from "./estimate-cost.ts";
import type { Narrator } from "./narrator.ts";
import type { StackPlan } from "./plan-stack.ts";

export function printPlan(narrator: Narrator, plan: StackPlan, auto: boolean): void {
  narrator.heading(`Plan for stack ${plan.stackName} (workload ${plan.workload}${auto ? ", auto" : ""})`);
  for (const step of plan.steps) {
    const deps = step.dependsOn.length === 0 ? "" : `  [after ${step.dependsOn.join(", ")}]`;
    narrator.line(
      `  - ${step.key}${step.phase === "fix" ? " (later: the fix)" : ""}: ${step.summary}${deps}`,
    );
  }
  if (auto)
    narrator.note("  auto: an App Runner service when the account can use App Runner, else an EC2 instance.");
  narrator.note(`  Every resource is tagged apprunner-egress-lab:stack = ${plan.stackName} (plus Name).`);
}

export function printEstimate(narrator: Narrator, estimate: CostEstimate): void {
  narrator.line(`Estimated cost while the stack exists: ${formatUsd(estimate.usdPerHour)} per hour`);
  for (const line of estimate.lines) {
    narrator.note(
      `  ${line.item}: ${formatUsd(line.usdPerHour)}/h${line.verified ? "" : ` (unverified, not in the total; ${line.source})`}`,
    );
  }
  for (const note of estimate.notes) narrator.note(`  ${note}`);
}

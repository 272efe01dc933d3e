// The notebook cells that look at the stack once it is built: ask the workload (probe) and trace the
// path with the egress model (trace). LabSession runs them inside its guard; they only read the
// stack's state and print through the narrator.

import type { ProbeResult } from "../probe/index.ts";
import { type LabContext, sleep } from "./lab-context.ts";
import { describeOutcome, type TraceVerdict } from "./lab-outcome.ts";
import type { WorkloadKind } from "./plan-stack.ts";
import {
  classifyProbe,
  describeProbe,
  type ProbeOutcome,
  probeInstance,
  probeService,
} from "./probe-workload.ts";
import { requireCreated, type StackState } from "./stack-state.ts";
import { traceStack } from "./trace-stack.ts";

export interface ProbeStep {
  ctx: LabContext;
  state: StackState;
  workload: WorkloadKind;
  /** The previous probe's result: an instance's console must show a newer line than this one. */
  lastProbe: ProbeResult | undefined;
  /** After the fix on real AWS, a VPC may take a moment to use the new route: ask a few more times. */
  retryAfterFix: boolean;
  natIp: string | undefined;
}

/** Asks the running workload; undefined for --workload none (the model's verdict stands in). */
export async function runProbeStep(
  step: ProbeStep,
): Promise<{ outcome: ProbeOutcome; result: ProbeResult } | undefined> {
  const { ctx, state, workload } = step;
  const { narrator } = ctx;
  narrator.heading("Probe: can the workload reach the internet?");
  if (workload === "none") {
    const traced = await traceStack(ctx, state, workloadLabel(workload, state), undefined);
    const verdict = traced.lines.filter((line) => /^(Verdict|Reason):/.test(line));
    for (const line of verdict) narrator.line(`     ${line} (model only: --workload none)`);
    return undefined;
  }
  const handle = narrator.startStep(
    workload === "apprunner"
      ? "GET <service URL>/probe"
      : "Read the probe line from the instance console (GetConsoleOutput)",
  );
  const ask = () =>
    workload === "apprunner"
      ? probeService(ctx, requireCreated(state, "service").facts.serviceUrl ?? "")
      : probeInstance(ctx, requireCreated(state, "instance").id, step.lastProbe?.at);
  let result = await ask();
  for (let again = 0; step.retryAfterFix && !result.tcp.ok && again < 3; again++) {
    await sleep(ctx.timing.pollIntervalMs, ctx.signal);
    result = await ask();
  }
  handle.done(result.at);
  for (const line of describeProbe(result)) narrator.line(`     ${line}`);
  const outcome = classifyProbe(result);
  narrator.line(`     => ${describeOutcome(outcome, step.natIp)}`);
  return { outcome, result };
}

/** The path a connection takes, from the egress model over the VPC as it is now. */
export async function runTraceStep(
  ctx: LabContext,
  state: StackState,
  workload: WorkloadKind,
  lastProbe: ProbeResult | undefined,
): Promise<TraceVerdict> {
  ctx.narrator.heading("Traced path (src/egress over the VPC as loaded now)");
  const address = lastProbe?.dns.ok === true ? lastProbe.dns.addresses[0] : undefined;
  const privateIp = state.get("instance")?.facts.privateIp;
  const traced = await traceStack(
    ctx,
    state,
    workloadLabel(workload, state),
    address,
    privateIp || undefined,
  );
  for (const line of traced.lines) ctx.narrator.line(`  ${line}`);
  return {
    verdict: traced.result.verdict,
    sourceAddress: traced.result.sourceAddress,
    code: traced.result.reason?.code ?? null,
  };
}

function workloadLabel(workload: WorkloadKind, state: StackState): string {
  if (workload === "apprunner") return "App Runner VPC connector ENI (private IP only)";
  if (workload === "instance") return `EC2 instance ${requireCreated(state, "instance").id} (no public IP)`;
  return "an interface with a private IP only";
}

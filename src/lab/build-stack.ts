// Creates the planned resources in dependency order, each as soon as its dependencies exist, so
// independent waits overlap (02: the NAT gateway's wait and the App Runner service's creation run
// side by side, and the build takes as long as the slower of the two, not their sum). On the first
// failure nothing new starts, running steps are stopped, and the error is thrown; teardown then
// finds everything by tag.

import {
  allocateElasticIp,
  createDefaultRoute,
  createInternetGateway,
  createNatGateway,
  createRouteTable,
  createSecurityGroup,
  createSubnet,
  createVpc,
} from "./create-network.ts";
import {
  createService,
  createVpcConnector,
  NotAppRunnerCustomerError,
  runProbeInstance,
  UnsupportedConnectorZoneError,
} from "./create-workload.ts";
import type { LabContext } from "./lab-context.ts";
import type { PlannedStep, StackPlan } from "./plan-stack.ts";
import type { CreatedResource, StackState } from "./stack-state.ts";
import { usualCreation } from "./usual-durations.ts";

export interface StepTiming {
  key: string;
  startedMs: number;
  endedMs: number;
}

export interface BuildReport {
  timings: StepTiming[];
  wallMs: number;
}

export interface BuildOptions {
  phase: "build" | "fix";
  zones: string[];
  state: StackState;
}

export async function buildStack(
  ctx: LabContext,
  plan: StackPlan,
  options: BuildOptions,
): Promise<BuildReport> {
  const steps = plan.steps.filter((step) => step.phase === options.phase);
  const { state } = options;
  const stop = new AbortController();
  const stepCtx: LabContext = { ...ctx, signal: AbortSignal.any([ctx.signal, stop.signal]) };
  const began = Date.now();
  const timings: StepTiming[] = [];
  // Steps already created (a retry after auto's fallback) are not created twice.
  const started = new Set<string>(steps.filter((step) => state.has(step.key)).map((step) => step.key));
  const running = new Map<string, Promise<void>>();
  let failure: unknown;

  const isReady = (step: PlannedStep) => step.dependsOn.every((dep) => state.has(dep));
  const launch = (step: PlannedStep) => {
    started.add(step.key);
    const handle = ctx.narrator.startStep(step.summary, usualCreation(step.key) ?? {});
    const startedMs = Date.now() - began;
    const promise = createResource(stepCtx, step, state, options.zones).then(
      (created) => {
        state.set(step.key, created);
        timings.push({ key: step.key, startedMs, endedMs: Date.now() - began });
        handle.done(describeCreated(created));
      },
      (error: unknown) => {
        // Ctrl-C: the step says "interrupted", not the InterruptedError or the waiter's AbortError.
        if (ctx.signal.aborted) handle.interrupted();
        // A step stopped because another failed says so, instead of a bare AbortError.
        const stopped =
          failure !== undefined &&
          stop.signal.aborted &&
          !ctx.signal.aborted &&
          (error === stop.signal.reason || (error instanceof Error && error.name === "AbortError"));
        handle.fail(
          stopped
            ? "stopped: another step failed"
            : error instanceof Error
              ? `${error.name}: ${error.message}`
              : String(error),
        );
        if (failure === undefined) failure = error;
        // Stop the other steps' waits, except when auto mode may fall back and reuse the network.
        if (!(error instanceof NotAppRunnerCustomerError || error instanceof UnsupportedConnectorZoneError))
          stop.abort(ctx.signal.aborted ? ctx.signal.reason : error);
      },
    );
    running.set(
      step.key,
      promise.finally(() => running.delete(step.key)),
    );
  };

  for (;;) {
    if (failure === undefined && !ctx.signal.aborted) {
      for (const step of steps) if (!started.has(step.key) && isReady(step)) launch(step);
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  if (failure !== undefined) throw failure;
  if (ctx.signal.aborted) throw ctx.signal.reason;
  const missing = steps.filter((step) => !state.has(step.key));
  if (missing.length > 0)
    throw new Error(`internal: unmet dependencies for ${missing.map((s) => s.key).join(", ")}`);
  return { timings, wallMs: Date.now() - began };
}

function createResource(
  ctx: LabContext,
  step: PlannedStep,
  state: StackState,
  zones: string[],
): Promise<CreatedResource> {
  switch (step.kind) {
    case "vpc":
      return createVpc(ctx, step);
    case "subnet":
      return createSubnet(ctx, step, state, zones);
    case "security-group":
      return createSecurityGroup(ctx, step, state);
    case "route-table":
      return createRouteTable(ctx, step, state);
    case "internet-gateway":
      return createInternetGateway(ctx, step, state);
    case "elastic-ip":
      return allocateElasticIp(ctx, step);
    case "nat-gateway":
      return createNatGateway(ctx, step, state);
    case "default-route":
      return createDefaultRoute(ctx, step, state);
    case "vpc-connector":
      return createVpcConnector(ctx, step, state);
    case "service":
      return createService(ctx, step, state);
    case "instance":
      return runProbeInstance(ctx, step, state);
  }
}

/** Facts kept for later steps, not worth a reader's attention in the step line. */
const HIDDEN_FACTS = new Set(["associations", "subnetId", "availabilityZoneId"]);

function describeCreated(created: CreatedResource): string {
  const extra = Object.entries(created.facts)
    .map(([key, value]) => [key, Array.isArray(value) ? value.join(",") : value] as const)
    .filter(([key, value]) => value !== "" && !HIDDEN_FACTS.has(key))
    .map(([key, value]) => `${key} ${value}`);
  return [created.id, ...extra].join(", ");
}

// What every lab operation receives: the clients, the output, the stack's name, an abort signal
// (Ctrl-C) and the timing that suits the target (AWS's minutes, or the emulator's milliseconds).

import type { AwsClients } from "../aws/clients.ts";
import type { Narrator } from "./narrator.ts";
import type { ResourceKind } from "./plan-stack.ts";

export interface LabTiming {
  /** SDK waiter delays, in seconds (the waiters' own unit). */
  waiterMinDelaySeconds: number;
  waiterMaxDelaySeconds: number;
  /** Named maximum waits. */
  natGatewayMaxWaitSeconds: number;
  instanceMaxWaitSeconds: number;
  /** App Runner has no SDK waiters: DescribeService is polled. */
  serviceMaxWaitMs: number;
  consoleOutputMaxWaitMs: number;
  /** How long DeleteVpcConnector may keep saying "being used by other services" after the service is gone. */
  connectorReleaseMaxWaitMs: number;
  pollIntervalMs: number;
  /** Backoff for throttling, 5xx, eventual consistency and DependencyViolation. */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  retryAttempts: number;
  /** Pause between the instance probe's repeated lines (user data PROBE_INTERVAL). */
  instanceProbeIntervalSeconds: number;
  /**
   * Teardown: how long to keep retrying a delete that AWS refuses only until it releases something
   * (App Runner's Hyperplane ENIs: DependencyViolation; a connector still counted as used just after
   * its service's deletion), and the longest pause between tries.
   */
  releaseMaxWaitMs: number;
  releasePollMaxMs: number;
}

export const AWS_TIMING: LabTiming = {
  waiterMinDelaySeconds: 10,
  waiterMaxDelaySeconds: 30,
  natGatewayMaxWaitSeconds: 600,
  instanceMaxWaitSeconds: 600,
  serviceMaxWaitMs: 15 * 60_000,
  // The probe prints its first line a minute or two after boot; GetConsoleOutput lags behind.
  consoleOutputMaxWaitMs: 10 * 60_000,
  // Not documented; reports in aws/apprunner-roadmap#161 speak of minutes.
  connectorReleaseMaxWaitMs: 10 * 60_000,
  pollIntervalMs: 10_000,
  retryBaseDelayMs: 1_000,
  retryMaxDelayMs: 20_000,
  retryAttempts: 12,
  instanceProbeIntervalSeconds: 30,
  // AWS publishes no release time for App Runner's ENIs; Terraform's aws_subnet waits 20 min by
  // default and its docs report up to 45 min for Lambda's (FACTS.md): wait as long as the worst.
  releaseMaxWaitMs: 45 * 60_000,
  releasePollMaxMs: 30_000,
};

export const EMULATOR_TIMING: LabTiming = {
  waiterMinDelaySeconds: 0.05,
  waiterMaxDelaySeconds: 0.5,
  natGatewayMaxWaitSeconds: 300,
  instanceMaxWaitSeconds: 300,
  serviceMaxWaitMs: 300_000,
  consoleOutputMaxWaitMs: 300_000,
  // Longer than the emulator's realistic profile at factor 1 (connectorInUseAfterService, 30 s).
  connectorReleaseMaxWaitMs: 60_000,
  pollIntervalMs: 50,
  retryBaseDelayMs: 10,
  retryMaxDelayMs: 200,
  retryAttempts: 12,
  instanceProbeIntervalSeconds: 2,
  // Longer than the emulator's realistic profile at factor 1 (connectorEniReleased, 15 min).
  releaseMaxWaitMs: 25 * 60_000,
  releasePollMaxMs: 500,
};

export interface LabContext {
  clients: AwsClients;
  narrator: Narrator;
  stackName: string;
  signal: AbortSignal;
  timing: LabTiming;
  /** Set when the target is an emulator: service URLs are reached through it (Host header). */
  emulatorUrl?: string;
  /**
   * Told as soon as a resource that takes a while to become ready exists (NAT gateway, App Runner
   * service, instance), so an interrupted run's summary names what was being created.
   */
  onCreating?: (resource: { key: string; kind: ResourceKind; id: string }) => void;
}

/** Sleeps, or rejects as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new InterruptedError();
}

export class InterruptedError extends Error {
  override name = "InterruptedError";
  constructor() {
    super("Interrupted (Ctrl-C)");
  }
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortError(signal);
}

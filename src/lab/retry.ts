// Retries with exponential backoff and jitter for what is worth retrying: throttling and 5xx (the
// SDK retries these too, but a chaos run can exhaust its attempts), eventual consistency right after
// a create (NotFound for an ID just returned), and, in teardown, DependencyViolation while AWS is
// still releasing network interfaces. Everything else is thrown at once.

import { type LabTiming, sleep } from "./lab-context.ts";

const TRANSIENT = new Set([
  "RequestLimitExceeded",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "InternalError",
  "InternalFailure",
  "InternalServiceErrorException",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "Unavailable",
  "RequestTimeout",
  "TimeoutError",
  "ECONNRESET",
]);

export function isTransientError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return TRANSIENT.has(error.name) || (status !== undefined && status >= 500);
}

/** EC2's NotFound codes ("InvalidVpcID.NotFound", "InvalidNatGatewayID.NotFound", "NatGatewayNotFound"). */
export function isNotFoundError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (/\.NotFound$|NotFound$/.test(error.name) || error.name === "ResourceNotFoundException")
  );
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

export interface RetryOptions {
  timing: LabTiming;
  signal: AbortSignal;
  /** Extra errors worth retrying for this call (NotFound after create, DependencyViolation in teardown). */
  also?: (error: unknown) => boolean;
  /** Called before each retry (for narration and counting). */
  onRetry?: (error: unknown, attempt: number) => void;
}

export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { timing, signal } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (signal.aborted) throw error;
      const retryable = isTransientError(error) || (options.also?.(error) ?? false);
      if (!retryable || attempt >= timing.retryAttempts) throw error;
      options.onRetry?.(error, attempt);
      const ceiling = Math.min(timing.retryMaxDelayMs, timing.retryBaseDelayMs * 2 ** (attempt - 1));
      await sleep(ceiling / 2 + Math.random() * (ceiling / 2), signal);
    }
  }
}

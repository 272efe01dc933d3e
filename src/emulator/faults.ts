// Seeded, deterministic fault injection. The same seed and the same sequence of requests give the
// same faults, so a failing chaos run can be replayed.

import { createRandom } from "./ids.ts";

export interface FaultConfig {
  seed: number;
  /** Probability that a request is throttled (RequestLimitExceeded / ThrottlingException). */
  throttleRate: number;
  /** Probability that a request fails with HTTP 500 (InternalError / InternalFailure). */
  serverErrorRate: number;
  /** A newly created ID is NotFound for the next K describes that name it (eventual consistency). */
  eventualConsistencyReads: number;
  /** Probability that a new NAT gateway ends "failed" instead of "available". */
  natFailureRate: number;
  /** Probability that a new App Runner service ends CREATE_FAILED. */
  serviceCreateFailureRate: number;
  /** Extra latency in ms, per action name ("*" for all). */
  latencyMs: Record<string, number>;
  /**
   * Per action name, how many of its next requests fail with the protocol's server error (HTTP 500),
   * counted down. Deterministic, unlike serverErrorRate: a test can break one step of a teardown.
   */
  failingActions: Record<string, number>;
}

export const NO_FAULTS: FaultConfig = {
  seed: 1,
  throttleRate: 0,
  serverErrorRate: 0,
  eventualConsistencyReads: 0,
  natFailureRate: 0,
  serviceCreateFailureRate: 0,
  latencyMs: {},
  failingActions: {},
};

export class Faults {
  config: FaultConfig;
  #random: () => number;
  /** ID -> describes left during which it is still invisible. */
  readonly #hidden = new Map<string, number>();

  constructor(config: Partial<FaultConfig> = {}) {
    this.config = { ...NO_FAULTS, ...config };
    this.config.failingActions = { ...this.config.failingActions };
    this.#random = createRandom(this.config.seed);
  }

  configure(config: Partial<FaultConfig>): void {
    this.config = { ...this.config, ...config };
    // A copy: the countdown must not change the caller's object.
    this.config.failingActions = { ...this.config.failingActions };
    if (config.seed !== undefined) this.#random = createRandom(config.seed);
    this.#hidden.clear();
  }

  /** True with the given probability, drawn from the seeded sequence. */
  draw(probability: number): boolean {
    return probability > 0 && this.#random() < probability;
  }

  /** True when this request of the action must fail (failingActions), counting it down. */
  failsNow(action: string): boolean {
    const left = this.config.failingActions[action] ?? 0;
    if (left <= 0) return false;
    this.config.failingActions[action] = left - 1;
    return true;
  }

  latencyFor(action: string): number {
    return this.config.latencyMs[action] ?? this.config.latencyMs["*"] ?? 0;
  }

  /** Called when a resource is created: it stays invisible to the next K describes. */
  created(id: string): void {
    if (this.config.eventualConsistencyReads > 0) this.#hidden.set(id, this.config.eventualConsistencyReads);
  }

  /** Called when a describe names the ID explicitly; true while the ID must still look missing. */
  hiddenOnRead(id: string): boolean {
    const left = this.#hidden.get(id);
    if (left === undefined) return false;
    if (left <= 1) this.#hidden.delete(id);
    else this.#hidden.set(id, left - 1);
    return true;
  }
}

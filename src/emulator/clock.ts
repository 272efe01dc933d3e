// The emulator's clock. Resource states are computed lazily from the time a transition is due, so
// no timers run: a NAT gateway created at t is "pending" until t + delay, then "available". Tests can
// advance the clock through the control route instead of sleeping.

export type TransitionName =
  | "natGatewayAvailable"
  | "natGatewayDeleted"
  | "vpcConnectorActive"
  | "serviceRunning"
  | "serviceDeleted"
  | "serviceUpdated"
  | "instanceRunning"
  | "instanceTerminated"
  | "instanceConsoleOutput"
  | "vpcEndpointAvailable";

export type DelayProfile = Record<TransitionName, number>;

/** Short delays: enough to exercise waiters and polling, fast enough for tests. */
export const FAST_PROFILE: DelayProfile = {
  natGatewayAvailable: 300,
  natGatewayDeleted: 300,
  vpcConnectorActive: 0,
  serviceRunning: 500,
  serviceDeleted: 300,
  serviceUpdated: 400,
  instanceRunning: 300,
  instanceTerminated: 300,
  instanceConsoleOutput: 400,
  vpcEndpointAvailable: 100,
};

/**
 * AWS-like durations in milliseconds (observed orders of magnitude: NAT gateway 1-3 min, App Runner
 * service 2-5 min per docs/FACTS.md, EC2 instance ~30 s, console output a few minutes after boot).
 * Scaled by a factor so that benchmarks can run the realistic shape quickly.
 */
export const REALISTIC_PROFILE: DelayProfile = {
  natGatewayAvailable: 90_000,
  natGatewayDeleted: 60_000,
  vpcConnectorActive: 0,
  serviceRunning: 240_000,
  serviceDeleted: 60_000,
  serviceUpdated: 150_000,
  instanceRunning: 30_000,
  instanceTerminated: 45_000,
  instanceConsoleOutput: 120_000,
  vpcEndpointAvailable: 20_000,
};

export function scaleProfile(profile: DelayProfile, factor: number): DelayProfile {
  const scaled = { ...profile };
  for (const key of Object.keys(scaled) as TransitionName[]) scaled[key] = Math.round(profile[key] * factor);
  return scaled;
}

export class Clock {
  #offset = 0;
  delays: DelayProfile;

  constructor(delays: DelayProfile = FAST_PROFILE) {
    this.delays = delays;
  }

  now(): number {
    return Date.now() + this.#offset;
  }

  /** Moves time forward (tests and the control route), never backward. */
  advance(ms: number): void {
    if (ms > 0) this.#offset += ms;
  }

  /** When a transition started now is due. */
  dueAt(transition: TransitionName): number {
    return this.now() + this.delays[transition];
  }
}

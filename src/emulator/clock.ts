// The emulator's clock. Resource states are computed lazily from the time a transition is due, so
// no timers run: a NAT gateway created at t is "pending" until t + delay, then "available". Tests can
// advance the clock through the control route instead of sleeping.

export type TransitionName =
  | "natGatewayAvailable"
  | "natGatewayDeleted"
  | "natGatewayZoneExpansion"
  | "vpcConnectorActive"
  | "serviceRunning"
  | "serviceCreateFailed"
  | "connectorInUseAfterService"
  | "connectorEniReleased"
  | "serviceDeleted"
  | "serviceUpdated"
  | "instanceRunning"
  | "instanceTerminated"
  | "instanceConsoleOutput"
  | "vpcEndpointAvailable"
  | "transitGatewayAvailable"
  | "transitGatewayAttachmentAvailable"
  | "transitGatewayRouteTableAvailable"
  | "vpcPeeringConnectionActive";

export type DelayProfile = Record<TransitionName, number>;

/** Short delays: enough to exercise waiters and polling, fast enough for tests. */
export const FAST_PROFILE: DelayProfile = {
  natGatewayAvailable: 300,
  natGatewayDeleted: 300,
  natGatewayZoneExpansion: 300,
  vpcConnectorActive: 0,
  serviceRunning: 500,
  serviceCreateFailed: 600,
  // 0: tests that want aws/apprunner-roadmap#161 ask for it (the fault connectorInUseRefusals, or
  // the realistic profile).
  connectorInUseAfterService: 0,
  connectorEniReleased: 300,
  serviceDeleted: 300,
  serviceUpdated: 400,
  instanceRunning: 300,
  instanceTerminated: 300,
  instanceConsoleOutput: 400,
  vpcEndpointAvailable: 100,
  transitGatewayAvailable: 300,
  transitGatewayAttachmentAvailable: 300,
  transitGatewayRouteTableAvailable: 100,
  vpcPeeringConnectionActive: 100,
};

/**
 * AWS-like durations in milliseconds, scaled by a factor so that benchmarks and tests can run the
 * realistic shape quickly. Orders of magnitude: NAT gateway 1-3 min, EC2 instance ~30 s, console
 * output a few minutes after boot (observed, unverified). The App Runner figures and their sources
 * are on each line; where AWS publishes nothing the value is marked *unverified* and chosen on the
 * long side, so that whatever waits for it (the labs' teardown, cleanup, recipes/cli/delete.sh) is
 * tested against more patience than AWS is likely to need.
 */
export const REALISTIC_PROFILE: DelayProfile = {
  natGatewayAvailable: 90_000,
  natGatewayDeleted: 60_000,
  // A regional NAT gateway in automatic mode reaching a zone whose first interface just appeared.
  // AWS says expansion is not instant and publishes no figure; community reports 15-20 min
  // (docs/FACTS.md). *Unverified*: 20 min, the long side.
  natGatewayZoneExpansion: 1_200_000,
  vpcConnectorActive: 0,
  // "Creating a service usually takes 2-5 minutes" (docs/FACTS.md); the deployment log quoted in
  // aws/apprunner-roadmap#128 took 5 min for AWS's sample image.
  serviceRunning: 240_000,
  // Until a service that never listens ends CREATE_FAILED. *Unverified*: in #128's log the health
  // check began 2 min after the deployment started; App Runner tolerates about a minute of startup
  // (an AWS reply in aws/apprunner-roadmap#216), then gives up and rolls back. 7 min, on the long side.
  serviceCreateFailed: 420_000,
  // DeleteVpcConnector still answers "Provided VPC connector arn is being used by other services"
  // for a while after the service is DELETED (aws/apprunner-roadmap#161, no duration given).
  // *Unverified*: 30 s. Short on purpose: Terraform's provider deletes the connector as soon as it
  // sees the service DELETED and does not retry this answer, and no provider issue reports destroys
  // failing on it, so a long window would make the emulator harsher than AWS.
  connectorInUseAfterService: 30_000,
  // App Runner's Hyperplane ENIs stay after their last connector is gone; meanwhile their subnets
  // and security groups cannot be deleted (DependencyViolation). *Unverified* for App Runner: AWS
  // publishes no figure. Terraform's aws_subnet retries deletion 20 min by default for such
  // interfaces, and its docs report up to 45 min for Lambda's (docs/FACTS.md); no report of App
  // Runner outlasting Terraform's default was found in the public issue trackers searched. 15 min
  // here: long, yet inside the 20 min that Terraform and recipes/cli/delete.sh wait at factor 1.
  connectorEniReleased: 900_000,
  serviceDeleted: 60_000,
  serviceUpdated: 150_000,
  instanceRunning: 30_000,
  instanceTerminated: 45_000,
  instanceConsoleOutput: 120_000,
  vpcEndpointAvailable: 20_000,
  // Transit gateway resources: AWS publishes no durations. *Unverified*, on the long side: a transit
  // gateway and a VPC attachment take minutes to become available (terraform-provider-aws waits up to
  // 10 min for each), a route table seconds, an accepted peering connection seconds (provisioning).
  transitGatewayAvailable: 180_000,
  transitGatewayAttachmentAvailable: 120_000,
  transitGatewayRouteTableAvailable: 30_000,
  vpcPeeringConnectionActive: 10_000,
};

export function scaleProfile(profile: DelayProfile, factor: number): DelayProfile {
  const scaled = { ...profile };
  for (const key of Object.keys(scaled) as TransitionName[]) scaled[key] = Math.round(profile[key] * factor);
  return scaled;
}

export class Clock {
  #offset = 0;
  /** Set once frozen: the wall-clock time at which the clock stopped following it. */
  #frozenAt: number | undefined;
  delays: DelayProfile;

  constructor(delays: DelayProfile = FAST_PROFILE) {
    this.delays = delays;
  }

  now(): number {
    return (this.#frozenAt ?? Date.now()) + this.#offset;
  }

  /**
   * Stops following the wall clock: from now on only advance() moves time. For tests that read a
   * state inside a transition's window (a service still in progress 100 ms before it fails): with
   * the wall clock running, a loaded machine can take longer than the window between two requests.
   * Waiters and polling then only finish when the test advances the clock.
   */
  freeze(): void {
    this.#frozenAt ??= Date.now();
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

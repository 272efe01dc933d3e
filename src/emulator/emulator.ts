// The emulated account: one backend per region, created on first use (as moto does), with a
// shared clock, ID generator and fault injector. Protocol handling lives in server.ts and codecs/.

import { type AppRunnerState, createAppRunnerState } from "./apprunner/state.ts";
import { Clock, type DelayProfile, FAST_PROFILE } from "./clock.ts";
import { createEc2State, type Ec2State } from "./ec2/state.ts";
import { createEcsState, type EcsState } from "./ecs/state.ts";
import { type FaultConfig, Faults } from "./faults.ts";
import { createIdGenerator, createRandom, type IdKind } from "./ids.ts";
import { createLambdaState, type LambdaState } from "./lambda/state.ts";
import type { UnknownImagePolicy } from "./workloads/service-health.ts";

export interface EmulatorOptions {
  accountId?: string;
  /** Seed for IDs and fault draws. */
  seed?: number;
  delays?: DelayProfile;
  /** true: time moves only when advanced (Clock.freeze), for tests that read states inside a window. */
  frozenClock?: boolean;
  faults?: Partial<FaultConfig>;
  /** false: an account that is not an App Runner customer (CreateService is refused). */
  appRunnerCustomer?: boolean;
  quotas?: Partial<Quotas>;
  /**
   * Zone IDs or names (e.g. "use1-az3", "us-east-1c") where CreateVpcConnector refuses subnets.
   * AWS publishes no list of them (docs/FACTS.md), so the default is none.
   */
  unsupportedConnectorZones?: string[];
  /** IAM actions the identity may not call ("apprunner:*", "ec2:DeleteVpc"): see access.ts. */
  deniedActions?: string[];
  /**
   * An App Runner image outside the health catalogue (workloads/service-health.ts): assume that it
   * listens on its port (the default, logged) or fail its creation.
   */
  unknownImages?: UnknownImagePolicy;
  /** Where the emulator's log lines go (assumptions it made); default: standard error. */
  log?: (line: string) => void;
  /** Zone names or IDs that offer none of the emulated instance types (DescribeInstanceTypeOfferings, RunInstances). */
  unofferedInstanceTypeZones?: string[];
  /**
   * false: skip the check of requests against AWS's service models (src/emulator/models). Only for
   * measuring what the check costs (npm run bench:emulator); AWS always checks.
   */
  validateRequests?: boolean;
}

/** Service quotas the labs can hit. Defaults are AWS's default quotas for a new account. */
export interface Quotas {
  vpcsPerRegion: number;
  elasticIpsPerRegion: number;
  /** Inbound (and, separately, outbound) rules per security group. */
  rulesPerSecurityGroup: number;
}

export const DEFAULT_QUOTAS: Quotas = { vpcsPerRegion: 5, elasticIpsPerRegion: 5, rulesPerSecurityGroup: 60 };

export interface RegionBackend {
  region: string;
  ec2: Ec2State;
  apprunner: AppRunnerState;
  lambda: LambdaState;
  ecs: EcsState;
}

/** One API call the emulator received (GET /_emulator/calls lists them). */
export interface ApiCall {
  service: string;
  action: string;
  region: string;
  /**
   * Why the call never reached its handler, when it did not: an account setting denied it
   * (access.ts), or an injected fault throttled it or failed it with a server error (faults.ts).
   */
  refused?: "denied" | "throttled" | "server-error";
}

export class Emulator {
  readonly options: EmulatorOptions;
  accountId: string;
  appRunnerCustomer: boolean;
  quotas: Quotas;
  unsupportedConnectorZones: string[];
  deniedActions: string[];
  unknownImages: UnknownImagePolicy;
  unofferedInstanceTypeZones: string[];
  readonly clock: Clock;
  readonly faults: Faults;
  /** The URL the server listens on, once started (used for App Runner service URLs). */
  url = "";
  #random: () => number;
  #ids: ReturnType<typeof createIdGenerator>;
  #regions = new Map<string, RegionBackend>();
  #requestCount = 0;
  /** Every API call received, in order (tests check IAM policies and read-only behaviour with it). */
  readonly calls: ApiCall[] = [];

  constructor(options: EmulatorOptions = {}) {
    this.options = options;
    this.accountId = options.accountId ?? "123456789012";
    this.appRunnerCustomer = options.appRunnerCustomer ?? true;
    this.quotas = { ...DEFAULT_QUOTAS, ...options.quotas };
    this.unsupportedConnectorZones = [...(options.unsupportedConnectorZones ?? [])];
    this.deniedActions = [...(options.deniedActions ?? [])];
    this.unknownImages = options.unknownImages ?? "assume-listening";
    this.unofferedInstanceTypeZones = [...(options.unofferedInstanceTypeZones ?? [])];
    this.clock = new Clock(options.delays ?? FAST_PROFILE);
    if (options.frozenClock === true) this.clock.freeze();
    this.faults = new Faults(options.faults);
    this.#random = createRandom(options.seed ?? 20260430);
    this.#ids = createIdGenerator(this.#random);
  }

  /** One line in the emulator's log: what it assumed where AWS would have decided. */
  log(line: string): void {
    if (this.options.log) this.options.log(line);
    else process.stderr.write(`emulator: ${line}\n`);
  }

  /** A new resource ID in AWS's format (prefix + 17 hex digits). */
  newId(kind: IdKind): string {
    return this.#ids.id(kind);
  }

  hex(digits: number): string {
    return this.#ids.hex(digits);
  }

  /** A request ID as AWS formats it (a UUID). */
  newRequestId(): string {
    const h = this.#ids.hex(32);
    this.#requestCount++;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  region(name: string): RegionBackend {
    let backend = this.#regions.get(name);
    if (!backend) {
      // Register first so that state creation can look the backend up.
      backend = { region: name } as RegionBackend;
      this.#regions.set(name, backend);
      try {
        backend.ec2 = createEc2State(name, this);
        backend.apprunner = createAppRunnerState(name);
        backend.lambda = createLambdaState();
        backend.ecs = createEcsState();
      } catch (error) {
        // An unknown region leaves nothing behind.
        this.#regions.delete(name);
        throw error;
      }
    }
    return backend;
  }

  regions(): RegionBackend[] {
    return [...this.#regions.values()];
  }

  /** Back to a fresh account: every region's state is dropped; settings are kept. */
  reset(): void {
    this.#regions.clear();
    this.#random = createRandom(this.options.seed ?? 20260430);
    this.#ids = createIdGenerator(this.#random);
    this.faults.configure({});
    this.calls.length = 0;
  }

  get requestCount(): number {
    return this.#requestCount;
  }
}

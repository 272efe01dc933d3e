import type { Emulator, RegionBackend } from "./emulator.ts";

export type ServiceName = "ec2" | "sts" | "apprunner" | "lambda" | "ecs";

/** What every action handler receives besides its input. */
export interface RequestContext {
  emulator: Emulator;
  backend: RegionBackend;
  region: string;
  service: ServiceName;
  action: string;
  requestId: string;
}

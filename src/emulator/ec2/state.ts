// EC2 state of one account in one region. Owned by the EC2 part of the emulator; placeholder
// shape, extended as actions are implemented.

import type { Emulator } from "../emulator.ts";

export interface Ec2State {
  region: string;
}

/** A fresh account: the default VPC and its parts exist, as in a new AWS account. */
export function createEc2State(region: string, _emulator: Emulator): Ec2State {
  return { region };
}

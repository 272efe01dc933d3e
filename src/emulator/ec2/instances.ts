// EC2 instance actions for the instance workload (DescribeImages, RunInstances, DescribeInstances,
// TerminateInstances, GetConsoleOutput). Placeholder: owned by the workloads part of the emulator.

import type { Ec2Handler } from "./actions.ts";

export const instanceActions: Record<string, Ec2Handler> = {};

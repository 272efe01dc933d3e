// Lambda state of one account in one region: the functions' configuration, which is all the
// emulator serves (it runs no code). Plain data, so that /_emulator/state can dump it.

export interface FunctionVpcConfig {
  subnetIds: string[];
  securityGroupIds: string[];
  vpcId: string;
  ipv6AllowedForDualStack: boolean;
}

export interface FunctionRecord {
  name: string;
  arn: string;
  runtime: string;
  role: string;
  handler: string;
  description: string;
  timeout: number;
  memorySize: number;
  architectures: string[];
  codeSha256: string;
  codeSize: number;
  /** null: not connected to a VPC (Lambda's own networking). */
  vpc: FunctionVpcConfig | null;
  lastModified: string;
  revisionId: string;
  tags: Map<string, string>;
}

export interface LambdaState {
  /** By function name. */
  functions: Map<string, FunctionRecord>;
}

export function createLambdaState(): LambdaState {
  return { functions: new Map() };
}

// What a recipe reader returns: the network as the egress model sees it, plus the App Runner
// resources that decide where the traffic starts (the VPC connector's subnets and security groups).

import type { Topology } from "../egress/index.ts";

export interface VpcConnectorReading {
  arn: string;
  name: string;
  /** Its name in the recipe: the logical ID or the Terraform address. */
  address: string;
  subnetIds: string[];
  securityGroupIds: string[];
}

export interface ServiceReading {
  arn: string;
  name: string;
  /** NetworkConfiguration.EgressConfiguration.EgressType; AWS's default is DEFAULT. */
  egressType: "DEFAULT" | "VPC";
  vpcConnectorArn: string | null;
  /**
   * SourceConfiguration and InstanceConfiguration as CreateService takes them (CloudFormation's
   * property names are the API's), resolved; read from CloudFormation templates only. Lets a test
   * start the recipe's own service on the emulator.
   */
  sourceConfiguration?: Record<string, unknown>;
  instanceConfiguration?: Record<string, unknown>;
}

/**
 * A Lambda function with a VpcConfig: its Hyperplane ENIs in each subnet have private IPs only, so
 * it reaches the internet through a NAT gateway, never an internet gateway (docs/FACTS.md, "the same
 * network position"; Lambda Developer Guide, configuration-vpc.html).
 */
export interface LambdaFunctionReading {
  name: string;
  address: string;
  subnetIds: string[];
  securityGroupIds: string[];
}

/**
 * An ECS service with awsvpc networking: each task's ENI lands in one of the subnets, with a public
 * IP only when AssignPublicIp is ENABLED (the default is DISABLED: ECS API Reference,
 * AwsVpcConfiguration.assignPublicIp, in botocore's ecs model).
 */
export interface EcsServiceReading {
  name: string;
  address: string;
  subnetIds: string[];
  securityGroupIds: string[];
  assignPublicIp: boolean;
}

export interface RecipeReading {
  topology: Topology;
  vpcConnectors: VpcConnectorReading[];
  services: ServiceReading[];
  lambdaFunctions: LambdaFunctionReading[];
  ecsServices: EcsServiceReading[];
  /**
   * The synthetic ID given to each resource, by its name in the recipe: the logical ID in a
   * CloudFormation template ("PrivateSubnet1"), the address in Terraform ("aws_subnet.private[0]").
   * For an Elastic IP the value is its allocation ID.
   */
  ids: Record<string, string>;
}

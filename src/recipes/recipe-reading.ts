// What a recipe reader returns: the network as the egress model sees it, plus the App Runner
// resources that decide where the traffic starts (the VPC connector's subnets and security groups).

import type { Topology } from "../egress/index.ts";

export interface VpcConnectorReading {
  arn: string;
  name: string;
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

export interface RecipeReading {
  topology: Topology;
  vpcConnectors: VpcConnectorReading[];
  services: ServiceReading[];
  /**
   * The synthetic ID given to each resource, by its name in the recipe: the logical ID in a
   * CloudFormation template ("PrivateSubnet1"), the address in Terraform ("aws_subnet.private[0]").
   * For an Elastic IP the value is its allocation ID.
   */
  ids: Record<string, string>;
}

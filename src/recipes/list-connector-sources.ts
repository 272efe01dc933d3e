// Where a workload's traffic starts: one network interface per subnet it may use, with its security
// groups and, for ECS tasks with AssignPublicIp ENABLED only, a public IP address. App Runner's VPC
// connector ENIs (App Runner Developer Guide, network-vpc.html) and Lambda's Hyperplane ENIs have
// private IP addresses only (docs/FACTS.md, "the same network position").

import type { SourceInterface } from "../egress/index.ts";
import type { RecipeReading } from "./recipe-reading.ts";

export type ConnectorSource = Extract<SourceInterface, { mode: "vpc" }>;

export type WorkloadKind = "apprunner-vpc-connector" | "lambda-function" | "ecs-service";

/** A workload a recipe declares, with one source interface per subnet it may place one in. */
export interface RecipeWorkload {
  kind: WorkloadKind;
  name: string;
  /** Its name in the recipe: the logical ID or the Terraform address. */
  address: string;
  subnetIds: string[];
  securityGroupIds: string[];
  hasPublicIp: boolean;
  /** How its interface is named in hops and messages. */
  label: string;
}

/** One source per subnet of every VPC connector that a service with EgressType VPC uses. */
export function listConnectorSources(reading: RecipeReading): ConnectorSource[] {
  return listRecipeWorkloads(reading)
    .filter((workload) => workload.kind === "apprunner-vpc-connector")
    .flatMap(listWorkloadSources);
}

/**
 * Every workload whose interfaces start in the recipe's subnets: the VPC connectors that services
 * with EgressType VPC use (a connector no service uses carries no traffic), Lambda functions with a
 * VpcConfig and ECS services with awsvpc networking.
 */
export function listRecipeWorkloads(reading: RecipeReading): RecipeWorkload[] {
  const used = new Set(
    reading.services
      .filter((service) => service.egressType === "VPC")
      .map((service) => service.vpcConnectorArn),
  );
  return [
    ...reading.vpcConnectors
      .filter((connector) => used.has(connector.arn))
      .map(
        (connector): RecipeWorkload => ({
          kind: "apprunner-vpc-connector",
          name: connector.name,
          address: connector.address,
          subnetIds: connector.subnetIds,
          securityGroupIds: connector.securityGroupIds,
          hasPublicIp: false,
          label: `App Runner VPC connector ENI (${connector.name})`,
        }),
      ),
    ...reading.lambdaFunctions.map(
      (lambda): RecipeWorkload => ({
        kind: "lambda-function",
        name: lambda.name,
        address: lambda.address,
        subnetIds: lambda.subnetIds,
        securityGroupIds: lambda.securityGroupIds,
        hasPublicIp: false,
        label: `Lambda function ENI (${lambda.name})`,
      }),
    ),
    ...reading.ecsServices.map(
      (service): RecipeWorkload => ({
        kind: "ecs-service",
        name: service.name,
        address: service.address,
        subnetIds: service.subnetIds,
        securityGroupIds: service.securityGroupIds,
        hasPublicIp: service.assignPublicIp,
        label: `ECS task ENI (${service.name}, ${service.assignPublicIp ? "with" : "without"} a public IP)`,
      }),
    ),
  ];
}

export function listWorkloadSources(workload: RecipeWorkload): ConnectorSource[] {
  return workload.subnetIds.map(
    (subnetId): ConnectorSource => ({
      mode: "vpc",
      subnetId,
      securityGroupIds: workload.securityGroupIds,
      hasPublicIp: workload.hasPublicIp,
      label: workload.label,
    }),
  );
}

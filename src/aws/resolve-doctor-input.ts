// Turns what the user named (an App Runner service, a VPC connector, subnets directly, a Lambda
// function or an ECS service) into the interfaces to trace: which subnets, which security groups,
// and where egress starts. The App Runner resolvers live here; Lambda's and ECS's in their own files
// (resolve-lambda-function.ts, resolve-ecs-service.ts). Read-only: ListServices, DescribeService,
// DescribeVpcConnector. Field meanings: App Runner API Reference,
// EgressConfiguration (EgressType DEFAULT | VPC, VpcConnectorArn) and VpcConnector (Subnets,
// SecurityGroups, Status ACTIVE | INACTIVE).

import {
  type AppRunnerClient,
  DescribeServiceCommand,
  DescribeVpcConnectorCommand,
  paginateListServices,
} from "@aws-sdk/client-apprunner";
import type { ECSClient } from "@aws-sdk/client-ecs";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { collectPages } from "./collect-pages.ts";
import { tagAwsAction } from "./errors.ts";
import { type EcsServiceName, resolveEcsService } from "./resolve-ecs-service.ts";
import { resolveLambdaFunction } from "./resolve-lambda-function.ts";
import { DoctorInputError, type DoctorWarning, type ResolvedInput } from "./resolved-input.ts";

export { DoctorInputError, type DoctorWarning, type ResolvedInput } from "./resolved-input.ts";

export type DoctorInput =
  | { kind: "service"; service: string }
  | { kind: "vpc-connector"; arn: string }
  | { kind: "subnets"; subnetIds: string[]; securityGroupIds: string[] }
  | { kind: "lambda-function"; function: string }
  | ({ kind: "ecs-service" } & EcsServiceName);

/** The clients the resolvers read with: App Runner, Lambda and ECS. */
export interface ResolverClients {
  appRunner: AppRunnerClient;
  lambda: LambdaClient;
  ecs: ECSClient;
}

export async function resolveDoctorInput(
  clients: ResolverClients,
  input: DoctorInput,
): Promise<ResolvedInput> {
  const { appRunner } = clients;
  switch (input.kind) {
    case "lambda-function":
      return resolveLambdaFunction(clients.lambda, input.function);
    case "ecs-service":
      return resolveEcsService(clients.ecs, input);
    case "subnets":
      return {
        mode: "vpc",
        subnetIds: input.subnetIds,
        securityGroupIds: input.securityGroupIds,
        interfacesHavePublicIp: false,
        interfaceLabel: "the workload's interface",
        subject: "the workload",
        description: `subnets ${input.subnetIds.join(", ")}${input.securityGroupIds.length === 0 ? "" : ` with security groups ${input.securityGroupIds.join(", ")}`} (an interface without a public IP in each)`,
        warnings: [],
      };
    case "vpc-connector":
      return resolveConnector(appRunner, input.arn, `VPC connector ${input.arn}`);
    case "service":
      return resolveService(appRunner, input.service);
  }
}

async function resolveService(appRunner: AppRunnerClient, nameOrArn: string): Promise<ResolvedInput> {
  const serviceArn = nameOrArn.startsWith("arn:") ? nameOrArn : await findServiceArn(appRunner, nameOrArn);
  const { Service: service } = await tagAwsAction(
    "apprunner:DescribeService",
    appRunner.send(new DescribeServiceCommand({ ServiceArn: serviceArn })),
  );
  const name = service?.ServiceName ?? nameOrArn;
  const egress = service?.NetworkConfiguration?.EgressConfiguration;
  if (egress?.EgressType === "VPC" && egress.VpcConnectorArn !== undefined) {
    const resolved = await resolveConnector(
      appRunner,
      egress.VpcConnectorArn,
      `App Runner service ${name} (EgressType VPC) through VPC connector ${egress.VpcConnectorArn}`,
    );
    return resolved;
  }
  // DEFAULT (or absent, which App Runner treats as DEFAULT): no connector, nothing of yours to trace.
  return {
    mode: "apprunner-default",
    subnetIds: [],
    securityGroupIds: [],
    interfacesHavePublicIp: false,
    interfaceLabel: `App Runner service ${name}`,
    subject: `the service ${name}`,
    description: `App Runner service ${name} (EgressType DEFAULT)`,
    warnings: [
      {
        code: "DEFAULT_EGRESS",
        message: `${name} uses EgressType DEFAULT: its outbound traffic leaves through networking App Runner owns, from AWS-owned addresses that are not fixed. It reaches the internet but not private addresses in your VPC (databases, internal services). To reach those, attach a VPC connector (EgressType VPC) in private subnets with a NAT gateway for the internet.`,
      },
    ],
  };
}

async function findServiceArn(appRunner: AppRunnerClient, name: string): Promise<string> {
  const summaries = await tagAwsAction(
    "apprunner:ListServices",
    collectPages(paginateListServices({ client: appRunner }, {}), (page) => page.ServiceSummaryList),
  );
  const match = summaries.find((summary) => summary.ServiceName === name);
  if (match?.ServiceArn === undefined) {
    const names = summaries.map((summary) => summary.ServiceName).filter((n) => n !== undefined);
    throw new DoctorInputError(
      `No App Runner service named ${name} in this region.`,
      names.length === 0
        ? "The region has no App Runner services: check --region, or pass the service ARN. An account that is not an App Runner customer (App Runner closed to new customers in 2026) has none: diagnose the same network position with --subnets."
        : `Services in this region: ${names.join(", ")}. Check --region, or pass the service ARN.`,
    );
  }
  return match.ServiceArn;
}

async function resolveConnector(
  appRunner: AppRunnerClient,
  arn: string,
  description: string,
): Promise<ResolvedInput> {
  const { VpcConnector: connector } = await tagAwsAction(
    "apprunner:DescribeVpcConnector",
    appRunner.send(new DescribeVpcConnectorCommand({ VpcConnectorArn: arn })),
  );
  const name = connector?.VpcConnectorName ?? arn;
  const warnings: DoctorWarning[] = [];
  if (connector?.Status === "INACTIVE") {
    warnings.push({
      code: "CONNECTOR_INACTIVE",
      message: `VPC connector ${name} is INACTIVE: it was deleted and cannot be used. Create a new connector in private subnets.`,
    });
  }
  return {
    mode: "vpc",
    subnetIds: connector?.Subnets ?? [],
    securityGroupIds: connector?.SecurityGroups ?? [],
    interfacesHavePublicIp: false,
    interfaceLabel: "App Runner VPC connector ENI",
    subject: `the VPC connector ${name}`,
    description,
    warnings,
    ipv4Only: true,
  };
}

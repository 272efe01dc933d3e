// CreateService, DescribeServices, DeleteService for Fargate services. The network configuration is
// the point: awsvpc subnets (1 to 16, one VPC), security groups (up to 5, the VPC's default group
// when none) and assignPublicIp (DISABLED by default) (ECS API Reference, AwsVpcConfiguration).
// With a public IP in a public subnet a task reaches the internet through the internet gateway;
// without one it needs a NAT gateway (ECS Developer Guide, fargate-task-networking.html;
// docs/FACTS.md "ECS"). The emulator starts no tasks: runningCount stays 0.

import type { RequestContext } from "../context.ts";
import { getSecurityGroup, getSubnet } from "../ec2/state.ts";
import { AwsError } from "../errors.ts";
import { ecsArn, nameOf } from "./arns.ts";
import { findActiveCluster } from "./clusters.ts";
import type { AwsVpcConfigurationRecord, EcsServiceRecord } from "./state.ts";
import { findTaskDefinition } from "./task-definitions.ts";

type Input = Record<string, unknown>;

function invalid(message: string): AwsError {
  return new AwsError("InvalidParameterException", message);
}

export function createService(ctx: RequestContext, input: Input) {
  const cluster = findActiveCluster(ctx, input["cluster"] as string | undefined);
  const name = input["serviceName"] as string;
  const services = ctx.backend.ecs.services.get(cluster.name) ?? new Map<string, EcsServiceRecord>();
  if (services.get(name)?.status === "ACTIVE") throw invalid("Creation of service was not idempotent.");
  const taskDefinitionText = input["taskDefinition"] as string | undefined;
  if (taskDefinitionText === undefined)
    throw invalid("A task definition must be specified for a service with the ECS deployment controller.");
  const taskDefinition = findTaskDefinition(ctx, taskDefinitionText);
  if (taskDefinition === undefined) throw new AwsError("ClientException", "TaskDefinition not found.");
  // The emulator models Fargate only: without launchType ECS would use the cluster's capacity
  // providers or the EC2 launch type, neither of which it has.
  if (input["launchType"] !== "FARGATE")
    throw invalid(
      "The emulator models Fargate services only: give launchType FARGATE. (This error comes from the App Runner Egress Lab emulator, not from AWS.)",
    );
  if (!taskDefinition.fargateCompatible)
    throw invalid("Task definition does not support launch_type FARGATE.");
  const awsvpc = (input["networkConfiguration"] as Input | undefined)?.["awsvpcConfiguration"] as
    | Input
    | undefined;
  if (awsvpc === undefined)
    throw invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  const service: EcsServiceRecord = {
    name,
    arn: ecsArn(ctx, `service/${cluster.name}/${name}`),
    clusterArn: cluster.arn,
    taskDefinitionArn: taskDefinition.arn,
    desiredCount: (input["desiredCount"] as number | undefined) ?? 0,
    launchType: "FARGATE",
    network: readAwsVpcConfiguration(ctx, awsvpc),
    status: "ACTIVE",
    createdAt: ctx.emulator.clock.now(),
  };
  services.set(name, service);
  ctx.backend.ecs.services.set(cluster.name, services);
  return { service: describeService(service) };
}

export function describeServices(ctx: RequestContext, input: Input) {
  const cluster = findActiveCluster(ctx, input["cluster"] as string | undefined);
  const names = input["services"] as string[];
  if (names.length > 10)
    throw invalid("You may specify up to 10 services to describe in a single operation.");
  const services = ctx.backend.ecs.services.get(cluster.name);
  const found: Record<string, unknown>[] = [];
  const failures: Record<string, unknown>[] = [];
  for (const nameOrArn of names) {
    const service = services?.get(nameOf(nameOrArn));
    if (service === undefined)
      failures.push({
        arn: nameOrArn.startsWith("arn:") ? nameOrArn : ecsArn(ctx, `service/${cluster.name}/${nameOrArn}`),
        reason: "MISSING",
      });
    else found.push(describeService(service));
  }
  return { services: found, failures };
}

export function deleteService(ctx: RequestContext, input: Input) {
  const cluster = findActiveCluster(ctx, input["cluster"] as string | undefined);
  const service = ctx.backend.ecs.services.get(cluster.name)?.get(nameOf(input["service"] as string));
  if (service === undefined || service.status !== "ACTIVE")
    throw new AwsError("ServiceNotFoundException", "Service not found.");
  if (service.desiredCount > 0 && input["force"] !== true)
    throw invalid("The service cannot be stopped while it is scaled above 0.");
  service.status = "INACTIVE";
  return { service: { ...describeService(service), status: "DRAINING" } };
}

/**
 * Subnets must exist and share one VPC; security groups must exist in it; none means the VPC's
 * default group (ECS API Reference, AwsVpcConfiguration). The wording of these refusals is the
 * emulator's (InvalidParameterException, the code ECS uses for bad parameters).
 */
function readAwsVpcConfiguration(ctx: RequestContext, awsvpc: Input): AwsVpcConfigurationRecord {
  const subnets = [...new Set(awsvpc["subnets"] as string[])];
  const groups = [...new Set((awsvpc["securityGroups"] as string[] | undefined) ?? [])];
  if (subnets.length === 0) throw invalid("subnets can not be empty.");
  if (subnets.length > 16) throw invalid("There's a limit of 16 subnets that can be specified.");
  if (groups.length > 5) throw invalid("There's a limit of 5 security groups that can be specified.");
  const { ec2 } = ctx.backend;
  const vpcIds = new Set<string>();
  for (const id of subnets) vpcIds.add(lookUp(() => getSubnet(ec2, id), `subnet ${id}`).vpcId);
  if (vpcIds.size > 1)
    throw invalid(
      `All specified subnets must be from the same VPC; they belong to ${[...vpcIds].sort().join(", ")}.`,
    );
  const vpcId = [...vpcIds][0] as string;
  for (const id of groups) {
    if (lookUp(() => getSecurityGroup(ec2, id), `security group ${id}`).vpcId !== vpcId)
      throw invalid(`Security group ${id} does not belong to ${vpcId}, the VPC of the subnets.`);
  }
  return {
    subnets,
    securityGroups: groups,
    assignPublicIp: (awsvpc["assignPublicIp"] as "ENABLED" | "DISABLED" | undefined) ?? "DISABLED",
  };
}

function lookUp<T>(lookup: () => T, what: string): T {
  try {
    return lookup();
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    throw invalid(`Error retrieving ${what}: ${error.message} (${error.code})`);
  }
}

function describeService(service: EcsServiceRecord): Record<string, unknown> {
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: 0,
    pendingCount: 0,
    launchType: service.launchType,
    platformVersion: "LATEST",
    platformFamily: "Linux",
    taskDefinition: service.taskDefinitionArn,
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: service.network.subnets,
        securityGroups: service.network.securityGroups,
        assignPublicIp: service.network.assignPublicIp,
      },
    },
    schedulingStrategy: "REPLICA",
    deploymentController: { type: "ECS" },
    createdAt: service.createdAt / 1000,
    loadBalancers: [],
    serviceRegistries: [],
    events: [],
    deployments: [],
    placementConstraints: [],
    placementStrategy: [],
  };
}

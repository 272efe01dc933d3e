// The ECS operations the emulator implements (JSON 1.1, X-Amz-Target:
// AmazonEC2ContainerServiceV20141113.<Name>), each with the input members it honours
// (models/honours.ts; anything else the model allows is refused by name).

import { actionTable } from "../action-table.ts";
import type { RequestContext } from "../context.ts";
import { honours } from "../models/honours.ts";
import { createCluster, deleteCluster, describeClusters } from "./clusters.ts";
import { createService, deleteService, describeServices } from "./services.ts";
import { registerTaskDefinition } from "./task-definitions.ts";

export const ECS_TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113";

export type EcsHandler = (ctx: RequestContext, input: Record<string, unknown>) => Record<string, unknown>;

export const ecsActions: Record<string, EcsHandler> = actionTable<EcsHandler>("ECS", {
  CreateCluster: honours(createCluster, "clusterName", "tags"),
  DescribeClusters: honours(describeClusters, "clusters"),
  DeleteCluster: honours(deleteCluster, "cluster"),
  RegisterTaskDefinition: honours(
    registerTaskDefinition,
    "family",
    "networkMode",
    "requiresCompatibilities",
    "cpu",
    "memory",
    "executionRoleArn",
    "taskRoleArn",
    "containerDefinitions.name",
    "containerDefinitions.image",
    "containerDefinitions.essential",
    "containerDefinitions.portMappings.containerPort",
    "containerDefinitions.portMappings.protocol",
  ),
  CreateService: honours(
    createService,
    "cluster",
    "serviceName",
    "taskDefinition",
    "desiredCount",
    "launchType=FARGATE",
    "networkConfiguration.awsvpcConfiguration.subnets",
    "networkConfiguration.awsvpcConfiguration.securityGroups",
    "networkConfiguration.awsvpcConfiguration.assignPublicIp",
  ),
  DescribeServices: honours(describeServices, "cluster", "services"),
  DeleteService: honours(deleteService, "cluster", "service", "force"),
});

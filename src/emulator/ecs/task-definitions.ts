// RegisterTaskDefinition: what CreateService needs to know about a task, its network mode and
// whether it can run on Fargate. Fargate takes only the awsvpc network mode and needs task-level
// cpu and memory (ECS Developer Guide, "Amazon ECS task definition parameters for Fargate").
// The messages for those refusals are the emulator's approximation of AWS's (ClientException).

import type { RequestContext } from "../context.ts";
import { AwsError } from "../errors.ts";
import { ecsArn } from "./arns.ts";
import type { ContainerDefinition, TaskDefinitionRecord } from "./state.ts";

type Input = Record<string, unknown>;

function clientError(message: string): AwsError {
  return new AwsError("ClientException", message);
}

export function registerTaskDefinition(ctx: RequestContext, input: Input) {
  const family = input["family"] as string;
  const containers = input["containerDefinitions"] as ContainerDefinition[];
  if (containers.length === 0)
    throw clientError("Task definition must have at least one container definition.");
  for (const container of containers) {
    if (!container.name) throw clientError("Container.name should not be null or empty.");
    if (!container.image) throw clientError("Container.image should not be null or empty.");
  }
  const networkMode = (input["networkMode"] as string | undefined) ?? "bridge";
  const requires = (input["requiresCompatibilities"] as string[] | undefined) ?? [];
  const cpu = input["cpu"] as string | undefined;
  const memory = input["memory"] as string | undefined;
  if (requires.includes("FARGATE")) {
    if (networkMode !== "awsvpc") throw clientError("Fargate only supports network mode 'awsvpc'.");
    if (cpu === undefined) throw clientError("Fargate requires that 'cpu' be defined at the task level.");
    if (memory === undefined)
      throw clientError("Fargate requires that 'memory' be defined at the task level.");
  }
  const revisions = ctx.backend.ecs.taskDefinitions.get(family) ?? [];
  const revision = revisions.length + 1;
  const record: TaskDefinitionRecord = {
    family,
    revision,
    arn: ecsArn(ctx, `task-definition/${family}:${revision}`),
    networkMode,
    requiresCompatibilities: requires,
    ...(cpu === undefined ? {} : { cpu }),
    ...(memory === undefined ? {} : { memory }),
    ...(input["executionRoleArn"] === undefined
      ? {}
      : { executionRoleArn: input["executionRoleArn"] as string }),
    ...(input["taskRoleArn"] === undefined ? {} : { taskRoleArn: input["taskRoleArn"] as string }),
    containerDefinitions: containers,
    fargateCompatible: networkMode === "awsvpc" && cpu !== undefined && memory !== undefined,
    registeredAt: ctx.emulator.clock.now(),
  };
  revisions.push(record);
  ctx.backend.ecs.taskDefinitions.set(family, revisions);
  return { taskDefinition: describeTaskDefinition(record) };
}

/** "family", "family:revision" or an ARN; the latest revision for a bare family. */
export function findTaskDefinition(ctx: RequestContext, text: string): TaskDefinitionRecord | undefined {
  const reference = text.startsWith("arn:") ? (text.split("/").at(-1) ?? "") : text;
  const [family = "", revision] = reference.split(":", 2);
  const revisions = ctx.backend.ecs.taskDefinitions.get(family) ?? [];
  return revision === undefined ? revisions.at(-1) : revisions[Number(revision) - 1];
}

function describeTaskDefinition(record: TaskDefinitionRecord): Record<string, unknown> {
  return {
    taskDefinitionArn: record.arn,
    family: record.family,
    revision: record.revision,
    networkMode: record.networkMode,
    containerDefinitions: record.containerDefinitions,
    requiresCompatibilities: record.requiresCompatibilities,
    compatibilities: record.fargateCompatible ? ["EC2", "FARGATE"] : ["EC2"],
    ...(record.cpu === undefined ? {} : { cpu: record.cpu }),
    ...(record.memory === undefined ? {} : { memory: record.memory }),
    ...(record.executionRoleArn === undefined ? {} : { executionRoleArn: record.executionRoleArn }),
    ...(record.taskRoleArn === undefined ? {} : { taskRoleArn: record.taskRoleArn }),
    status: "ACTIVE",
    registeredAt: record.registeredAt / 1000,
  };
}

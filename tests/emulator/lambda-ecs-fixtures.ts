// What Lambda and ECS tests create through the real clients: the smallest valid function package,
// an execution role ARN (the emulator models no IAM), and a task definition that can run on Fargate.

import { type ECSClient, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";

/** The smallest valid .zip archive: an empty end-of-central-directory record (PKWARE APPNOTE 4.3.16). */
export const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);
export const LAMBDA_ROLE = "arn:aws:iam::123456789012:role/lab-function";

/** Registers lab-task (awsvpc, FARGATE, 256 CPU units, 512 MiB) and returns its ARN. */
export async function registerFargateTask(
  ecs: ECSClient,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const { taskDefinition } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: "lab-task",
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: "256",
      memory: "512",
      containerDefinitions: [
        { name: "app", image: "public.ecr.aws/docker/library/node:22", essential: true },
      ],
      ...overrides,
    }),
  );
  return taskDefinition?.taskDefinitionArn as string;
}

// Every success reply of the Lambda and ECS actions, checked against the model's output shape (only
// model members, of the right types and enum values, the members AWS always returns present), as
// reply-shapes.test.ts checks EC2's, App Runner's and STS's. Each action answers at least once.

import { CreateVpcCommand } from "@aws-sdk/client-ec2";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
} from "@aws-sdk/client-ecs";
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
} from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ecsActions } from "../../src/emulator/ecs/actions.ts";
import { lambdaActions } from "../../src/emulator/lambda/actions.ts";
import { type ServiceModelName, serviceModel } from "../../src/emulator/models/service-model.ts";
import { checkReply, type RecordedReply, recordReplies } from "./check-reply.ts";
import { type Ec2TestContext, startEc2Emulator, testClientConfig } from "./helpers.ts";
import { EMPTY_ZIP, LAMBDA_ROLE, registerFargateTask } from "./lambda-ecs-fixtures.ts";
import { buildPrivateSubnetWithNat } from "./workload-fixtures.ts";

let recorded: RecordedReply<ServiceModelName>[] = [];
let restore = () => {};

let env: Ec2TestContext;
beforeAll(async () => {
  ({ recorded, restore } = recordReplies([
    [lambdaActions as never, "lambda"],
    [ecsActions as never, "ecs"],
  ]));
  env = await startEc2Emulator();
});
afterAll(async () => {
  restore();
  await env.close();
});

test("every Lambda and ECS reply has only model members, of the right types, with the ones AWS always returns", async () => {
  const config = testClientConfig(env.running.url);
  const lambda = new LambdaClient(config);
  const ecs = new ECSClient(config);
  try {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const group = [...net.ec2.securityGroups.values()].find((g) => g.vpcId === net.vpc.vpcId);
    await env.ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }));
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: "shapes",
        Role: LAMBDA_ROLE,
        Runtime: "python3.13",
        Handler: "app.handler",
        Code: { ZipFile: EMPTY_ZIP },
        Tags: { team: "lab" },
        VpcConfig: { SubnetIds: [net.privateSubnet.subnetId], SecurityGroupIds: [group?.groupId as string] },
      }),
    );
    await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "shapes" }));
    await lambda.send(new GetFunctionCommand({ FunctionName: "shapes" }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: "shapes" }));
    await ecs.send(
      new CreateClusterCommand({ clusterName: "shapes", tags: [{ key: "team", value: "lab" }] }),
    );
    await registerFargateTask(ecs, {
      containerDefinitions: [
        { name: "app", image: "nginx", portMappings: [{ containerPort: 80, protocol: "tcp" }] },
      ],
    });
    await ecs.send(
      new CreateServiceCommand({
        cluster: "shapes",
        serviceName: "web",
        taskDefinition: "lab-task",
        desiredCount: 0,
        launchType: "FARGATE",
        networkConfiguration: {
          awsvpcConfiguration: { subnets: [net.privateSubnet.subnetId], assignPublicIp: "ENABLED" },
        },
      }),
    );
    await ecs.send(new DescribeServicesCommand({ cluster: "shapes", services: ["web", "missing"] }));
    await ecs.send(new DescribeClustersCommand({ clusters: ["shapes", "missing"] }));
    await ecs.send(new DeleteServiceCommand({ cluster: "shapes", service: "web" }));
    await ecs.send(new DeleteClusterCommand({ cluster: "shapes" }));
  } finally {
    lambda.destroy();
    ecs.destroy();
  }
  const problems: string[] = [];
  for (const { service, action, reply } of recorded) {
    const model = serviceModel(service);
    const output = model.operations[action]?.output;
    if (output === undefined) {
      if (Object.keys(reply as object).length > 0)
        problems.push(`${service} ${action}: the model has no output`);
      continue;
    }
    for (const problem of checkReply(model, true, output, reply))
      problems.push(`${service} ${action}${problem}`);
  }
  const served = [
    ...Object.keys(lambdaActions).map((a) => `lambda ${a}`),
    ...Object.keys(ecsActions).map((a) => `ecs ${a}`),
  ];
  const seen = new Set(recorded.map(({ service, action }) => `${service} ${action}`));
  expect(served.filter((action) => !seen.has(action))).toEqual([]);
  expect(problems).toEqual([]);
});

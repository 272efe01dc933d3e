// Lambda's REST-JSON API in the emulator, through the real SDK v3 client: functions are created with
// their VpcConfig and read back, and bad requests fail with Lambda's documented error codes.

import { CreateVpcCommand } from "@aws-sdk/client-ec2";
import {
  CreateFunctionCommand,
  type CreateFunctionCommandInput,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
} from "@aws-sdk/client-lambda";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Ec2TestContext, errorOf, startEc2Emulator, testClientConfig } from "./helpers.ts";
import { EMPTY_ZIP, LAMBDA_ROLE } from "./lambda-ecs-fixtures.ts";
import { buildPrivateSubnetWithNat } from "./workload-fixtures.ts";

let env: Ec2TestContext;
let lambda: LambdaClient;
beforeEach(async () => {
  env = await startEc2Emulator();
  lambda = new LambdaClient(testClientConfig(env.running.url));
});
afterEach(async () => {
  lambda.destroy();
  await env.close();
});

function functionInput(overrides: Partial<CreateFunctionCommandInput> = {}): CreateFunctionCommandInput {
  return {
    FunctionName: "lab-function",
    Role: LAMBDA_ROLE,
    Runtime: "nodejs22.x",
    Handler: "index.handler",
    Code: { ZipFile: EMPTY_ZIP },
    ...overrides,
  };
}

describe("CreateFunction and GetFunctionConfiguration", () => {
  test("a function in private subnets reads back its VpcConfig with the subnets' VPC", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const group = [...net.ec2.securityGroups.values()].find((g) => g.vpcId === net.vpc.vpcId);
    const created = await lambda.send(
      new CreateFunctionCommand(
        functionInput({
          VpcConfig: {
            SubnetIds: [net.privateSubnet.subnetId],
            SecurityGroupIds: [group?.groupId as string],
          },
        }),
      ),
    );
    expect(created.FunctionArn).toBe("arn:aws:lambda:us-east-1:123456789012:function:lab-function");
    expect(created.State).toBe("Active");
    for (const name of [
      "lab-function",
      created.FunctionArn as string,
      "123456789012:function:lab-function",
    ]) {
      const configuration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      expect(configuration.VpcConfig).toEqual({
        SubnetIds: [net.privateSubnet.subnetId],
        SecurityGroupIds: [group?.groupId],
        VpcId: net.vpc.vpcId,
        Ipv6AllowedForDualStack: false,
      });
    }
    const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: "lab-function" }));
    expect(Configuration?.CodeSize).toBe(EMPTY_ZIP.length);
  });

  test("a function without VpcConfig has none, and $LATEST is the only qualifier", async () => {
    await lambda.send(new CreateFunctionCommand(functionInput()));
    const configuration = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: "lab-function", Qualifier: "$LATEST" }),
    );
    expect(configuration.VpcConfig).toBeUndefined();
    const error = await errorOf(
      lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "lab-function", Qualifier: "1" })),
    );
    expect(error.name).toBe("ResourceNotFoundException");
  });

  test("an unknown function is ResourceNotFoundException (404) naming its ARN", async () => {
    const error = await errorOf(
      lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "missing" })),
    );
    expect(error.name).toBe("ResourceNotFoundException");
    expect(error.$metadata?.httpStatusCode).toBe(404);
    expect(error.message).toBe("Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing");
  });

  test("a name that breaks the model's pattern is ValidationException", async () => {
    const error = await errorOf(
      lambda.send(new CreateFunctionCommand(functionInput({ FunctionName: "has spaces" }))),
    );
    expect(error.name).toBe("ValidationException");
    expect(error.message).toMatch(/^1 validation error detected: Value 'has spaces' at 'functionName'/);
  });

  test("a second function of the same name is ResourceConflictException", async () => {
    await lambda.send(new CreateFunctionCommand(functionInput()));
    const error = await errorOf(lambda.send(new CreateFunctionCommand(functionInput())));
    expect(error.name).toBe("ResourceConflictException");
    expect(error.$metadata?.httpStatusCode).toBe(409);
  });

  test("a package without Runtime, or that is not a zip, is InvalidParameterValueException", async () => {
    const noRuntime = functionInput();
    delete noRuntime.Runtime;
    expect((await errorOf(lambda.send(new CreateFunctionCommand(noRuntime)))).name).toBe(
      "InvalidParameterValueException",
    );
    const notZip = await errorOf(
      lambda.send(new CreateFunctionCommand(functionInput({ Code: { ZipFile: Buffer.from("hello") } }))),
    );
    expect(notZip.name).toBe("InvalidParameterValueException");
    expect(notZip.message).toMatch(/Could not unzip uploaded file/);
  });

  test("an unknown subnet or security group is InvalidParameterValueException with EC2's error inside", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const group = [...net.ec2.securityGroups.values()].find((g) => g.vpcId === net.vpc.vpcId);
    const badSubnet = await errorOf(
      lambda.send(
        new CreateFunctionCommand(
          functionInput({
            VpcConfig: {
              SubnetIds: ["subnet-0123456789abcdef0"],
              SecurityGroupIds: [group?.groupId as string],
            },
          }),
        ),
      ),
    );
    expect(badSubnet.name).toBe("InvalidParameterValueException");
    expect(badSubnet.message).toMatch(/DescribeSubnets\. EC2 Error Code: InvalidSubnetID\.NotFound/);
    const badGroup = await errorOf(
      lambda.send(
        new CreateFunctionCommand(
          functionInput({
            VpcConfig: {
              SubnetIds: [net.privateSubnet.subnetId],
              SecurityGroupIds: ["sg-0123456789abcdef0"],
            },
          }),
        ),
      ),
    );
    expect(badGroup.message).toMatch(/DescribeSecurityGroups\. EC2 Error Code: InvalidGroup\.NotFound/);
  });

  test("subnets of one VPC with a security group of another are refused, and nothing is created", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const { Vpc } = await env.ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }));
    const other = [...net.ec2.securityGroups.values()].find((g) => g.vpcId === Vpc?.VpcId);
    const error = await errorOf(
      lambda.send(
        new CreateFunctionCommand(
          functionInput({
            VpcConfig: {
              SubnetIds: [net.privateSubnet.subnetId],
              SecurityGroupIds: [other?.groupId as string],
            },
          }),
        ),
      ),
    );
    expect(error.name).toBe("InvalidParameterValueException");
    expect(error.message).toMatch(/one VPC/);
    expect((await errorOf(lambda.send(new GetFunctionCommand({ FunctionName: "lab-function" })))).name).toBe(
      "ResourceNotFoundException",
    );
  });

  test("subnets without security groups are refused", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const error = await errorOf(
      lambda.send(
        new CreateFunctionCommand(functionInput({ VpcConfig: { SubnetIds: [net.privateSubnet.subnetId] } })),
      ),
    );
    expect(error.name).toBe("InvalidParameterValueException");
  });

  test("members the emulator does not model are refused by name", async () => {
    const dualStack = await errorOf(
      lambda.send(
        new CreateFunctionCommand(
          functionInput({
            VpcConfig: { SubnetIds: [], SecurityGroupIds: [], Ipv6AllowedForDualStack: true },
          }),
        ),
      ),
    );
    expect(dualStack.name).toBe("InvalidParameterValueException");
    expect(dualStack.message).toMatch(/does not model VpcConfig\.Ipv6AllowedForDualStack on CreateFunction/);
    const layers = await errorOf(
      lambda.send(
        new CreateFunctionCommand(
          functionInput({ Layers: ["arn:aws:lambda:us-east-1:123456789012:layer:lab:1"] }),
        ),
      ),
    );
    expect(layers.message).toMatch(/does not model Layers/);
  });

  test("DeleteFunction removes the function; a second delete is ResourceNotFoundException", async () => {
    await lambda.send(new CreateFunctionCommand(functionInput()));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: "lab-function" }));
    expect(
      (await errorOf(lambda.send(new DeleteFunctionCommand({ FunctionName: "lab-function" })))).name,
    ).toBe("ResourceNotFoundException");
  });
});

test("an unsigned request is refused, and a path Lambda does not serve is UnknownOperationException", async () => {
  const unsigned = await fetch(`${env.running.url}/2015-03-31/functions/lab-function/configuration`);
  expect(unsigned.status).toBe(403);
  const unknown = await fetch(`${env.running.url}/2015-03-31/functions/lab-function/policy`, {
    headers: {
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0",
    },
  });
  expect(unknown.status).toBe(404);
  expect(unknown.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
});

// ECS's JSON 1.1 API in the emulator, through the real SDK v3 client: a Fargate service keeps the
// awsvpc network configuration it was created with, and bad requests fail with ECS's error codes.

import { CreateVpcCommand } from "@aws-sdk/client-ec2";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  type CreateServiceCommandInput,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
} from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Ec2TestContext, errorOf, startEc2Emulator, testClientConfig } from "./helpers.ts";
import { registerFargateTask as register } from "./lambda-ecs-fixtures.ts";
import { buildPrivateSubnetWithNat } from "./workload-fixtures.ts";

const registerFargateTask = (overrides: Record<string, unknown> = {}) => register(ecs, overrides);

let env: Ec2TestContext;
let ecs: ECSClient;
beforeEach(async () => {
  env = await startEc2Emulator();
  ecs = new ECSClient(testClientConfig(env.running.url));
});
afterEach(async () => {
  ecs.destroy();
  await env.close();
});

function serviceInput(
  subnets: string[],
  overrides: Partial<CreateServiceCommandInput> = {},
): CreateServiceCommandInput {
  return {
    cluster: "lab",
    serviceName: "web",
    taskDefinition: "lab-task",
    desiredCount: 1,
    launchType: "FARGATE",
    networkConfiguration: { awsvpcConfiguration: { subnets } },
    ...overrides,
  };
}

describe("clusters", () => {
  test("CreateCluster is idempotent, DescribeClusters reports missing ones as failures, DeleteCluster leaves it INACTIVE", async () => {
    const first = await ecs.send(new CreateClusterCommand({ clusterName: "lab" }));
    const again = await ecs.send(new CreateClusterCommand({ clusterName: "lab" }));
    expect(first.cluster?.clusterArn).toBe("arn:aws:ecs:us-east-1:123456789012:cluster/lab");
    expect(again.cluster?.clusterArn).toBe(first.cluster?.clusterArn);
    const described = await ecs.send(new DescribeClustersCommand({ clusters: ["lab", "nope"] }));
    expect(described.clusters?.map((c) => c.status)).toEqual(["ACTIVE"]);
    expect(described.failures).toEqual([
      { arn: "arn:aws:ecs:us-east-1:123456789012:cluster/nope", reason: "MISSING" },
    ]);
    await ecs.send(new DeleteClusterCommand({ cluster: "lab" }));
    const after = await ecs.send(new DescribeClustersCommand({ clusters: ["lab"] }));
    expect(after.clusters?.[0]?.status).toBe("INACTIVE");
    expect((await errorOf(ecs.send(new DeleteClusterCommand({ cluster: "lab" })))).name).toBe(
      "ClusterNotFoundException",
    );
  });
});

describe("Fargate services", () => {
  test("a service keeps its subnets, security groups and assignPublicIp (DISABLED by default)", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    await ecs.send(new CreateClusterCommand({ clusterName: "lab" }));
    await registerFargateTask();
    await ecs.send(new CreateServiceCommand(serviceInput([net.privateSubnet.subnetId])));
    const group = [...net.ec2.securityGroups.values()].find((g) => g.vpcId === net.vpc.vpcId);
    await ecs.send(
      new CreateServiceCommand(
        serviceInput([net.publicSubnet.subnetId], {
          serviceName: "public-web",
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: [net.publicSubnet.subnetId],
              securityGroups: [group?.groupId as string],
              assignPublicIp: "ENABLED",
            },
          },
        }),
      ),
    );
    const { services, failures } = await ecs.send(
      new DescribeServicesCommand({ cluster: "lab", services: ["web", "public-web", "missing"] }),
    );
    expect(services?.map((s) => s.networkConfiguration?.awsvpcConfiguration)).toEqual([
      { subnets: [net.privateSubnet.subnetId], securityGroups: [], assignPublicIp: "DISABLED" },
      { subnets: [net.publicSubnet.subnetId], securityGroups: [group?.groupId], assignPublicIp: "ENABLED" },
    ]);
    expect(services?.[0]?.serviceArn).toBe("arn:aws:ecs:us-east-1:123456789012:service/lab/web");
    expect(failures?.[0]?.reason).toBe("MISSING");
  });

  test("a missing cluster is ClusterNotFoundException, a second service of a name InvalidParameterException", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    await registerFargateTask();
    expect(
      (await errorOf(ecs.send(new CreateServiceCommand(serviceInput([net.privateSubnet.subnetId]))))).name,
    ).toBe("ClusterNotFoundException");
    await ecs.send(new CreateClusterCommand({ clusterName: "lab" }));
    await ecs.send(new CreateServiceCommand(serviceInput([net.privateSubnet.subnetId])));
    const twice = await errorOf(
      ecs.send(new CreateServiceCommand(serviceInput([net.privateSubnet.subnetId]))),
    );
    expect(twice.name).toBe("InvalidParameterException");
  });

  test("awsvpc without a network configuration, an unknown subnet or a group of another VPC are InvalidParameterException", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    await ecs.send(new CreateClusterCommand({ clusterName: "lab" }));
    await registerFargateTask();
    const noNetwork = serviceInput([]);
    delete noNetwork.networkConfiguration;
    const missing = await errorOf(ecs.send(new CreateServiceCommand(noNetwork)));
    expect(missing.name).toBe("InvalidParameterException");
    expect(missing.message).toMatch(/Network Configuration must be provided/);
    const unknown = await errorOf(
      ecs.send(new CreateServiceCommand(serviceInput(["subnet-0123456789abcdef0"]))),
    );
    expect(unknown.name).toBe("InvalidParameterException");
    const { Vpc } = await env.ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }));
    const other = [...net.ec2.securityGroups.values()].find((g) => g.vpcId === Vpc?.VpcId);
    const mixed = await errorOf(
      ecs.send(
        new CreateServiceCommand(
          serviceInput([], {
            networkConfiguration: {
              awsvpcConfiguration: {
                subnets: [net.privateSubnet.subnetId],
                securityGroups: [other?.groupId as string],
              },
            },
          }),
        ),
      ),
    );
    expect(mixed.name).toBe("InvalidParameterException");
    expect(
      (await ecs.send(new DescribeServicesCommand({ cluster: "lab", services: ["web"] }))).services,
    ).toEqual([]);
  });

  test("a task definition that cannot run on Fargate is refused, and so is a service without launchType FARGATE", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    await ecs.send(new CreateClusterCommand({ clusterName: "lab" }));
    const bridge = await errorOf(registerFargateTask({ networkMode: "bridge" }));
    expect(bridge.name).toBe("ClientException");
    await registerFargateTask({ requiresCompatibilities: ["EC2"], networkMode: "bridge" });
    const incompatible = await errorOf(
      ecs.send(new CreateServiceCommand(serviceInput([net.privateSubnet.subnetId]))),
    );
    expect(incompatible.message).toBe("Task definition does not support launch_type FARGATE.");
    const ec2Launch = await errorOf(
      ecs.send(new CreateServiceCommand(serviceInput([net.privateSubnet.subnetId], { launchType: "EC2" }))),
    );
    expect(ec2Launch.name).toBe("InvalidParameterException");
    expect(ec2Launch.message).toMatch(/does not model launchType/);
  });

  test("a service scaled above 0 is deleted only with force; then the cluster can go", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    await ecs.send(new CreateClusterCommand({ clusterName: "lab" }));
    await registerFargateTask();
    await ecs.send(new CreateServiceCommand(serviceInput([net.privateSubnet.subnetId])));
    expect((await errorOf(ecs.send(new DeleteClusterCommand({ cluster: "lab" })))).name).toBe(
      "ClusterContainsServicesException",
    );
    const scaled = await errorOf(ecs.send(new DeleteServiceCommand({ cluster: "lab", service: "web" })));
    expect(scaled.message).toBe("The service cannot be stopped while it is scaled above 0.");
    const { service } = await ecs.send(
      new DeleteServiceCommand({ cluster: "lab", service: "web", force: true }),
    );
    expect(service?.status).toBe("DRAINING");
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: "lab", services: ["web"] }));
    expect(services?.[0]?.status).toBe("INACTIVE");
    expect((await errorOf(ecs.send(new DeleteServiceCommand({ cluster: "lab", service: "web" })))).name).toBe(
      "ServiceNotFoundException",
    );
    await ecs.send(new DeleteClusterCommand({ cluster: "lab" }));
  });

  test("an unknown operation is UnknownOperationException", async () => {
    const response = await fetch(env.running.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AmazonEC2ContainerServiceV20141113.RunTask",
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0",
      },
      body: "{}",
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe("UnknownOperationException");
  });
});

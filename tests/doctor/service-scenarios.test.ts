// --service and --vpc-connector: the doctor finds the service by name (ListServices) or ARN, reads
// its egress configuration, and traces the connector's subnets, or reports DEFAULT egress.

import {
  CreateServiceCommand,
  CreateVpcConnectorCommand,
  DescribeVpcConnectorCommand,
} from "@aws-sdk/client-apprunner";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "./doctor-harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

let serviceCounter = 0;

async function createConnector(subnetIds: string[], securityGroupIds: string[] = []): Promise<string> {
  const { VpcConnector } = await h.appRunner.send(
    new CreateVpcConnectorCommand({
      VpcConnectorName: `doctor-test-${++serviceCounter}`,
      Subnets: subnetIds,
      ...(securityGroupIds.length === 0 ? {} : { SecurityGroups: securityGroupIds }),
    }),
  );
  const arn = VpcConnector?.VpcConnectorArn ?? "";
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const { VpcConnector: current } = await h.appRunner.send(
      new DescribeVpcConnectorCommand({ VpcConnectorArn: arn }),
    );
    if (current?.Status === "ACTIVE") break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return arn;
}

async function createService(connectorArn?: string): Promise<{ name: string; arn: string }> {
  const name = `doctor-app-${++serviceCounter}`;
  const { Service } = await h.appRunner.send(
    new CreateServiceCommand({
      ServiceName: name,
      SourceConfiguration: {
        AutoDeploymentsEnabled: false,
        ImageRepository: {
          ImageIdentifier: "public.ecr.aws/docker/library/node:24-alpine",
          ImageRepositoryType: "ECR_PUBLIC",
          ImageConfiguration: { Port: "8080" },
        },
      },
      ...(connectorArn === undefined
        ? {}
        : {
            NetworkConfiguration: {
              EgressConfiguration: { EgressType: "VPC", VpcConnectorArn: connectorArn },
            },
          }),
    }),
  );
  return { name, arn: Service?.ServiceArn ?? "" };
}

describe("doctor --service and --vpc-connector", () => {
  test("a service with DEFAULT egress is reported reachable through AWS-managed networking, with a warning", async () => {
    const service = await createService();
    const run = await h.doctor(["--service", service.name, "--json"]);
    expect(run.code).toBe(0);
    expect(run.json?.verdict).toBe("reachable");
    expect(run.json?.subnets).toHaveLength(1);
    expect(run.json?.subnets[0]).toMatchObject({
      subnetId: null,
      availabilityZone: null,
      verdict: "reachable",
    });
    expect(run.json?.subnets[0]?.hops[0]?.kind).toBe("aws-managed");
    expect(run.json?.warnings.map((warning) => warning.code)).toEqual(["DEFAULT_EGRESS"]);
  });

  test("a DEFAULT-egress service cannot reach a private address in a VPC", async () => {
    const service = await createService();
    const run = await h.doctor(["--service", service.arn, "--destination", "10.0.1.20", "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.subnets[0]?.reason?.code).toBe("DEFAULT_EGRESS_NO_VPC_ACCESS");
  });

  test("a service with VPC egress is traced through its connector's subnets and groups", async () => {
    const net = await h.build.privateSubnetsWithNat(["us-east-1a", "us-east-1b"]);
    const groupId = await h.build.securityGroup(net.vpcId, [
      { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
    ]);
    const service = await createService(await createConnector(net.privateSubnetIds, [groupId]));
    const run = await h.doctor(["--service", service.name, "--json"]);
    expect(run.code).toBe(0);
    expect(run.json?.subnets.map((subnet) => subnet.subnetId)).toEqual(net.privateSubnetIds);
    expect(run.json?.subnets[0]?.hops[1]?.id).toBe(groupId);
    expect(run.json?.subnets[0]?.hops[0]?.detail).toContain("App Runner VPC connector ENI");
    expect(run.json?.warnings.map((warning) => warning.code)).toContain("SINGLE_AZ_NAT");
  });

  test("a connector in public subnets is diagnosed NO_PUBLIC_IP with a PUBLIC_SUBNET_CONNECTOR warning", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const connectorArn = await createConnector([net.publicSubnetId]);
    const run = await h.doctor(["--vpc-connector", connectorArn, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.subnets[0]?.reason?.code).toBe("NO_PUBLIC_IP");
    expect(run.json?.warnings.map((warning) => warning.code)).toContain("PUBLIC_SUBNET_CONNECTOR");
  });

  test("an unknown service name is a usage error (exit 2) that says so", async () => {
    const run = await h.doctor(["--service", "no-such-service", "--json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("No App Runner service named no-such-service");
    // --json still answers in JSON: the error object, with the same message.
    expect(JSON.parse(run.stdout)).toMatchObject({
      verdict: "error",
      error: {
        kind: "input",
        message: expect.stringContaining("No App Runner service named no-such-service"),
      },
    });
  });

  test("an unknown connector ARN is an API error (exit 2) with a hint", async () => {
    const run = await h.doctor([
      "--vpc-connector",
      "arn:aws:apprunner:us-east-1:123456789012:vpcconnector/missing/1/0123456789abcdef0123456789abcdef",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not found/i);
  });

  test("an account that is not an App Runner customer is told to diagnose with --subnets", async () => {
    // A fresh account: one that has services is a customer, however the flag is set.
    const fresh = await startHarness();
    try {
      await fetch(`${fresh.running.url}/_emulator/account`, {
        method: "POST",
        body: JSON.stringify({ appRunnerCustomer: false }),
      });
      const run = await fresh.doctor(["--service", "my-app"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("not an App Runner customer");
      expect(run.stderr).toContain("--subnets");
    } finally {
      await fresh.close();
    }
  });
});

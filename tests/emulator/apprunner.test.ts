import {
  CreateServiceCommand,
  CreateVpcConnectorCommand,
  DeleteServiceCommand,
  DeleteVpcConnectorCommand,
  DescribeServiceCommand,
  DescribeVpcConnectorCommand,
  ListOperationsCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListVpcConnectorsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-apprunner";
import { DescribeNetworkInterfacesCommand } from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { parseProbeResult } from "../../src/probe/index.ts";
import { expectRejectName, getServiceUrl, probeServiceInput, startWithClients } from "./apprunner-helpers.ts";
import { buildPrivateSubnetWithNat, NAT_PUBLIC_IP } from "./workload-fixtures.ts";

let env: Awaited<ReturnType<typeof startWithClients>>;
beforeEach(async () => {
  env = await startWithClients();
});
afterEach(async () => {
  await env.running.close();
});

const advance = (ms: number) => env.running.emulator.clock.advance(ms);

async function createConnector(subnets: string[], name = "lab-connector") {
  const { VpcConnector } = await env.apprunner.send(
    new CreateVpcConnectorCommand({
      VpcConnectorName: name,
      Subnets: subnets,
      Tags: [{ Key: "k", Value: "v" }],
    }),
  );
  return VpcConnector?.VpcConnectorArn as string;
}

describe("VPC connectors", () => {
  test("a connector is ACTIVE with revision 1, an ARN in App Runner's format and the VPC's default group", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const arn = await createConnector([net.privateSubnet.subnetId]);
    expect(arn).toMatch(
      /^arn:aws:apprunner:us-east-1:123456789012:vpcconnector\/lab-connector\/1\/[0-9a-f]{32}$/,
    );
    const { VpcConnector } = await env.apprunner.send(
      new DescribeVpcConnectorCommand({ VpcConnectorArn: arn }),
    );
    const defaultGroup = [...net.ec2.securityGroups.values()].find(
      (g) => g.vpcId === net.vpc.vpcId && g.groupName === "default",
    );
    expect(VpcConnector).toMatchObject({
      Status: "ACTIVE",
      VpcConnectorRevision: 1,
      Subnets: [net.privateSubnet.subnetId],
      SecurityGroups: [defaultGroup?.groupId],
    });
    expect(VpcConnector?.CreatedAt).toBeInstanceOf(Date);
  });

  test("each subnet gets one private-only ENI tagged AWSAppRunnerManaged, shared by identical connectors and released a while after the last one", async () => {
    // The ENI is read within connectorEniReleased (300 ms in the fast profile) of the deletion: only
    // advance() moves a frozen clock, however slow the machine.
    env.running.emulator.clock.freeze();
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const enisBefore = net.ec2.networkInterfaces.size;
    const first = await createConnector([net.privateSubnet.subnetId, net.publicSubnet.subnetId], "first");
    expect(net.ec2.networkInterfaces.size).toBe(enisBefore + 2);
    const second = await createConnector([net.privateSubnet.subnetId], "second");
    expect(net.ec2.networkInterfaces.size).toBe(enisBefore + 2);
    const tagged = [...net.ec2.networkInterfaces.values()].filter((eni) =>
      net.ec2.tags.get(eni.networkInterfaceId)?.has("AWSAppRunnerManaged"),
    );
    expect(tagged).toHaveLength(2);
    expect(tagged.every((eni) => eni.requesterManaged && eni.status === "in-use")).toBe(true);
    const liveEnis = async () =>
      (await env.ec2.send(new DescribeNetworkInterfacesCommand({}))).NetworkInterfaces?.length ?? 0;
    await env.apprunner.send(new DeleteVpcConnectorCommand({ VpcConnectorArn: first }));
    // The public subnet's ENI outlives its only connector until App Runner releases it.
    expect(await liveEnis()).toBe(enisBefore + 2);
    advance(env.running.emulator.clock.delays.connectorEniReleased);
    expect(await liveEnis()).toBe(enisBefore + 1);
    await env.apprunner.send(new DeleteVpcConnectorCommand({ VpcConnectorArn: second }));
    expect(await liveEnis()).toBe(enisBefore + 1);
    advance(env.running.emulator.clock.delays.connectorEniReleased);
    expect(await liveEnis()).toBe(enisBefore);
  });

  test("a deleted connector is INACTIVE, still listed, and a new one with its name gets revision 2", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const arn = await createConnector([net.privateSubnet.subnetId]);
    const { VpcConnector } = await env.apprunner.send(
      new DeleteVpcConnectorCommand({ VpcConnectorArn: arn }),
    );
    expect(VpcConnector?.Status).toBe("INACTIVE");
    expect(VpcConnector?.DeletedAt).toBeInstanceOf(Date);
    const again = await createConnector([net.privateSubnet.subnetId]);
    expect(again).toContain("/lab-connector/2/");
    const { VpcConnectors } = await env.apprunner.send(new ListVpcConnectorsCommand({}));
    expect(VpcConnectors?.map((c) => c.Status)).toEqual(["INACTIVE", "ACTIVE"]);
  });

  test("subnets of two VPCs, unknown subnets, bad names and a second ACTIVE name are InvalidRequestException", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const send = (input: { VpcConnectorName: string; Subnets: string[] }) =>
      env.apprunner.send(new CreateVpcConnectorCommand(input));
    await expectRejectName(
      send({ VpcConnectorName: "abc", Subnets: [net.privateSubnet.subnetId] }),
      "InvalidRequestException",
    );
    await expectRejectName(
      send({ VpcConnectorName: "good-name", Subnets: ["subnet-0123456789abcdef0"] }),
      "InvalidRequestException",
    );
    await expectRejectName(send({ VpcConnectorName: "good-name", Subnets: [] }), "InvalidRequestException");
    const ec2 = net.ec2;
    const otherVpcId = "vpc-0000000000000000a";
    ec2.vpcs.set(otherVpcId, { ...net.vpc, vpcId: otherVpcId, isDefault: false });
    ec2.subnets.set("subnet-0000000000000000b", {
      ...net.privateSubnet,
      subnetId: "subnet-0000000000000000b",
      vpcId: otherVpcId,
    });
    await expectRejectName(
      send({
        VpcConnectorName: "good-name",
        Subnets: [net.privateSubnet.subnetId, "subnet-0000000000000000b"],
      }),
      "InvalidRequestException",
    );
    await createConnector([net.privateSubnet.subnetId], "taken");
    await expectRejectName(
      send({ VpcConnectorName: "taken", Subnets: [net.privateSubnet.subnetId] }),
      "InvalidRequestException",
    );
  });

  test("a connector used by a service cannot be deleted until the service is deleted (fast profile: at once after)", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const connectorArn = await createConnector([net.privateSubnet.subnetId]);
    const { Service } = await env.apprunner.send(
      new CreateServiceCommand(
        probeServiceInput("probe", {
          NetworkConfiguration: { EgressConfiguration: { EgressType: "VPC", VpcConnectorArn: connectorArn } },
        }),
      ),
    );
    const refusal = await expectRejectName(
      env.apprunner.send(new DeleteVpcConnectorCommand({ VpcConnectorArn: connectorArn })),
      "InvalidRequestException",
    );
    expect(refusal.message).toBe(
      `Provided VPC connector arn is being used by other services. ARN: ${connectorArn}`,
    );
    advance(1_000);
    await env.apprunner.send(new DeleteServiceCommand({ ServiceArn: Service?.ServiceArn }));
    advance(env.running.emulator.clock.delays.serviceDeleted);
    const deleted = await env.apprunner.send(new DescribeServiceCommand({ ServiceArn: Service?.ServiceArn }));
    expect(deleted.Service?.Status).toBe("DELETED");
    // The realistic profile keeps it "being used" a while longer (apprunner-lifecycles.test.ts).
    const { VpcConnector } = await env.apprunner.send(
      new DeleteVpcConnectorCommand({ VpcConnectorArn: connectorArn }),
    );
    expect(VpcConnector?.Status).toBe("INACTIVE");
  });
});

describe("replacing a service's connector", () => {
  test("the old connector is in use while the update deploys, and free once it has ended", async () => {
    // Terraform's create_before_destroy: create the new connector, update the service, delete the old.
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const oldArn = await createConnector([net.privateSubnet.subnetId], "connector-a");
    const { Service } = await env.apprunner.send(
      new CreateServiceCommand(
        probeServiceInput("probe", {
          NetworkConfiguration: { EgressConfiguration: { EgressType: "VPC", VpcConnectorArn: oldArn } },
        }),
      ),
    );
    advance(1_000);
    const newArn = await createConnector([net.privateSubnet.subnetId], "connector-b");
    await env.apprunner.send(
      new UpdateServiceCommand({
        ServiceArn: Service?.ServiceArn,
        NetworkConfiguration: { EgressConfiguration: { EgressType: "VPC", VpcConnectorArn: newArn } },
      }),
    );
    await expectRejectName(
      env.apprunner.send(new DeleteVpcConnectorCommand({ VpcConnectorArn: oldArn })),
      "InvalidRequestException",
    );
    advance(1_000);
    const { VpcConnector } = await env.apprunner.send(
      new DeleteVpcConnectorCommand({ VpcConnectorArn: oldArn }),
    );
    expect(VpcConnector?.Status).toBe("INACTIVE");
    await expectRejectName(
      env.apprunner.send(new DeleteVpcConnectorCommand({ VpcConnectorArn: newArn })),
      "InvalidRequestException",
    );
  });
});

describe("services", () => {
  test("a service goes OPERATION_IN_PROGRESS -> RUNNING with a CREATE_SERVICE operation", async () => {
    const { Service, OperationId } = await env.apprunner.send(
      new CreateServiceCommand(probeServiceInput("probe")),
    );
    expect(Service?.ServiceId).toMatch(/^[0-9a-f]{32}$/);
    expect(Service?.ServiceArn).toBe(
      `arn:aws:apprunner:us-east-1:123456789012:service/probe/${Service?.ServiceId}`,
    );
    expect(Service?.ServiceUrl).toMatch(/^[0-9a-z]{10}\.us-east-1\.awsapprunner\.com$/);
    expect(Service?.Status).toBe("OPERATION_IN_PROGRESS");
    expect(Service?.InstanceConfiguration).toMatchObject({ Cpu: "256", Memory: "512" });
    const arn = Service?.ServiceArn as string;
    let ops = await env.apprunner.send(new ListOperationsCommand({ ServiceArn: arn }));
    expect(ops.OperationSummaryList?.[0]).toMatchObject({
      Id: OperationId,
      Type: "CREATE_SERVICE",
      Status: "IN_PROGRESS",
    });
    advance(1_000);
    const described = await env.apprunner.send(new DescribeServiceCommand({ ServiceArn: arn }));
    expect(described.Service?.Status).toBe("RUNNING");
    // Created without one, so none is described (Terraform would otherwise plan to remove it).
    expect(described.Service?.ObservabilityConfiguration).toBeUndefined();
    ops = await env.apprunner.send(new ListOperationsCommand({ ServiceArn: arn }));
    expect(ops.OperationSummaryList?.[0]).toMatchObject({ Status: "SUCCEEDED" });
    expect(ops.OperationSummaryList?.[0]?.EndedAt).toBeInstanceOf(Date);
    const listed = await env.apprunner.send(new ListServicesCommand({}));
    expect(listed.ServiceSummaryList?.map((s) => s.ServiceName)).toEqual(["probe"]);
  });

  test("a deleted service is DELETED, leaves ListServices, then DescribeService says ResourceNotFoundException", async () => {
    const { Service } = await env.apprunner.send(new CreateServiceCommand(probeServiceInput("probe")));
    const arn = Service?.ServiceArn as string;
    advance(1_000);
    const deleted = await env.apprunner.send(new DeleteServiceCommand({ ServiceArn: arn }));
    expect(deleted.Service?.Status).toBe("OPERATION_IN_PROGRESS");
    advance(1_000);
    expect((await env.apprunner.send(new DescribeServiceCommand({ ServiceArn: arn }))).Service?.Status).toBe(
      "DELETED",
    );
    expect((await env.apprunner.send(new ListServicesCommand({}))).ServiceSummaryList).toEqual([]);
    const ops = await env.apprunner.send(new ListOperationsCommand({ ServiceArn: arn }));
    expect(ops.OperationSummaryList?.map((o) => o.Type)).toEqual(["DELETE_SERVICE", "CREATE_SERVICE"]);
    advance(120_000);
    await expectRejectName(
      env.apprunner.send(new DescribeServiceCommand({ ServiceArn: arn })),
      "ResourceNotFoundException",
    );
  });

  test("updating a running service runs an UPDATE_SERVICE operation; updating during one is InvalidStateException", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const connectorArn = await createConnector([net.privateSubnet.subnetId]);
    const { Service } = await env.apprunner.send(new CreateServiceCommand(probeServiceInput("probe")));
    const arn = Service?.ServiceArn as string;
    await expectRejectName(
      env.apprunner.send(new UpdateServiceCommand({ ServiceArn: arn })),
      "InvalidStateException",
    );
    advance(1_000);
    const updated = await env.apprunner.send(
      new UpdateServiceCommand({
        ServiceArn: arn,
        NetworkConfiguration: { EgressConfiguration: { EgressType: "VPC", VpcConnectorArn: connectorArn } },
      }),
    );
    expect(updated.Service?.Status).toBe("OPERATION_IN_PROGRESS");
    expect(updated.Service?.NetworkConfiguration?.EgressConfiguration).toEqual({
      EgressType: "VPC",
      VpcConnectorArn: connectorArn,
    });
    advance(1_000);
    const ops = await env.apprunner.send(new ListOperationsCommand({ ServiceArn: arn }));
    expect(ops.OperationSummaryList?.[0]).toMatchObject({ Type: "UPDATE_SERVICE", Status: "SUCCEEDED" });
    expect((await env.apprunner.send(new DescribeServiceCommand({ ServiceArn: arn }))).Service?.Status).toBe(
      "RUNNING",
    );
  });

  test.each([
    [
      "AutoDeploymentsEnabled true with ECR Public",
      {
        SourceConfiguration: { ...probeServiceInput("x").SourceConfiguration, AutoDeploymentsEnabled: true },
      },
    ],
    ["0.25 vCPU with 2 GB", { InstanceConfiguration: { Cpu: "0.25 vCPU", Memory: "2 GB" } }],
    ["1 vCPU with 0.5 GB", { InstanceConfiguration: { Cpu: "1024", Memory: "512" } }],
    [
      "EgressType VPC without a connector",
      { NetworkConfiguration: { EgressConfiguration: { EgressType: "VPC" } } },
    ],
    [
      "a connector with EgressType DEFAULT",
      {
        NetworkConfiguration: {
          EgressConfiguration: {
            EgressType: "DEFAULT",
            VpcConnectorArn:
              "arn:aws:apprunner:us-east-1:123456789012:vpcconnector/x/1/0123456789abcdef0123456789abcdef",
          },
        },
      },
    ],
    ["a name of three characters", { ServiceName: "abc" }],
  ] as const)("%s is InvalidRequestException", async (_label, extra) => {
    await expectRejectName(
      env.apprunner.send(new CreateServiceCommand(probeServiceInput("probe", extra as never))),
      "InvalidRequestException",
    );
  });

  test.each([
    ["0.25 vCPU", "1 GB"],
    ["0.5 vCPU", "1 GB"],
    ["1 vCPU", "4 GB"],
    ["2 vCPU", "6 GB"],
    ["4 vCPU", "12 GB"],
  ])("%s with %s is accepted", async (Cpu, Memory) => {
    const { Service } = await env.apprunner.send(
      new CreateServiceCommand(probeServiceInput("probe", { InstanceConfiguration: { Cpu, Memory } })),
    );
    expect(Service?.Status).toBe("OPERATION_IN_PROGRESS");
  });

  test("an account that is not an App Runner customer cannot create services or connectors", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    await fetch(`${env.running.url}/_emulator/account`, {
      method: "POST",
      body: JSON.stringify({ appRunnerCustomer: false }),
    });
    const error = await expectRejectName(
      env.apprunner.send(new CreateServiceCommand(probeServiceInput("probe"))),
      "InvalidRequestException",
    );
    expect(error.message).toContain("no longer open to new customers");
    await expectRejectName(
      env.apprunner.send(
        new CreateVpcConnectorCommand({ VpcConnectorName: "conn", Subnets: [net.privateSubnet.subnetId] }),
      ),
      "InvalidRequestException",
    );
    expect((await env.apprunner.send(new ListServicesCommand({}))).ServiceSummaryList).toEqual([]);
  });

  test("tags can be added, listed and removed on services and connectors", async () => {
    const { Service } = await env.apprunner.send(
      new CreateServiceCommand(
        probeServiceInput("probe", { Tags: [{ Key: "apprunner-egress-lab:stack", Value: "s1" }] }),
      ),
    );
    const arn = Service?.ServiceArn as string;
    await env.apprunner.send(
      new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "Name", Value: "probe" }] }),
    );
    let tags = await env.apprunner.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    expect(tags.Tags).toEqual([
      { Key: "apprunner-egress-lab:stack", Value: "s1" },
      { Key: "Name", Value: "probe" },
    ]);
    await env.apprunner.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["Name"] }));
    tags = await env.apprunner.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    expect(tags.Tags).toEqual([{ Key: "apprunner-egress-lab:stack", Value: "s1" }]);
    await expectRejectName(
      env.apprunner.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "aws:x", Value: "y" }] })),
      "InvalidRequestException",
    );
  });

  test("ListServices pages with MaxResults and NextToken", async () => {
    for (const name of ["svc-1", "svc-2", "svc-3"]) {
      await env.apprunner.send(new CreateServiceCommand(probeServiceInput(name)));
    }
    const first = await env.apprunner.send(new ListServicesCommand({ MaxResults: 2 }));
    expect(first.ServiceSummaryList).toHaveLength(2);
    const second = await env.apprunner.send(
      new ListServicesCommand({ MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(second.ServiceSummaryList?.map((s) => s.ServiceName)).toEqual(["svc-3"]);
    expect(second.NextToken).toBeUndefined();
  });
});

describe("service URLs", () => {
  test("the probe times out through a connector without a NAT route and reaches the internet after one is added", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const connectorArn = await createConnector([net.privateSubnet.subnetId]);
    const { Service } = await env.apprunner.send(
      new CreateServiceCommand(
        probeServiceInput("probe", {
          NetworkConfiguration: { EgressConfiguration: { EgressType: "VPC", VpcConnectorArn: connectorArn } },
        }),
      ),
    );
    const url = Service?.ServiceUrl as string;
    expect((await getServiceUrl(env.running, url, "/")).status).toBe(404);
    advance(1_000);
    expect((await getServiceUrl(env.running, url, "/")).body).toBe("ok");
    const before = await getServiceUrl(env.running, url, "/probe?host=example.com&port=443");
    expect(before.headers["x-emulator-subnet-id"]).toBe(net.privateSubnet.subnetId);
    expect(before.headers["x-emulator-trace-reason"]).toBe("NO_ROUTE");
    const without = parseProbeResult(before.body);
    expect(without).toMatchObject({
      host: "example.com",
      port: 443,
      dns: { ok: true },
      tcp: { ok: false, error: "ETIMEDOUT", ms: 5000 },
      publicIp: { ok: false, error: "ETIMEDOUT" },
    });
    net.routePrivateToNat();
    const withNat = parseProbeResult(
      (await getServiceUrl(env.running, url, "/probe?host=example.com&port=443")).body,
    );
    expect(withNat).toMatchObject({ tcp: { ok: true }, publicIp: { ok: true, address: NAT_PUBLIC_IP } });
  });

  test("DEFAULT egress reaches the internet from an AWS-owned address that changes", async () => {
    const { Service } = await env.apprunner.send(new CreateServiceCommand(probeServiceInput("probe")));
    advance(1_000);
    const url = Service?.ServiceUrl as string;
    const a = parseProbeResult(
      (await getServiceUrl(env.running, url, "/probe?host=example.com&port=443")).body,
    );
    const b = parseProbeResult(
      (await getServiceUrl(env.running, url, "/probe?host=example.com&port=443")).body,
    );
    expect(a.tcp.ok).toBe(true);
    expect(a.publicIp).toMatchObject({
      ok: true,
      address: expect.stringMatching(/^203\.0\.113\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])$/),
    });
    expect(a.publicIp.ok && b.publicIp.ok && a.publicIp.address !== b.publicIp.address).toBe(true);
  });

  test("names do not resolve when the VPC has DNS support off", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    net.routePrivateToNat();
    net.vpc.enableDnsSupport = false;
    const connectorArn = await createConnector([net.privateSubnet.subnetId]);
    const { Service } = await env.apprunner.send(
      new CreateServiceCommand(
        probeServiceInput("probe", {
          NetworkConfiguration: { EgressConfiguration: { EgressType: "VPC", VpcConnectorArn: connectorArn } },
        }),
      ),
    );
    advance(1_000);
    const result = parseProbeResult(
      (await getServiceUrl(env.running, Service?.ServiceUrl as string, "/probe?host=example.com&port=443"))
        .body,
    );
    expect(result.dns).toMatchObject({ ok: false, error: "EAI_AGAIN" });
    expect(result.tcp).toMatchObject({ ok: false, error: "EAI_AGAIN" });
  });

  test("an unknown service host is a 404", async () => {
    const res = await getServiceUrl(env.running, "abcdefghij.us-east-1.awsapprunner.com", "/");
    expect(res.status).toBe(404);
  });
});

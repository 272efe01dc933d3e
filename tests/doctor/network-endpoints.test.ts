// Scenarios for issue 12 items 3 and 6: interface endpoints (PrivateLink) that answer AWS service
// names inside the VPC, customer-managed prefix lists, and security group rules that name groups.
// Each topology is built in the emulator through the SDK (or the AWS CLI), diagnosed through the
// doctor's command line (--json), and paired with a negative variant: the same topology with the
// one broken part, its reason code and the resources its fix names.

import {
  CreateManagedPrefixListCommand,
  CreateVpcEndpointCommand,
  DeleteSubnetCommand,
  DeleteVpcEndpointsCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNetworkInterfacesCommand,
  DescribePrefixListsCommand,
  DescribeVpcEndpointsCommand,
  GetManagedPrefixListEntriesCommand,
  ModifyVpcAttributeCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cliJson, findCliV1, runAwsCli } from "../emulator/aws-cli.ts";
import { errorOf } from "../emulator/helpers.ts";
import { type DoctorJson, type Harness, startHarness } from "./doctor-harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const SECRETS = "secretsmanager.us-east-1.amazonaws.com";

/**
 * A VPC without any way to the internet: an app subnet (us-east-1a) whose route table holds only the
 * local route, an endpoint subnet (us-east-1b), the app's group allowing all outbound traffic, an
 * endpoint group, and enableDnsHostnames on (enableDnsSupport is on in a new VPC).
 */
async function isolatedVpc(options: { dnsHostnames?: boolean } = {}) {
  const vpcId = await h.build.vpc();
  if (options.dnsHostnames !== false) await h.build.enableDnsHostnames(vpcId);
  const appSubnet = await h.build.subnet(vpcId, "10.0.1.0/24", "us-east-1a");
  const endpointSubnet = await h.build.subnet(vpcId, "10.0.2.0/24", "us-east-1b");
  const routeTableId = await h.build.routeTable(vpcId, [appSubnet, endpointSubnet], []);
  const appGroup = await h.build.securityGroup(vpcId, [
    { IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
  ]);
  const endpointGroup = await h.build.securityGroup(vpcId, []);
  return { vpcId, appSubnet, endpointSubnet, routeTableId, appGroup, endpointGroup };
}

type Network = Awaited<ReturnType<typeof isolatedVpc>>;

/** An interface endpoint in the endpoint subnet, waited for until it is available. */
async function endpoint(net: Network, service: string, privateDns: boolean) {
  const created = await h.build.interfaceEndpoint(net.vpcId, service, {
    subnetIds: [net.endpointSubnet],
    securityGroupIds: [net.endpointGroup],
    privateDns,
  });
  await waitAvailable(created.vpcEndpointId);
  return created;
}

async function waitAvailable(vpcEndpointId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { VpcEndpoints } = await h.ec2.send(
      new DescribeVpcEndpointsCommand({ VpcEndpointIds: [vpcEndpointId] }),
    );
    if (String(VpcEndpoints?.[0]?.State) === "available") return;
    if (Date.now() > deadline) throw new Error(`${vpcEndpointId} did not become available`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function allow443From(groupId: string, sourceGroupId: string): Promise<void> {
  await h.build.allowIngress(groupId, [
    { IpProtocol: "tcp", FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: sourceGroupId }] },
  ]);
}

async function diagnose(net: Network, destination: string, groups = [net.appGroup]) {
  const run = await h.doctor([
    "--subnets",
    net.appSubnet,
    "--security-groups",
    groups.join(","),
    "--destination",
    destination,
    "--json",
  ]);
  const subnet = run.json?.subnets[0] as DoctorJson["subnets"][number];
  return { run, subnet };
}

describe("interface endpoints (PrivateLink)", () => {
  test("with private DNS, the service's name reaches the endpoint's interface without a NAT", async () => {
    const net = await isolatedVpc();
    const created = await endpoint(net, "secretsmanager", true);
    await allow443From(net.endpointGroup, net.appGroup);
    const { run, subnet } = await diagnose(net, SECRETS);
    expect(run.code).toBe(0);
    expect(subnet).toMatchObject({ verdict: "reachable", reason: null, fix: null });
    expect(subnet.hops.map((hop) => hop.kind)).toEqual([
      "interface",
      "security-group",
      "network-acl",
      "route-table",
      "local",
      "network-acl",
      "interface-endpoint",
    ]);
    const last = subnet.hops.at(-1);
    expect(last?.id).toBe(created.vpcEndpointId);
    expect(last?.detail).toContain(created.networkInterfaceIds[0]);
    expect(last?.detail).toContain("private DNS");
    expect(last?.detail).toContain(net.appGroup);
  });

  test("negative: the endpoint's security group allows nothing in (ENDPOINT_SG_DENIED), and the fix names both groups", async () => {
    const net = await isolatedVpc();
    const created = await endpoint(net, "secretsmanager", true);
    const { run, subnet } = await diagnose(net, SECRETS);
    expect(run.code).toBe(1);
    expect(subnet.reason?.code).toBe("ENDPOINT_SG_DENIED");
    expect(subnet.reason?.message).toContain(created.vpcEndpointId);
    expect(subnet.fix).toBe(
      `Add an inbound rule to ${net.endpointGroup} allowing tcp 443 from ${net.appGroup} (the interface's security group).`,
    );
    expect(subnet.change?.edits).toEqual([
      {
        kind: "add-security-group-ingress",
        groupId: net.endpointGroup,
        rule: { protocol: "tcp", fromPort: 443, toPort: 443, cidrs: [], groupIds: [net.appGroup] },
      },
    ]);
  });

  test("negative: an inbound rule for another port does not count (ENDPOINT_SG_DENIED)", async () => {
    const net = await isolatedVpc();
    await endpoint(net, "secretsmanager", true);
    await h.build.allowIngress(net.endpointGroup, [
      { IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "10.0.0.0/16" }] },
    ]);
    const { subnet } = await diagnose(net, SECRETS);
    expect(subnet.reason?.code).toBe("ENDPOINT_SG_DENIED");
  });

  test("an inbound rule by CIDR (the VPC's block) lets the workload in", async () => {
    const net = await isolatedVpc();
    await endpoint(net, "secretsmanager", true);
    await h.build.allowIngress(net.endpointGroup, [
      { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.0.0/16" }] },
    ]);
    const { run, subnet } = await diagnose(net, SECRETS);
    expect(run.code).toBe(0);
    expect(subnet.hops.at(-1)?.detail).toContain("from 10.0.0.0/16");
  });

  test("negative: an endpoint without private DNS leaves the service's name on the public path (ENDPOINT_PRIVATE_DNS_OFF)", async () => {
    const net = await isolatedVpc();
    const created = await endpoint(net, "secretsmanager", false);
    await allow443From(net.endpointGroup, net.appGroup);
    const { run, subnet } = await diagnose(net, SECRETS);
    expect(run.code).toBe(1);
    expect(subnet.reason?.code).toBe("ENDPOINT_PRIVATE_DNS_OFF");
    expect(subnet.fix).toContain(`--vpc-endpoint-id ${created.vpcEndpointId} --private-dns-enabled`);
    expect(subnet.change?.edits).toEqual([
      { kind: "enable-endpoint-private-dns", vpcEndpointId: created.vpcEndpointId, dnsNames: [SECRETS] },
    ]);
    const ownName = created.dnsNames.find((name) => !name.includes("-us-east-1"));
    expect(ownName).toMatch(/^vpce-[0-9a-f]+-[0-9a-f]{8}\.secretsmanager\.us-east-1\.vpce\.amazonaws\.com$/);
    expect(subnet.fix).toContain(ownName);
  });

  test("the same endpoint without private DNS is reached through its own DNS name", async () => {
    const net = await isolatedVpc();
    const created = await endpoint(net, "secretsmanager", false);
    await allow443From(net.endpointGroup, net.appGroup);
    const ownName = created.dnsNames[0] ?? "";
    const { run, subnet } = await diagnose(net, ownName);
    expect(run.code).toBe(0);
    expect(subnet.hops.at(-1)?.detail).toContain("the endpoint's own DNS name");
  });

  test("negative: no endpoint and no NAT is NO_ROUTE, and the fix offers the interface endpoint besides a NAT", async () => {
    const net = await isolatedVpc();
    const { run, subnet } = await diagnose(net, SECRETS);
    expect(run.code).toBe(1);
    expect(subnet.reason?.code).toBe("NO_ROUTE");
    expect(subnet.fix).toContain(
      `create an interface endpoint for com.amazonaws.us-east-1.secretsmanager in ${net.vpcId} with private DNS`,
    );
  });

  test("STS: the regional name reaches the STS endpoint; negative: the global name does not (STS_GLOBAL_ENDPOINT)", async () => {
    const net = await isolatedVpc();
    const created = await endpoint(net, "sts", true);
    await allow443From(net.endpointGroup, net.appGroup);
    const regional = await diagnose(net, "sts.us-east-1.amazonaws.com");
    expect(regional.run.code).toBe(0);
    expect(regional.subnet.hops.at(-1)?.id).toBe(created.vpcEndpointId);
    const global = await diagnose(net, "sts.amazonaws.com");
    expect(global.run.code).toBe(1);
    expect(global.subnet.reason?.code).toBe("STS_GLOBAL_ENDPOINT");
    expect(global.subnet.reason?.message).toContain(created.vpcEndpointId);
    expect(global.subnet.fix).toContain("sts.us-east-1.amazonaws.com");
    expect(global.subnet.fix).toContain("AWS_STS_REGIONAL_ENDPOINTS=regional");
  });

  test("ECR: api.ecr.<region> and a registry name reach the ecr.api and ecr.dkr endpoints' private DNS", async () => {
    const net = await isolatedVpc();
    const api = await endpoint(net, "ecr.api", true);
    const dkr = await endpoint(net, "ecr.dkr", true);
    await allow443From(net.endpointGroup, net.appGroup);
    const apiRun = await diagnose(net, "api.ecr.us-east-1.amazonaws.com");
    expect(apiRun.subnet.hops.at(-1)?.id).toBe(api.vpcEndpointId);
    const registry = await diagnose(net, "123456789012.dkr.ecr.us-east-1.amazonaws.com");
    expect(registry.run.code).toBe(0);
    expect(registry.subnet.hops.at(-1)?.id).toBe(dkr.vpcEndpointId);
  });

  test("the workload's outbound rule may name the endpoint's group; negative: a rule naming another group is SG_EGRESS_DENIED and the fix names the endpoint's group", async () => {
    const net = await isolatedVpc();
    await endpoint(net, "secretsmanager", true);
    const toEndpoint = await h.build.securityGroup(net.vpcId, [
      { IpProtocol: "tcp", FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: net.endpointGroup }] },
    ]);
    await allow443From(net.endpointGroup, toEndpoint);
    const named = await diagnose(net, SECRETS, [toEndpoint]);
    expect(named.run.code).toBe(0);
    expect(named.subnet.hops[1]?.detail).toContain(`to ${net.endpointGroup}`);

    const elsewhere = await h.build.securityGroup(net.vpcId, [
      { IpProtocol: "tcp", FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: toEndpoint }] },
    ]);
    await allow443From(net.endpointGroup, elsewhere);
    const denied = await diagnose(net, SECRETS, [elsewhere]);
    expect(denied.subnet.reason?.code).toBe("SG_EGRESS_DENIED");
    expect(denied.subnet.fix).toContain(
      `Add an outbound rule to ${elsewhere} allowing tcp 443 to ${net.endpointGroup}`,
    );
  });

  test("negative: the endpoint subnet's network ACL refuses 443 in (NACL_DENIED names that ACL)", async () => {
    const net = await isolatedVpc();
    await endpoint(net, "secretsmanager", true);
    await allow443From(net.endpointGroup, net.appGroup);
    const aclId = await h.build.networkAcl(net.vpcId, net.endpointSubnet, [
      { rule: 100, egress: true, action: "allow", protocol: "-1" },
    ]);
    const { subnet } = await diagnose(net, SECRETS);
    expect(subnet.reason?.code).toBe("NACL_DENIED");
    expect(subnet.reason?.message).toContain(aclId);
  });
});

describe("the emulator's interface endpoints, as strict as AWS", () => {
  test("private DNS needs enableDnsHostnames on the VPC (InvalidParameter)", async () => {
    const net = await isolatedVpc({ dnsHostnames: false });
    const error = await errorOf(
      h.build.interfaceEndpoint(net.vpcId, "secretsmanager", {
        subnetIds: [net.endpointSubnet],
        privateDns: true,
      }),
    );
    expect(error.name).toBe("InvalidParameter");
    expect(error.message).toContain("enableDnsHostnames");
  });

  test("one subnet per Availability Zone, one private DNS endpoint per service and VPC, known services only", async () => {
    const net = await isolatedVpc();
    const sameZone = await h.build.subnet(net.vpcId, "10.0.3.0/24", "us-east-1b");
    const twoInOneZone = await errorOf(
      h.build.interfaceEndpoint(net.vpcId, "sqs", {
        subnetIds: [net.endpointSubnet, sameZone],
        privateDns: false,
      }),
    );
    expect(twoInOneZone.name).toBe("InvalidParameter");
    await h.build.interfaceEndpoint(net.vpcId, "sqs", { subnetIds: [net.endpointSubnet], privateDns: true });
    const conflict = await errorOf(
      h.build.interfaceEndpoint(net.vpcId, "sqs", { subnetIds: [sameZone], privateDns: true }),
    );
    expect(conflict.name).toBe("InvalidParameter");
    expect(conflict.message).toContain("conflicting DNS domain for sqs.us-east-1.amazonaws.com");
    const unknown = await errorOf(
      h.build.interfaceEndpoint(net.vpcId, "nothing", { subnetIds: [net.endpointSubnet], privateDns: false }),
    );
    expect(unknown.name).toBe("InvalidServiceName");
  });

  test("an interface endpoint without PrivateDnsEnabled is refused by name (its default is unverified)", async () => {
    const net = await isolatedVpc();
    const error = await errorOf(
      h.ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: net.vpcId,
          ServiceName: "com.amazonaws.us-east-1.kms",
          VpcEndpointType: "Interface",
          SubnetIds: [net.endpointSubnet],
        }),
      ),
    );
    expect(error.name).toBe("UnsupportedOperation");
    expect(error.message).toContain("PrivateDnsEnabled");
  });

  test("the endpoint's interfaces are requester-managed, carry its groups (the VPC's default without any), and go with it", async () => {
    const net = await isolatedVpc();
    const created = await h.build.interfaceEndpoint(net.vpcId, "logs", {
      subnetIds: [net.appSubnet, net.endpointSubnet],
      privateDns: false,
    });
    const { NetworkInterfaces } = await h.ec2.send(
      new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: created.networkInterfaceIds }),
    );
    expect(NetworkInterfaces?.map((eni) => eni.InterfaceType)).toEqual(["vpc_endpoint", "vpc_endpoint"]);
    expect(NetworkInterfaces?.every((eni) => eni.RequesterManaged === true)).toBe(true);
    expect(NetworkInterfaces?.[0]?.Groups?.[0]?.GroupName).toBe("default");
    const refused = await errorOf(h.ec2.send(new DeleteSubnetCommand({ SubnetId: net.appSubnet })));
    expect(refused.name).toBe("DependencyViolation");
    await h.ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [created.vpcEndpointId] }));
    const after = await h.ec2.send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: "vpc-id", Values: [net.vpcId] }] }),
    );
    expect(after.NetworkInterfaces).toEqual([]);
  });

  test("turning DNS hostnames off under a private DNS endpoint is refused by name (what AWS does is unverified)", async () => {
    const net = await isolatedVpc();
    await h.build.interfaceEndpoint(net.vpcId, "kms", { subnetIds: [net.endpointSubnet], privateDns: true });
    const error = await errorOf(
      h.ec2.send(new ModifyVpcAttributeCommand({ VpcId: net.vpcId, EnableDnsHostnames: { Value: false } })),
    );
    expect(error.name).toBe("UnsupportedOperation");
  });
});

const CLI = findCliV1();
if (CLI === null && process.env["CI"] === "true")
  throw new Error("the AWS CLI v1 (pip install awscli) is required when CI=true");
if (CLI === null)
  console.warn("SKIPPED: no AWS CLI v1 on PATH (pip install awscli); run with CI=true to make this fail.");

describe.skipIf(CLI === null)("built with the AWS CLI v1", () => {
  test("an isolated VPC with a Secrets Manager endpoint built by the CLI is diagnosed reachable", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: CLI JSON output
    const aws = async (...args: string[]): Promise<any> =>
      cliJson(await runAwsCli(CLI as string, h.running.url, ["ec2", ...args]), args);
    const vpcId = (await aws("create-vpc", "--cidr-block", "10.1.0.0/16")).Vpc.VpcId as string;
    await aws("modify-vpc-attribute", "--vpc-id", vpcId, "--enable-dns-hostnames");
    const app = (
      await aws(
        "create-subnet",
        "--vpc-id",
        vpcId,
        "--cidr-block",
        "10.1.1.0/24",
        "--availability-zone",
        "us-east-1a",
      )
    ).Subnet.SubnetId as string;
    const appGroup = (
      await aws("create-security-group", "--vpc-id", vpcId, "--group-name", "app", "--description", "app")
    ).GroupId as string;
    const endpointGroup = (
      await aws(
        "create-security-group",
        "--vpc-id",
        vpcId,
        "--group-name",
        "endpoint",
        "--description",
        "endpoint",
      )
    ).GroupId as string;
    await aws(
      "authorize-security-group-ingress",
      "--group-id",
      endpointGroup,
      "--protocol",
      "tcp",
      "--port",
      "443",
      "--source-group",
      appGroup,
    );
    const created = await aws(
      "create-vpc-endpoint",
      "--vpc-id",
      vpcId,
      "--vpc-endpoint-type",
      "Interface",
      "--service-name",
      "com.amazonaws.us-east-1.secretsmanager",
      "--subnet-ids",
      app,
      "--security-group-ids",
      endpointGroup,
      "--private-dns-enabled",
    );
    const vpcEndpointId = created.VpcEndpoint.VpcEndpointId as string;
    expect(created.VpcEndpoint.DnsEntries.map((entry: { DnsName: string }) => entry.DnsName)).toContain(
      SECRETS,
    );
    await waitAvailable(vpcEndpointId);
    const run = await h.doctor([
      "--subnets",
      app,
      "--security-groups",
      appGroup,
      "--destination",
      SECRETS,
      "--json",
    ]);
    expect(run.code).toBe(0);
    expect(run.json?.subnets[0]?.hops.at(-1)?.id).toBe(vpcEndpointId);
  });
});

describe("customer-managed prefix lists and rules that name groups", () => {
  test("an outbound rule to a prefix list that holds the destination allows it; negative: a list without it is SG_EGRESS_DENIED", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const partners = await h.build.prefixList("partners", ["203.0.113.0/25"]);
    const toPartners = await h.build.securityGroup(net.vpcId, [
      { IpProtocol: "tcp", FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: partners }] },
    ]);
    const subnet = net.privateSubnetIds[0] ?? "";
    const allowed = await h.doctor(["--subnets", subnet, "--security-groups", toPartners, "--json"]);
    expect(allowed.code).toBe(0);
    expect(allowed.json?.subnets[0]?.hops[1]?.detail).toContain(`to ${partners}`);

    const others = await h.build.prefixList("others", ["198.18.0.0/15"]);
    const toOthers = await h.build.securityGroup(net.vpcId, [
      { IpProtocol: "tcp", FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: others }] },
    ]);
    const denied = await h.doctor(["--subnets", subnet, "--security-groups", toOthers, "--json"]);
    expect(denied.code).toBe(1);
    expect(denied.json?.subnets[0]?.reason?.code).toBe("SG_EGRESS_DENIED");
    expect(denied.json?.subnets[0]?.fix).toContain(toOthers);
  });

  test("a route to a prefix list sends its blocks to the NAT gateway; negative: an address outside the list has NO_ROUTE", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const partners = await h.build.prefixList("partner-routes", ["203.0.113.0/25"]);
    const app = await h.build.subnet(net.vpcId, "10.0.40.0/24");
    const tableId = await h.build.routeTable(
      net.vpcId,
      [app],
      [{ prefixListId: partners, natGatewayId: net.nat.natGatewayId }],
    );
    const inside = await h.doctor(["--subnets", app, "--destination", "203.0.113.10", "--json"]);
    expect(inside.code).toBe(0);
    expect(inside.json?.subnets[0]?.hops[3]?.detail).toContain(`${partners} -> ${net.nat.natGatewayId}`);
    expect(inside.json?.subnets[0]?.sourceAddress).toBe(net.nat.publicIp);
    const outside = await h.doctor(["--subnets", app, "--destination", "203.0.113.200", "--json"]);
    expect(outside.json?.subnets[0]?.reason?.code).toBe("NO_ROUTE");
    expect(outside.json?.subnets[0]?.fix).toContain(tableId);
  });

  test("an outbound rule naming the database's group reaches its interface; negative: naming another group is SG_EGRESS_DENIED and the fix names the database's group", async () => {
    const net = await isolatedVpc();
    const dbGroup = await h.build.securityGroup(net.vpcId, []);
    const database = await h.build.networkInterface(net.endpointSubnet, [dbGroup]);
    const toDatabase = await h.build.securityGroup(net.vpcId, [
      { IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: dbGroup }] },
    ]);
    const args = [
      "--subnets",
      net.appSubnet,
      "--destination",
      database.privateIp,
      "--port",
      "5432",
      "--json",
    ];
    const reached = await h.doctor([...args, "--security-groups", toDatabase]);
    expect(reached.code).toBe(0);
    expect(reached.json?.subnets[0]?.hops[1]?.detail).toContain(`to ${dbGroup}`);

    const wrong = await h.build.securityGroup(net.vpcId, [
      { IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: net.endpointGroup }] },
    ]);
    const denied = await h.doctor([...args, "--security-groups", wrong]);
    expect(denied.json?.subnets[0]?.reason?.code).toBe("SG_EGRESS_DENIED");
    expect(denied.json?.subnets[0]?.fix).toContain(`to ${dbGroup} (the security group of ${database.id})`);
  });

  test("a list the caller may not read gives the verdict unknown (PATH_NOT_READABLE), not a guess", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const partners = await h.build.prefixList("hidden", ["203.0.113.0/25"]);
    const app = await h.build.subnet(net.vpcId, "10.0.41.0/24");
    await h.build.routeTable(
      net.vpcId,
      [app],
      [{ prefixListId: partners, natGatewayId: net.nat.natGatewayId }],
    );
    await fetch(`${h.running.url}/_emulator/account`, {
      method: "POST",
      body: JSON.stringify({ deniedActions: ["ec2:GetManagedPrefixListEntries"] }),
    });
    try {
      const run = await h.doctor(["--subnets", app, "--json"]);
      expect(run.json?.subnets[0]?.verdict).toBe("unknown");
      expect(run.json?.subnets[0]?.reason?.code).toBe("PATH_NOT_READABLE");
      expect(run.json?.subnets[0]?.fix).toContain(`--prefix-list-id ${partners}`);
    } finally {
      await fetch(`${h.running.url}/_emulator/account`, {
        method: "POST",
        body: JSON.stringify({ deniedActions: [] }),
      });
    }
  });

  test("the loader reads named lists in 1 + L calls, whatever the number of subnets", async () => {
    const net = await h.build.privateSubnetsWithNat(["us-east-1a", "us-east-1b", "us-east-1c"]);
    const first = await h.build.prefixList("count-1", ["203.0.113.0/26"]);
    const second = await h.build.prefixList("count-2", ["203.0.113.64/26"]);
    await h.build.route(net.privateRouteTableId, { prefixListId: first, natGatewayId: net.nat.natGatewayId });
    await h.build.route(net.privateRouteTableId, {
      prefixListId: second,
      natGatewayId: net.nat.natGatewayId,
    });
    const counts: number[] = [];
    for (const size of [1, 3]) {
      await fetch(`${h.running.url}/_emulator/calls`, { method: "DELETE" });
      await h.doctor(["--subnets", net.privateSubnetIds.slice(0, size).join(","), "--json"]);
      const calls = await h.calls();
      counts.push(calls.length);
      expect(calls.filter((call) => call.action === "GetManagedPrefixListEntries")).toHaveLength(2);
      expect(calls.filter((call) => call.action === "DescribeManagedPrefixLists")).toHaveLength(1);
    }
    // The 15 calls of load-topology.ts, plus 1 + 2 for the two named lists.
    expect(counts).toEqual([18, 18]);
  });
});

describe("the emulator's managed prefix lists, as strict as AWS", () => {
  test("entries come back from GetManagedPrefixListEntries; DescribePrefixLists keeps to AWS's service lists", async () => {
    const id = await h.build.prefixList("entries", ["10.8.0.0/16", "10.9.0.0/16"]);
    const { Entries } = await h.ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id }));
    expect(Entries?.map((entry) => entry.Cidr)).toEqual(["10.8.0.0/16", "10.9.0.0/16"]);
    const managed = await h.ec2.send(new DescribeManagedPrefixListsCommand({}));
    const owners = new Map(managed.PrefixLists?.map((list) => [list.PrefixListId, list.OwnerId]));
    expect(owners.get(id)).toMatch(/^\d{12}$/);
    expect(owners.get("pl-63a5400a")).toBe("AWS");
    const service = await h.ec2.send(new DescribePrefixListsCommand({}));
    expect(service.PrefixLists?.map((list) => list.PrefixListId)).not.toContain(id);
  });

  test("unknown lists in routes and rules, reserved names, too many entries and IPv6 lists are refused", async () => {
    const net = await isolatedVpc();
    const route = await errorOf(
      h.build.route(net.routeTableId, { prefixListId: "pl-0123456789abcdef0", gatewayId: "local" }),
    );
    expect(route.name).toBe("InvalidPrefixListID.NotFound");
    const rule = await errorOf(
      h.build.securityGroup(net.vpcId, [
        {
          IpProtocol: "tcp",
          FromPort: 443,
          ToPort: 443,
          PrefixListIds: [{ PrefixListId: "pl-0123456789abcdef0" }],
        },
      ]),
    );
    expect(rule.name).toBe("InvalidPrefixListID.NotFound");
    const reserved = await errorOf(h.build.prefixList("com.amazonaws.mine", ["10.0.0.0/8"]));
    expect(reserved.name).toBe("InvalidParameterValue");
    const tooMany = await errorOf(
      h.ec2.send(
        new CreateManagedPrefixListCommand({
          PrefixListName: "too-many",
          AddressFamily: "IPv4",
          MaxEntries: 1,
          Entries: [{ Cidr: "10.1.0.0/16" }, { Cidr: "10.2.0.0/16" }],
        }),
      ),
    );
    expect(tooMany.name).toBe("InvalidParameterValue");
    const ipv6 = await errorOf(
      h.ec2.send(
        new CreateManagedPrefixListCommand({ PrefixListName: "v6", AddressFamily: "IPv6", MaxEntries: 1 }),
      ),
    );
    expect(ipv6.name).toBe("UnsupportedOperation");
  });
});

// Issue 12's topologies built with the AWS CLI v1 (`aws ec2 ...`, as a user would paste them), then
// diagnosed by the doctor: IPv6 egress through an egress-only internet gateway, and egress through a
// firewall (Gateway Load Balancer) endpoint. The plain VPC under each (a NAT gateway in a public
// subnet) is built through the SDK; the parts of the feature go through the CLI. Each has a negative
// variant: the same network with one part broken, through the CLI too. Without `aws` v1 the tests
// skip loudly, except with CI=true (then they fail).

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applianceServiceName } from "../../src/emulator/ec2/gateway-load-balancer-endpoints.ts";
import { ipv6Subnet } from "../../test-support/ipv6-subnet.ts";
import { cliJson, findCliV1, runAwsCli } from "../emulator/aws-cli.ts";
import { type Harness, REGION, startHarness } from "./doctor-harness.ts";

let h: Harness;
let cli: string | null;
beforeAll(async () => {
  h = await startHarness();
  cli = findCliV1();
});
afterAll(async () => {
  await h.close();
});

/** The CLI, or null after saying why the test is skipped (CI=true: a failure instead). */
function requireCli(): string | null {
  if (cli !== null) return cli;
  if (process.env["CI"] === "true") throw new Error("the AWS CLI v1 is required when CI=true");
  console.warn("skipping: no AWS CLI v1 on PATH");
  return null;
}

// biome-ignore lint/suspicious/noExplicitAny: CLI JSON output
async function aws(path: string, ...args: string[]): Promise<any> {
  return cliJson(await runAwsCli(path, h.running.url, ["ec2", ...args]), args);
}

async function diagnose(subnetId: string, groupId: string, destination: string) {
  const run = await h.doctor([
    "--subnets",
    subnetId,
    "--security-groups",
    groupId,
    "--destination",
    destination,
    "--json",
  ]);
  return { code: run.code, subnet: run.json?.subnets[0], warnings: run.json?.warnings ?? [] };
}

describe("IPv6 built with the AWS CLI v1", () => {
  test("an Amazon-provided /56, a dual-stack subnet, an egress-only gateway and ::/0 reach an IPv6 destination; without ::/0, NO_ROUTE naming both", async () => {
    const path = requireCli();
    if (path === null) return;
    const net = await h.build.privateSubnetsWithNat(["us-east-1a"]);
    const subnetId = net.privateSubnetIds[0] ?? "";
    const association = await aws(
      path,
      "associate-vpc-cidr-block",
      "--vpc-id",
      net.vpcId,
      "--amazon-provided-ipv6-cidr-block",
    );
    const vpcBlock = association.Ipv6CidrBlockAssociation.Ipv6CidrBlock as string;
    await aws(
      path,
      "associate-subnet-cidr-block",
      "--subnet-id",
      subnetId,
      "--ipv6-cidr-block",
      ipv6Subnet(vpcBlock, 0x0a),
    );
    const eigw = (await aws(path, "create-egress-only-internet-gateway", "--vpc-id", net.vpcId))
      .EgressOnlyInternetGateway.EgressOnlyInternetGatewayId as string;
    const groupId = (
      await aws(
        path,
        "create-security-group",
        "--group-name",
        "v6-app",
        "--description",
        "app",
        "--vpc-id",
        net.vpcId,
      )
    ).GroupId as string;
    await aws(
      path,
      "authorize-security-group-egress",
      "--group-id",
      groupId,
      "--ip-permissions",
      "IpProtocol=tcp,FromPort=443,ToPort=443,Ipv6Ranges=[{CidrIpv6=::/0}]",
    );
    const destination = "2001:db8:ffff::10";

    // Negative first: the subnet's table has no ::/0 yet.
    const missing = await diagnose(subnetId, groupId, destination);
    expect(missing.code).toBe(1);
    expect(missing.subnet?.reason?.code).toBe("NO_ROUTE");
    expect(missing.subnet?.fix).toContain(eigw);
    expect(missing.subnet?.fix).toContain(net.privateRouteTableId);

    await aws(
      path,
      "create-route",
      "--route-table-id",
      net.privateRouteTableId,
      "--destination-ipv6-cidr-block",
      "::/0",
      "--egress-only-internet-gateway-id",
      eigw,
    );
    const working = await diagnose(subnetId, groupId, destination);
    expect(working.code).toBe(0);
    expect(working.subnet?.verdict).toBe("reachable");
    expect(working.subnet?.hops.map((hop) => `${hop.kind}:${hop.id ?? ""}`)).toContain(
      `egress-only-internet-gateway:${eigw}`,
    );
  });
});

describe("a firewall endpoint built with the AWS CLI v1", () => {
  test("0.0.0.0/0 to a Gateway Load Balancer endpoint, on through the NAT gateway: reachable with APPLIANCE_NOT_EVALUATED; the onward route deleted: NO_ROUTE naming the firewall's table", async () => {
    const path = requireCli();
    if (path === null) return;
    const net = await h.build.privateSubnetsWithNat(["us-east-1a"]);
    const firewallSubnet = (
      await aws(
        path,
        "create-subnet",
        "--vpc-id",
        net.vpcId,
        "--cidr-block",
        "10.0.20.0/28",
        "--availability-zone",
        "us-east-1a",
      )
    ).Subnet.SubnetId as string;
    const endpointId = (
      await aws(
        path,
        "create-vpc-endpoint",
        "--vpc-id",
        net.vpcId,
        "--vpc-endpoint-type",
        "GatewayLoadBalancer",
        "--service-name",
        applianceServiceName(REGION),
        "--subnet-ids",
        firewallSubnet,
      )
    ).VpcEndpoint.VpcEndpointId as string;
    const firewallTable = (await aws(path, "create-route-table", "--vpc-id", net.vpcId)).RouteTable
      .RouteTableId as string;
    await aws(
      path,
      "associate-route-table",
      "--route-table-id",
      firewallTable,
      "--subnet-id",
      firewallSubnet,
    );
    await aws(
      path,
      "create-route",
      "--route-table-id",
      firewallTable,
      "--destination-cidr-block",
      "0.0.0.0/0",
      "--nat-gateway-id",
      net.nat.natGatewayId,
    );
    const appSubnet = await h.build.subnet(net.vpcId, "10.0.30.0/24", "us-east-1a");
    const appTable = (await aws(path, "create-route-table", "--vpc-id", net.vpcId)).RouteTable
      .RouteTableId as string;
    await aws(path, "associate-route-table", "--route-table-id", appTable, "--subnet-id", appSubnet);
    await aws(
      path,
      "create-route",
      "--route-table-id",
      appTable,
      "--destination-cidr-block",
      "0.0.0.0/0",
      "--vpc-endpoint-id",
      endpointId,
    );
    const groupId = await h.build.securityGroup(net.vpcId, [
      { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
    ]);

    const working = await diagnose(appSubnet, groupId, "198.51.100.7");
    expect(working.code).toBe(0);
    expect(working.subnet?.verdict).toBe("reachable");
    expect(working.subnet?.sourceAddress).toBe(net.nat.publicIp);
    expect(working.subnet?.hops.map((hop) => `${hop.kind}:${hop.id ?? ""}`)).toEqual(
      expect.arrayContaining([`appliance-endpoint:${endpointId}`, `route-table:${firewallTable}`]),
    );
    expect(working.warnings.map((warning) => warning.code)).toContain("APPLIANCE_NOT_EVALUATED");

    // Negative: the firewall subnet's route onward deleted, through the CLI.
    await aws(
      path,
      "delete-route",
      "--route-table-id",
      firewallTable,
      "--destination-cidr-block",
      "0.0.0.0/0",
    );
    const broken = await diagnose(appSubnet, groupId, "198.51.100.7");
    expect(broken.code).toBe(1);
    expect(broken.subnet?.reason?.code).toBe("NO_ROUTE");
    expect(broken.subnet?.reason?.message).toContain(endpointId);
    expect(broken.subnet?.fix).toContain(firewallTable);
    expect(broken.subnet?.fix).toContain(net.nat.natGatewayId);
  });
});

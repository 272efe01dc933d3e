// The egress suite's scenarios, built in the emulator through the SDK and diagnosed through the
// doctor's command line (runDoctor in-process), asserting the JSON contract and the exit code.

import { ModifyVpcAttributeCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "./doctor-harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe("doctor --subnets", () => {
  test("a private subnet routed to a NAT gateway in a public subnet reaches the internet from the NAT's Elastic IP", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const run = await h.doctor(["--subnets", net.privateSubnetIds.join(","), "--json"]);
    expect(run.code).toBe(0);
    expect(run.json?.verdict).toBe("reachable");
    const [subnet] = run.json?.subnets ?? [];
    expect(subnet).toMatchObject({
      subnetId: net.privateSubnetIds[0],
      availabilityZone: "us-east-1a",
      verdict: "reachable",
      reason: null,
      fix: null,
      sourceAddress: net.nat.publicIp,
    });
    expect(subnet?.hops.map((hop) => hop.kind)).toEqual([
      "interface",
      "security-group",
      "network-acl",
      "route-table",
      "nat-gateway",
      "network-acl",
      "route-table",
      "internet-gateway",
      "internet",
    ]);
  });

  test("a subnet without a default route cannot reach the internet (NO_ROUTE), and the fix names a NAT gateway", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const isolated = await h.build.subnet(net.vpcId, "10.0.50.0/24");
    const tableId = await h.build.routeTable(net.vpcId, [isolated], []);
    const run = await h.doctor(["--subnets", isolated, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.verdict).toBe("unreachable");
    expect(run.json?.subnets[0]?.reason?.code).toBe("NO_ROUTE");
    expect(run.json?.subnets[0]?.fix).toContain(tableId);
    expect(run.json?.subnets[0]?.fix).toContain(net.nat.natGatewayId);
  });

  test("a public subnet gives an interface without a public IP no way out (NO_PUBLIC_IP) and is warned about", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const run = await h.doctor(["--subnets", net.publicSubnetId, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.subnets[0]?.reason?.code).toBe("NO_PUBLIC_IP");
    expect(run.json?.warnings.map((warning) => warning.code)).toContain("PUBLIC_SUBNET_CONNECTOR");
  });

  test("a NAT gateway in a subnet without a route to the internet gateway is reported (NAT_SUBNET_NOT_PUBLIC)", async () => {
    const vpcId = await h.build.vpc();
    const igwId = await h.build.internetGateway(vpcId);
    const natSubnet = await h.build.subnet(vpcId, "10.0.0.0/24");
    await h.build.routeTable(vpcId, [natSubnet], []);
    const nat = await h.build.natGateway(natSubnet);
    const app = await h.build.subnet(vpcId, "10.0.1.0/24");
    await h.build.routeTable(vpcId, [app], [{ cidr: "0.0.0.0/0", natGatewayId: nat.natGatewayId }]);
    const run = await h.doctor(["--subnets", app, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.subnets[0]?.reason?.code).toBe("NAT_SUBNET_NOT_PUBLIC");
    expect(run.json?.subnets[0]?.fix).toContain(igwId);
  });

  test("a NAT gateway still pending is not available yet (NAT_NOT_AVAILABLE)", async () => {
    const net = await h.build.privateSubnetsWithNat();
    await fetch(`${h.running.url}/_emulator/clock`, {
      method: "POST",
      body: JSON.stringify({ profile: "realistic" }),
    });
    try {
      const second = await h.build.subnet(net.vpcId, "10.0.60.0/24");
      const { NatGateway } = await h.ec2.send(
        new (await import("@aws-sdk/client-ec2")).CreateNatGatewayCommand({
          SubnetId: net.publicSubnetId,
          ConnectivityType: "private",
        }),
      );
      const natId = NatGateway?.NatGatewayId ?? "";
      await h.build.routeTable(net.vpcId, [second], [{ cidr: "0.0.0.0/0", natGatewayId: natId }]);
      const run = await h.doctor(["--subnets", second, "--json"]);
      expect(run.code).toBe(1);
      expect(run.json?.subnets[0]?.reason?.code).toBe("NAT_NOT_AVAILABLE");
      expect(run.json?.subnets[0]?.fix).toContain(natId);
    } finally {
      await fetch(`${h.running.url}/_emulator/clock`, {
        method: "POST",
        body: JSON.stringify({ profile: "fast" }),
      });
    }
  });

  test("a route to a deleted NAT gateway is a blackhole (BLACKHOLE_ROUTE)", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const { DeleteNatGatewayCommand } = await import("@aws-sdk/client-ec2");
    await h.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: net.nat.natGatewayId }));
    await h.build.waitForNat(net.nat.natGatewayId, (state) => state === "deleted");
    const run = await h.doctor(["--subnets", net.privateSubnetIds.join(","), "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.subnets[0]?.reason?.code).toBe("BLACKHOLE_ROUTE");
    expect(run.json?.subnets[0]?.reason?.message).toContain(net.nat.natGatewayId);
  });

  test("a NAT gateway that failed (no internet gateway in the VPC) is reported as not available", async () => {
    const vpcId = await h.build.vpc();
    const natSubnet = await h.build.subnet(vpcId, "10.0.0.0/24");
    const nat = await h.build.natGateway(natSubnet);
    expect(nat.state).toBe("failed");
    const app = await h.build.subnet(vpcId, "10.0.1.0/24");
    await h.build.routeTable(vpcId, [app], [{ cidr: "0.0.0.0/0", natGatewayId: nat.natGatewayId }]);
    const run = await h.doctor(["--subnets", app, "--json"]);
    expect(run.code).toBe(1);
    // The route shows as blackhole, but the NAT gateway still exists: the specific cause is reported,
    // with the API's own failure code and message (DescribeNatGateways FailureCode, FailureMessage).
    expect(run.json?.subnets[0]?.reason?.code).toBe("NAT_NOT_AVAILABLE");
    expect(run.json?.subnets[0]?.reason?.message).toContain(
      `AWS says: Gateway.NotAttached: Network ${vpcId} has no Internet gateway attached`,
    );
  });

  test("a route to an internet gateway that was detached goes nowhere", async () => {
    const vpcId = await h.build.vpc();
    const igwId = await h.build.internetGateway(vpcId);
    const subnetId = await h.build.subnet(vpcId, "10.0.0.0/24");
    await h.build.routeTable(vpcId, [subnetId], [{ cidr: "0.0.0.0/0", gatewayId: igwId }]);
    const { DetachInternetGatewayCommand } = await import("@aws-sdk/client-ec2");
    await h.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
    const run = await h.doctor(["--subnets", subnetId, "--json"]);
    expect(run.code).toBe(1);
    const reason = run.json?.subnets[0]?.reason;
    // AWS marks routes to a detached gateway "blackhole"; the gateway still exists, so the model
    // names the specific cause.
    expect(reason?.code).toBe("IGW_NOT_ATTACHED");
    expect(reason?.message).toContain(igwId);
  });

  test("a security group without an outbound rule for the port is reported (SG_EGRESS_DENIED)", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const groupId = await h.build.securityGroup(net.vpcId, [
      { IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
    ]);
    const run = await h.doctor([
      "--subnets",
      net.privateSubnetIds.join(","),
      "--security-groups",
      groupId,
      "--json",
    ]);
    expect(run.code).toBe(1);
    expect(run.json?.subnets[0]?.reason?.code).toBe("SG_EGRESS_DENIED");
    expect(run.json?.subnets[0]?.fix).toContain(groupId);
    const onPort80 = await h.doctor([
      "--subnets",
      net.privateSubnetIds.join(","),
      "--security-groups",
      groupId,
      "--port",
      "80",
      "--json",
    ]);
    expect(onPort80.code).toBe(0);
  });

  test("a network ACL that denies outbound 443 is reported (NACL_DENIED)", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const [subnetId = ""] = net.privateSubnetIds;
    const aclId = await h.build.networkAcl(net.vpcId, subnetId, [
      { rule: 100, egress: true, action: "deny", protocol: "6", ports: [443, 443] },
      { rule: 200, egress: true, action: "allow", protocol: "-1" },
      { rule: 200, egress: false, action: "allow", protocol: "-1" },
    ]);
    const run = await h.doctor(["--subnets", subnetId, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.subnets[0]?.reason?.code).toBe("NACL_DENIED");
    expect(run.json?.subnets[0]?.reason?.message).toContain(aclId);
  });

  test("a subnet without its own route table uses the VPC's main table", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const mainId = await h.build.mainRouteTable(net.vpcId);
    await h.build.route(mainId, { cidr: "0.0.0.0/0", natGatewayId: net.nat.natGatewayId });
    const loose = await h.build.subnet(net.vpcId, "10.0.70.0/24");
    const run = await h.doctor(["--subnets", loose, "--json"]);
    expect(run.code).toBe(0);
    const table = run.json?.subnets[0]?.hops.find((hop) => hop.kind === "route-table");
    expect(table?.id).toBe(mainId);
    expect(table?.detail).toContain("(main)");
  });

  test("the most specific route wins over the default route", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const app = await h.build.subnet(net.vpcId, "10.0.80.0/24");
    await h.build.routeTable(
      net.vpcId,
      [app],
      [
        { cidr: "0.0.0.0/0", gatewayId: net.igwId },
        { cidr: "203.0.113.0/24", natGatewayId: net.nat.natGatewayId },
      ],
    );
    const toSpecific = await h.doctor(["--subnets", app, "--destination", "203.0.113.10", "--json"]);
    expect(toSpecific.code).toBe(0);
    expect(toSpecific.json?.subnets[0]?.sourceAddress).toBe(net.nat.publicIp);
    const elsewhere = await h.doctor(["--subnets", app, "--destination", "198.51.100.200", "--json"]);
    expect(elsewhere.json?.subnets[0]?.reason?.code).toBe("NO_PUBLIC_IP");
  });

  test("an address inside the VPC is reached through the local route, without NAT", async () => {
    const vpcId = await h.build.vpc();
    const app = await h.build.subnet(vpcId, "10.0.1.0/24");
    await h.build.routeTable(vpcId, [app], []);
    const run = await h.doctor(["--subnets", app, "--destination", "10.0.2.25", "--port", "5432", "--json"]);
    expect(run.code).toBe(0);
    expect(run.json?.subnets[0]?.hops.map((hop) => hop.kind)).toContain("local");
  });

  test("S3 is reached through a gateway endpoint while the internet is not", async () => {
    const vpcId = await h.build.vpc();
    const app = await h.build.subnet(vpcId, "10.0.1.0/24");
    const tableId = await h.build.routeTable(vpcId, [app], []);
    const endpointId = await h.build.gatewayEndpoint(vpcId, "s3", [tableId]);
    const toS3 = await h.doctor(["--subnets", app, "--destination", "192.0.2.10", "--json"]);
    expect(toS3.code).toBe(0);
    expect(toS3.json?.subnets[0]?.hops.find((hop) => hop.kind === "gateway-endpoint")?.id).toBe(endpointId);
    const toInternet = await h.doctor(["--subnets", app, "--json"]);
    expect(toInternet.code).toBe(1);
    expect(toInternet.json?.subnets[0]?.reason?.code).toBe("NO_ROUTE");
  });

  test("a private NAT gateway cannot reach the internet (NAT_PRIVATE_CONNECTIVITY)", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const privateNat = await h.build.natGateway(net.privateSubnetIds[0] ?? "", "private");
    const app = await h.build.subnet(net.vpcId, "10.0.90.0/24");
    await h.build.routeTable(
      net.vpcId,
      [app],
      [{ cidr: "0.0.0.0/0", natGatewayId: privateNat.natGatewayId }],
    );
    const run = await h.doctor(["--subnets", app, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.subnets[0]?.reason?.code).toBe("NAT_PRIVATE_CONNECTIVITY");
    expect(run.json?.subnets[0]?.fix).toContain(net.nat.natGatewayId);
  });

  test("two AZs with different answers give a partial verdict", async () => {
    const net = await h.build.privateSubnetsWithNat(["us-east-1a"]);
    const other = await h.build.subnet(net.vpcId, "10.0.20.0/24", "us-east-1b");
    await h.build.routeTable(net.vpcId, [other], []);
    const run = await h.doctor(["--subnets", `${net.privateSubnetIds[0]},${other}`, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.verdict).toBe("partial");
    expect(run.json?.subnets.map((subnet) => [subnet.availabilityZone, subnet.verdict])).toEqual([
      ["us-east-1a", "reachable"],
      ["us-east-1b", "unreachable"],
    ]);
  });

  test("subnets in two AZs sharing one NAT gateway reach the internet with a SINGLE_AZ_NAT warning", async () => {
    const net = await h.build.privateSubnetsWithNat(["us-east-1a", "us-east-1b"]);
    const run = await h.doctor(["--subnets", net.privateSubnetIds.join(","), "--json"]);
    expect(run.code).toBe(0);
    expect(run.json?.warnings.map((warning) => warning.code)).toContain("SINGLE_AZ_NAT");
  });

  test("a VPC with DNS resolution turned off is warned about (DNS_SUPPORT_DISABLED)", async () => {
    const net = await h.build.privateSubnetsWithNat();
    await h.ec2.send(new ModifyVpcAttributeCommand({ VpcId: net.vpcId, EnableDnsSupport: { Value: false } }));
    const run = await h.doctor(["--subnets", net.privateSubnetIds.join(","), "--json"]);
    expect(run.json?.warnings.map((warning) => warning.code)).toContain("DNS_SUPPORT_DISABLED");
  });

  test("without --security-groups the VPC's default group is used, and the report says so", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const run = await h.doctor(["--subnets", net.privateSubnetIds.join(","), "--json"]);
    const warning = run.json?.warnings.find((candidate) => candidate.code === "DEFAULT_SECURITY_GROUP");
    expect(warning?.message).toMatch(/sg-[0-9a-f]+/);
  });

  test("a security group outside the subnets' VPC is a usage error (exit 2)", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const otherVpc = await h.build.vpc("10.1.0.0/16");
    const foreign = await h.build.securityGroup(otherVpc, []);
    const run = await h.doctor(["--subnets", net.privateSubnetIds.join(","), "--security-groups", foreign]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${foreign} is not in ${net.vpcId}`);
  });

  test("the readable report shows each subnet's path, the overall verdict and the fix", async () => {
    const vpcId = await h.build.vpc();
    const app = await h.build.subnet(vpcId, "10.0.1.0/24");
    await h.build.routeTable(vpcId, [app], []);
    const run = await h.doctor(["--subnets", app]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${app} (us-east-1a)`);
    expect(run.stdout).toContain("Verdict: unreachable (NO_ROUTE)");
    expect(run.stdout).toContain("Fix: ");
    expect(run.stdout).toContain("Overall: UNREACHABLE");
  });
});

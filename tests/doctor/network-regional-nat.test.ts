// Issue 12 item 1, regional NAT gateways: each topology built through the emulator with the real SDK
// (CreateNatGateway AvailabilityMode=regional), diagnosed by the doctor (--json), with its verdict,
// reason code and the resources its fix names; each negative variant is the working topology with one
// part broken. The model's rules: src/egress/follow-regional-nat.ts; facts: docs/FACTS.md.

import {
  AllocateAddressCommand,
  AssociateNatGatewayAddressCommand,
  CreateNatGatewayCommand,
  CreateNetworkInterfaceCommand,
  DeleteRouteCommand,
  DescribeNatGatewaysCommand,
  DetachInternetGatewayCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cliJson, findCliV1, runAwsCli } from "../emulator/aws-cli.ts";
import { type DoctorJson, type Harness, startHarness } from "./doctor-harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

type Subnet = DoctorJson["subnets"][number];

async function diagnose(subnetIds: string[], groupId: string): Promise<Subnet[]> {
  const run = await h.doctor(["--subnets", subnetIds.join(","), "--security-groups", groupId, "--json"]);
  expect(run.json, run.stderr).toBeDefined();
  return run.json?.subnets ?? [];
}

function bySubnet(subnets: Subnet[], subnetId: string): Subnet {
  const found = subnets.find((subnet) => subnet.subnetId === subnetId);
  if (found === undefined) throw new Error(`no diagnosis for ${subnetId}`);
  return found;
}

async function clock(body: unknown): Promise<void> {
  const response = await fetch(`${h.running.url}/_emulator/clock`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

async function describeNat(natGatewayId: string) {
  const { NatGateways } = await h.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [natGatewayId] }));
  return NatGateways?.[0];
}

/** Until the gateway has a succeeded address in the zone (an association takes the emulator's NAT delay). */
async function waitForZone(natGatewayId: string, zone: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const nat = await describeNat(natGatewayId);
    const served = (nat?.NatGatewayAddresses ?? []).some(
      (address) => address.AvailabilityZone === zone && address.Status === "succeeded",
    );
    if (served || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface RegionalNetwork {
  vpcId: string;
  igwId: string;
  groupId: string;
  /** us-east-1a, with a workload interface (what makes an automatic gateway serve the zone). */
  subnetA: string;
  /** us-east-1b, no interface. */
  subnetB: string;
  natGatewayId: string;
  natRouteTableId: string;
  /** The Elastic IP each served zone translates with. */
  zoneIps: Record<string, string>;
}

/**
 * vpc 10.0.0.0/16 with an attached internet gateway, private subnets in us-east-1a (10.0.10.0/24,
 * holding an interface) and us-east-1b (10.0.11.0/24), each with its own route table sending
 * 0.0.0.0/0 to one regional NAT gateway (automatic mode, or manual with an Elastic IP for us-east-1a
 * only); waited for until it is available unless `wait` is false.
 */
async function regionalNetwork(
  options: {
    mode?: "automatic" | "manual";
    wait?: boolean;
    detachWhilePending?: boolean;
    interfaceInA?: boolean;
  } = {},
): Promise<RegionalNetwork> {
  const vpcId = await h.build.vpc();
  const igwId = await h.build.internetGateway(vpcId);
  const subnetA = await h.build.subnet(vpcId, "10.0.10.0/24", "us-east-1a");
  const subnetB = await h.build.subnet(vpcId, "10.0.11.0/24", "us-east-1b");
  if (options.interfaceInA ?? true)
    await h.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetA }));
  const groupId = await h.build.securityGroup(vpcId, [
    { IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
  ]);
  let natGatewayId: string;
  if ((options.wait ?? true) && options.detachWhilePending !== true) {
    // The scenario tables' builder (test-support/build-network.ts): waits until it is not pending.
    const nat = await h.build.regionalNatGateway(
      vpcId,
      options.mode === "manual" ? { zones: ["us-east-1a"] } : {},
    );
    natGatewayId = nat.natGatewayId;
  } else {
    // Pending, or failed because the internet gateway goes while it is pending: the builder waits.
    // The detach must land while the gateway is pending, which lasts 300 ms in the fast profile: a
    // loaded machine can take longer between two requests. Pending lasts 10 min here, then is skipped.
    const pendingMs = 600_000;
    if (options.detachWhilePending === true) await clock({ delays: { natGatewayAvailable: pendingMs } });
    const { NatGateway } = await h.ec2.send(
      new CreateNatGatewayCommand({ AvailabilityMode: "regional", VpcId: vpcId }),
    );
    natGatewayId = NatGateway?.NatGatewayId as string;
    if (options.detachWhilePending === true) {
      await h.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
      await clock({ profile: "fast", advanceMs: pendingMs });
      await h.build.waitForNat(natGatewayId, (state) => state !== "pending");
    }
  }
  for (const subnetId of [subnetA, subnetB])
    await h.build.routeTable(vpcId, [subnetId], [{ cidr: "0.0.0.0/0", natGatewayId }]);
  const nat = await describeNat(natGatewayId);
  const zoneIps: Record<string, string> = {};
  for (const address of nat?.NatGatewayAddresses ?? [])
    if (address.AvailabilityZone !== undefined && address.PublicIp !== undefined)
      zoneIps[address.AvailabilityZone] = address.PublicIp;
  return {
    vpcId,
    igwId,
    groupId,
    subnetA,
    subnetB,
    natGatewayId,
    natRouteTableId: nat?.RouteTableId as string,
    zoneIps,
  };
}

describe("automatic mode", () => {
  test("working: the zone with an interface leaves with its address, through the gateway's route table and the internet gateway", async () => {
    const net = await regionalNetwork();
    expect(net.zoneIps["us-east-1a"]).toBeDefined();
    const a = bySubnet(await diagnose([net.subnetA], net.groupId), net.subnetA);
    expect(a.verdict).toBe("reachable");
    expect(a.reason).toBeNull();
    expect(a.sourceAddress).toBe(net.zoneIps["us-east-1a"]);
    expect(a.hops.map((hop) => hop.id ?? hop.kind)).toEqual(
      expect.arrayContaining([net.natGatewayId, net.natRouteTableId, net.igwId]),
    );
    expect(a.hops.find((hop) => hop.id === net.natGatewayId)?.detail).toContain("regional, automatic");
  });

  test("a zone without the workload's interfaces yet: verdict unknown, REGIONAL_NAT_ZONE_EXPANDING, the fix says what to wait for", async () => {
    const net = await regionalNetwork();
    const subnets = await diagnose([net.subnetA, net.subnetB], net.groupId);
    expect(bySubnet(subnets, net.subnetA).verdict).toBe("reachable");
    const b = bySubnet(subnets, net.subnetB);
    expect(b.verdict).toBe("unknown");
    expect(b.reason?.code).toBe("REGIONAL_NAT_ZONE_EXPANDING");
    expect(b.reason?.message).toContain("us-east-1b");
    expect(b.fix).toContain(`describe-nat-gateways --nat-gateway-ids ${net.natGatewayId}`);
    expect(b.fix).toContain(net.subnetB);
    expect(b.change ?? null).toBeNull();
  });

  test("the gateway's route table lost its internet route: REGIONAL_NAT_NO_INTERNET_GATEWAY, the fix puts it back", async () => {
    const net = await regionalNetwork();
    await h.ec2.send(
      new DeleteRouteCommand({ RouteTableId: net.natRouteTableId, DestinationCidrBlock: "0.0.0.0/0" }),
    );
    const a = bySubnet(await diagnose([net.subnetA], net.groupId), net.subnetA);
    expect(a.verdict).toBe("unreachable");
    expect(a.reason?.code).toBe("REGIONAL_NAT_NO_INTERNET_GATEWAY");
    expect(a.reason?.message).toContain(net.natGatewayId);
    expect(a.fix).toContain(net.natRouteTableId);
    expect(a.fix).toContain(net.igwId);
    expect(a.change?.edits).toEqual([
      {
        kind: "create-route",
        routeTableId: net.natRouteTableId,
        route: { destination: { cidr: "0.0.0.0/0" }, target: { kind: "internet-gateway", id: net.igwId } },
      },
    ]);
  });

  test("a subnet without the route to the gateway: NO_ROUTE, the fix routes it to the regional gateway", async () => {
    const net = await regionalNetwork();
    const subnetC = await h.build.subnet(net.vpcId, "10.0.12.0/24", "us-east-1a");
    const tableC = await h.build.routeTable(net.vpcId, [subnetC], []);
    const c = bySubnet(await diagnose([subnetC], net.groupId), subnetC);
    expect(c.verdict).toBe("unreachable");
    expect(c.reason?.code).toBe("NO_ROUTE");
    expect(c.fix).toContain(net.natGatewayId);
    expect(c.fix).toContain(tableC);
    expect(c.change?.edits).toEqual([
      {
        kind: "create-route",
        routeTableId: tableC,
        route: { destination: { cidr: "0.0.0.0/0" }, target: { kind: "nat-gateway", id: net.natGatewayId } },
      },
    ]);
  });
});

describe("manual mode", () => {
  test("the zone given an Elastic IP works with that address; the other zone: REGIONAL_NAT_NO_ADDRESS_IN_ZONE, associate one for it", async () => {
    const net = await regionalNetwork({ mode: "manual", interfaceInA: false });
    const subnets = await diagnose([net.subnetA, net.subnetB], net.groupId);
    const a = bySubnet(subnets, net.subnetA);
    expect(a.verdict).toBe("reachable");
    expect(a.sourceAddress).toBe(net.zoneIps["us-east-1a"]);
    const b = bySubnet(subnets, net.subnetB);
    expect(b.verdict).toBe("unreachable");
    expect(b.reason?.code).toBe("REGIONAL_NAT_NO_ADDRESS_IN_ZONE");
    expect(b.fix).toContain(net.natGatewayId);
    expect(b.fix).toContain("--availability-zone us-east-1b");
    expect(b.change?.edits[0]).toMatchObject({
      kind: "associate-nat-gateway-address",
      natGatewayId: net.natGatewayId,
      availabilityZone: "us-east-1b",
    });

    // The fix, applied as it says (AllocateAddress, AssociateNatGatewayAddress for the zone): us-east-1b works.
    const { AllocationId, PublicIp } = await h.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
    await h.ec2.send(
      new AssociateNatGatewayAddressCommand({
        NatGatewayId: net.natGatewayId,
        AllocationIds: [AllocationId as string],
        AvailabilityZone: "us-east-1b",
      }),
    );
    await waitForZone(net.natGatewayId, "us-east-1b");
    const fixed = bySubnet(await diagnose([net.subnetB], net.groupId), net.subnetB);
    expect(fixed.verdict).toBe("reachable");
    expect(fixed.sourceAddress).toBe(PublicIp);
  });
});

describe("the AWS CLI v1", () => {
  test("builds a regional NAT gateway (automatic mode) and the route to it; the doctor follows it", async () => {
    const cli = findCliV1();
    if (cli === null) {
      if (process.env["CI"] === "true") throw new Error("the AWS CLI v1 is required under CI=true");
      console.warn("SKIPPED: no AWS CLI v1 on PATH");
      return;
    }
    const aws = async (...args: string[]) => cliJson(await runAwsCli(cli, h.running.url, args), args);
    const vpcId = await h.build.vpc();
    const igwId = await h.build.internetGateway(vpcId);
    const subnetId = await h.build.subnet(vpcId, "10.0.10.0/24", "us-east-1a");
    await aws("ec2", "create-network-interface", "--subnet-id", subnetId);
    const created = await aws(
      "ec2",
      "create-nat-gateway",
      "--availability-mode",
      "regional",
      "--vpc-id",
      vpcId,
    );
    const natGatewayId = created.NatGateway.NatGatewayId as string;
    expect(created.NatGateway.AvailabilityMode).toBe("regional");
    await h.build.waitForNat(natGatewayId, (state) => state !== "pending");
    const table = await aws("ec2", "create-route-table", "--vpc-id", vpcId);
    const tableId = table.RouteTable.RouteTableId as string;
    await aws("ec2", "associate-route-table", "--route-table-id", tableId, "--subnet-id", subnetId);
    await aws(
      "ec2",
      "create-route",
      "--route-table-id",
      tableId,
      "--destination-cidr-block",
      "0.0.0.0/0",
      "--nat-gateway-id",
      natGatewayId,
    );
    const groupId = await h.build.securityGroup(vpcId, [
      { IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
    ]);
    const subnet = bySubnet(await diagnose([subnetId], groupId), subnetId);
    expect(subnet.verdict).toBe("reachable");
    expect(subnet.hops.map((hop) => hop.id)).toEqual(expect.arrayContaining([natGatewayId, igwId]));
  });
});

describe("the gateway's state", () => {
  test("pending: NAT_NOT_AVAILABLE, wait for it", async () => {
    await clock({ delays: { natGatewayAvailable: 600_000 } });
    try {
      const net = await regionalNetwork({ wait: false });
      const a = bySubnet(await diagnose([net.subnetA], net.groupId), net.subnetA);
      expect(a.verdict).toBe("unreachable");
      expect(a.reason?.code).toBe("NAT_NOT_AVAILABLE");
      expect(a.fix).toBe(`Wait until ${net.natGatewayId} is available, then retry.`);
    } finally {
      await clock({ profile: "fast" });
    }
  });

  test("failed because the internet gateway went while it was pending: NAT_NOT_AVAILABLE quoting AWS's Gateway.NotAttached", async () => {
    const net = await regionalNetwork({ detachWhilePending: true, interfaceInA: false });
    expect((await describeNat(net.natGatewayId))?.State).toBe("failed");
    const a = bySubnet(await diagnose([net.subnetA], net.groupId), net.subnetA);
    expect(a.verdict).toBe("unreachable");
    expect(a.reason?.code).toBe("NAT_NOT_AVAILABLE");
    expect(a.reason?.message).toContain(net.natGatewayId);
    expect(a.reason?.message).toContain("Gateway.NotAttached");
    expect(a.fix).toContain(net.vpcId);
  });
});

describe("calls", () => {
  test("a regional gateway costs no extra call: the same calls as a zonal one", async () => {
    const regional = await regionalNetwork();
    const zonalVpc = await h.build.vpc();
    const zonalIgw = await h.build.internetGateway(zonalVpc);
    const publicSubnet = await h.build.subnet(zonalVpc, "10.0.0.0/24", "us-east-1a");
    await h.build.routeTable(zonalVpc, [publicSubnet], [{ cidr: "0.0.0.0/0", gatewayId: zonalIgw }]);
    const zonalNat = await h.build.natGateway(publicSubnet);
    const privateSubnet = await h.build.subnet(zonalVpc, "10.0.10.0/24", "us-east-1a");
    await h.build.routeTable(
      zonalVpc,
      [privateSubnet],
      [{ cidr: "0.0.0.0/0", natGatewayId: zonalNat.natGatewayId }],
    );
    const zonalGroup = await h.build.securityGroup(zonalVpc, [
      { IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
    ]);

    const actions = async (subnetId: string, groupId: string) => {
      await fetch(`${h.running.url}/_emulator/calls`, { method: "DELETE" });
      const run = await h.doctor(["--subnets", subnetId, "--security-groups", groupId, "--json"]);
      expect(run.json?.subnets[0]?.verdict).toBe("reachable");
      return (await h.calls()).map((call) => call.action).sort();
    };
    expect(await actions(regional.subnetA, regional.groupId)).toEqual(
      await actions(privateSubnet, zonalGroup),
    );
  });
});

// The exported EC2 state helpers (createNetworkInterface, lookups) and ec2StateToTopology, used
// directly as the App Runner and workload parts use them, then asked to the egress model.

import { describe, expect, test } from "vitest";
import { traceEgress } from "../../src/egress/index.ts";
import { QueryParams } from "../../src/emulator/codecs/query-params.ts";
import type { RequestContext } from "../../src/emulator/context.ts";
import { ec2Actions } from "../../src/emulator/ec2/actions.ts";
import {
  createNetworkInterface,
  deleteNetworkInterface,
  getSubnet,
  getVpc,
} from "../../src/emulator/ec2/state.ts";
import { ec2StateToTopology } from "../../src/emulator/ec2/to-topology.ts";
import { Emulator } from "../../src/emulator/emulator.ts";

/** Calls a handler as the server would, with form-encoded parameters. */
function call(emulator: Emulator, action: string, params: Record<string, string> = {}) {
  const ctx: RequestContext = {
    emulator,
    backend: emulator.region("us-east-1"),
    region: "us-east-1",
    service: "ec2",
    action,
    requestId: "test",
  };
  const handler = ec2Actions[action];
  if (!handler) throw new Error(`no handler ${action}`);
  return handler(
    ctx,
    QueryParams.parse(new URLSearchParams({ Action: action, ...params }).toString()),
  ) as Record<
    string,
    // biome-ignore lint/suspicious/noExplicitAny: replies are loosely typed records
    any
  >;
}

function buildLab(emulator: Emulator) {
  const vpcId = call(emulator, "CreateVpc", { CidrBlock: "10.0.0.0/16" }).vpc.vpcId as string;
  const publicSubnet = call(emulator, "CreateSubnet", { VpcId: vpcId, CidrBlock: "10.0.0.0/24" }).subnet
    .subnetId as string;
  const privateSubnet = call(emulator, "CreateSubnet", { VpcId: vpcId, CidrBlock: "10.0.1.0/24" }).subnet
    .subnetId as string;
  const igwId = call(emulator, "CreateInternetGateway").internetGateway.internetGatewayId as string;
  call(emulator, "AttachInternetGateway", { InternetGatewayId: igwId, VpcId: vpcId });
  const publicTable = call(emulator, "CreateRouteTable", { VpcId: vpcId }).routeTable.routeTableId as string;
  call(emulator, "CreateRoute", {
    RouteTableId: publicTable,
    DestinationCidrBlock: "0.0.0.0/0",
    GatewayId: igwId,
  });
  call(emulator, "AssociateRouteTable", { RouteTableId: publicTable, SubnetId: publicSubnet });
  const privateTable = call(emulator, "CreateRouteTable", { VpcId: vpcId }).routeTable.routeTableId as string;
  call(emulator, "AssociateRouteTable", { RouteTableId: privateTable, SubnetId: privateSubnet });
  return { vpcId, publicSubnet, privateSubnet, igwId, privateTable };
}

const destination = { address: "198.18.0.10", protocol: "tcp" as const, port: 443 };

describe("ec2StateToTopology", () => {
  test("a fresh account's topology holds the default VPC, its six subnets and the attached gateway", () => {
    const emulator = new Emulator();
    const topology = ec2StateToTopology(emulator.region("us-east-1").ec2, emulator.clock.now());
    expect(topology.vpcs).toEqual([
      expect.objectContaining({ cidrBlocks: ["172.31.0.0/16"], isDefault: true, dnsSupport: true }),
    ]);
    expect(topology.subnets).toHaveLength(6);
    expect(topology.internetGateways[0]?.attachedVpcIds).toEqual([topology.vpcs[0]?.id]);
    expect(topology.routeTables[0]?.routes.map((r) => r.target.kind)).toEqual(["local", "internet-gateway"]);
    expect(topology.networkAcls[0]?.entries).toHaveLength(2);
    expect(topology.prefixLists.map((p) => p.name)).toContain("com.amazonaws.us-east-1.s3");
  });

  test("an interface in a private subnet without a NAT has no egress; with an available NAT it leaves via the EIP", () => {
    const emulator = new Emulator();
    const state = emulator.region("us-east-1").ec2;
    const lab = buildLab(emulator);
    const eni = createNetworkInterface(state, emulator, {
      subnetId: lab.privateSubnet,
      groupIds: [],
      description: "AWS App Runner VPC connector ENI",
      requesterManaged: false,
      tags: [{ key: "AWSAppRunnerManaged", value: "true" }],
    });
    const source = {
      mode: "vpc" as const,
      subnetId: lab.privateSubnet,
      securityGroupIds: eni.groupIds,
      hasPublicIp: false,
    };
    const before = traceEgress(ec2StateToTopology(state, emulator.clock.now()), source, destination);
    expect(before.verdict).toBe("unreachable");
    expect(before.reason?.code).toBe("NO_ROUTE");

    const eip = call(emulator, "AllocateAddress");
    const natId = call(emulator, "CreateNatGateway", {
      SubnetId: lab.publicSubnet,
      AllocationId: eip.allocationId,
    }).natGateway.natGatewayId as string;
    call(emulator, "CreateRoute", {
      RouteTableId: lab.privateTable,
      DestinationCidrBlock: "0.0.0.0/0",
      NatGatewayId: natId,
    });
    const pending = ec2StateToTopology(state, emulator.clock.now());
    expect(pending.natGateways[0]?.state).toBe("pending");
    expect(traceEgress(pending, source, destination).reason?.code).toBe("NAT_NOT_AVAILABLE");

    const later = emulator.clock.now() + 60_000;
    const available = ec2StateToTopology(state, later);
    expect(available.natGateways[0]).toMatchObject({ state: "available", publicIp: eip.publicIp });
    const trace = traceEgress(available, source, destination);
    expect(trace.verdict).toBe("reachable");
    expect(trace.sourceAddress).toBe(eip.publicIp);
  });

  test("a deleted NAT shows as deleted with a blackhole route and no EIP association at that instant", () => {
    const emulator = new Emulator();
    const state = emulator.region("us-east-1").ec2;
    const lab = buildLab(emulator);
    const eip = call(emulator, "AllocateAddress");
    const natId = call(emulator, "CreateNatGateway", {
      SubnetId: lab.publicSubnet,
      AllocationId: eip.allocationId,
    }).natGateway.natGatewayId as string;
    call(emulator, "CreateRoute", {
      RouteTableId: lab.privateTable,
      DestinationCidrBlock: "0.0.0.0/0",
      NatGatewayId: natId,
    });
    call(emulator, "DeleteNatGateway", { NatGatewayId: natId });
    const topology = ec2StateToTopology(state, emulator.clock.now() + 60_000);
    expect(topology.natGateways[0]?.state).toBe("deleted");
    const route = topology.routeTables.find((t) => t.id === lab.privateTable)?.routes[1];
    expect(route?.state).toBe("blackhole");
    expect(topology.elasticIps[0]?.networkInterfaceId).toBeUndefined();
  });
});

describe("exported state helpers", () => {
  test("createNetworkInterface allocates distinct addresses and deleteNetworkInterface frees them", () => {
    const emulator = new Emulator();
    const state = emulator.region("us-east-1").ec2;
    const subnet = [...state.subnets.values()][0];
    const input = {
      subnetId: subnet?.subnetId as string,
      groupIds: [],
      description: "x",
      requesterManaged: true,
    };
    const a = createNetworkInterface(state, emulator, input);
    const b = createNetworkInterface(state, emulator, input);
    expect([a.privateIpAddress, b.privateIpAddress]).toEqual(["172.31.0.4", "172.31.0.5"]);
    expect(a.status).toBe("in-use");
    deleteNetworkInterface(state, emulator, a.networkInterfaceId);
    expect(createNetworkInterface(state, emulator, input).privateIpAddress).toBe("172.31.0.4");
  });

  test("getters throw AWS's NotFound errors", () => {
    const emulator = new Emulator();
    const state = emulator.region("us-east-1").ec2;
    expect(() => getSubnet(state, "subnet-0123456789abcdef0")).toThrow(
      expect.objectContaining({ code: "InvalidSubnetID.NotFound" }),
    );
    expect(() => getVpc(state, "nope")).toThrow(expect.objectContaining({ code: "InvalidVpcID.Malformed" }));
  });
});

import { describe, expect, test } from "vitest";
import { applyChange, ChangeNotApplicable } from "../../src/egress/apply-change.ts";
import { selectTransitRoute } from "../../src/egress/follow-transit-gateway.ts";
import { traceEgress } from "../../src/egress/index.ts";
import type {
  Destination,
  ReasonCode,
  Topology,
  TopologyChange,
  TraceResult,
} from "../../src/egress/types.ts";
import { https } from "./fixtures.ts";
import {
  attachment,
  buildTransitTopology,
  EIP_A,
  EIP_B,
  tgwTable,
  vpcTable,
  workload,
} from "./transit-fixtures.ts";

function trace(topology: Topology, az: "a" | "b" = "a", destination: Destination = https()): TraceResult {
  return traceEgress(topology, workload(az), destination);
}

function hopIds(result: TraceResult): string[] {
  return result.hops.map((hop) => (hop.id === undefined ? hop.kind : `${hop.kind}:${hop.id}`));
}

describe("centralized egress through a transit gateway", () => {
  test("the spoke reaches the internet through the egress VPC's NAT gateway in the same AZ", () => {
    const result = trace(buildTransitTopology());
    expect(result.verdict).toBe("reachable");
    expect(result.sourceAddress).toBe(EIP_A);
    expect(hopIds(result)).toEqual([
      "interface:eni-app",
      "security-group:sg-app",
      "network-acl:acl-spoke",
      "route-table:rtb-spoke",
      "transit-gateway-attachment:tgw-attach-spoke",
      "transit-gateway:tgw-rtb-spoke",
      "transit-gateway-attachment:tgw-attach-egress",
      "route-table:rtb-egress-tgw-a",
      "nat-gateway:nat-egress-a",
      "network-acl:acl-egress",
      "route-table:rtb-egress-public",
      "internet-gateway:igw-egress",
      "internet",
      "transit-gateway:tgw-rtb-egress",
    ]);
    expect(result.hops.at(-1)?.detail).toContain("10.1.0.0/16 -> tgw-attach-spoke (propagated)");
  });

  test("a workload in the second AZ enters the egress VPC in that AZ and leaves by its NAT gateway", () => {
    const result = trace(buildTransitTopology(), "b");
    expect(result).toMatchObject({ verdict: "reachable", sourceAddress: EIP_B });
    expect(hopIds(result)).toContain("route-table:rtb-egress-tgw-b");
  });

  test("without a static default route in the spoke's transit gateway route table: TGW_NO_ROUTE naming the egress attachment", () => {
    const topology = buildTransitTopology();
    tgwTable(topology, "tgw-rtb-spoke").routes = [];
    const result = trace(topology);
    expect(result.verdict).toBe("unreachable");
    expect(result.reason?.code).toBe("TGW_NO_ROUTE");
    expect(result.fix).toContain("0.0.0.0/0 -> tgw-attach-egress");
    expect(result.fix).toContain("tgw-rtb-spoke");
  });

  test("an attachment associated with no route table: TGW_NO_ROUTE with the association to make", () => {
    const topology = buildTransitTopology();
    delete attachment(topology, "tgw-attach-spoke").associatedRouteTableId;
    const result = trace(topology);
    expect(result.reason?.code).toBe("TGW_NO_ROUTE");
    expect(result.fix).toContain("Associate tgw-attach-spoke");
  });

  test("a static blackhole route: TGW_BLACKHOLE_ROUTE", () => {
    const topology = buildTransitTopology();
    tgwTable(topology, "tgw-rtb-spoke").routes = [
      { destination: "0.0.0.0/0", attachmentIds: [], type: "static", state: "blackhole" },
    ];
    const result = trace(topology);
    expect(result.reason?.code).toBe("TGW_BLACKHOLE_ROUTE");
    expect(result.fix).toContain("tgw-attach-egress");
  });

  test("the longest prefix wins: a more specific blackhole drops only the destinations it covers", () => {
    const topology = buildTransitTopology();
    tgwTable(topology, "tgw-rtb-spoke").routes.push({
      destination: "93.184.0.0/16",
      attachmentIds: [],
      type: "static",
      state: "blackhole",
    });
    expect(trace(topology, "a", https("93.184.215.14")).reason?.code).toBe("TGW_BLACKHOLE_ROUTE");
    expect(trace(topology, "a", https("203.0.113.7")).verdict).toBe("reachable");
  });

  test("on the same prefix a static route beats a propagated one", () => {
    const table = {
      id: "tgw-rtb-x",
      transitGatewayId: "tgw-1",
      routes: [
        {
          destination: "10.1.0.0/16",
          attachmentIds: ["tgw-attach-a"],
          type: "propagated" as const,
          state: "active" as const,
        },
        {
          destination: "10.1.0.0/16",
          attachmentIds: ["tgw-attach-b"],
          type: "static" as const,
          state: "active" as const,
        },
        {
          destination: "10.0.0.0/8",
          attachmentIds: ["tgw-attach-c"],
          type: "static" as const,
          state: "active" as const,
        },
      ],
    };
    expect(selectTransitRoute(table, "10.1.2.3")?.attachmentIds).toEqual(["tgw-attach-b"]);
    expect(selectTransitRoute(table, "10.2.2.3")?.attachmentIds).toEqual(["tgw-attach-c"]);
    expect(selectTransitRoute(table, "192.0.2.1")).toBeNull();
  });

  test("without propagation of the spoke into the egress route table the replies are lost: TGW_NO_RETURN_ROUTE", () => {
    const topology = buildTransitTopology();
    tgwTable(topology, "tgw-rtb-egress").routes = [];
    const result = trace(topology);
    expect(result.verdict).toBe("unreachable");
    expect(result.reason?.code).toBe("TGW_NO_RETURN_ROUTE");
    expect(result.reason?.message).toContain("tgw-rtb-egress");
    expect(result.fix).toContain("Enable propagation from tgw-attach-spoke to tgw-rtb-egress");
  });

  test("an egress VPC without a route back to the transit gateway: TGW_NO_RETURN_ROUTE naming its route table", () => {
    const topology = buildTransitTopology();
    vpcTable(topology, "rtb-egress-public").routes.splice(1, 1);
    const result = trace(topology);
    expect(result.reason?.code).toBe("TGW_NO_RETURN_ROUTE");
    expect(result.fix).toBe("Add a route 10.1.0.0/16 -> tgw-1 to rtb-egress-public.");
  });

  test("an AZ without an attachment subnet cannot reach the transit gateway: TGW_NO_ATTACHMENT_IN_AZ", () => {
    const topology = buildTransitTopology();
    attachment(topology, "tgw-attach-spoke").subnetIds = ["subnet-tgw-spoke-a"];
    expect(trace(topology, "a").verdict).toBe("reachable");
    const result = trace(topology, "b");
    expect(result.reason?.code).toBe("TGW_NO_ATTACHMENT_IN_AZ");
    expect(result.fix).toContain("us-east-1b");
    expect(result.fix).toContain("tgw-attach-spoke");
  });

  test("the egress VPC's attachment without a subnet in the workload's AZ lands in another zone", () => {
    const topology = buildTransitTopology();
    attachment(topology, "tgw-attach-egress").subnetIds = ["subnet-egress-tgw-a"];
    const result = trace(topology, "b");
    expect(result).toMatchObject({ verdict: "reachable", sourceAddress: EIP_A });
    expect(result.hops.find((hop) => hop.id === "tgw-attach-egress")?.detail).toContain(
      "no attachment subnet in us-east-1b",
    );
  });

  test("a VPC without an attachment to the transit gateway: TGW_ATTACHMENT_NOT_AVAILABLE", () => {
    const topology = buildTransitTopology();
    topology.transitGatewayAttachments = (topology.transitGatewayAttachments ?? []).filter(
      (candidate) => candidate.id !== "tgw-attach-spoke",
    );
    const result = trace(topology);
    expect(result.reason?.code).toBe("TGW_ATTACHMENT_NOT_AVAILABLE");
    expect(result.fix).toContain("Attach vpc-spoke to tgw-1");
  });

  test("the attachment subnet's route table sending the traffic straight to the internet gateway: NO_PUBLIC_IP", () => {
    const topology = buildTransitTopology();
    vpcTable(topology, "rtb-egress-tgw-a").routes = [
      {
        destination: { cidr: "0.0.0.0/0" },
        target: { kind: "internet-gateway", id: "igw-egress" },
        state: "active",
      },
    ];
    const result = trace(topology);
    expect(result.reason?.code).toBe("NO_PUBLIC_IP");
    expect(result.reason?.message).toContain("came through tgw-1");
    expect(result.fix).toContain("nat-egress-a");
    expect(result.fix).toContain("rtb-egress-tgw-a");
  });

  test("an egress VPC the caller cannot read (another account): unknown, with the doctor command to run there", () => {
    const topology = buildTransitTopology();
    topology.vpcs = topology.vpcs.filter((vpc) => vpc.id !== "vpc-egress");
    topology.subnets = topology.subnets.filter((candidate) => candidate.vpcId !== "vpc-egress");
    attachment(topology, "tgw-attach-egress").resourceOwnerId = "222233334444";
    const result = trace(topology);
    expect(result.verdict).toBe("unknown");
    expect(result.reason?.code).toBe("PATH_NOT_READABLE");
    expect(result.hops.at(-1)?.kind).toBe("not-readable");
    expect(result.fix).toContain("account 222233334444");
    expect(result.fix).toContain("--subnets subnet-egress-tgw-a,subnet-egress-tgw-b");
  });

  test("transit gateway data the caller may not read: unknown, naming the denied call", () => {
    const topology = buildTransitTopology();
    delete topology.transitGatewayAttachments;
    delete topology.transitGatewayRouteTables;
    topology.unreadable = [
      {
        what: "transit gateways",
        action: "ec2:DescribeTransitGatewayAttachments",
        cause: "UnauthorizedOperation: You are not authorized to perform this operation.",
      },
    ];
    const result = trace(topology);
    expect(result.verdict).toBe("unknown");
    expect(result.reason?.message).toContain("ec2:DescribeTransitGatewayAttachments");
    expect(result.fix).toContain("ec2:SearchTransitGatewayRoutes");
  });

  test("a shared transit gateway whose route tables only its owner sees: unknown, with the search to run there", () => {
    const topology = buildTransitTopology();
    topology.transitGatewayRouteTables = [];
    const result = trace(topology);
    expect(result.verdict).toBe("unknown");
    expect(result.fix).toContain(
      "search-transit-gateway-routes --transit-gateway-route-table-id tgw-rtb-spoke",
    );
  });

  test("a route on to a VPN attachment: unknown, the path leaves what AWS's VPC routing shows", () => {
    const topology = buildTransitTopology();
    topology.transitGatewayAttachments?.push({
      id: "tgw-attach-vpn",
      transitGatewayId: "tgw-1",
      resourceType: "vpn",
      resourceId: "vpn-1",
      state: "available",
    });
    tgwTable(topology, "tgw-rtb-spoke").routes = [
      { destination: "0.0.0.0/0", attachmentIds: ["tgw-attach-vpn"], type: "static", state: "active" },
    ];
    const result = trace(topology);
    expect(result.verdict).toBe("unknown");
    expect(result.reason?.message).toContain("vpn attachment");
  });

  test("a transit gateway route table sending the traffic back to the spoke: ROUTING_LOOP", () => {
    const topology = buildTransitTopology();
    tgwTable(topology, "tgw-rtb-spoke").routes = [
      { destination: "0.0.0.0/0", attachmentIds: ["tgw-attach-spoke"], type: "static", state: "active" },
    ];
    expect(trace(topology).reason?.code).toBe("ROUTING_LOOP");
  });

  test("a private destination in the egress VPC is reached, with the way back checked from its subnet", () => {
    const topology = buildTransitTopology();
    const result = trace(topology, "a", { address: "10.9.0.40", protocol: "tcp", port: 5432 });
    expect(result.verdict).toBe("reachable");
    vpcTable(topology, "rtb-egress-public").routes.splice(1, 1);
    expect(trace(topology, "a", { address: "10.9.0.40", protocol: "tcp", port: 5432 }).reason?.code).toBe(
      "TGW_NO_RETURN_ROUTE",
    );
  });
});

describe("VPC peering", () => {
  const database: Destination = { address: "10.20.1.5", protocol: "tcp", port: 5432 };

  test("a private database in the peer VPC is reachable when both route tables route the peering", () => {
    const result = trace(buildTransitTopology(), "a", database);
    expect(result.verdict).toBe("reachable");
    expect(hopIds(result)).toContain("vpc-peering:pcx-db");
    expect(result.hops.at(-1)?.detail).toContain("10.1.0.0/16 -> pcx-db");
  });

  test("the peer without a route back: PEERING_NO_RETURN_ROUTE naming its route table", () => {
    const topology = buildTransitTopology();
    vpcTable(topology, "rtb-db").routes = [];
    const result = trace(topology, "a", database);
    expect(result.reason?.code).toBe("PEERING_NO_RETURN_ROUTE");
    expect(result.fix).toBe("Add a route 10.1.0.0/16 -> pcx-db to rtb-db.");
  });

  test("a connection still pending acceptance: PEERING_NOT_ACTIVE", () => {
    const topology = buildTransitTopology();
    const connection = topology.vpcPeeringConnections?.[0];
    if (connection !== undefined) connection.state = "pending-acceptance";
    const result = trace(topology, "a", database);
    expect(result.reason?.code).toBe("PEERING_NOT_ACTIVE");
    expect(result.fix).toContain("AcceptVpcPeeringConnection");
  });

  test("a default route to the peering never reaches the internet: PEERING_NO_INTERNET", () => {
    const topology = buildTransitTopology();
    vpcTable(topology, "rtb-spoke").routes[0] = {
      destination: { cidr: "0.0.0.0/0" },
      target: { kind: "vpc-peering", id: "pcx-db" },
      state: "active",
    };
    const result = trace(topology);
    expect(result.verdict).toBe("unreachable");
    expect(result.reason?.code).toBe("PEERING_NO_INTERNET");
    expect(result.reason?.message).toContain("edge-to-edge");
  });

  test("an address beyond the peer VPC is not carried on (no transitive peering): PEERING_NO_INTERNET", () => {
    const topology = buildTransitTopology();
    vpcTable(topology, "rtb-spoke").routes.push({
      destination: { cidr: "10.30.0.0/16" },
      target: { kind: "vpc-peering", id: "pcx-db" },
      state: "active",
    });
    const result = trace(topology, "a", { address: "10.30.0.5", protocol: "tcp", port: 443 });
    expect(result.reason?.code).toBe("PEERING_NO_INTERNET");
    expect(result.reason?.message).toContain("transitive");
  });

  test("a peer VPC in an account the caller cannot read: unknown, with the route table query to run there", () => {
    const topology = buildTransitTopology();
    topology.vpcs = topology.vpcs.filter((vpc) => vpc.id !== "vpc-db");
    const connection = topology.vpcPeeringConnections?.[0];
    if (connection !== undefined) connection.accepter.ownerId = "333344445555";
    const result = trace(topology, "a", database);
    expect(result.verdict).toBe("unknown");
    expect(result.fix).toContain("Name=route.vpc-peering-connection-id,Values=pcx-db");
  });
});

describe("fixes as changes: applied to the topology, the subnet gets through", () => {
  const database: Destination = { address: "10.20.1.5", protocol: "tcp", port: 5432 };
  const cases: {
    name: string;
    code: ReasonCode;
    az?: "a" | "b";
    destination?: Destination;
    breakIt: (t: Topology) => void;
  }[] = [
    {
      name: "no static default route in the spoke's table",
      code: "TGW_NO_ROUTE",
      breakIt: (t) => {
        tgwTable(t, "tgw-rtb-spoke").routes = [];
      },
    },
    {
      name: "a static blackhole default route",
      code: "TGW_BLACKHOLE_ROUTE",
      breakIt: (t) => {
        tgwTable(t, "tgw-rtb-spoke").routes = [
          { destination: "0.0.0.0/0", attachmentIds: [], type: "static", state: "blackhole" },
        ];
      },
    },
    {
      name: "no attachment subnet in the workload's AZ",
      code: "TGW_NO_ATTACHMENT_IN_AZ",
      az: "b",
      breakIt: (t) => {
        attachment(t, "tgw-attach-spoke").subnetIds = ["subnet-tgw-spoke-a"];
      },
    },
    {
      name: "no propagation of the spoke into the egress table",
      code: "TGW_NO_RETURN_ROUTE",
      breakIt: (t) => {
        tgwTable(t, "tgw-rtb-egress").routes = [];
      },
    },
    {
      name: "the egress table's way back is a static blackhole",
      code: "TGW_NO_RETURN_ROUTE",
      breakIt: (t) => {
        tgwTable(t, "tgw-rtb-egress").routes = [
          { destination: "10.1.0.0/16", attachmentIds: [], type: "static", state: "blackhole" },
        ];
      },
    },
    {
      name: "no route back in the egress VPC's public table",
      code: "TGW_NO_RETURN_ROUTE",
      breakIt: (t) => {
        vpcTable(t, "rtb-egress-public").routes.splice(1, 1);
      },
    },
    {
      name: "no route back in the peer VPC",
      code: "PEERING_NO_RETURN_ROUTE",
      destination: database,
      breakIt: (t) => {
        vpcTable(t, "rtb-db").routes = [];
      },
    },
  ];
  for (const scenario of cases) {
    test(`${scenario.code}: ${scenario.name}`, () => {
      const topology = buildTransitTopology();
      scenario.breakIt(topology);
      const broken = trace(topology, scenario.az ?? "a", scenario.destination ?? https());
      expect(broken.reason?.code).toBe(scenario.code);
      expect(broken.change).toBeDefined();
      const fixed = applyChange(topology, broken.change as TopologyChange);
      expect(trace(fixed, scenario.az ?? "a", scenario.destination ?? https()).verdict).toBe("reachable");
      // No other subnet gets worse.
      for (const az of ["a", "b"] as const) {
        if (trace(topology, az).verdict === "reachable") expect(trace(fixed, az).verdict).toBe("reachable");
      }
    });
  }

  // Found by the property test: fixing the VPC's way back alone left the transit gateway's missing.
  test("TGW_NO_RETURN_ROUTE on both sides: one change adds the VPC's route back and the propagation", () => {
    const topology = buildTransitTopology();
    vpcTable(topology, "rtb-egress-public").routes.splice(1, 1);
    tgwTable(topology, "tgw-rtb-egress").routes = [];
    const broken = trace(topology);
    expect(broken.reason?.code).toBe("TGW_NO_RETURN_ROUTE");
    expect(broken.fix).toContain("Also enable propagation from tgw-attach-spoke to tgw-rtb-egress");
    expect(broken.change?.edits.map((edit) => edit.kind)).toEqual([
      "create-route",
      "enable-transit-gateway-propagation",
    ]);
    expect(trace(applyChange(topology, broken.change as TopologyChange)).verdict).toBe("reachable");
  });

  test("a change that does not fit the topology is refused as its AWS call would be", () => {
    const topology = buildTransitTopology();
    expect(() =>
      applyChange(topology, {
        edits: [
          {
            kind: "create-transit-gateway-route",
            routeTableId: "tgw-rtb-spoke",
            destination: "0.0.0.0/0",
            attachmentId: "tgw-attach-egress",
          },
        ],
      }),
    ).toThrow(ChangeNotApplicable);
    expect(() =>
      applyChange(topology, {
        edits: [
          {
            kind: "add-transit-gateway-attachment-subnet",
            attachmentId: "tgw-attach-spoke",
            subnetId: "subnet-app-a",
          },
        ],
      }),
    ).toThrow(/already has a subnet in us-east-1a/);
  });
});

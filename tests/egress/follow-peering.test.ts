// PEERING_NO_INTERNET's structured change: a route to a peering connection never reaches the
// internet, and the one change that fixes it sends the route to a NAT gateway of the VPC itself
// while the peer VPC's own blocks keep their way through the connection.

import { describe, expect, test } from "vitest";
import { applyChange } from "../../src/egress/apply-change.ts";
import { traceEgress } from "../../src/egress/index.ts";
import type { Destination, Route, Topology, TopologyChange } from "../../src/egress/types.ts";
import { buildLabTopology, connectorEni, findTable, https, NAT_EIP } from "./fixtures.ts";

const database: Destination = { address: "10.20.1.5", protocol: "tcp", port: 5432 };

function toPeering(cidr: string): Route {
  return { destination: { cidr }, target: { kind: "vpc-peering", id: "pcx-db" }, state: "active" };
}

/** The lab VPC peered with vpc-db 10.20.0.0/16 (which routes the lab back); rtb-main gets `routes`. */
function peered(routes: Route[]): Topology {
  const topology = buildLabTopology();
  topology.vpcs.push({ id: "vpc-db", cidrBlocks: ["10.20.0.0/16"] });
  topology.subnets.push({
    id: "subnet-db",
    vpcId: "vpc-db",
    cidrBlock: "10.20.1.0/24",
    availabilityZone: "us-east-1a",
  });
  topology.routeTables.push({
    id: "rtb-db",
    vpcId: "vpc-db",
    main: true,
    subnetIds: [],
    routes: [
      {
        destination: { cidr: "10.0.0.0/16" },
        target: { kind: "vpc-peering", id: "pcx-db" },
        state: "active",
      },
    ],
  });
  topology.vpcPeeringConnections = [
    {
      id: "pcx-db",
      state: "active",
      requester: { vpcId: "vpc-lab", cidrBlocks: ["10.0.0.0/16"] },
      accepter: { vpcId: "vpc-db", cidrBlocks: ["10.20.0.0/16"] },
    },
  ];
  findTable(topology, "rtb-main").routes.push(...routes);
  return topology;
}

const app = connectorEni("subnet-private-a");

describe("PEERING_NO_INTERNET: the VPC's own way out, as one change", () => {
  test("0.0.0.0/0 -> pcx-db, the only route to the peer: the change keeps 10.20.0.0/16 on the peering and sends 0.0.0.0/0 to nat-a", () => {
    const topology = peered([toPeering("0.0.0.0/0")]);
    expect(traceEgress(topology, app, database).verdict).toBe("reachable");
    const broken = traceEgress(topology, app, https());
    expect(broken.reason?.code).toBe("PEERING_NO_INTERNET");
    expect(broken.fix).toContain("Give vpc-lab its own way out: point 0.0.0.0/0 in rtb-main");
    expect(broken.fix).toContain("at nat-a instead of pcx-db");
    expect(broken.fix).toContain("route 10.20.0.0/16 -> pcx-db in the same table");
    expect(broken.change?.edits).toEqual([
      { kind: "create-route", routeTableId: "rtb-main", route: toSpec(toPeering("10.20.0.0/16")) },
      {
        kind: "replace-route",
        routeTableId: "rtb-main",
        route: { destination: { cidr: "0.0.0.0/0" }, target: { kind: "nat-gateway", id: "nat-a" } },
      },
    ]);
    const fixed = applyChange(topology, broken.change as TopologyChange);
    expect(traceEgress(fixed, app, https())).toMatchObject({ verdict: "reachable", sourceAddress: NAT_EIP });
    // Nothing lost: the database in the peer VPC, and the other private subnet, still get through.
    expect(traceEgress(fixed, app, database).verdict).toBe("reachable");
    expect(traceEgress(fixed, connectorEni("subnet-private-b"), database).verdict).toBe("reachable");
  });

  test("with its own route to the peer already, only the default route moves", () => {
    const topology = peered([toPeering("10.20.0.0/16"), toPeering("0.0.0.0/0")]);
    const broken = traceEgress(topology, app, https());
    expect(broken.change?.edits).toHaveLength(1);
    expect(broken.fix).not.toContain("same table");
    const fixed = applyChange(topology, broken.change as TopologyChange);
    expect(traceEgress(fixed, app, https()).verdict).toBe("reachable");
    expect(traceEgress(fixed, app, database).verdict).toBe("reachable");
  });

  test("no NAT gateway in the VPC: the change creates one in a public subnet, and the peer keeps its route", () => {
    const topology = peered([toPeering("0.0.0.0/0")]);
    topology.natGateways = [];
    const broken = traceEgress(topology, app, https());
    expect(broken.reason?.code).toBe("PEERING_NO_INTERNET");
    expect(broken.fix).toContain("create a NAT gateway in a public subnet");
    expect(broken.change?.edits.map((edit) => edit.kind)).toEqual([
      "create-route",
      "create-nat-gateway",
      "replace-route",
    ]);
    const fixed = applyChange(topology, broken.change as TopologyChange);
    expect(traceEgress(fixed, app, https()).verdict).toBe("reachable");
    expect(traceEgress(fixed, app, database).verdict).toBe("reachable");
  });

  test("a private address beyond the peer VPC (a third network): advice only, no change", () => {
    const topology = peered([toPeering("10.0.0.0/8")]);
    const result = traceEgress(topology, app, { address: "10.30.0.5", protocol: "tcp", port: 443 });
    expect(result.reason?.code).toBe("PEERING_NO_INTERNET");
    expect(result.fix).toContain("Peer vpc-lab directly with the network of 10.30.0.5");
    expect(result.change).toBeUndefined();
  });
});

function toSpec(route: Route) {
  return { destination: route.destination, target: route.target };
}

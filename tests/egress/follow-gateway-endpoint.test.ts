// Gateway endpoints (S3, DynamoDB) and traffic that arrives through a transit gateway or a peering
// connection: AWS documents that gateway endpoints do not allow access through a transit gateway
// (docs/FACTS.md, "Gateway endpoints are not transitive").

import { describe, expect, test } from "vitest";
import { applyChange, ChangeNotApplicable } from "../../src/egress/apply-change.ts";
import { traceEgress } from "../../src/egress/index.ts";
import type { Route, Topology, TopologyChange, TraceResult } from "../../src/egress/types.ts";
import { https, S3_PREFIX } from "./fixtures.ts";
import { buildTransitTopology, EIP_A, vpcTable, workload } from "./transit-fixtures.ts";

const S3 = "com.amazonaws.us-east-1.s3";
const s3Address = https(S3_PREFIX.replace("0.0/15", "4.10"));

function s3Route(endpointId: string): Route {
  return {
    destination: { prefixListId: "pl-s3" },
    target: { kind: "gateway-endpoint", id: endpointId },
    state: "active",
  };
}

/** The transit topology with an S3 gateway endpoint in the egress VPC, on the given tables. */
function withEgressS3Endpoint(tableIds: string[]): Topology {
  const topology = buildTransitTopology();
  topology.prefixLists = [{ id: "pl-s3", name: S3, cidrs: [S3_PREFIX] }];
  topology.vpcEndpoints.push({
    id: "vpce-s3-egress",
    vpcId: "vpc-egress",
    serviceName: S3,
    type: "Gateway",
    routeTableIds: tableIds,
    state: "available",
  });
  for (const id of tableIds) vpcTable(topology, id).routes.push(s3Route("vpce-s3-egress"));
  return topology;
}

function trace(topology: Topology, az: "a" | "b" = "a", destination = s3Address): TraceResult {
  return traceEgress(topology, workload(az), destination);
}

describe("a gateway endpoint in the egress VPC, reached through a transit gateway", () => {
  test("the attachment subnet's route to the endpoint is not used by transited traffic: unreachable, with the workload's own endpoint as the fix", () => {
    const topology = withEgressS3Endpoint(["rtb-egress-tgw-a", "rtb-egress-tgw-b"]);
    const result = trace(topology);
    expect(result.verdict).toBe("unreachable");
    expect(result.reason?.code).toBe("GATEWAY_ENDPOINT_THROUGH_TRANSIT");
    expect(result.reason?.message).toContain("vpce-s3-egress");
    expect(result.reason?.message).toContain("tgw-1 from vpc-spoke");
    expect(result.fix).toContain(`gateway endpoint for ${S3} in vpc-spoke`);
    expect(result.fix).toContain("--route-table-ids rtb-spoke");
    expect(result.fix).toContain("interface endpoint");
    expect(result.change).toEqual({
      edits: [
        {
          kind: "create-gateway-endpoint",
          vpcEndpointId: "new:vpc-endpoint:vpc-spoke",
          vpcId: "vpc-spoke",
          serviceName: S3,
          prefixListId: "pl-s3",
          routeTableIds: ["rtb-spoke"],
        },
      ],
    });

    const fixed = applyChange(topology, result.change as TopologyChange);
    const after = trace(fixed);
    expect(after.verdict).toBe("reachable");
    expect(after.hops.map((hop) => hop.id)).toContain("new:vpc-endpoint:vpc-spoke");
    expect(after.hops.some((hop) => hop.kind === "transit-gateway")).toBe(false);
    // No other path gets worse: the other AZ and the internet still go through the egress VPC.
    expect(trace(fixed, "b").verdict).toBe("reachable");
    expect(trace(fixed, "a", https())).toMatchObject({ verdict: "reachable", sourceAddress: EIP_A });
  });

  test("the internet beyond S3 is untouched: the egress VPC's NAT gateway still carries it", () => {
    const topology = withEgressS3Endpoint(["rtb-egress-tgw-a"]);
    expect(trace(topology, "a", https())).toMatchObject({ verdict: "reachable", sourceAddress: EIP_A });
  });

  test("after the egress VPC's NAT gateway translated it: unknown (AWS does not document it), never reachable", () => {
    const topology = withEgressS3Endpoint(["rtb-egress-public"]);
    const result = trace(topology);
    expect(result.verdict).toBe("unknown");
    expect(result.reason?.code).toBe("GATEWAY_ENDPOINT_THROUGH_TRANSIT");
    expect(result.reason?.message).toContain("nat-egress-a translated it");
    expect(result.hops.at(-1)?.kind).toBe("not-readable");
    // The documented fix in words (a structured change belongs to unreachable verdicts only).
    expect(result.fix).toContain("--route-table-ids rtb-spoke");
    expect(result.change).toBeUndefined();
  });

  test("a workload in the egress VPC itself still uses the endpoint", () => {
    const topology = withEgressS3Endpoint(["rtb-egress-tgw-a"]);
    topology.securityGroups.push({
      id: "sg-egress",
      vpcId: "vpc-egress",
      name: "egress",
      egress: [{ protocol: "-1", cidrs: ["0.0.0.0/0"] }],
    });
    const result = traceEgress(
      topology,
      {
        mode: "vpc",
        subnetId: "subnet-egress-tgw-a",
        securityGroupIds: ["sg-egress"],
        hasPublicIp: false,
        privateIp: "10.9.100.5",
      },
      s3Address,
    );
    expect(result.verdict).toBe("reachable");
    expect(result.hops.at(-1)).toMatchObject({ kind: "gateway-endpoint", id: "vpce-s3-egress" });
  });

  test("the workload's VPC already has an S3 gateway endpoint on other tables: the fix adds the table to it (advice only)", () => {
    const topology = withEgressS3Endpoint(["rtb-egress-tgw-a"]);
    topology.vpcEndpoints.push({
      id: "vpce-s3-spoke",
      vpcId: "vpc-spoke",
      serviceName: S3,
      type: "Gateway",
      routeTableIds: [],
      state: "available",
    });
    const result = trace(topology);
    expect(result.reason?.code).toBe("GATEWAY_ENDPOINT_THROUGH_TRANSIT");
    expect(result.fix).toContain("Add rtb-spoke to vpce-s3-spoke");
    expect(result.change).toBeUndefined();
  });

  test("across a peering connection the service is never reached (peering carries only the peer VPC's addresses)", () => {
    const topology = withEgressS3Endpoint(["rtb-egress-tgw-a"]);
    vpcTable(topology, "rtb-spoke").routes.push({
      destination: { cidr: S3_PREFIX },
      target: { kind: "vpc-peering", id: "pcx-db" },
      state: "active",
    });
    expect(trace(topology).reason?.code).toBe("PEERING_NO_INTERNET");
  });

  test("CreateVpcEndpoint's rules: a table of another VPC, or one that already routes the list, is refused", () => {
    const topology = withEgressS3Endpoint(["rtb-egress-tgw-a"]);
    const edit = {
      kind: "create-gateway-endpoint" as const,
      vpcEndpointId: "new:vpc-endpoint:vpc-spoke",
      vpcId: "vpc-spoke",
      serviceName: S3,
      prefixListId: "pl-s3",
      routeTableIds: ["rtb-egress-public"],
    };
    expect(() => applyChange(topology, { edits: [edit] })).toThrow(ChangeNotApplicable);
    expect(() =>
      applyChange(topology, {
        edits: [{ ...edit, vpcId: "vpc-egress", routeTableIds: ["rtb-egress-tgw-a"] }],
      }),
    ).toThrow(/already has a route to pl-s3/);
    expect(() => applyChange(topology, { edits: [{ ...edit, vpcEndpointId: "vpce-x" }] })).toThrow(
      /placeholder/,
    );
  });
});

// Shared checks for every recipe: from each VPC connector subnet, the internet is reached through a
// NAT gateway's Elastic IP and the database subnet through the local route.

import { expect } from "vitest";
import { traceEgress } from "../../src/egress/index.ts";
import type { Destination, TraceResult } from "../../src/egress/types.ts";
import type { RecipeReading } from "../../src/recipes/index.ts";
import { listConnectorSources } from "../../src/recipes/index.ts";

export const INTERNET: Destination = { address: "203.0.113.10", protocol: "tcp", port: 443 };

export function postgresIn(reading: RecipeReading, subnetId: string): Destination {
  const subnet = reading.topology.subnets.find((candidate) => candidate.id === subnetId);
  if (subnet === undefined) throw new Error(`no subnet ${subnetId}`);
  // The tenth address of the subnet: a database instance's address.
  const [a, b, c] = subnet.cidrBlock.split(".");
  return { address: `${a}.${b}.${c}.10`, protocol: "tcp", port: 5432 };
}

export function traceFromConnector(reading: RecipeReading, destination: Destination): TraceResult[] {
  const sources = listConnectorSources(reading);
  expect(sources.length).toBeGreaterThanOrEqual(2);
  return sources.map((source) => traceEgress(reading.topology, source, destination));
}

/** Asserts the working recipe and returns the source address each connector subnet gets. */
export function expectInternetThroughNat(reading: RecipeReading): string[] {
  const natIps = reading.topology.natGateways.map((nat) => nat.publicIp);
  return traceFromConnector(reading, INTERNET).map((result) => {
    expect(result.reason).toBeNull();
    expect(result.verdict).toBe("reachable");
    expect(result.hops.map((hop) => hop.kind)).toContain("nat-gateway");
    expect(natIps).toContain(result.sourceAddress);
    expect(result.sourceAddress).toMatch(/^198\.51\.100\.\d+$/);
    return result.sourceAddress ?? "";
  });
}

export function expectDatabaseThroughLocalRoute(reading: RecipeReading, databaseSubnetIds: string[]): void {
  expect(databaseSubnetIds.length).toBeGreaterThanOrEqual(2);
  for (const subnetId of databaseSubnetIds) {
    for (const result of traceFromConnector(reading, postgresIn(reading, subnetId))) {
      expect(result.verdict).toBe("reachable");
      expect(result.hops.at(-2)?.kind).toBe("local");
      expect(result.hops.map((hop) => hop.kind)).not.toContain("nat-gateway");
    }
  }
}

/** The database tier itself has no way to the internet. */
export function expectDatabaseIsolated(reading: RecipeReading, databaseSubnetIds: string[]): void {
  for (const subnetId of databaseSubnetIds) {
    const result = traceEgress(
      reading.topology,
      { mode: "vpc", subnetId, securityGroupIds: [], hasPublicIp: false },
      INTERNET,
    );
    expect(result.reason?.code).toBe("NO_ROUTE");
  }
}

export function expectEveryConnectorSubnetFails(reading: RecipeReading, code: string): void {
  for (const result of traceFromConnector(reading, INTERNET)) {
    expect(result.verdict).toBe("unreachable");
    expect(result.reason?.code).toBe(code);
  }
}

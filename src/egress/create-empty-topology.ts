import type { Topology } from "./types.ts";

/** A topology with every collection present and empty, for builders to fill. */
export function createEmptyTopology(): Topology {
  return {
    vpcs: [],
    subnets: [],
    routeTables: [],
    internetGateways: [],
    natGateways: [],
    elasticIps: [],
    securityGroups: [],
    networkAcls: [],
    vpcEndpoints: [],
    prefixLists: [],
  };
}

// A route's state is computed when described, as AWS reports it: "blackhole" when its target is
// gone or unusable (NAT gateway failed or deleted, internet gateway detached from the VPC or
// deleted, endpoint or interface deleted, a peering connection not active: "the route has a state
// of blackhole ... until the VPC peering connection is in the active state", VPC Peering Guide,
// vpc-peering-routing.html; a transit gateway the VPC is no longer attached to), "active" otherwise.

import { computeNatGatewayState } from "./nat-lifecycle.ts";
import type { RouteRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { availableAttachmentOf, peeringState } from "./transit-gateway-model.ts";

export function computeRouteState(
  state: Ec2State,
  vpcId: string,
  route: RouteRecord,
  now: number,
): "active" | "blackhole" {
  if (route.natGatewayId !== undefined) {
    const nat = state.natGateways.get(route.natGatewayId);
    if (!nat) return "blackhole";
    const natState = computeNatGatewayState(state, nat, now);
    return natState === "failed" || natState === "deleted" || natState === "deleting"
      ? "blackhole"
      : "active";
  }
  const gateway = route.gatewayId;
  if (gateway?.startsWith("igw-")) {
    return state.internetGateways.get(gateway)?.attachedVpcId === vpcId ? "active" : "blackhole";
  }
  if (gateway?.startsWith("vpce-")) return state.vpcEndpoints.has(gateway) ? "active" : "blackhole";
  if (route.egressOnlyInternetGatewayId !== undefined) {
    const eigw = state.egressOnlyInternetGateways.get(route.egressOnlyInternetGatewayId);
    return eigw?.vpcId === vpcId ? "active" : "blackhole";
  }
  if (route.networkInterfaceId !== undefined) {
    return state.networkInterfaces.has(route.networkInterfaceId) ? "active" : "blackhole";
  }
  if (route.vpcPeeringConnectionId !== undefined) {
    const pcx = state.vpcPeeringConnections.get(route.vpcPeeringConnectionId);
    return pcx !== undefined && peeringState(pcx, now) === "active" ? "active" : "blackhole";
  }
  if (route.transitGatewayId !== undefined) {
    return availableAttachmentOf(state, vpcId, route.transitGatewayId, now) === null ? "blackhole" : "active";
  }
  return "active";
}

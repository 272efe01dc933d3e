// The EC2 actions the emulator implements, by wire name, each wrapped with the behaviour every EC2
// action shares. A handler reads QueryParams into a typed input, hands it to the resource's model
// (vpc-model.ts, route-table-model.ts, ...: the rules and the state change) and returns the reply's
// elements (EC2 XML names, lists as arrays). Before any handler runs, due NAT gateway transitions
// are settled (other resources compute their state when read), DryRun=true answers as AWS does
// (DryRunOperation, HTTP 412, instead of acting), and ClientToken works as EC2's idempotency does
// (EC2 API "Ensuring idempotency": the same token with the same parameters returns the first result
// and creates nothing; the same token with other parameters is IdempotentParameterMismatch).
// Each registration declares the input members its handler honours (models/honours.ts); anything
// else the model allows is refused before the handler runs.

import { actionTable } from "../action-table.ts";
import { AwsError } from "../errors.ts";
import { honouredMembers, honours } from "../models/honours.ts";
import { addressActions } from "./addresses.ts";
import { availabilityZoneActions } from "./availability-zones.ts";
import { egressOnlyInternetGatewayActions } from "./egress-only-internet-gateways.ts";
import type { Ec2Handler } from "./handler.ts";
import { instanceActions } from "./instances.ts";
import { internetGatewayActions } from "./internet-gateways.ts";
import { ipv6BlockActions } from "./ipv6-blocks.ts";
import { managedPrefixListActions } from "./managed-prefix-lists.ts";
import { natGatewayActions } from "./nat-gateways.ts";
import { settleEc2State } from "./nat-lifecycle.ts";
import { networkAclActions } from "./network-acls.ts";
import { networkInterfaceActions } from "./network-interfaces.ts";
import { routeTableActions } from "./route-tables.ts";
import { routeActions } from "./routes.ts";
import { securityGroupPermissionActions } from "./security-group-permissions.ts";
import { securityGroupRuleDescriptionActions } from "./security-group-rule-descriptions.ts";
import { securityGroupActions } from "./security-groups.ts";
import type { Ec2State } from "./state.ts";
import { subnetActions } from "./subnets.ts";
import { tagActions } from "./tags.ts";
import { transitGatewayRouteTableActions } from "./transit-gateway-route-tables.ts";
import { transitGatewayActions } from "./transit-gateways.ts";
import { vpcEndpointActions } from "./vpc-endpoints.ts";
import { vpcPeeringConnectionActions } from "./vpc-peering-connections.ts";
import { vpcActions } from "./vpcs.ts";

/**
 * Per region: "<Action> <ClientToken>" -> the first request's parameters and reply. Kept beside the
 * account's state, not in it: a token outlives the resources it created, as in AWS.
 */
const clientTokens = new WeakMap<
  Ec2State,
  Map<string, { request: string; reply: Record<string, unknown> }>
>();

/** Members every EC2 action honours here, whatever its handler does (the model decides which apply). */
export const COMMON_MEMBERS = ["DryRun", "ClientToken"];

function withCommonBehaviour(handler: Ec2Handler): Ec2Handler {
  const common: Ec2Handler = (ctx, params) => {
    const state = ctx.backend.ec2;
    settleEc2State(state, ctx.emulator.clock.now(), ctx.emulator.clock.delays.natGatewayZoneExpansion);
    if (params.bool("DryRun") === true) {
      throw new AwsError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
    }
    const token = params.string("ClientToken");
    if (token === undefined) return handler(ctx, params);
    const { ClientToken: _token, Action: _action, Version: _version, ...rest } = params.tree;
    const request = JSON.stringify(rest);
    const key = `${ctx.action} ${token}`;
    let seen = clientTokens.get(state);
    if (seen === undefined) {
      seen = new Map();
      clientTokens.set(state, seen);
    }
    const first = seen.get(key);
    if (first !== undefined) {
      if (first.request === request) return first.reply;
      throw new AwsError(
        "IdempotentParameterMismatch",
        "The request uses the same client token as a previous, but non-identical request. Do not reuse a client token with different requests, unless the requests are identical.",
      );
    }
    const reply = handler(ctx, params);
    seen.set(key, { request, reply });
    return reply;
  };
  // An undeclared handler stays undeclared: every member is refused and the service-models test names it.
  const declared = honouredMembers(handler);
  return declared === undefined ? common : honours(common, ...declared, ...COMMON_MEMBERS);
}

export const ec2Actions: Record<string, Ec2Handler> = Object.fromEntries(
  Object.entries(
    actionTable(
      "EC2",
      vpcActions,
      ipv6BlockActions,
      subnetActions,
      availabilityZoneActions,
      internetGatewayActions,
      egressOnlyInternetGatewayActions,
      addressActions,
      natGatewayActions,
      routeTableActions,
      routeActions,
      securityGroupActions,
      securityGroupPermissionActions,
      securityGroupRuleDescriptionActions,
      networkAclActions,
      networkInterfaceActions,
      tagActions,
      vpcEndpointActions,
      managedPrefixListActions,
      instanceActions,
      transitGatewayActions,
      transitGatewayRouteTableActions,
      vpcPeeringConnectionActions,
    ),
  ).map(([name, handler]) => [name, withCommonBehaviour(handler)]),
);

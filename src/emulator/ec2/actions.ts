// The EC2 actions the emulator implements, by wire name, each wrapped with the behaviour every EC2
// action shares. A handler reads QueryParams and returns the reply's elements (EC2 XML names, lists
// as arrays); the rules live in a model where one exists (vpc-model.ts, subnet-model.ts), otherwise
// still in the handler. Before any handler runs, due NAT gateway transitions are settled (other
// resources compute their state when read), and DryRun=true answers as AWS does: DryRunOperation
// (HTTP 412) instead of acting.

import type { QueryParams } from "../codecs/query-params.ts";
import type { RequestContext } from "../context.ts";
import { AwsError } from "../errors.ts";
import { addressActions } from "./addresses.ts";
import { availabilityZoneActions } from "./availability-zones.ts";
import { instanceActions } from "./instances.ts";
import { internetGatewayActions } from "./internet-gateways.ts";
import { natGatewayActions } from "./nat-gateways.ts";
import { settleEc2State } from "./nat-lifecycle.ts";
import { networkAclActions } from "./network-acls.ts";
import { networkInterfaceActions } from "./network-interfaces.ts";
import { routeTableActions } from "./route-tables.ts";
import { routeActions } from "./routes.ts";
import { securityGroupPermissionActions } from "./security-group-permissions.ts";
import { securityGroupRuleDescriptionActions } from "./security-group-rule-descriptions.ts";
import { securityGroupActions } from "./security-groups.ts";
import { subnetActions } from "./subnets.ts";
import { tagActions } from "./tags.ts";
import { vpcEndpointActions } from "./vpc-endpoints.ts";
import { vpcActions } from "./vpcs.ts";

export type Ec2Handler = (ctx: RequestContext, params: QueryParams) => Record<string, unknown>;

function withCommonBehaviour(handler: Ec2Handler): Ec2Handler {
  return (ctx, params) => {
    settleEc2State(ctx.backend.ec2, ctx.emulator.clock.now());
    if (params.bool("DryRun") === true) {
      throw new AwsError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
    }
    return handler(ctx, params);
  };
}

const networkActions: Record<string, Ec2Handler> = {
  ...vpcActions,
  ...subnetActions,
  ...availabilityZoneActions,
  ...internetGatewayActions,
  ...addressActions,
  ...natGatewayActions,
  ...routeTableActions,
  ...routeActions,
  ...securityGroupActions,
  ...securityGroupPermissionActions,
  ...securityGroupRuleDescriptionActions,
  ...networkAclActions,
  ...networkInterfaceActions,
  ...tagActions,
  ...vpcEndpointActions,
};

export const ec2Actions: Record<string, Ec2Handler> = Object.fromEntries(
  Object.entries({ ...networkActions, ...instanceActions }).map(([name, handler]) => [
    name,
    withCommonBehaviour(handler),
  ]),
);

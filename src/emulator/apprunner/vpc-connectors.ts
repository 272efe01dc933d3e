// CreateVpcConnector, DescribeVpcConnector, ListVpcConnectors, DeleteVpcConnector: read the request,
// apply the rules (./vpc-connector-model.ts), shape the reply.

import type { RequestContext } from "../context.ts";
import { AwsError } from "../errors.ts";
import { readArn } from "./arns.ts";
import { epochSeconds, paginate } from "./read-input.ts";
import { requireAppRunnerCustomer } from "./require-customer.ts";
import type { VpcConnectorRecord } from "./state.ts";
import { insertVpcConnector, readCreateVpcConnector, retireVpcConnector } from "./vpc-connector-model.ts";

export function createVpcConnector(ctx: RequestContext, input: Record<string, unknown>) {
  requireAppRunnerCustomer(ctx);
  const connector = insertVpcConnector(ctx, readCreateVpcConnector(input));
  return { VpcConnector: describeConnector(connector) };
}

export function describeVpcConnector(ctx: RequestContext, input: Record<string, unknown>) {
  return { VpcConnector: describeConnector(findVpcConnector(ctx, readArn(input, "VpcConnectorArn"))) };
}

export function listVpcConnectors(ctx: RequestContext, input: Record<string, unknown>) {
  const all = [...ctx.backend.apprunner.vpcConnectors.values()];
  const { page, nextToken } = paginate(all, input, 100);
  return { VpcConnectors: page.map(describeConnector), ...(nextToken ? { NextToken: nextToken } : {}) };
}

export function deleteVpcConnector(ctx: RequestContext, input: Record<string, unknown>) {
  const connector = findVpcConnector(ctx, readArn(input, "VpcConnectorArn"));
  retireVpcConnector(ctx, connector);
  return { VpcConnector: describeConnector(connector) };
}

export function findVpcConnector(ctx: RequestContext, arn: string): VpcConnectorRecord {
  const connector = ctx.backend.apprunner.vpcConnectors.get(arn);
  if (connector === undefined || ctx.emulator.faults.hiddenOnRead(arn)) {
    throw new AwsError("ResourceNotFoundException", `VPC connector ${arn} does not exist.`);
  }
  return connector;
}

export function describeConnector(connector: VpcConnectorRecord): Record<string, unknown> {
  return {
    VpcConnectorName: connector.name,
    VpcConnectorArn: connector.arn,
    VpcConnectorRevision: connector.revision,
    Subnets: connector.subnets,
    SecurityGroups: connector.securityGroups,
    Status: connector.deletedAt === null ? "ACTIVE" : "INACTIVE",
    CreatedAt: epochSeconds(connector.createdAt),
    ...(connector.deletedAt !== null ? { DeletedAt: epochSeconds(connector.deletedAt) } : {}),
  };
}

// The App Runner operations the emulator implements, by name (X-Amz-Target: AppRunner.<Name>).

import type { RequestContext } from "../context.ts";
import {
  createService,
  deleteService,
  describeService,
  listOperations,
  listServices,
  updateService,
} from "./services.ts";
import { listTagsForResource, tagResource, untagResource } from "./tags.ts";
import {
  createVpcConnector,
  deleteVpcConnector,
  describeVpcConnector,
  listVpcConnectors,
} from "./vpc-connectors.ts";

export type AppRunnerHandler = (
  ctx: RequestContext,
  input: Record<string, unknown>,
) => Record<string, unknown>;

export const appRunnerActions: Record<string, AppRunnerHandler> = {
  CreateVpcConnector: createVpcConnector,
  DescribeVpcConnector: describeVpcConnector,
  ListVpcConnectors: listVpcConnectors,
  DeleteVpcConnector: deleteVpcConnector,
  CreateService: createService,
  DescribeService: describeService,
  UpdateService: updateService,
  DeleteService: deleteService,
  ListServices: listServices,
  ListOperations: listOperations,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};

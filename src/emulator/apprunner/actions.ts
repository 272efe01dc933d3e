// The App Runner operations the emulator implements, by name (X-Amz-Target: AppRunner.<Name>), each
// with the input members it honours (models/honours.ts; anything else the model allows is refused).

import { actionTable } from "../action-table.ts";
import type { RequestContext } from "../context.ts";
import { honours } from "../models/honours.ts";
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

/** The service configuration members CreateService and UpdateService both honour. */
const SERVICE_CONFIGURATION_MEMBERS = [
  "SourceConfiguration.ImageRepository.ImageIdentifier",
  "SourceConfiguration.ImageRepository.ImageRepositoryType",
  "SourceConfiguration.ImageRepository.ImageConfiguration.Port",
  "SourceConfiguration.ImageRepository.ImageConfiguration.StartCommand",
  "SourceConfiguration.ImageRepository.ImageConfiguration.RuntimeEnvironmentVariables",
  "SourceConfiguration.AutoDeploymentsEnabled",
  "SourceConfiguration.AuthenticationConfiguration.AccessRoleArn",
  "InstanceConfiguration",
  "HealthCheckConfiguration",
  "NetworkConfiguration.EgressConfiguration",
  "NetworkConfiguration.IngressConfiguration",
  // IPv4 is what the emulator serves (DescribeService says IPV4); DUAL_STACK is refused by name.
  "NetworkConfiguration.IpAddressType=IPV4",
] as const;

export const appRunnerActions: Record<string, AppRunnerHandler> = actionTable<AppRunnerHandler>(
  "App Runner",
  {
    CreateVpcConnector: honours(createVpcConnector, "VpcConnectorName", "Subnets", "SecurityGroups", "Tags"),
    DescribeVpcConnector: honours(describeVpcConnector, "VpcConnectorArn"),
    ListVpcConnectors: honours(listVpcConnectors, "MaxResults", "NextToken"),
    DeleteVpcConnector: honours(deleteVpcConnector, "VpcConnectorArn"),
    CreateService: honours(createService, "ServiceName", ...SERVICE_CONFIGURATION_MEMBERS, "Tags"),
    DescribeService: honours(describeService, "ServiceArn"),
    UpdateService: honours(updateService, "ServiceArn", ...SERVICE_CONFIGURATION_MEMBERS),
    DeleteService: honours(deleteService, "ServiceArn"),
    ListServices: honours(listServices, "MaxResults", "NextToken"),
    ListOperations: honours(listOperations, "ServiceArn", "MaxResults", "NextToken"),
    TagResource: honours(tagResource, "ResourceArn", "Tags"),
    UntagResource: honours(untagResource, "ResourceArn", "TagKeys"),
    ListTagsForResource: honours(listTagsForResource, "ResourceArn"),
  },
);

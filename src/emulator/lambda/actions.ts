// The Lambda operations the emulator implements (REST-JSON, routed by the model's method and path),
// each with the input members it honours (models/honours.ts; anything else the model allows is refused).

import { actionTable } from "../action-table.ts";
import type { RequestContext } from "../context.ts";
import { honours } from "../models/honours.ts";
import { createFunction, deleteFunction, getFunction, getFunctionConfiguration } from "./functions.ts";

export type LambdaHandler = (ctx: RequestContext, input: Record<string, unknown>) => Record<string, unknown>;

export const lambdaActions: Record<string, LambdaHandler> = actionTable<LambdaHandler>("Lambda", {
  CreateFunction: honours(
    createFunction,
    "FunctionName",
    "Role",
    "Runtime",
    "Handler",
    "Code.ZipFile",
    "PackageType=Zip",
    "Description",
    "Timeout",
    "MemorySize",
    "Architectures",
    "Tags",
    "VpcConfig.SubnetIds",
    "VpcConfig.SecurityGroupIds",
    // Dual-stack functions are not modelled: only the IPv4-only setting is honoured.
    "VpcConfig.Ipv6AllowedForDualStack=false",
  ),
  GetFunctionConfiguration: honours(getFunctionConfiguration, "FunctionName", "Qualifier"),
  GetFunction: honours(getFunction, "FunctionName", "Qualifier"),
  DeleteFunction: honours(deleteFunction, "FunctionName"),
});

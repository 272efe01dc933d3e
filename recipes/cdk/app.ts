// The CDK app that cdk.json runs (`npx cdk deploy`). Settings come from context (-c key=value):
//   natGateways=per-az|single  name=egress-recipe  maxAzs=3  imageIdentifier=...  imagePort=8000
//   accessRoleArn=...          (a private ECR image only)
// With credentials, the CDK CLI sets CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION: the stack is then
// bound to that account and region, and CDK looks up its Availability Zones. Without them the stack is
// environment-agnostic and takes the region's first three AZs at deploy time.

import { App } from "aws-cdk-lib";
import { buildEgressStack } from "./egress-stack.ts";

const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return value === undefined ? undefined : String(value);
};
const natGateways = context("natGateways") ?? "per-az";
if (natGateways !== "per-az" && natGateways !== "single")
  throw new Error(`natGateways must be per-az or single, not '${natGateways}'.`);
const account = process.env["CDK_DEFAULT_ACCOUNT"];
const region = process.env["CDK_DEFAULT_REGION"];
const number = (key: string): number | undefined => {
  const value = context(key);
  return value === undefined ? undefined : Number(value);
};
const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });

buildEgressStack(app, context("stackId") ?? "EgressRecipe", {
  natGateways: natGateways === "single" ? 1 : "per-az",
  ...(account !== undefined && region !== undefined ? { env: { account, region } } : {}),
  ...optional("name", context("name")),
  ...optional("maxAzs", number("maxAzs")),
  ...optional("imageIdentifier", context("imageIdentifier")),
  ...optional("imagePort", number("imagePort")),
  ...optional("accessRoleArn", context("accessRoleArn")),
});

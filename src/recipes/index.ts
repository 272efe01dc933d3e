// Public API of the recipe readers: infrastructure templates in, egress-model topology out.
// Pure apart from parseTerraform (which runs HashiCorp's HCL parser as WebAssembly): no network.

export { computeCidrSubnet, computeFnCidr } from "./cidr-functions.ts";
export {
  type ConnectorSource,
  listConnectorSources,
  listRecipeWorkloads,
  listWorkloadSources,
  type RecipeWorkload,
  type WorkloadKind,
} from "./list-connector-sources.ts";
export { parseCloudFormationYaml } from "./parse-cloudformation-yaml.ts";
export {
  type ReadCloudFormationOptions,
  readCloudFormationTemplate,
} from "./read-cloudformation-template.ts";
export { parseTerraform, type ReadTerraformOptions, readTerraformConfig } from "./read-terraform-config.ts";
export {
  PlanFormatError,
  type ReadTerraformPlanOptions,
  readTerraformPlan,
  type TerraformPlanReading,
  UNRESOLVED_PREFIX,
} from "./read-terraform-plan.ts";
export type {
  EcsServiceReading,
  LambdaFunctionReading,
  RecipeReading,
  ServiceReading,
  VpcConnectorReading,
} from "./recipe-reading.ts";
export { listFakeAvailabilityZones } from "./synthetic-ids.ts";
export { routeTargetFromId } from "./topology-draft.ts";

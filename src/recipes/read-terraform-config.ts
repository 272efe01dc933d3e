// Reads a Terraform configuration (the JSON form @cdktf/hcl2json makes of .tf files) into the
// egress model's topology, with synthetic IDs and fake AZ names. Each resource instance is added by
// build-terraform-resource.ts, which the plan reader (read-terraform-plan.ts) shares.

import { parse } from "@cdktf/hcl2json";
import { addTerraformInstance, rankTerraformType } from "./build-terraform-resource.ts";
import type { RecipeReading } from "./recipe-reading.ts";
import { createSyntheticIds, listFakeAvailabilityZones } from "./synthetic-ids.ts";
import { expectObject, type JsonObject } from "./template-values.ts";
import { createTerraformModel } from "./terraform-scope.ts";
import { createTopologyDraft, finishTopology } from "./topology-draft.ts";

export interface ReadTerraformOptions {
  /** Values for input variables; others take their default. */
  variables?: Record<string, unknown>;
  /** Default us-east-1. */
  region?: string;
  /** What data.aws_availability_zones returns as names; default six fake names (us-east-1a...). */
  availabilityZones?: string[];
}

/** Parses .tf text with HashiCorp's HCL parser (compiled to WebAssembly) into its JSON form. */
export async function parseTerraform(filename: string, contents: string): Promise<JsonObject> {
  return expectObject(await parse(filename, contents), filename);
}

export function readTerraformConfig(config: JsonObject, options: ReadTerraformOptions = {}): RecipeReading {
  const region = options.region ?? "us-east-1";
  const ids = createSyntheticIds(region);
  const model = createTerraformModel(config, {
    variables: options.variables ?? {},
    availabilityZones: options.availabilityZones ?? listFakeAvailabilityZones(region, 6),
    region,
    ids,
  });
  const draft = createTopologyDraft();
  const instances = model.listInstances();
  for (const instance of [...instances].sort(
    (a, b) => rankTerraformType(a.type) - rankTerraformType(b.type),
  )) {
    draft.ids[instance.address] = String(instance.get("id"));
    addTerraformInstance(draft, instance);
  }
  return finishTopology(draft, ids);
}

// The names a Terraform expression can refer to in our recipe: var.*, local.*, count.index,
// data.aws_availability_zones.<name>.names and resource instances (aws_subnet.private[0].id), each
// evaluated on first use. Computed attributes (id, arn, public_ip...) are synthetic.
// Source: Terraform language docs, "References to Named Values"; AWS provider docs for attributes.

import {
  evaluateTemplate,
  evaluateTerraformValue,
  type LazyObject,
  type TerraformScope,
} from "./evaluate-terraform-expression.ts";
import type { SyntheticIds } from "./synthetic-ids.ts";
import { isObject, type JsonObject } from "./template-values.ts";

export interface ResourceInstance extends LazyObject {
  type: string;
  name: string;
  /** "aws_subnet.private[0]" or "aws_vpc.main". */
  address: string;
  /** The arguments as written, for block presence checks. */
  body: JsonObject;
}

export interface TerraformModel {
  scope: TerraformScope;
  /** Every instance of every resource, in the order the configuration declares them. */
  listInstances(): ResourceInstance[];
}

export interface TerraformModelOptions {
  variables: Record<string, unknown>;
  availabilityZones: string[];
  region: string;
  ids: SyntheticIds;
}

const ID_PREFIXES: Record<string, string> = {
  aws_vpc: "vpc",
  aws_subnet: "subnet",
  aws_internet_gateway: "igw",
  aws_route_table: "rtb",
  aws_route: "r",
  aws_route_table_association: "rtbassoc",
  aws_eip: "eipalloc",
  aws_nat_gateway: "nat",
  aws_security_group: "sg",
  aws_vpc_security_group_egress_rule: "sgr",
  aws_vpc_security_group_ingress_rule: "sgr",
  aws_security_group_rule: "sgrule",
};

/** The prefix of a resource type's IDs ("aws_subnet" -> "subnet"), for synthetic IDs. */
export function terraformIdPrefix(type: string): string {
  return ID_PREFIXES[type] ?? type.replace(/^aws_/, "").replaceAll("_", "");
}

export function createTerraformModel(config: JsonObject, options: TerraformModelOptions): TerraformModel {
  const blocks = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);
  const variableBlocks = isObject(config["variable"]) ? config["variable"] : {};
  const localBlocks = Object.assign({}, ...blocks(config["locals"])) as JsonObject;
  const resourceBlocks = isObject(config["resource"]) ? config["resource"] : {};
  const dataBlocks = isObject(config["data"]) ? config["data"] : {};
  const localValues = new Map<string, unknown>();
  const instances = new Map<string, ResourceInstance[] | ResourceInstance>();

  const lazy = (get: (name: string) => unknown): LazyObject => ({ kind: "lazy", get });
  const rootScope = (root: string): unknown => {
    switch (root) {
      case "var":
        return lazy((name) => {
          if (name in options.variables) return options.variables[name];
          const declaration = blocks(variableBlocks[name])[0];
          if (declaration === undefined) throw new Error(`var.${name} is not declared.`);
          if (!("default" in declaration))
            throw new Error(`var.${name} has no default and no value was given.`);
          return declaration["default"];
        });
      case "local":
        return lazy((name) => {
          if (!localValues.has(name)) {
            if (!(name in localBlocks)) throw new Error(`local.${name} is not defined.`);
            localValues.set(name, evaluateTerraformValue(localBlocks[name], rootScope));
          }
          return localValues.get(name);
        });
      case "data":
        return lazy((type) => {
          if (type !== "aws_availability_zones")
            throw new Error(`data.${type} is not supported by the recipe reader.`);
          const declared = isObject(dataBlocks[type]) ? dataBlocks[type] : {};
          return lazy((name) => {
            if (!(name in declared)) throw new Error(`data.${type}.${name} is not declared.`);
            return { names: options.availabilityZones, id: options.region };
          });
        });
      default: {
        const byName = resourceBlocks[root];
        if (!isObject(byName))
          throw new Error(`${root} is not a resource type declared in the configuration.`);
        return lazy((name) => resolveResource(root, name));
      }
    }
  };

  const resolveResource = (type: string, name: string): ResourceInstance[] | ResourceInstance => {
    const key = `${type}.${name}`;
    const known = instances.get(key);
    if (known !== undefined) return known;
    const byName = resourceBlocks[type];
    const body = isObject(byName) ? blocks(byName[name])[0] : undefined;
    if (body === undefined) throw new Error(`${key} is not declared.`);
    if ("for_each" in body)
      throw new Error(`${key}: for_each is not supported by the recipe reader; use count.`);
    const created =
      "count" in body
        ? Array.from({ length: Number(evaluateTerraformValue(body["count"], rootScope)) }, (_, index) =>
            createInstance(type, name, body, index),
          )
        : createInstance(type, name, body, null);
    instances.set(key, created);
    return created;
  };

  const createInstance = (
    type: string,
    name: string,
    body: JsonObject,
    index: number | null,
  ): ResourceInstance => {
    const scope: TerraformScope = (root) =>
      root === "count"
        ? lazy((attribute) => {
            if (attribute !== "index" || index === null)
              throw new Error(`count.${attribute} is not available here.`);
            return index;
          })
        : rootScope(root);
    const computed = computeAttributes(type, body, scope, options);
    const cache = new Map<string, unknown>();
    return {
      kind: "lazy",
      type,
      name,
      address: index === null ? `${type}.${name}` : `${type}.${name}[${index}]`,
      body,
      get(attribute) {
        if (attribute in computed) return computed[attribute];
        if (!cache.has(attribute)) {
          if (!(attribute in body)) return null; // unset optional arguments read as null
          cache.set(attribute, evaluateTerraformValue(body[attribute], scope));
        }
        return cache.get(attribute);
      },
    };
  };

  // Variable validation blocks run first, as `terraform plan` does.
  for (const [name, value] of Object.entries(variableBlocks)) {
    for (const rule of blocks(blocks(value)[0]?.["validation"])) {
      if (evaluateTemplate(String(rule["condition"]), rootScope) !== true)
        throw new Error(`var.${name}: ${String(rule["error_message"])}`);
    }
  }

  return {
    scope: rootScope,
    listInstances: () =>
      Object.entries(resourceBlocks).flatMap(([type, byName]) =>
        Object.keys(isObject(byName) ? byName : {}).flatMap((name) => {
          const found = resolveResource(type, name);
          return Array.isArray(found) ? found : [found];
        }),
      ),
  };
}

function computeAttributes(
  type: string,
  body: JsonObject,
  scope: TerraformScope,
  options: TerraformModelOptions,
): Record<string, unknown> {
  const { ids } = options;
  const argument = (name: string) => evaluateTerraformValue(body[name], scope);
  switch (type) {
    case "aws_eip": {
      // aws_eip.id is the allocation ID.
      const id = ids.nextId("eipalloc");
      return { id, allocation_id: id, public_ip: ids.nextPublicIp() };
    }
    case "aws_apprunner_vpc_connector": {
      const arn = ids.nextAppRunnerArn("vpcconnector", String(argument("vpc_connector_name")));
      return { id: arn, arn };
    }
    case "aws_apprunner_service": {
      const arn = ids.nextAppRunnerArn("service", String(argument("service_name")));
      const serviceId = arn.slice(arn.lastIndexOf("/") + 1);
      return {
        id: arn,
        arn,
        service_id: serviceId,
        service_url: `${serviceId.slice(0, 10)}.${options.region}.awsapprunner.com`,
      };
    }
    default:
      return { id: ids.nextId(terraformIdPrefix(type)) };
  }
}

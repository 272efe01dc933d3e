// Reads a Terraform plan (the JSON of `terraform show -json <planfile>`) into the egress model's
// topology, with the same resource builder as the configuration reader (build-terraform-resource.ts).
//
// A plan knows the arguments written as constants and everything already in the state; what the
// provider computes on apply (IDs, ARNs, an Elastic IP's address) and every value derived from it is
// unknown (`after_unknown`). The plan's `configuration` section still says which objects each
// unknown argument refers to (`references`), without the expression itself. This reader follows a
// reference only when Terraform's semantics leave one answer:
//   - a resource with no count/for_each, or one instance named by a literal index (aws_eip.nat[0]);
//   - `count.index` or `each.key` next to a resource with the same instance keys: the same key
//     (aws_subnet.public[count.index]);
//   - `each.value` when for_each iterates a resource: that resource's instance with the same key;
//   - a resource with count/for_each referenced whole (a splat or a `for` expression): all of its
//     instances, as a list;
//   - var.* inside a module: the module call's argument; module.<name>.<output>: the output's own
//     reference, followed the same way;
//   - one resource next to count.index (or each.key) and only variables or locals: an index the
//     expression computes (aws_nat_gateway.main[count.index % local.nat_count]); the value is one of
//     the resource's instances. With one instance that is the answer; with several, the doctor traces
//     each candidate and reports a verdict only when they all agree (src/aws/diagnose-recipe.ts).
// Anything else (two objects in one expression, as a conditional has, locals, data sources) stays
// unresolved: the value is a placeholder that the doctor reports as such, never a guess. Unknown
// IDs and ARNs without a reference get synthetic ones (synthetic-ids.ts).
// Format: Terraform docs, "JSON Output Format" (internals/json-format); format_version 1.x.

import {
  addTerraformInstance,
  rankTerraformType,
  type TerraformInstance,
} from "./build-terraform-resource.ts";
import type { RecipeReading } from "./recipe-reading.ts";
import { createSyntheticIds, type SyntheticIds } from "./synthetic-ids.ts";
import { isObject, type JsonObject } from "./template-values.ts";
import { terraformIdPrefix } from "./terraform-scope.ts";
import { createTopologyDraft, finishTopology } from "./topology-draft.ts";

export interface ReadTerraformPlanOptions {
  /** For synthetic ARNs; default us-east-1. */
  region?: string;
}

export interface TerraformPlanReading {
  reading: RecipeReading;
  /** Placeholder -> what it stands for ("module.net.aws_route.private[0].nat_gateway_id"). */
  unresolved: Map<string, string>;
  /**
   * Placeholder -> the values it can only be one of: an argument that indexes one resource with an
   * index computed from count.index (or each.key) and variables or locals, such as
   * aws_nat_gateway.main[count.index % local.nat_count].id, is one of that resource's instances. The
   * one with the same key comes first when there is one.
   */
  candidates: Map<string, string[]>;
}

/** Thrown for a file that is not a plan this reader understands; the message says what to do. */
export class PlanFormatError extends Error {
  override name = "PlanFormatError";
}

// Arguments holding lists of IDs: a resolved value is flattened into a list (the references do not
// show the list brackets around them), an unresolved one becomes a one-item list of its placeholder.
const LIST_ARGUMENTS = new Set([
  "subnets",
  "subnet_ids",
  "security_groups",
  "security_group_ids",
  "vpc_security_group_ids",
]);

// Arguments that only name a resource (display, never the path).
const DISPLAY_NAMES = new Set(["vpc_connector_name", "service_name", "function_name", "name", "tags"]);

interface PlanInstance {
  address: string;
  moduleAddress: string;
  type: string;
  name: string;
  /** count index (number) or for_each key (string); undefined without count/for_each. */
  index: number | string | undefined;
  after: JsonObject;
  afterUnknown: JsonObject;
}

type Resolved =
  | { kind: "value"; value: unknown }
  /** The value is one of these (an index computed from count.index and variables or locals). */
  | { kind: "one-of"; values: unknown[]; why: string }
  | { kind: "unresolved"; why: string };

export const UNRESOLVED_PREFIX = "tfunknown-";

export function readTerraformPlan(
  plan: unknown,
  options: ReadTerraformPlanOptions = {},
): TerraformPlanReading {
  if (!isObject(plan)) throw new PlanFormatError("A Terraform plan in JSON is an object.");
  const version = plan["format_version"];
  if (typeof version !== "string")
    throw new PlanFormatError(
      "It has no format_version: it is not the JSON of a Terraform plan (run `terraform show -json <planfile>`).",
    );
  if (!version.startsWith("1."))
    throw new PlanFormatError(
      `Its format_version is ${version}; the doctor reads plan JSON format 1.x (Terraform 1.11 writes 1.2). Produce it again with a current Terraform: \`terraform show -json <planfile>\`.`,
    );
  if (!Array.isArray(plan["resource_changes"]) && !isObject(plan["planned_values"]))
    throw new PlanFormatError(
      "It has neither resource_changes nor planned_values: it is the JSON of a state or of a configuration, not of a plan. Save a plan with `terraform plan -out=<planfile>` and give `terraform show -json <planfile>`.",
    );
  if (plan["errored"] === true)
    throw new PlanFormatError(
      "The plan errored: Terraform could not finish it. Fix the errors `terraform plan` reports first.",
    );

  const region = options.region ?? "us-east-1";
  const ids = createSyntheticIds(region);
  const unresolved = new Map<string, string>();
  const candidates = new Map<string, string[]>();
  let placeholders = 0;
  const placeholder = (what: string): string => {
    placeholders += 1;
    const token = `${UNRESOLVED_PREFIX}${placeholders.toString(16).padStart(17, "0")}`;
    unresolved.set(token, `${what} (known only after apply)`);
    return token;
  };

  const instances = listPlanInstances(plan);
  const configuration = isObject(plan["configuration"]) ? plan["configuration"] : {};
  const rootModule = isObject(configuration["root_module"]) ? configuration["root_module"] : {};
  const variables = isObject(plan["variables"]) ? plan["variables"] : {};
  const cache = new Map<string, unknown>();
  const resolving = new Set<string>();

  /** The configuration module of a module instance address ("module.net[0].module.sub" -> its block). */
  const configModule = (moduleAddress: string): JsonObject | undefined => {
    let current: JsonObject | undefined = rootModule;
    for (const name of moduleNames(moduleAddress)) {
      const calls: unknown = current?.["module_calls"];
      const call: unknown = isObject(calls) ? calls[name] : undefined;
      current = isObject(call) && isObject(call["module"]) ? call["module"] : undefined;
    }
    return current;
  };
  const configResource = (instance: PlanInstance): JsonObject | undefined => {
    const resources = configModule(instance.moduleAddress)?.["resources"];
    return (Array.isArray(resources) ? resources : []).find(
      (resource): resource is JsonObject =>
        isObject(resource) &&
        resource["address"] === `${instance.type}.${instance.name}` &&
        resource["mode"] !== "data",
    );
  };
  const instancesOf = (moduleAddress: string, type: string, name: string) =>
    instances.filter(
      (instance) =>
        instance.moduleAddress === moduleAddress && instance.type === type && instance.name === name,
    );

  const attribute = (instance: PlanInstance, name: string): unknown => {
    const key = `${instance.address}.${name}`;
    if (cache.has(key)) return cache.get(key);
    if (resolving.has(key)) return placeholder(`${key} (it depends on itself)`);
    resolving.add(key);
    try {
      const expressions = configResource(instance)?.["expressions"];
      const value = materialize(
        instance,
        name,
        instance.after[name],
        instance.afterUnknown[name],
        isObject(expressions) ? expressions[name] : undefined,
        key,
      );
      cache.set(key, value);
      return value;
    } finally {
      resolving.delete(key);
    }
  };

  const materialize = (
    instance: PlanInstance,
    name: string,
    known: unknown,
    unknown: unknown,
    expression: unknown,
    where: string,
  ): unknown => {
    if (unknown === true) {
      const resolved = resolveExpression(instance, expression);
      // A list argument written as [aws_security_group.app.id] refers to one object: a list of its value.
      if (resolved.kind === "value")
        return LIST_ARGUMENTS.has(name) ? [resolved.value].flat() : resolved.value;
      if (expression === undefined || (isObject(expression) && !("references" in expression))) {
        const computed = computedAttribute(instance, name, ids);
        if (computed !== undefined) return computed;
      }
      const token = placeholder(`${where}${resolved.why === "" ? "" : `, ${resolved.why}`}`);
      if (resolved.kind === "one-of" && !LIST_ARGUMENTS.has(name))
        candidates.set(token, resolved.values.map(String));
      return LIST_ARGUMENTS.has(name) ? [token] : token;
    }
    if (Array.isArray(unknown) || Array.isArray(known)) {
      const items = Array.isArray(known) ? known : [];
      const unknowns = Array.isArray(unknown) ? unknown : [];
      const blocks = Array.isArray(expression) ? expression : [];
      return Array.from({ length: Math.max(items.length, unknowns.length) }, (_, index) =>
        materialize(instance, name, items[index], unknowns[index], blocks[index], `${where}[${index}]`),
      );
    }
    if (isObject(unknown) || isObject(known)) {
      const object = isObject(known) ? known : {};
      const unknowns = isObject(unknown) ? unknown : {};
      const nested = isObject(expression) ? expression : {};
      const result: JsonObject = {};
      for (const key of new Set([...Object.keys(object), ...Object.keys(unknowns)]))
        result[key] = materialize(instance, key, object[key], unknowns[key], nested[key], `${where}.${key}`);
      return result;
    }
    if (known === undefined && name === "id") return computedAttribute(instance, name, ids);
    return known ?? null;
  };

  /** The value of an expression in the configuration, as far as its references decide it. */
  const resolveExpression = (
    instance: PlanInstance,
    expression: unknown,
    moduleAddress = instance.moduleAddress,
  ): Resolved => {
    if (!isObject(expression)) return { kind: "unresolved", why: "" };
    if ("constant_value" in expression) return { kind: "value", value: expression["constant_value"] };
    const references = Array.isArray(expression["references"])
      ? expression["references"].filter((reference): reference is string => typeof reference === "string")
      : [];
    return resolveReferences(instance, references, moduleAddress);
  };

  const resolveReferences = (instance: PlanInstance, all: string[], moduleAddress: string): Resolved => {
    // Terraform lists each traversal with its prefixes (aws_eip.nat[0].id, aws_eip.nat[0], aws_eip.nat).
    const distinct = [...new Set(all)];
    const longest = distinct.filter(
      (reference) =>
        !distinct.some(
          (other) =>
            other !== reference && (other.startsWith(`${reference}.`) || other.startsWith(`${reference}[`)),
        ),
    );
    const keyed = longest.includes("count.index") || longest.includes("each.key");
    const objects = longest.filter((reference) => reference !== "count.index" && reference !== "each.key");
    const scalars = objects.filter((reference) => /^(var|local)\./.test(reference));
    const resources = objects.filter(
      (reference) => !/^(var|local|data|module|each|count|path|terraform|self)\./.test(reference),
    );
    if (keyed && resources.length === 1 && scalars.length === objects.length - 1 && scalars.length > 0) {
      // aws_nat_gateway.main[count.index % local.nat_count].id: Terraform lists the resource without
      // its index, which the expression computes; the value is one of its instances' attribute.
      const [type, name, ...rest] = splitReference(resources[0] as string);
      const targets = instancesOf(moduleAddress, type ?? "", name ?? "");
      if (targets.length > 0 && rest.length <= 1 && !rest[0]?.startsWith("[")) {
        const sameKey = targets.filter((target) => target.index === instance.index);
        const ordered = [...sameKey, ...targets.filter((target) => target.index !== instance.index)];
        const values = ordered.map((target) => attribute(target, rest[0] ?? "id"));
        const why = `its index is computed from ${[longest.includes("count.index") ? "count.index" : "each.key", ...scalars].join(", ")}`;
        return values.length === 1 ? { kind: "value", value: values[0] } : { kind: "one-of", values, why };
      }
    }
    if (objects.length !== 1)
      return {
        kind: "unresolved",
        why:
          objects.length === 0
            ? "no reference to follow"
            : `its expression combines ${objects.join(", ")}, which the plan does not evaluate`,
      };
    const reference = objects[0] as string;
    const parts = splitReference(reference);

    if (parts[0] === "each" && parts[1] === "value") {
      // for_each over a resource: each.value is that resource's instance with the same key.
      const config = configResource(instance);
      const forEach = isObject(config?.["for_each_expression"]) ? config["for_each_expression"] : {};
      const target = Array.isArray(forEach["references"]) ? forEach["references"] : [];
      const resourceReference = target.find(
        (item): item is string =>
          typeof item === "string" && !item.startsWith("var.") && !item.startsWith("local."),
      );
      if (resourceReference === undefined || target.length !== 1)
        return { kind: "unresolved", why: "each.value of a for_each the plan does not evaluate" };
      const [type, name] = splitReference(resourceReference);
      const match = instancesOf(moduleAddress, type ?? "", name ?? "").find(
        (item) => item.index === instance.index,
      );
      if (match === undefined)
        return {
          kind: "unresolved",
          why: `no ${resourceReference} instance with key ${String(instance.index)}`,
        };
      return { kind: "value", value: attribute(match, parts[2] ?? "id") };
    }
    if (parts[0] === "var") {
      const name = parts[1] ?? "";
      if (parts.length > 2) return { kind: "unresolved", why: `${reference} is a part of a variable` };
      if (moduleAddress === "") {
        const variable = variables[name];
        return isObject(variable) && "value" in variable
          ? { kind: "value", value: variable["value"] }
          : { kind: "unresolved", why: `var.${name} has no value in the plan` };
      }
      const parent = parentModule(moduleAddress);
      const call = moduleCall(configModule(parent), lastModuleName(moduleAddress));
      const argument = isObject(call?.["expressions"]) ? call["expressions"][name] : undefined;
      return resolveExpression(instance, argument, parent);
    }
    if (parts[0] === "module") {
      const name = parts[1] ?? "";
      if (parts.length !== 3) return { kind: "unresolved", why: `${reference} is not a whole module output` };
      const child = moduleAddress === "" ? `module.${name}` : `${moduleAddress}.module.${name}`;
      const call = moduleCall(configModule(moduleAddress), name);
      if (call !== undefined && ("count_expression" in call || "for_each_expression" in call))
        return { kind: "unresolved", why: `module.${name} has count or for_each` };
      const outputs = configModule(child)?.["outputs"];
      const output = isObject(outputs) ? outputs[parts[2] ?? ""] : undefined;
      return resolveExpression(instance, isObject(output) ? output["expression"] : undefined, child);
    }
    if (
      parts[0] === "local" ||
      parts[0] === "data" ||
      parts[0] === "path" ||
      parts[0] === "terraform" ||
      parts[0] === "self" ||
      parts[0] === "each" ||
      parts[0] === "count"
    )
      return { kind: "unresolved", why: `${reference} is not in the plan's configuration` };

    const [type, name, ...rest] = parts;
    const targets = instancesOf(moduleAddress, type ?? "", name ?? "");
    if (targets.length === 0) return { kind: "unresolved", why: `${reference} has no instance in the plan` };
    const literal = rest[0]?.startsWith("[") ? parseIndex(rest[0]) : undefined;
    const attributeName = rest.find((part) => !part.startsWith("[")) ?? "id";
    if (
      rest.some((part, position) => position > 0 && part.startsWith("[")) ||
      rest.filter((part) => !part.startsWith("[")).length > 1
    )
      return { kind: "unresolved", why: `${reference} reads inside an attribute` };
    const unkeyed = targets.length === 1 && targets[0]?.index === undefined ? targets[0] : undefined;
    if (literal !== undefined) {
      const match = targets.find((target) => target.index === literal);
      return match === undefined
        ? { kind: "unresolved", why: `${reference}: no such instance in the plan` }
        : { kind: "value", value: attribute(match, attributeName) };
    }
    if (unkeyed !== undefined) return { kind: "value", value: attribute(unkeyed, attributeName) };
    if (keyed) {
      const match = targets.find((target) => target.index === instance.index);
      return match === undefined
        ? { kind: "unresolved", why: `no ${type}.${name} instance with the key ${String(instance.index)}` }
        : { kind: "value", value: attribute(match, attributeName) };
    }
    return { kind: "value", value: targets.map((target) => attribute(target, attributeName)) };
  };

  const draft = createTopologyDraft();
  const sorted = [...instances].sort((a, b) => rankTerraformType(a.type) - rankTerraformType(b.type));
  for (const instance of sorted) {
    const view: TerraformInstance = {
      type: instance.type,
      address: instance.address,
      get: (name) => {
        const value = attribute(instance, name);
        // A name only labels the resource: one known only after apply is shown as its address.
        if (DISPLAY_NAMES.has(name) && typeof value === "string" && value.startsWith(UNRESOLVED_PREFIX))
          return instance.address;
        return value;
      },
    };
    // An App Runner resource's id is its ARN, which is what other resources refer to.
    draft.ids[instance.address] = String(view.get(instance.type.startsWith("aws_apprunner_") ? "arn" : "id"));
    addTerraformInstance(draft, view);
  }
  return { reading: finishTopology(draft, ids), unresolved, candidates };
}

/** What the provider computes on apply, for resources created by the plan: synthetic stand-ins. */
function computedAttribute(instance: PlanInstance, name: string, ids: SyntheticIds): unknown {
  switch (`${instance.type}.${name}`) {
    case "aws_eip.public_ip":
      return ids.nextPublicIp();
    case "aws_apprunner_vpc_connector.arn":
    case "aws_apprunner_vpc_connector.id":
      return ids.nextAppRunnerArn(
        "vpcconnector",
        String(instance.after["vpc_connector_name"] ?? instance.name),
      );
    case "aws_apprunner_service.arn":
    case "aws_apprunner_service.id":
      return ids.nextAppRunnerArn("service", String(instance.after["service_name"] ?? instance.name));
    default:
      if (name === "id" || (instance.type === "aws_eip" && name === "allocation_id"))
        return ids.nextId(terraformIdPrefix(instance.type));
      return undefined;
  }
}

/** Every managed resource instance the plan leaves in place or creates (deleted ones are gone). */
function listPlanInstances(plan: JsonObject): PlanInstance[] {
  const changes = Array.isArray(plan["resource_changes"]) ? plan["resource_changes"] : [];
  const found: PlanInstance[] = [];
  for (const change of changes) {
    if (!isObject(change) || change["mode"] !== "managed" || !isObject(change["change"])) continue;
    const body = change["change"];
    const actions = Array.isArray(body["actions"]) ? body["actions"] : [];
    if (actions.length === 1 && actions[0] === "delete") continue;
    const index = change["index"];
    found.push({
      address: String(change["address"]),
      moduleAddress: typeof change["module_address"] === "string" ? change["module_address"] : "",
      type: String(change["type"]),
      name: String(change["name"]),
      index: typeof index === "number" || typeof index === "string" ? index : undefined,
      after: isObject(body["after"]) ? body["after"] : {},
      afterUnknown: isObject(body["after_unknown"]) ? body["after_unknown"] : {},
    });
  }
  return found;
}

/** "aws_subnet.public[0].id" -> ["aws_subnet", "public", "[0]", "id"]; quoted keys kept whole. */
function splitReference(reference: string): string[] {
  const parts: string[] = [];
  const pattern = /\[(?:"(?:[^"\\]|\\.)*"|\d+)\]|[^.[\]]+/g;
  for (const match of reference.matchAll(pattern)) parts.push(match[0]);
  return parts;
}

function parseIndex(part: string): number | string | undefined {
  const inner = part.slice(1, -1);
  if (/^\d+$/.test(inner)) return Number(inner);
  if (inner.startsWith('"')) return JSON.parse(inner) as string;
  return undefined;
}

/** "module.net[0].module.sub[\"a\"]" -> ["net", "sub"]. */
function moduleNames(moduleAddress: string): string[] {
  if (moduleAddress === "") return [];
  const names: string[] = [];
  const parts = splitReference(moduleAddress);
  for (let index = 0; index < parts.length; index += 1)
    if (parts[index] === "module" && parts[index + 1] !== undefined) names.push(parts[index + 1] as string);
  return names;
}

function lastModuleName(moduleAddress: string): string {
  return moduleNames(moduleAddress).at(-1) ?? "";
}

/** "module.net[0].module.sub" -> "module.net[0]"; "module.net" -> "". */
function parentModule(moduleAddress: string): string {
  const position = moduleAddress.lastIndexOf(".module.");
  return position === -1 ? "" : moduleAddress.slice(0, position);
}

function moduleCall(module: JsonObject | undefined, name: string): JsonObject | undefined {
  const calls = module?.["module_calls"];
  const call = isObject(calls) ? calls[name] : undefined;
  return isObject(call) ? call : undefined;
}

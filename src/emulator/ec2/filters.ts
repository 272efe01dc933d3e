// One filter engine for every Describe call: Filter.N.Name with Filter.N.Value.M. A resource
// matches when every filter matches (AND) and, within a filter, any value matches (OR); values
// may use the wildcards * (any run) and ? (one character), as the EC2 API Reference describes
// ("Filter" data type). Tag filters (tag:KEY, tag-key, tag-value) work on every resource.

import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError } from "../errors.ts";
import type { Ec2State } from "./state.ts";

export interface Filter {
  name: string;
  values: string[];
}

/** What a resource exposes to filters: filter name -> its value(s); undefined means not matched. */
export type FilterFields = Record<
  string,
  string | number | boolean | null | undefined | (string | undefined)[]
>;

export function readFilters(params: QueryParams): Filter[] {
  return params.objects("Filter").map((filter) => {
    const name = filter.string("Name");
    if (name === undefined || name === "") {
      throw new AwsError("InvalidParameterValue", "The filter 'null' is invalid");
    }
    return { name, values: filter.strings("Value") };
  });
}

const patternCache = new Map<string, RegExp>();

function wildcardRegExp(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) =>
      c === "*" ? ".*" : c === "?" ? "." : `\\${c}`,
    );
    re = new RegExp(`^${body}$`, "s");
    if (patternCache.size > 1000) patternCache.clear();
    patternCache.set(pattern, re);
  }
  return re;
}

function valuesOf(field: FilterFields[string]): string[] {
  if (field === undefined || field === null) return [];
  if (Array.isArray(field)) return field.filter((v): v is string => v !== undefined);
  return [String(field)];
}

/**
 * True when the resource passes every filter. `fields` lists the filter names the resource type
 * supports; an unknown name is refused as AWS does (InvalidParameterValue).
 */
export function matchesFilters(
  state: Ec2State,
  resourceId: string,
  filters: Filter[],
  fields: FilterFields,
): boolean {
  for (const filter of filters) {
    const candidates = candidateValues(state, resourceId, filter.name, fields);
    if (!filter.values.some((value) => candidates.some((c) => wildcardRegExp(value).test(c)))) return false;
  }
  return true;
}

function candidateValues(state: Ec2State, resourceId: string, name: string, fields: FilterFields): string[] {
  const tags = state.tags.get(resourceId);
  if (name.startsWith("tag:")) {
    const value = tags?.get(name.slice(4));
    return value === undefined ? [] : [value];
  }
  if (name === "tag-key") return [...(tags?.keys() ?? [])];
  if (name === "tag-value") return [...(tags?.values() ?? [])];
  if (!Object.hasOwn(fields, name)) {
    throw new AwsError("InvalidParameterValue", `The filter '${name}' is invalid`);
  }
  return valuesOf(fields[name]);
}

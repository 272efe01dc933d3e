// One filter engine for every Describe call: Filter.N.Name with Filter.N.Value.M. A resource
// matches when every filter matches (AND) and, within a filter, any value matches (OR); values
// may use the wildcards * (any run) and ? (one character), as the EC2 API Reference describes
// ("Filter" data type).
//
// Filter names are checked before any record is looked at, so an empty account refuses a bad
// name as a full one does. A name must be one AWS documents for the action (documented-filters.ts,
// generated from the botocore model): an undocumented name gets AWS's "The filter '…' is invalid";
// a documented one the emulator does not model is refused by name rather than ignored. Tag filters
// (tag:KEY, tag-key) work wherever the action documents them. tag-value is no longer in any
// action's documentation, so it is refused (AWS may still accept it: unverified).

import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError } from "../errors.ts";
import { DOCUMENTED_FILTERS } from "./documented-filters.ts";
import type { Ec2State } from "./state.ts";

export interface Filter {
  name: string;
  values: string[];
}

export type FilterValue = string | number | boolean | null | undefined | readonly (string | undefined)[];

/** Filter name -> what a record shows to that filter (undefined: nothing, never matched). */
export type FilterTable<T> = Readonly<Record<string, (record: T) => FilterValue>>;

/** The filters of a request, each name checked against the action's documented and modelled ones. */
export function readFilters<T>(params: QueryParams, action: string, table: FilterTable<T>): Filter[] {
  const documented = DOCUMENTED_FILTERS[action] ?? [];
  return params.objects("Filter").map((filter) => {
    const name = filter.string("Name");
    if (name === undefined || name === "") {
      throw new AwsError("InvalidParameterValue", "The filter 'null' is invalid");
    }
    // tag:KEY is documented as "tag:<key>"; tag-key where the action lists it.
    const documentedName = name.startsWith("tag:") ? "tag:" : name;
    if (!documented.includes(documentedName)) {
      throw new AwsError("InvalidParameterValue", `The filter '${name}' is invalid`);
    }
    if (!Object.hasOwn(table, name) && documentedName !== "tag:" && name !== "tag-key") {
      throw new AwsError(
        "InvalidParameterValue",
        `The filter '${name}' is valid for ${action} in AWS, but the emulator does not model it; leave it out or filter the results yourself.`,
      );
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

/** EC2 filter values are globs: * any run, ? one character. */
export function matchesWildcard(value: string, pattern: string): boolean {
  return wildcardRegExp(pattern).test(value);
}

function valuesOf(field: FilterValue): string[] {
  if (field === undefined || field === null) return [];
  if (Array.isArray(field)) return field.filter((v): v is string => v !== undefined);
  return [String(field)];
}

/** True when the record passes every filter (names already checked by readFilters). */
export function matchesFilters<T>(
  state: Ec2State,
  resourceId: string,
  record: T,
  filters: Filter[],
  table: FilterTable<T>,
): boolean {
  for (const filter of filters) {
    const candidates = candidateValues(state, resourceId, record, filter.name, table);
    if (!filter.values.some((value) => candidates.some((c) => wildcardRegExp(value).test(c)))) return false;
  }
  return true;
}

function candidateValues<T>(
  state: Ec2State,
  resourceId: string,
  record: T,
  name: string,
  table: FilterTable<T>,
): string[] {
  const field = Object.hasOwn(table, name) ? table[name] : undefined;
  if (field !== undefined) return valuesOf(field(record));
  const tags = state.tags.get(resourceId);
  if (name.startsWith("tag:")) {
    const value = tags?.get(name.slice(4));
    return value === undefined ? [] : [value];
  }
  return [...(tags?.keys() ?? [])];
}

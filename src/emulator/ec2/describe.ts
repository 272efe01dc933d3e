// The common shape of a Describe call: explicit IDs (each must exist, else NotFound, also while
// the eventual-consistency fault hides a new ID), then filters, then pagination.

import type { QueryParams } from "../codecs/query-params.ts";
import type { RequestContext } from "../context.ts";
import { type FilterFields, matchesFilters, readFilters } from "./filters.ts";
import { checkIdFormat, type LookupKind, notFoundError } from "./lookups.ts";
import { type Page, paginate } from "./pagination.ts";

export interface DescribeSpec<T> {
  kind: LookupKind;
  /** The list parameter naming IDs (VpcId, SubnetId, NatGatewayId, ...). */
  idParam: string;
  records: Map<string, T>;
  fields: (record: T) => FilterFields;
  /** Omit for calls AWS does not paginate. */
  limits?: { min: number; max: number };
}

export function describeRecords<T>(ctx: RequestContext, params: QueryParams, spec: DescribeSpec<T>): Page<T> {
  const state = ctx.backend.ec2;
  const ids = params.strings(spec.idParam);
  let selected: [string, T][];
  if (ids.length > 0) {
    selected = [];
    for (const id of new Set(ids)) {
      checkIdFormat(spec.kind, id);
      const record = spec.records.get(id);
      if (record === undefined || ctx.emulator.faults.hiddenOnRead(id)) throw notFoundError(spec.kind, id);
      selected.push([id, record]);
    }
  } else {
    selected = [...spec.records];
  }
  const filters = readFilters(params);
  const matched = selected
    .filter(([id, record]) => filters.length === 0 || matchesFilters(state, id, filters, spec.fields(record)))
    .map(([, record]) => record);
  return spec.limits ? paginate(params, matched, spec.limits) : { items: matched };
}

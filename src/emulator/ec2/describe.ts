// The common shape of a Describe call: explicit IDs (each must exist, else NotFound, also while
// the eventual-consistency fault hides a new ID), then filters, then pagination.

import type { QueryParams } from "../codecs/query-params.ts";
import type { RequestContext } from "../context.ts";
import { type FilterTable, matchesFilters, readFilters } from "./filters.ts";
import { findAllOrThrow, type LookupKind } from "./lookups.ts";
import { type Page, paginate } from "./pagination.ts";

export interface DescribeSpec<T> {
  /** The wire name (DescribeVpcs, ...): filter names are checked against its documented ones. */
  action: string;
  kind: LookupKind;
  /** The list parameter naming IDs (VpcId, SubnetId, NatGatewayId, ...). */
  idParam: string;
  records: Map<string, T>;
  filters: FilterTable<T>;
  /** Omit for calls AWS does not paginate. */
  limits?: { min: number; max: number };
}

export function describeRecords<T>(ctx: RequestContext, params: QueryParams, spec: DescribeSpec<T>): Page<T> {
  const state = ctx.backend.ec2;
  const ids = params.strings(spec.idParam);
  const filters = readFilters(params, spec.action, spec.filters);
  let selected: [string, T][];
  if (ids.length > 0) {
    const unique = [...new Set(ids)];
    const found = findAllOrThrow(spec.kind, spec.records, unique, (id) =>
      ctx.emulator.faults.hiddenOnRead(id),
    );
    selected = unique.map((id, i) => [id, found[i] as T]);
  } else {
    selected = [...spec.records];
  }
  const matched = selected
    .filter(
      ([id, record]) => filters.length === 0 || matchesFilters(state, id, record, filters, spec.filters),
    )
    .map(([, record]) => record);
  return spec.limits ? paginate(params, matched, spec.limits) : { items: matched };
}

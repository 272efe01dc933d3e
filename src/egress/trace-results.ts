// Builders for the model's answer, so every unreachable result carries a reason and a fix.

import type { Hop, ReasonCode, TraceResult } from "./types.ts";

export function reachable(hops: Hop[], sourceAddress: string | null): TraceResult {
  return { verdict: "reachable", hops, sourceAddress, reason: null, fix: null };
}

export function unreachable(hops: Hop[], code: ReasonCode, message: string, fix: string): TraceResult {
  return { verdict: "unreachable", hops, sourceAddress: null, reason: { code, message }, fix };
}

/** The path refers to something the topology lacks: say what, instead of guessing. */
export function incomplete(hops: Hop[], missing: string): TraceResult {
  return unreachable(
    hops,
    "TOPOLOGY_INCOMPLETE",
    `The topology does not include ${missing}, which the path refers to.`,
    `Check that ${missing} exists and that the topology was loaded with it.`,
  );
}
